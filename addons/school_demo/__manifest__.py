{
    "name": "School Demo",
    "summary": "A generated school to show, test and benchmark the addons; never for production",
    "version": "18.0.2.0.0",
    "category": "Education",
    "website": "https://github.com/school-records/school-records",
    "author": "School Records developers",
    "license": "LGPL-3",
    "depends": ["school_records", "school_portfolio", "school_archive"],
    "data": [],
    "demo": ["demo/school_demo.xml"],
    "installable": True,
}
