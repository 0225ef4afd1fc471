"""The README commands' set-up, on this machine."""

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run_setup_step(step, python):
    return subprocess.run(
        ["bash", "-c", f"source scripts/lib.sh; {step}"],
        cwd=REPO,
        env={**os.environ, "PYTHON": python},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_odoo_the_setup_stops_with_instructions(tmp_path):
    # a python3 that cannot see site-packages, where Odoo is installed
    python = tmp_path / "python-without-odoo"
    python.write_text('#!/bin/sh\nexec python3 -S -E "$@"\n')
    python.chmod(0o755)
    result = _run_setup_step("setup", str(python))
    assert result.returncode == 3
    assert "Odoo 18.0 is not importable" in result.stderr
    assert "https://github.com/odoo/odoo" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_with_odoo_the_setup_finds_its_addons():
    result = _run_setup_step(
        "require_odoo && find_odoo_addons && echo $ODOO_ADDONS_DIRS", "python3"
    )
    assert result.returncode == 0, result.stderr
    dirs = result.stdout.strip().split(",")
    assert any((Path(d) / "web").is_dir() for d in dirs)
    assert any((Path(d) / "base").is_dir() for d in dirs)
