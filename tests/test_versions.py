"""One version scheme (README «A school's server»): the four addons carry one version,
18.0.MAJOR.MINOR.PATCH, and every migrations/<version>/ folder names a version of the scheme
no later than the addon's, so its scripts run once on the way to it."""

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["school_records", "school_portfolio", "school_archive", "school_demo"]
SCHEME = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")


def _version(addon):
    manifest = (REPO / "addons" / addon / "__manifest__.py").read_text()
    return ast.literal_eval(manifest)["version"]


def _key(version):
    return tuple(int(part) for part in version.split("."))


def test_the_four_addons_carry_one_version_of_the_scheme():
    versions = {addon: _version(addon) for addon in ADDONS}
    assert len(set(versions.values())) == 1, versions
    for addon, version in versions.items():
        assert SCHEME.match(version), f"{addon}: {version} is not 18.0.MAJOR.MINOR.PATCH"


@pytest.mark.parametrize("addon", ADDONS)
def test_migration_folders_name_versions_up_to_the_addons(addon):
    version = _version(addon)
    folders = (REPO / "addons" / addon / "migrations").glob("*")
    for folder in (f for f in folders if f.is_dir() and f.name != "__pycache__"):
        assert SCHEME.match(folder.name), f"{addon}: migrations/{folder.name}"
        assert _key(folder.name) <= _key(version), (
            f"{addon}: migrations/{folder.name} is after the addon's {version}: "
            "its scripts would never run"
        )
        assert list(folder.glob("*.py")), f"{addon}: migrations/{folder.name} holds no script"
