{
    "name": "School Archive",
    "summary": "Personal files, certificates and registration books, the school archive",
    "version": "18.0.0.1.0",
    "category": "Education",
    "website": "https://github.com/school-records/school-records",
    "author": "School Records developers",
    "license": "LGPL-3",
    "depends": ["school_records"],
    "data": [],
    "installable": True,
}
