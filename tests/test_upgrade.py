"""`odoo -u` from the previous landed version keeps every record.

The addons of PREVIOUS_RELEASE (taken from git history with `git archive`) are installed
into a fresh database with their demo school; the test records the ids of every row of every
school.* model table (and the rows of the addons' many2many tables, the chatter and the
attachments of the school's records) and a few whole sample rows per table, then upgrades
the database with the current addons (`-u`, which runs their `migrations/<version>/`
scripts) and compares. Each step is Odoo's own command line in a separate process, with a
temporary configuration.

Records may be added by an upgrade, never lost. A sample row must keep every column both
versions have, except `write_date`/`write_uid` and the records the addons' data files own
(they are rewritten by design). A migration that changes what a stored column holds
declares it in EXPECTED_CHANGES, with why.
"""

import ast
import configparser
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest

from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent

# The last commit landed on main before this version of the addons: what schools run now.
# Move it forward when a version is released.
PREVIOUS_RELEASE = "58d554c"

# Models of the previous version the product may drop: their rows may disappear.
REMOVABLE_MODELS = {"school.demo.generator"}

# {("table", "column"): "why"}: columns a migration of the current version rewrites.
EXPECTED_CHANGES = {}

IGNORED_COLUMNS = {"write_date", "write_uid"}
SAMPLES_PER_TABLE = 5


def _connect(dbname):
    return psycopg2.connect(
        dbname=dbname,
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )


def _drop(dbname, attempts=30):
    """Drop the scratch database. PostgreSQL's autovacuum may be at work in it just
    after the upgrade wrote its rows; FORCE may not end a process of the server's own
    role, so the drop waits for it a little instead of failing the run."""
    conn = _connect("postgres")
    conn.autocommit = True
    try:
        for attempt in range(attempts):
            try:
                with conn.cursor() as cr:
                    cr.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
                return
            except (psycopg2.errors.InsufficientPrivilege, psycopg2.errors.ObjectInUse):
                if attempt == attempts - 1:
                    raise
                time.sleep(1)
    finally:
        conn.close()


def _addons_in(folder):
    return sorted(p.parent.name for p in Path(folder).glob("*/__manifest__.py"))


def _odoo_addons_dirs():
    """The configured addons paths, without this repository's (and any other school) addons."""
    dirs = [d.strip() for d in (config["addons_path"] or "").split(",") if d.strip()]
    return [d for d in dirs if not any(Path(d).glob("school_*/__manifest__.py"))]


def _write_config(path, addons_dir, data_dir):
    parser = configparser.RawConfigParser()
    parser["options"] = {
        "db_host": config["db_host"] or "",
        "db_port": str(config["db_port"] or ""),
        "db_user": config["db_user"] or "",
        "db_password": config["db_password"] or "",
        "addons_path": ",".join([*_odoo_addons_dirs(), str(addons_dir)]),
        "data_dir": str(data_dir),
        "without_demo": "False",
        "list_db": "False",
    }
    with open(path, "w", encoding="utf-8") as conf:
        parser.write(conf)
    return path


def _odoo(conf, dbname, *args):
    command = [sys.executable, "-m", "odoo", "-c", str(conf), "-d", dbname]
    command += [*args, "--stop-after-init", "--no-http", "--log-level=warn"]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=3600, env=os.environ.copy(), check=False
    )
    errors = [
        line for line in result.stderr.splitlines() if " ERROR " in line or " CRITICAL " in line
    ]
    assert result.returncode == 0 and not errors, (errors or [])[:20] or result.stderr[-4000:]


def _snapshot(dbname, addons):
    """The ids of every school.* table, the row counts of the addons' relations, the chatter
    and attachments of the school's records, the addons' installed versions, and sample ids
    (spread over each table, outside the records the addons' data files own)."""
    conn = _connect(dbname)
    snapshot = {"tables": {}, "relations": {}, "samples": {}}
    with conn.cursor() as cr:
        cr.execute(
            "SELECT model FROM ir_model WHERE model LIKE 'school.%%' AND NOT transient"
            " ORDER BY model"
        )
        models = [model for (model,) in cr.fetchall()]
        cr.execute(
            "SELECT model, res_id FROM ir_model_data"
            " WHERE module = ANY(%s) AND NOT COALESCE(noupdate, false)",
            [addons],
        )
        data_owned = set(cr.fetchall())
        for model in models:
            table = model.replace(".", "_")
            cr.execute("SELECT to_regclass(%s)", [table])
            if cr.fetchone()[0] is None:
                continue  # an abstract model
            cr.execute(f'SELECT id FROM "{table}" ORDER BY id')
            ids = [row_id for (row_id,) in cr.fetchall()]
            snapshot["tables"][table] = {"model": model, "ids": ids}
            free = [i for i in ids if (model, i) not in data_owned]
            step = max(1, len(free) // SAMPLES_PER_TABLE)
            snapshot["samples"][table] = sorted(set(free[::step][:SAMPLES_PER_TABLE] + free[-1:]))
        cr.execute(
            "SELECT DISTINCT r.name FROM ir_model_relation r JOIN ir_module_module m"
            " ON m.id = r.module WHERE m.name = ANY(%s)",
            [addons],
        )
        for (relation,) in cr.fetchall():
            cr.execute("SELECT to_regclass(%s)", [relation])
            if cr.fetchone()[0] is not None:
                cr.execute(f'SELECT count(*) FROM "{relation}"')
                snapshot["relations"][relation] = cr.fetchone()[0]
        for name, query in {
            "mail_message": "SELECT count(*) FROM mail_message WHERE model LIKE 'school.%%'",
            "ir_attachment": "SELECT count(*) FROM ir_attachment WHERE res_model LIKE 'school.%%'",
        }.items():
            cr.execute(query)
            snapshot["relations"][name] = cr.fetchone()[0]
        cr.execute(
            "SELECT name, latest_version FROM ir_module_module"
            " WHERE name = ANY(%s) AND state = 'installed'",
            [addons],
        )
        snapshot["module_versions"] = dict(cr.fetchall())
    conn.close()
    return snapshot


def _rows(dbname, samples):
    """{table: {id: {column: value as JSON}}} of the sample ids."""
    conn = _connect(dbname)
    rows = {}
    with conn.cursor() as cr:
        for table, ids in samples.items():
            rows[table] = {}
            cr.execute("SELECT to_regclass(%s)", [table])
            if not ids or cr.fetchone()[0] is None:
                continue
            cr.execute(f'SELECT * FROM "{table}" WHERE id = ANY(%s)', [ids])
            columns = [column.name for column in cr.description]
            for row in cr.fetchall():
                values = dict(zip(columns, row, strict=True))
                rows[table][values["id"]] = {
                    column: json.dumps(value, sort_keys=True, default=str)
                    for column, value in values.items()
                    if column not in IGNORED_COLUMNS
                }
    conn.close()
    return rows


@pytest.fixture
def upgrade_db():
    dbname = f"{config['db_name'] or 'school'}_upgrade_{uuid.uuid4().hex[:8]}"
    yield dbname
    _drop(dbname)


def _previous_addons(target):
    target.mkdir()
    archive = target / "previous.tar"
    result = subprocess.run(
        ["git", "-C", str(REPO), "archive", "-o", str(archive), PREVIOUS_RELEASE, "addons"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        f"the previous release {PREVIOUS_RELEASE} is not in this clone's history "
        f"(a shallow clone? fetch it): {result.stderr}"
    )
    subprocess.run(["tar", "-xf", str(archive), "-C", str(target)], check=True)
    return target / "addons"


def test_upgrade_from_the_previous_release_keeps_every_record(tmp_path, upgrade_db):
    previous = _previous_addons(tmp_path / "previous")
    old_addons = _addons_in(previous)
    data_dir = tmp_path / "data"
    old_conf = _write_config(tmp_path / "previous.conf", previous, data_dir)
    new_conf = _write_config(tmp_path / "current.conf", REPO / "addons", data_dir)

    _odoo(old_conf, upgrade_db, "-i", ",".join(old_addons))
    before = _snapshot(upgrade_db, old_addons)
    before_rows = _rows(upgrade_db, before["samples"])
    assert before["tables"]["school_student"]["ids"], "the previous demo school has no students"

    _odoo(new_conf, upgrade_db, "-u", ",".join(old_addons))
    after = _snapshot(upgrade_db, old_addons)
    after_rows = _rows(upgrade_db, before["samples"])

    # the upgrade ran: the database holds the current versions (their migrations ran)
    current_versions = {}
    for addon in old_addons:
        manifest = (REPO / "addons" / addon / "__manifest__.py").read_text()
        current_versions[addon] = ast.literal_eval(manifest)["version"]
    assert after["module_versions"] == current_versions

    lost, changed = [], []
    for table, old in before["tables"].items():
        if old["model"] in REMOVABLE_MODELS:
            continue
        new = after["tables"].get(table)
        if new is None:
            lost.append(f"{table}: the table is gone ({len(old['ids'])} rows)")
            continue
        missing = sorted(set(old["ids"]) - set(new["ids"]))
        if missing:
            total = len(old["ids"])
            lost.append(f"{table}: {len(missing)} of {total} rows lost, ids {missing[:10]}")
        for row_id, row in before_rows[table].items():
            new_row = after_rows[table].get(row_id)
            if new_row is None:
                continue  # lost: said above
            for column, value in row.items():
                if column in new_row and new_row[column] != value:
                    if (table, column) not in EXPECTED_CHANGES:
                        changed.append(f"{table}[{row_id}].{column}: {value} -> {new_row[column]}")
    for relation, count in before["relations"].items():
        if after["relations"].get(relation, 0) < count:
            lost.append(f"{relation}: {count} rows before, {after['relations'].get(relation, 0)}")
    assert not lost, "records lost by the upgrade:\n" + "\n".join(lost)
    assert not changed, "stored values changed by the upgrade:\n" + "\n".join(changed[:50])
    kept = sum(len(old["ids"]) for old in before["tables"].values())
    assert kept > 1000, f"only {kept} rows compared: the demo school is missing"
