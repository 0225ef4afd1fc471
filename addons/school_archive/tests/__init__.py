from . import test_install
from . import test_council_decision
from . import test_translation
