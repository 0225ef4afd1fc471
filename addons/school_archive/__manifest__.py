{
    "name": "School Archive",
    "summary": "Personal files, council decisions, certificates, registration books, archive",
    "version": "18.0.0.2.0",
    "category": "Education",
    "website": "https://github.com/school-records/school-records",
    "author": "School Records developers",
    "license": "LGPL-3",
    "depends": ["school_records"],
    "data": [
        "security/ir.model.access.csv",
        "report/school_council_decision_reports.xml",
        "report/school_council_decision_templates.xml",
        "views/school_council_decision_views.xml",
        "views/school_student_views.xml",
        "views/school_archive_menus.xml",
    ],
    "installable": True,
}
