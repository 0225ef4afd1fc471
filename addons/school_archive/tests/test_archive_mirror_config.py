from pathlib import Path
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged
from odoo.tools import config


@tagged("post_install", "-at_install")
class TestArchiveMirrorConfig(TransactionCase):
    """Where the second copy goes: the database's parameter, else the server's
    configuration file (one directory per database in it), else the data_dir."""

    def _root(self, option=None, param=None):
        self.env["ir.config_parameter"].set_param("school_archive.mirror_path", param or False)
        with patch.dict(config.options, {"school_archive_mirror_dir": option or ""}):
            return self.env["school.archive.file"]._mirror_root()

    def test_the_configuration_file_names_the_mirror_disk(self):
        dbname = self.env.cr.dbname
        self.assertEqual(self._root("/mnt/mirror"), Path("/mnt/mirror") / dbname)
        self.assertEqual(self._root("/mnt/mirror", "/srv/this-db"), Path("/srv/this-db"))
        self.assertEqual(self._root(), Path(config["data_dir"]) / "school_archive_mirror" / dbname)
