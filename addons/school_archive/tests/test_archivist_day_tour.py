"""The archivist's day in Chromium (issue 22 §5): from her home, the archive's units,
she opens a unit and reads its files. Fails on a server error logged during the tour."""

import shutil
import tempfile
from pathlib import Path
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tools import config

from odoo.addons.school_records.tests.test_role_day_tours import run_tour_without_server_errors


@tagged("post_install", "-at_install", "is_tour")
class TestArchivistDayTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tmp = Path(tempfile.mkdtemp(prefix="school_archive_tour_"))
        cls.addClassCleanup(shutil.rmtree, tmp, ignore_errors=True)
        patcher = patch.dict(
            config.options, {"school_archive_seal_key_file": str(tmp / "keys" / "seal.key")}
        )
        patcher.start()
        cls.addClassCleanup(patcher.stop)
        cls.env["ir.config_parameter"].set_param("school_archive.mirror_path", str(tmp / "mirror"))
        cls.archivist = cls.env["res.users"].search([("login", "=", "archivist")])

    def test_archivist_day(self):
        if not self.archivist:
            self.skipTest("the demo school is not installed")
        self.env["school.archive.record"]._create_unit(
            {"name": "Дневной обход: протокол", "kind": "other"},
            [("a.txt", b"first file", "text/plain"), ("b.txt", b"second", "text/plain")],
        )
        run_tour_without_server_errors(self, "/odoo", "school_role_day_archivist", "archivist")
