{
    "name": "School Portfolio",
    "summary": "Student portfolio: achievements, encouragements, hand-over on transfer",
    "version": "18.0.0.1.0",
    "category": "Education",
    "website": "https://github.com/school-records/school-records",
    "author": "School Records developers",
    "license": "LGPL-3",
    "depends": ["school_records"],
    "data": [],
    "installable": True,
}
