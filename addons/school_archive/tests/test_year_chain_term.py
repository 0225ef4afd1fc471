from odoo.tests import HttpCase, tagged

from .year_chain_term import TermChainSteps


@tagged("post_install", "-at_install", "is_tour")
class TestYearChainTerm(TermChainSteps, HttpCase):
    """The term's half of the year's chain on the demo school (see year_chain_term)."""

    def test_term_through_the_screens(self):
        self._run_term_chain()
