from . import (
    test_achievement,
    test_analysis,
    test_handover,
    test_install,
    test_portal_portfolio,
    test_portfolio_report,
    test_translation,
)
from . import test_portfolio_forgery
from . import test_portfolio_uud
from . import test_portal_family_portfolio
