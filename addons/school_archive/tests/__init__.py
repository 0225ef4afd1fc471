from . import test_install
from . import test_council_decision
from . import test_translation
from . import test_personal_file
from . import test_certificate_custody
