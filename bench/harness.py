"""The benchmarks' shared harness: the benchmark database (created with the demo-school
generator), measuring (median time and SQL queries), transactions rolled back after a
measured write, an Odoo HTTP server on loopback with its request log, and the figures
read from that log. The operations (bench/operations/) are built on it."""

import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# the three addons and the demo addon, whose generator makes the school
ADDONS = "school_records,school_portfolio,school_archive,school_demo"
# Bump when the generator changes what it makes: an older benchmark database is rebuilt.
# 2: the generator lives in the school_demo addon, which older databases lack.
# 3: the generator makes the timetables and generates the lessons from them.
BENCH_DATA_VERSION = "3"


def import_odoo():
    try:
        import odoo  # noqa: F401
    except ImportError:
        sys.exit(
            "Odoo 18.0 is not importable by this python3. Install it first "
            "(see README.md, 'Prerequisites')."
        )


# measuring ----------------------------------------------------------------------------
def sql_count():
    from odoo import sql_db

    return sql_db.sql_counter


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(function, iterations):
    """Median wall time (s) and SQL queries of `function()` over `iterations` runs."""
    times, queries = [], []
    for _ in range(iterations):
        before = sql_count()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
        queries.append(sql_count() - before)
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "queries": int(statistics.median(queries)),
    }


class Undo(Exception):
    """Raised to roll a measured write back."""


def bulk_insert(cr, table, columns, rows):
    """One bulk INSERT of `rows` into `table` (a baseline), rolled back."""
    if not rows:
        return
    import psycopg2.extras

    try:
        with cr.savepoint(flush=False):
            psycopg2.extras.execute_values(
                cr._obj,
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES %s",
                rows,
                page_size=len(rows),
            )
            raise Undo
    except Undo:
        pass


@contextmanager
def rolled_back(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        try:
            yield api.Environment(cr, SUPERUSER_ID, {})
        finally:
            cr.rollback()


@contextmanager
def scratch_data_dir(prefix="bench_"):
    """Odoo's data directory (filestore, the archive's mirror and seal key) in a scratch
    directory removed after: a rolled-back run leaves no file in the benchmark school's
    own data directory."""
    import shutil
    import tempfile
    from unittest.mock import patch

    from odoo.tools import config

    scratch = tempfile.mkdtemp(prefix=prefix)
    try:
        with patch.dict(config.options, {"data_dir": scratch}):
            yield Path(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# the database ---------------------------------------------------------------------------
def ensure_database(args):
    """The benchmark database of `args.size`, created (and generated) if missing or old."""
    from odoo.modules.registry import Registry
    from odoo.service import db as db_service

    if args.database:
        return Registry(args.database), None
    dbname, version = bench_database(args.size, args.years)
    if bench_version(dbname) == version:
        return Registry(dbname), None
    if db_service.exp_db_exist(dbname):
        Registry.delete(dbname)
        db_service.exp_drop(dbname)
    one_year, one_year_version = bench_database(args.size, 1)
    if args.years > 1 and bench_version(one_year) == one_year_version:
        # the latest year is the one-year school's: copy it, then add the years before
        Registry.delete(one_year)
        db_service.exp_duplicate_database(one_year, dbname)
        registry = Registry(dbname)
        return registry, generate_school(registry, args.size, args.years, have=1)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            args.config,
            "-d",
            dbname,
            "-i",
            ADDONS,
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        check=True,
    )
    registry = Registry(dbname)
    generation = generate_school(registry, args.size, args.years)
    return registry, generation


def bench_database(size, years):
    """The benchmark database of the size and years of history, and its data version."""
    if years == 1:
        return f"school_bench_{size}", f"{size}:{BENCH_DATA_VERSION}"
    return f"school_bench_{size}_{years}y", f"{size}x{years}:{BENCH_DATA_VERSION}"


def bench_version(dbname):
    """The data version a benchmark database was generated with (None: none, or missing)."""
    from odoo.modules.registry import Registry
    from odoo.service import db as db_service

    if not db_service.exp_db_exist(dbname):
        return None
    with Registry(dbname).cursor() as cr:
        cr.execute(
            "SELECT value FROM ir_config_parameter WHERE key = 'school_records.bench_version'"
        )
        row = cr.fetchone()
    return row and row[0]


def generate_school(registry, size, years=1, have=0):
    """Generate the school's `years` years (the latest first; `have` of them are there
    already), timed, next to a raw COPY of the same mark rows. Each year is committed."""
    from odoo import SUPERUSER_ID, api

    counts = defaultdict(int)
    elapsed = 0.0
    for index in range(have, years):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Year = env["school.academic.year"]
            latest = Year.search([], order="date_start desc", limit=1)
            year_start = latest.date_start.year - index if index else None
            start = time.perf_counter()
            for key, value in env["school.demo.generator"]._generate(size, year_start).items():
                counts[key] += value if isinstance(value, int) else 0
            elapsed += time.perf_counter() - start
            cr.commit()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        version = bench_database(size, years)[1]
        env["ir.config_parameter"].set_param("school_records.bench_version", version)
        cr.commit()
        rows = sum(counts.get(key, 0) for key in ("marks", "absences", "lessons", "students"))
        copy_seconds = copy_baseline(cr)
    mark_rows = counts.get("marks", 0)
    return {
        "operation": "generate school",
        "median_s": elapsed,
        "records_per_s": rows / elapsed if elapsed else 0,
        "baseline": "COPY of the same mark rows",
        "baseline_s": copy_seconds,
        "ratio": (elapsed / copy_seconds) if copy_seconds else None,
        "counts": counts,
        "mark_rows": mark_rows,
    }


def copy_baseline(cr):
    """Seconds for PostgreSQL to COPY the generated mark rows into an empty twin table."""
    import io

    buffer = io.StringIO()
    cr.copy_expert("COPY school_mark TO STDOUT", buffer)
    buffer.seek(0)
    cr.execute("CREATE TEMP TABLE bench_mark_copy (LIKE school_mark INCLUDING DEFAULTS)")
    start = time.perf_counter()
    cr.copy_expert("COPY bench_mark_copy FROM STDIN", buffer)
    seconds = time.perf_counter() - start
    cr.rollback()
    return seconds


# the HTTP server ---------------------------------------------------------------------------
def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def odoo_server(dbname, extra=()):
    """An Odoo HTTP server on loopback for `dbname`, its log lines collected."""
    import threading
    import urllib.request

    from odoo.tools import config

    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            config.rcfile,
            "-d",
            dbname,
            f"--db-filter=^{dbname}$",
            f"--http-port={port}",
            "--http-interface=127.0.0.1",
            "--log-level=info",
            "--max-cron-threads=0",
            *extra,
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(120):
            try:
                urllib.request.urlopen(f"{url}/web/login", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        yield url, lines, process.pid
    finally:
        process.terminate()
        process.wait(30)


def children_peak_memory_mb(pid):
    """Peak resident memory (VmHWM, MB) of each child process of `pid`: Odoo's workers."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return sorted(peaks, reverse=True)


def login_session(url, login):
    import re

    import requests

    session = requests.Session()
    page = session.get(f"{url}/web/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{url}/web/login",
        data={"login": login, "password": login, "csrf_token": token, "redirect": "/my"},
    )
    return session


def server_figures(lines, path):
    """(query count, server seconds) of each logged request to `path`: Odoo's request
    log ends with the query count, the SQL time and the remaining time."""
    import re

    pattern = re.compile(re.escape(path) + r'[^"]* HTTP/[\d.]+" 200 - (\d+) ([\d.]+) ([\d.]+)')
    figures = []
    for line in list(lines):
        match = pattern.search(line)
        if match:
            queries, sql_time, other_time = match.groups()
            figures.append((int(queries), float(sql_time) + float(other_time)))
    return figures
