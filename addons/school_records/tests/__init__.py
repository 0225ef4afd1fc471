from . import test_access
from . import test_audit
from . import test_data_rules
from . import test_demo_generator
from . import test_journal_grid
from . import test_journal_tour
from . import test_period_mark
