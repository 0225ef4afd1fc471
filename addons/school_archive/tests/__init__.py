from . import test_install
