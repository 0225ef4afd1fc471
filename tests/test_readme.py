"""Each addon's README.rst is generated from its readme/ fragments and is valid rst."""

import io
import subprocess
import sys
from pathlib import Path

import docutils.core
import pytest

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["school_records", "school_portfolio", "school_archive", "school_demo"]


def test_readme_rst_files_are_up_to_date():
    result = subprocess.run(
        [sys.executable, "scripts/gen_readme.py", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_renders_without_warnings(addon):
    warnings = io.StringIO()
    docutils.core.publish_string(
        (REPO / "addons" / addon / "README.rst").read_text(),
        writer_name="null",
        settings_overrides={"warning_stream": warnings, "report_level": 2},
    )
    assert not warnings.getvalue()
