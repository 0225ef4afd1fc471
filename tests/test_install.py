"""The three addons install on a fresh database, with and without demo data.

Each case installs into a new database with Odoo's own command line (a separate
process), then reads the module states back."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest

from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["school_records", "school_portfolio", "school_archive"]


def _connect(dbname):
    return psycopg2.connect(
        dbname=dbname,
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )


def _drop(dbname):
    conn = _connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
    conn.close()


@pytest.fixture
def fresh_db():
    dbname = f"school_install_{uuid.uuid4().hex[:8]}"
    yield dbname
    _drop(dbname)


def _install(dbname, *extra):
    command = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        config.rcfile,
        "-d",
        dbname,
        "-i",
        ",".join(ADDONS),
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
        *extra,
    ]
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=1800, env=os.environ.copy()
    )


def _module_states(dbname):
    conn = _connect(dbname)
    with conn.cursor() as cr:
        cr.execute("SELECT name, state, demo FROM ir_module_module WHERE name = ANY(%s)", [ADDONS])
        rows = {name: (state, demo) for name, state, demo in cr.fetchall()}
        cr.execute("SELECT count(*) FROM school_student")
        students = cr.fetchone()[0]
    conn.close()
    return rows, students


def _errors(log):
    return [line for line in log.splitlines() if " ERROR " in line or " CRITICAL " in line]


@pytest.mark.parametrize("with_demo", [False, True], ids=["without-demo", "with-demo"])
def test_addons_install_on_a_fresh_database(fresh_db, with_demo):
    extra = [] if with_demo else ["--without-demo=all"]
    result = _install(fresh_db, *extra)
    assert result.returncode == 0, result.stderr[-4000:]
    assert not _errors(result.stderr), _errors(result.stderr)
    states, students = _module_states(fresh_db)
    assert {name: state for name, (state, _demo) in states.items()} == dict.fromkeys(
        ADDONS, "installed"
    )
    if with_demo:
        assert all(demo for _state, demo in states.values())
        assert students > 0, "the demo school was not generated"
    else:
        assert students == 0
