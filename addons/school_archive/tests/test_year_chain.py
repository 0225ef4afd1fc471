from odoo.tests import HttpCase, tagged

from .year_chain_term import TermChainSteps
from .year_chain_year_end import YearEndChainSteps


@tagged("post_install", "-at_install", "is_tour")
class TestYearChain(TermChainSteps, YearEndChainSteps, HttpCase):
    """Issue 21 §8: every step of the school year through the screens, one Chromium tour
    per role and step, on one database and in one transaction, so each role meets what
    the one before recorded. The term (year_chain_term): the teacher fills a lesson, a
    parent acknowledges the week, the teacher confirms the quarter marks, the deputy's
    journal check is answered, accepted and signed, the deputy closes the quarter, a
    correction is asked and approved. The year end (year_chain_year_end): the council
    decides, a certificate is prepared, checked, signed, issued and entered in the
    registration book, the finished year is archived, its act signed and verified."""

    def test_year_through_the_screens(self):
        self._run_term_chain()
        self._run_year_end_chain()
