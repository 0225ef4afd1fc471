from . import test_demo_generator
from . import test_demo_portfolio
from . import test_demo_archive
from . import test_class_report_demo
from . import test_translation
from . import test_rpc
from . import test_demo_year_in_progress
