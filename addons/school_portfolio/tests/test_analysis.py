from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import PortfolioFixture


@tagged("post_install", "-at_install")
class TestAnalysis(PortfolioFixture, TransactionCase):
    """The back office: achievements by level, category and class, and the winners and
    prize-winners of the year («поддержка одарённых»)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prize = cls._entry(
            cls.classmate, name="Конкурс чтецов", category="contest", result="prize_winner"
        )
        cls.participant = cls._entry(cls.classmate, name="Эстафета", category="sport")
        cls.not_reviewed = cls._entry(cls.child, name="Городская олимпиада", result="winner")
        cls.last_year = cls._entry(cls.child, name="Олимпиада 2034", result="winner")
        cls.last_year.date = date(2035, 5, 10)
        entries = cls.olympiad | cls.prize | cls.participant | cls.other_entry | cls.last_year
        entries.action_submit()
        entries.with_user(cls.deputy).action_accept()
        cls.not_reviewed.action_submit()

    def _filter_domain(self, name, today):
        view = self.env.ref("school_portfolio.school_achievement_view_search")
        node = etree.fromstring(view.arch).xpath(f"//filter[@name='{name}']")[0]
        return safe_eval(
            node.get("domain"), {"context_today": lambda: today, "relativedelta": relativedelta}
        )

    def test_winners_of_the_year(self):
        action = self.env.ref("school_portfolio.school_achievement_action_winners")
        context = safe_eval(action.context)
        domain = []
        for name in ("accepted", "winners", "current_year"):
            self.assertTrue(context.get(f"search_default_{name}"), name)
            domain += self._filter_domain(name, date(2035, 11, 1))
        winners = self.Achievement.with_user(self.deputy).search(domain)
        self.assertEqual(winners, self.olympiad | self.prize)

    def test_by_level_category_and_class(self):
        groups = self.Achievement.with_user(self.deputy)._read_group(
            [("state", "=", "accepted"), ("academic_year_id", "=", self.year.id)],
            ["class_id", "category", "level"],
            ["__count"],
        )
        self.assertEqual(
            sorted((c.name, category, level, n) for c, category, level, n in groups),
            [
                ("5А", "contest", "school", 1),
                ("5А", "olympiad", "school", 1),
                ("5А", "sport", "school", 1),
                ("6Б", "contest", "school", 1),
            ],
        )
        for view_type in ("pivot", "graph"):
            with self.subTest(view=view_type):
                arch = self.Achievement.get_view(view_type=view_type)["arch"]
                self.assertIn('name="level"', arch)
        pivot = self.Achievement.get_view(view_type="pivot")["arch"]
        self.assertIn('name="class_id"', pivot)
        graph = self.Achievement.get_view(view_type="graph")["arch"]
        self.assertIn('name="category"', graph)

    def test_no_points_only_a_rank(self):
        fields = self.Achievement.fields_get()
        scored = [name for name in fields if "point" in name or "score" in name]
        self.assertFalse(scored, "seed 001 §4.2.1.5: the portfolio is not scored")
