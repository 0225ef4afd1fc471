"""The three addons install on a fresh database, with and without demo data; the demo
school comes only with the demo addon school_demo, which a school never installs.

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
DEMO_ADDON = "school_demo"


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


def _install(dbname, *extra, addons=ADDONS):
    command = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        config.rcfile,
        "-d",
        dbname,
        "-i",
        ",".join(addons),
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
        cr.execute(
            "SELECT name, state, demo FROM ir_module_module WHERE name = ANY(%s)",
            [[*ADDONS, DEMO_ADDON]],
        )
        rows = {name: (state, demo) for name, state, demo in cr.fetchall()}
        cr.execute("SELECT count(*) FROM school_student")
        students = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM ir_model WHERE model = 'school.demo.generator'")
        generator = cr.fetchone()[0]
        cr.execute(
            "SELECT value FROM ir_config_parameter WHERE key = 'auth_signup.invitation_scope'"
        )
        signup = cr.fetchone()[0]
    conn.close()
    return rows, {"students": students, "generator": generator, "signup": signup}


def _errors(log):
    return [line for line in log.splitlines() if " ERROR " in line or " CRITICAL " in line]


@pytest.mark.parametrize("with_demo", [False, True], ids=["without-demo", "with-demo"])
def test_a_school_installs_the_addons_without_the_demo_school(fresh_db, with_demo):
    """The three addons, as a school installs them: no generator model (nothing a user
    could call to make users whose password is the login), no generated school even with
    Odoo's demo data, and no open self-signup."""
    extra = [] if with_demo else ["--without-demo=all"]
    result = _install(fresh_db, *extra)
    assert result.returncode == 0, result.stderr[-4000:]
    assert not _errors(result.stderr), _errors(result.stderr)
    states, found = _module_states(fresh_db)
    assert {name: state for name, (state, _demo) in states.items() if name in ADDONS} == (
        dict.fromkeys(ADDONS, "installed")
    )
    assert states.get(DEMO_ADDON, ("uninstalled",))[0] == "uninstalled"
    assert found["generator"] == 0, "the demo generator is in the product"
    assert found["students"] == 0, "the product made a school of its own"
    assert found["signup"] == "b2b", "anyone can sign up on the login page"
    if with_demo:
        assert all(demo for name, (_state, demo) in states.items() if name in ADDONS)


def test_the_demo_addon_generates_the_demo_school(fresh_db):
    result = _install(fresh_db, addons=[DEMO_ADDON])
    assert result.returncode == 0, result.stderr[-4000:]
    assert not _errors(result.stderr), _errors(result.stderr)
    states, found = _module_states(fresh_db)
    assert {name: state for name, (state, _demo) in states.items()} == dict.fromkeys(
        [*ADDONS, DEMO_ADDON], "installed"
    )
    assert all(demo for _state, demo in states.values())
    assert found["generator"] == 1
    assert found["students"] > 0, "the demo school was not generated"
