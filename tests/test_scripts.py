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


def _write_conf(local):
    return subprocess.run(
        ["bash", "-c", "source scripts/lib.sh; find_odoo_addons && write_odoo_conf"],
        cwd=REPO,
        env={**os.environ, "PYTHON": "python3", "SCHOOL_LOCAL": str(local), "SCHOOL_HTTP_PORT": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _conf_options(path):
    options = {}
    for line in path.read_text().splitlines():
        if " = " in line:
            key, value = line.split(" = ", 1)
            options[key.strip()] = value.strip()
    return options


def test_the_config_hides_the_databases_behind_a_secret_master_password(tmp_path):
    local = tmp_path / "local"
    result = _write_conf(local)
    assert result.returncode == 0, result.stderr
    options = _conf_options(local / "odoo.conf")
    # no database manager and no database list on the web
    assert options["list_db"] == "False"
    # a random master password, kept in a file only its owner reads
    secret_file = local / "admin_passwd"
    secret = secret_file.read_text().strip()
    assert len(secret) >= 32
    assert options["admin_passwd"] == secret
    assert options["admin_passwd"] != "admin"
    assert (secret_file.stat().st_mode & 0o777) == 0o600
    # the config holds the secret and the database password: its owner only too
    assert ((local / "odoo.conf").stat().st_mode & 0o777) == 0o600
    # a later run (every demo.sh and test.sh) keeps the same secret
    assert _write_conf(local).returncode == 0
    assert _conf_options(local / "odoo.conf")["admin_passwd"] == secret
    assert secret_file.read_text().strip() == secret
    # another machine gets another secret
    other = tmp_path / "other"
    assert _write_conf(other).returncode == 0
    assert (other / "admin_passwd").read_text().strip() != secret


def test_a_loosened_secret_file_is_made_private_again(tmp_path):
    local = tmp_path / "local"
    assert _write_conf(local).returncode == 0
    secret_file = local / "admin_passwd"
    secret = secret_file.read_text().strip()
    secret_file.chmod(0o644)
    assert _write_conf(local).returncode == 0
    assert (secret_file.stat().st_mode & 0o777) == 0o600
    assert secret_file.read_text().strip() == secret


def test_a_checkout_may_choose_its_http_port(tmp_path):
    local = tmp_path / "local"
    assert _write_conf(local).returncode == 0
    assert "http_port" not in _conf_options(local / "odoo.conf")
    result = subprocess.run(
        ["bash", "-c", "source scripts/lib.sh; find_odoo_addons && write_odoo_conf"],
        cwd=REPO,
        env={**os.environ, "SCHOOL_LOCAL": str(local), "SCHOOL_HTTP_PORT": "8199"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    options = _conf_options(local / "odoo.conf")
    assert options["http_port"] == "8199"
    assert options["list_db"] == "False"
