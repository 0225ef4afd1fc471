from odoo.tests import HttpCase, tagged

from .year_chain_year_end import YearEndChainSteps


@tagged("post_install", "-at_install", "is_tour")
class TestYearChainYearEnd(YearEndChainSteps, HttpCase):
    """The second half of the year chain on its own (issue 21 §8): the year end through
    the screens, role by role, on the demo school."""

    def test_year_end_chain(self):
        self._run_year_end_chain()
