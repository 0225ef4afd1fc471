"""The archivist's day in Chromium (issue 22 §5): from her home, the archive's units,
she opens a unit and reads its files. Fails on a server error logged during the tour."""

from odoo.tests import HttpCase, tagged

from odoo.addons.school_records.tests.test_role_day_tours import run_tour_without_server_errors

from .archive_common import archive_sandbox


@tagged("post_install", "-at_install", "is_tour")
class TestArchivistDayTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        archive_sandbox(cls.env, cls.addClassCleanup, prefix="school_archive_tour_")
        cls.archivist = cls.env["res.users"].search([("login", "=", "archivist")])

    def test_archivist_day(self):
        if not self.archivist:
            self.skipTest("the demo school is not installed")
        self.env["school.archive.record"]._create_unit(
            {"name": "Дневной обход: протокол", "kind": "other"},
            [("a.txt", b"first file", "text/plain"), ("b.txt", b"second", "text/plain")],
        )
        run_tour_without_server_errors(self, "/odoo", "school_role_day_archivist", "archivist")
