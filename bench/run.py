#!/usr/bin/env python3
"""Benchmarks of the school records on a generated school.

Each operation is timed several times next to a baseline measured in the same run
(the cheapest way the same data could be had), and printed as a ratio. Figures go
to bench/results/<size>-<timestamp>.json as well. Nothing an operation writes is
kept: every iteration runs in a transaction that is rolled back.

    python3 bench/run.py                      # the large school (created if missing)
    python3 bench/run.py --size small --iterations 1 --database school_test   # smoke
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# the three addons and the demo addon, whose generator makes the school
ADDONS = "school_records,school_portfolio,school_archive,school_demo"
# Bump when the generator changes what it makes: an older benchmark database is rebuilt.
# 2: the generator lives in the school_demo addon, which older databases lack.
# 3: the generator makes the timetables and generates the lessons from them.
BENCH_DATA_VERSION = "3"


def _import_odoo():
    try:
        import odoo  # noqa: F401
    except ImportError:
        sys.exit(
            "Odoo 18.0 is not importable by this python3. Install it first "
            "(see README.md, 'Prerequisites')."
        )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument(
        "--years",
        type=int,
        default=1,
        help="years of history: the school's latest year and the years before it "
        "(5 = the journals' retention); database school_bench_<size>_<N>y",
    )
    parser.add_argument("--database", help="use this database as it is (no creation)")
    parser.add_argument("--config", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--output", default=str(REPO / "bench" / "results"))
    parser.add_argument("--only", help="comma-separated operation names")
    parser.add_argument(
        "--load-seconds", type=int, default=60, help="duration of each concurrent-load run"
    )
    parser.add_argument("--load-parents", type=int, default=50, help="simulated parents")
    parser.add_argument(
        "--workers",
        type=int,
        help="Odoo workers for the load run (default: enough for every parent's "
        "connection to wait in Odoo's listen queue, at least 2 per core + 1)",
    )
    return parser.parse_args(argv)


# measuring ----------------------------------------------------------------------------
def _sql_count():
    from odoo import sql_db

    return sql_db.sql_counter


def _peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(function, iterations):
    """Median wall time (s) and SQL queries of `function()` over `iterations` runs."""
    times, queries = [], []
    for _ in range(iterations):
        before = _sql_count()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
        queries.append(_sql_count() - before)
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "queries": int(statistics.median(queries)),
    }


class _Undo(Exception):
    """Raised to roll a measured write back."""


@contextmanager
def rolled_back(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        try:
            yield api.Environment(cr, SUPERUSER_ID, {})
        finally:
            cr.rollback()


# the database ---------------------------------------------------------------------------
def ensure_database(args):
    """The benchmark database of `args.size`, created (and generated) if missing or old."""
    from odoo.modules.registry import Registry
    from odoo.service import db as db_service

    if args.database:
        return Registry(args.database), None
    dbname, version = _bench_database(args.size, args.years)
    if _bench_version(dbname) == version:
        return Registry(dbname), None
    if db_service.exp_db_exist(dbname):
        Registry.delete(dbname)
        db_service.exp_drop(dbname)
    one_year, one_year_version = _bench_database(args.size, 1)
    if args.years > 1 and _bench_version(one_year) == one_year_version:
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


def _bench_database(size, years):
    """The benchmark database of the size and years of history, and its data version."""
    if years == 1:
        return f"school_bench_{size}", f"{size}:{BENCH_DATA_VERSION}"
    return f"school_bench_{size}_{years}y", f"{size}x{years}:{BENCH_DATA_VERSION}"


def _bench_version(dbname):
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
        version = _bench_database(size, years)[1]
        env["ir.config_parameter"].set_param("school_records.bench_version", version)
        cr.commit()
        rows = sum(counts.get(key, 0) for key in ("marks", "absences", "lessons", "students"))
        copy_seconds = _copy_baseline(cr)
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


def _copy_baseline(cr):
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


# operations -------------------------------------------------------------------------------
def _busiest_journal(env):
    """The assignment and period of the latest year with the most marks: a teacher's
    real worst case, in the year teachers work in however much history is kept."""
    env.cr.execute(
        """
        SELECT m.assignment_id, m.period_id
          FROM school_mark m JOIN school_period p ON p.id = m.period_id
         WHERE p.year_id = (SELECT p2.year_id FROM school_mark m2
                              JOIN school_period p2 ON p2.id = m2.period_id
                             ORDER BY m2.date DESC LIMIT 1)
         GROUP BY m.assignment_id, m.period_id ORDER BY count(*) DESC LIMIT 1
        """
    )
    assignment_id, period_id = env.cr.fetchone()
    assignment = env["school.teaching.assignment"].browse(assignment_id)
    return assignment, env["school.period"].browse(period_id)


def bench_journal_grid(registry, iterations):
    """Open one journal grid and save 30 marks, as its teacher; baseline: search_read."""
    results = []
    with rolled_back(registry) as env:
        assignment, period = _busiest_journal(env)
        teacher = assignment.teacher_id
        grid = env["school.journal.grid"].with_user(teacher)
        Mark = env["school.mark"].with_user(teacher)
        domain = [("assignment_id", "=", assignment.id), ("period_id", "=", period.id)]
        fields = ["lesson_id", "student_id", "value_id", "work_type_id", "weight"]
        data = grid.load(assignment.id, period.id)
        lesson_id = data["lessons"][-1]["id"]
        students = data["students"][:30]

        def open_grid():
            env.invalidate_all()
            grid.load(assignment.id, period.id)

        def baseline():
            env.invalidate_all()
            Mark.search_read(domain, fields)

        def save_marks():
            cells = [{"student_id": s["id"], "lesson_id": lesson_id, "text": "4"} for s in students]
            try:
                with env.cr.savepoint():
                    grid.save(assignment.id, period.id, cells)
                    raise _Undo
            except _Undo:
                env.invalidate_all()

        base = measure(baseline, iterations)
        marks = len(Mark.search(domain))
        env.cr.execute("SELECT count(*) FROM school_mark")
        all_marks = env.cr.fetchone()[0]
        for name, function in (
            ("journal grid: open", open_grid),
            ("journal grid: save 30 marks", save_marks),
        ):
            figures = measure(function, iterations)
            results.append(
                {
                    "operation": name,
                    **figures,
                    "baseline": f"search_read of the journal's {marks} marks",
                    "baseline_s": base["median_s"],
                    "baseline_queries": base["queries"],
                    "ratio": figures["median_s"] / base["median_s"],
                    "students": len(data["students"]),
                    "lessons": len(data["lessons"]),
                    "marks_in_database": all_marks,
                }
            )
    return results


def _busiest_periods(env):
    """Per period scheme, the period with the most marks: the one a deputy closes."""
    env.cr.execute(
        """
        SELECT DISTINCT ON (p.scheme) p.id
          FROM school_mark m JOIN school_period p ON p.id = m.period_id
         GROUP BY p.scheme, p.id
         ORDER BY p.scheme, count(*) DESC
        """
    )
    return env["school.period"].browse(row[0] for row in env.cr.fetchall())


def bench_period_marks(registry, iterations):
    """Propose the period marks of the whole school; baseline: one SQL GROUP BY of the
    same weighted averages."""
    with rolled_back(registry) as env:
        periods = _busiest_periods(env)
        assignments = env["school.teaching.assignment"].search([])
        PeriodMark = env["school.period.mark"]

        def propose():
            try:
                with env.cr.savepoint():
                    for period in periods:
                        PeriodMark.propose_period_marks(assignments, period)
                    env.flush_all()
                    raise _Undo
            except _Undo:
                env.invalidate_all()

        def baseline():
            env.cr.execute(
                """
                SELECT assignment_id, student_id,
                       SUM(numeric_value * weight) FILTER (WHERE counts_in_average)
                         / NULLIF(SUM(weight) FILTER (WHERE counts_in_average), 0)
                  FROM school_mark WHERE period_id = ANY(%s)
                 GROUP BY assignment_id, student_id
                """,
                [periods.ids],
            )
            env.cr.fetchall()

        base = measure(baseline, iterations)
        figures = measure(propose, iterations)
        env.cr.execute("SELECT count(*) FROM school_mark WHERE period_id = ANY(%s)", [periods.ids])
        marks = env.cr.fetchone()[0]
        return [
            {
                "operation": "period marks: propose whole school",
                **figures,
                "baseline": f"SQL GROUP BY over the periods' {marks} marks",
                "baseline_s": base["median_s"],
                "baseline_queries": base["queries"],
                "ratio": figures["median_s"] / base["median_s"],
                "periods": periods.mapped("display_name"),
                "assignments": len(assignments),
            }
        ]


def _free_port():
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

    port = _free_port()
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


def _children_peak_memory_mb(pid):
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


def _login(url, login):
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


def _server_figures(lines, path):
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


def bench_diary_week(registry, iterations):
    """The parent's diary week page over HTTP; baseline: the portal home page."""
    with rolled_back(registry) as env:
        parent = env["res.users"].search([("login", "=", "parent")], limit=1)
        student = env["school.student"].search(
            [("guardian_ids", "in", parent.partner_id.ids)], limit=1
        )
        env.cr.execute("SELECT max(date) FROM school_mark WHERE student_id = %s", [student.id or 0])
        day = env.cr.fetchone()[0]
        env.cr.execute("SELECT count(*) FROM school_mark")
        all_marks = env.cr.fetchone()[0]
    if not (parent and student and day):
        return []
    week_path = f"/my/diary/{student.id}"
    results = []
    with odoo_server(registry.db_name) as (url, lines, _pid):
        session = _login(url, "parent")
        for _warm in range(2):
            session.get(f"{url}/my/home")
            session.get(f"{url}{week_path}?date={day}")
        lines.clear()
        for _run in range(iterations):
            assert session.get(f"{url}/my/home").status_code == 200
            assert session.get(f"{url}{week_path}?date={day}").status_code == 200
        time.sleep(0.5)
        home = _server_figures(lines, "/my/home")
        week = _server_figures(lines, week_path)
    if not (home and week):
        return [{"operation": "diary week page", "median_s": 0, "error": "no request log"}]
    home_s = statistics.median(s for _q, s in home)
    week_s = statistics.median(s for _q, s in week)
    results.append(
        {
            "operation": "diary week page (HTTP)",
            "median_s": week_s,
            "queries": int(statistics.median(q for q, _s in week)),
            "baseline": "the portal home page",
            "baseline_s": home_s,
            "baseline_queries": int(statistics.median(q for q, _s in home)),
            "ratio": week_s / home_s if home_s else None,
            "marks_in_database": all_marks,
        }
    )
    return results


# concurrent load -----------------------------------------------------------------------
LOAD_LOGIN = "bench.parent.{:03d}"


def _load_parents(registry, count):
    """[(login, student id, day with marks)] of `count` parents of different students.
    A parent without a portal user gets one (`bench.parent.NNN`); the password of each is
    set to its login, committed and kept in the benchmark database, as the server in
    another process must see them."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute(
            """
            SELECT DISTINCT ON (g.partner_id) g.partner_id, g.student_id,
                   (SELECT max(m.date) FROM school_mark m WHERE m.student_id = g.student_id),
                   (SELECT min(u.id) FROM res_users u WHERE u.partner_id = g.partner_id)
              FROM school_student_guardian_rel g
             WHERE EXISTS (SELECT 1 FROM school_mark m WHERE m.student_id = g.student_id)
             ORDER BY g.partner_id
             LIMIT %s
            """,
            [count],
        )
        rows = cr.fetchall()
        Users = env["res.users"].with_context(no_reset_password=True, active_test=False)
        portal = env.ref("base.group_portal")
        parents = []
        for index, (partner_id, student_id, day, user_id) in enumerate(rows):
            user = Users.browse(user_id) if user_id else Users
            if not user:
                login = LOAD_LOGIN.format(index)
                user = Users.create(
                    {"login": login, "partner_id": partner_id, "groups_id": [(6, 0, portal.ids)]}
                )
            user.write({"password": user.login, "active": True})
            parents.append((user.login, student_id, day))
        cr.commit()
    return parents


def _load_workers(parents):
    """Odoo's prefork server listens with a queue of 8 connections per worker. Without a
    proxy in front, a connection beyond it has its first packets dropped by the kernel and
    resent a second or more later, past the worker's 2 s read timeout: the worker then
    closes it unanswered. Workers enough for every parent to queue is what a proxy would
    give; at least Odoo's usual 2 per core + 1."""
    return max(2 * (os.cpu_count() or 1) + 1, -(-parents // 8))


def _listen_overflows():
    """The kernel's count of connections dropped because a listen queue was full."""
    lines = Path("/proc/net/netstat").read_text().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            counters = dict(zip(names.split(), values.split(), strict=True))
            return int(counters.get("ListenOverflows", 0))
    return 0


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _hammer(url, sessions, path_of, seconds):
    """Every parent's session in its own thread requests `path_of(student, day)` in a
    loop for `seconds`: (latencies in s, errors, requests per second)."""
    import threading

    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.perf_counter() + seconds

    def parent(session, student, day):
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            try:
                response = session.get(f"{url}{path_of(student, day)}", timeout=60)
                ok = response.status_code == 200 and "/web/login" not in response.url
            except OSError as error:
                ok, response = False, error
            with lock:
                latencies.append(time.perf_counter() - start)
                if not ok:
                    errors.append(repr(getattr(response, "status_code", response))[:300])

    threads = [threading.Thread(target=parent, args=item) for item in sessions]
    overflows = _listen_overflows()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rate = len(latencies) / (time.perf_counter() - started)
    return latencies, errors, rate, _listen_overflows() - overflows


def bench_diary_load(registry, iterations, args=None):
    """`--load-parents` parents opening their child's diary week for `--load-seconds`
    against Odoo with `--workers` worker processes; baseline: the same load on the
    portal home page. Iterations do not apply: one run of each."""
    seconds = args.load_seconds if args else 60
    parents = _load_parents(registry, args.load_parents if args else 50)
    if not parents:
        return []
    workers = (args and args.workers) or _load_workers(len(parents))
    extra = (f"--workers={workers}", "--limit-time-real=600", "--limit-memory-soft=4294967296")
    with odoo_server(registry.db_name, extra) as (url, _lines, master):
        sessions = [(_login(url, login), student, day) for login, student, day in parents]
        _hammer(url, sessions[:2], lambda s, d: f"/my/diary/{s}?date={d}", 2)  # warm up
        diary = _hammer(url, sessions, lambda s, d: f"/my/diary/{s}?date={d}", seconds)
        worker_memory = _children_peak_memory_mb(master)
        home = _hammer(url, sessions, lambda s, d: "/my/home", seconds)
    latencies, errors, rate, overflows = diary
    home_latencies, home_errors, home_rate, _home_overflows = home
    p50 = _percentile(latencies, 0.50)
    home_p50 = _percentile(home_latencies, 0.50)
    return [
        {
            "operation": f"diary week, {len(parents)} parents at once",
            "median_s": p50,
            "p95_s": _percentile(latencies, 0.95),
            "p99_s": _percentile(latencies, 0.99),
            "requests_per_s": rate,
            "requests": len(latencies),
            "errors": len(errors),
            "error_samples": errors[:5],
            "workers": workers,
            "listen_queue_overflows": overflows,
            "seconds": seconds,
            "worker_peak_memory_mb": max(worker_memory, default=0),
            "workers_peak_memory_mb": worker_memory,
            "baseline": f"the portal home page under the same load ({home_rate:.1f} req/s, "
            f"p95 {_percentile(home_latencies, 0.95) * 1000:.0f} ms, {len(home_errors)} errors)",
            "baseline_s": home_p50,
            "baseline_requests_per_s": home_rate,
            "baseline_errors": len(home_errors),
            "ratio": p50 / home_p50 if home_p50 else None,
        }
    ]


def _confirm_period_marks(env, year):
    """Give the statement its figures (rolled back after): every period with marks and
    the year proposed for the whole school, and the proposals confirmed as they are."""
    env.cr.execute(
        "SELECT DISTINCT period_id FROM school_mark WHERE period_id IS NOT NULL AND period_id"
        " IN (SELECT id FROM school_period WHERE year_id = %s)",
        [year.id],
    )
    periods = env["school.period"].browse(row[0] for row in env.cr.fetchall())
    assignments = env["school.teaching.assignment"].search([("year_id", "=", year.id)])
    PeriodMark = env["school.period.mark"]
    for period in periods:
        PeriodMark.propose_period_marks(assignments, period)
    PeriodMark.propose_year_marks(assignments)
    env.cr.execute(
        "UPDATE school_period_mark SET value_id = proposed_value_id, state = 'confirmed'"
        " WHERE value_id IS NULL"
    )
    # these rows live only in this transaction: without statistics taken inside it,
    # PostgreSQL plans the reads for the empty table autovacuum last saw (nested loops over
    # tens of thousands of rows, 5× slower archiving), which a school whose period marks
    # were committed months ago never meets
    env.cr.execute("ANALYZE school_period_mark")
    env.invalidate_all()


def bench_summary_statement(registry, iterations):
    """The summary statement workbook of every class; baseline: the SQL fetching its marks."""
    with rolled_back(registry) as env:
        env.cr.execute(
            "SELECT year_id FROM school_lesson GROUP BY year_id ORDER BY count(*) DESC LIMIT 1"
        )
        row = env.cr.fetchone()
        if not row:
            return []
        year = env["school.academic.year"].browse(row[0])
        classes = env["school.class"].search([("year_id", "=", year.id)])
        _confirm_period_marks(env, year)
        wizard = env["school.class.report"].create({"year_id": year.id, "report": "summary"})

        def workbook():
            env.invalidate_all()
            wizard._workbook()

        def baseline():
            env.cr.execute(
                """
                SELECT pm.class_id, pm.student_id, pm.subject_id, pm.kind, pm.period_id, v.code
                  FROM school_period_mark pm
                  JOIN school_mark_value v ON v.id = pm.value_id
                 WHERE pm.class_id = ANY(%s) AND pm.state = 'confirmed'
                """,
                [classes.ids],
            )
            env.cr.fetchall()

        base = measure(baseline, iterations)
        figures = measure(workbook, iterations)
        return [
            {
                "operation": "summary statement: whole school",
                **figures,
                "baseline": f"SQL fetch of the confirmed marks of {len(classes)} classes",
                "baseline_s": base["median_s"],
                "baseline_queries": base["queries"],
                "ratio": figures["median_s"] / base["median_s"] if base["median_s"] else None,
            }
        ]


def _sha256sum_seconds(paths):
    """Seconds for plain `sha256sum` to read and hash `paths` (one process)."""
    start = time.perf_counter()
    subprocess.run(["sha256sum", *map(str, paths)], check=True, capture_output=True)
    return time.perf_counter() - start


@contextmanager
def _archive_scratch():
    """The archive's mirror, filestore and seal key in a scratch directory removed after:
    the rolled-back run leaves no file in the benchmark school's own data directory."""
    import shutil
    import tempfile
    from unittest.mock import patch

    from odoo.tools import config

    scratch = tempfile.mkdtemp(prefix="bench_archive_")
    try:
        with patch.dict(config.options, {"data_dir": scratch}):
            yield Path(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _busiest_year(env):
    env.cr.execute(
        """
        SELECT year_id FROM school_lesson GROUP BY year_id ORDER BY count(*) DESC LIMIT 1
        """
    )
    row = env.cr.fetchone()
    return env["school.academic.year"].browse(row[0]) if row else None


def bench_archive(registry, iterations):
    """Year-end archiving of the WHOLE school's busiest year, as the scheduled job does it
    (every journal as XLSX + JSON, every class's summary statement, both copies written
    and sealed, the sealed manifest and the act of transfer), then the verification of
    the archive; baselines: plain `sha256sum` of the same files (the filestore copies for
    the archiving, both copies for the verification). The archiving runs once (it takes
    minutes on the large school); the printable PDFs (wkhtmltopdf) are timed on a few
    journals and extrapolated. Everything is rolled back, the files written in a scratch
    directory that is removed."""
    with rolled_back(registry) as env, _archive_scratch():
        if "school.archive.record" not in env:
            return []
        year = _busiest_year(env)
        if not year:
            return []
        _confirm_period_marks(env, year)
        act = env["school.archive.transfer.act"].create({"year_id": year.id, "with_pdf": False})
        memory_before = _peak_memory_mb()
        figures = measure(lambda: act._run(), 1)
        env.flush_all()
        memory_after = _peak_memory_mb()
        records = env["school.archive.record"].search([("transfer_act_id", "=", act.id)])
        records |= act.manifest_record_id
        paths = _archive_paths(records)
        filestore_paths = [fs for fs, _mirror in paths]
        base = measure(lambda: _sha256sum_seconds(filestore_paths), iterations)
        Check = env["school.archive.check"]

        def verify():
            try:
                with env.cr.savepoint():
                    check = Check._run(records)
                    env.flush_all()
                    made["result"] = check.result
                    raise _Undo
            except _Undo:
                env.invalidate_all()

        made = {}
        both_copies = [path for pair in paths for path in pair]
        verify_figures = measure(verify, iterations)
        verify_base = measure(lambda: _sha256sum_seconds(both_copies), iterations)
        pdf = _journal_pdf_seconds(env, year)
        size = sum(Path(p).stat().st_size for p in filestore_paths)
        journals = len(records.filtered(lambda r: r.kind == "class_journal"))
        common = {
            "year": year.name,
            "classes": len(records.filtered(lambda r: r.kind == "summary_statement")),
            "journals": journals,
            "units": len(records),
            "files": len(filestore_paths),
            "bytes": size,
            "peak_memory_mb": memory_after,
            "peak_memory_growth_mb": memory_after - memory_before,
        }
        return [
            {
                "operation": "archive: year-end, whole school",
                **figures,
                "baseline": f"sha256sum of the {len(filestore_paths)} files ({size / 1e6:.0f} MB)",
                "baseline_s": base["median_s"],
                "ratio": figures["median_s"] / base["median_s"] if base["median_s"] else None,
                "act_state": act.state,
                "pdf_per_journal_s": pdf,
                "pdf_whole_school_estimate_s": pdf * journals,
                **common,
            },
            {
                "operation": "archive: verify whole school",
                **verify_figures,
                "baseline": f"sha256sum of both copies ({len(both_copies)} files)",
                "baseline_s": verify_base["median_s"],
                "ratio": verify_figures["median_s"] / verify_base["median_s"]
                if verify_base["median_s"]
                else None,
                "check_result": made.get("result"),
                **common,
            },
        ]


def _journal_pdf_seconds(env, year, sample=3):
    """Median seconds of the printable PDF of one journal's year (all its periods)."""
    Record = env["school.archive.record"]
    assignments = env["school.teaching.assignment"].search(
        [("class_id.year_id", "=", year.id)], limit=sample
    )
    figures = measure(
        lambda: [Record._year_journal_files(a, with_pdf=True) for a in assignments[:1]],
        len(assignments),
    )
    without = measure(
        lambda: [Record._year_journal_files(a, with_pdf=False) for a in assignments[:1]],
        len(assignments),
    )
    return max(0.0, figures["median_s"] - without["median_s"])


def _archive_paths(units):
    """[(filestore path, mirror path)] of the units' files."""
    pairs = []
    for unit in units:
        for archived in unit.file_ids:
            attachment = archived._attachment()
            pairs.append((attachment._full_path(attachment.store_fname), archived._mirror_path()))
    return pairs


# the timetable ------------------------------------------------------------------------------
def _timetable_year(env):
    """The year with the most lessons among those with published timetables, and those
    timetables."""
    Timetable = env["school.timetable"]
    published = Timetable.search([("state", "=", "published")])
    if not published:
        return None, Timetable
    env.cr.execute(
        """SELECT class.year_id FROM school_lesson lesson
             JOIN school_class class ON class.id = lesson.class_id
            WHERE class.year_id = ANY(%s)
         GROUP BY class.year_id ORDER BY count(*) DESC LIMIT 1""",
        [published.class_id.year_id.ids],
    )
    row = env.cr.fetchone()
    year = env["school.academic.year"].browse(row[0] if row else published[0].year_id.id)
    return year, published.filtered(lambda timetable: timetable.year_id == year)


def bench_timetable_generation(registry, iterations):
    """Generating the year's lessons of the whole school from its published timetables
    (``_generate_lessons`` over the academic year, the calendar and the weeks' parity, the
    КТП topics given in order), into a school whose lessons were all removed; next to a
    bulk ``INSERT … SELECT`` of the very rows it made, into the emptied table again. Both
    run in a transaction that is rolled back."""
    generation, inserts, queries, counts = [], [], [], {}
    for _run in range(max(1, min(iterations, 3))):
        with rolled_back(registry) as env:
            year, timetables = _timetable_year(env)
            if not timetables:
                return [
                    {
                        "operation": "timetable: generate the year's lessons",
                        "median_s": 0,
                        "error": "no published timetable (a database made before the "
                        "generator used the timetable: let bench/run.py rebuild it)",
                    }
                ]
            cr = env.cr
            # an idle transaction holding the table would block TRUNCATE: fail instead
            cr.execute("SET LOCAL lock_timeout = '60s'")
            cr.execute("TRUNCATE school_lesson CASCADE")
            env.invalidate_all()
            before = _sql_count()
            start = time.perf_counter()
            counts = timetables._generate_lessons(year.date_start, year.date_end)
            env.flush_all()
            generation.append(time.perf_counter() - start)
            queries.append(_sql_count() - before)
            cr.execute("CREATE TEMP TABLE bench_lesson_rows AS SELECT * FROM school_lesson")
            cr.execute("TRUNCATE school_lesson CASCADE")
            start = time.perf_counter()
            cr.execute("INSERT INTO school_lesson SELECT * FROM bench_lesson_rows")
            inserts.append(time.perf_counter() - start)
            env.invalidate_all()
    median, base = statistics.median(generation), statistics.median(inserts)
    return [
        {
            "operation": "timetable: generate the year's lessons",
            "median_s": median,
            "queries": int(statistics.median(queries)),
            "lessons": counts.get("created", 0),
            "timetables": len(timetables),
            "baseline": f"bulk INSERT … SELECT of the same {counts.get('created', 0)} lessons",
            "baseline_s": base,
            "ratio": median / base if base else None,
        }
    ]


OPERATIONS = {
    "summary_statement": bench_summary_statement,
    "archive": bench_archive,
    "journal_grid": bench_journal_grid,
    "period_marks": bench_period_marks,
    "diary_week": bench_diary_week,
    "diary_load": bench_diary_load,
    "timetable_generation": bench_timetable_generation,
}


# output ----------------------------------------------------------------------------------
def print_table(results):
    header = f"{'operation':36} {'median':>10} {'queries':>8} {'baseline':>10} {'ratio':>8}"
    print(header)
    print("-" * len(header))
    for row in results:
        ratio = f"{row['ratio']:.2f}x" if row.get("ratio") else "-"
        print(
            f"{row['operation']:36} {row['median_s'] * 1000:>8.1f}ms {row.get('queries', '-'):>8} "
            f"{row.get('baseline_s', 0) * 1000:>8.1f}ms {ratio:>8}"
        )
        print(f"{'':36} baseline: {row.get('baseline', '')}")
        if "requests_per_s" in row:
            print(
                f"{'':36} {row['requests_per_s']:.1f} req/s, p50 {row['median_s'] * 1000:.0f} ms,"
                f" p95 {row['p95_s'] * 1000:.0f} ms, p99 {row['p99_s'] * 1000:.0f} ms,"
                f" {row['errors']} errors of {row['requests']},"
                f" {row.get('workers')} workers,"
                f" {row.get('listen_queue_overflows', 0)} listen queue overflows"
            )
        if "worker_peak_memory_mb" in row:
            print(f"{'':36} peak memory of a worker: {row['worker_peak_memory_mb']:.0f} MB")
        if "peak_memory_growth_mb" in row:
            print(
                f"{'':36} peak memory of this process: {row['peak_memory_mb']:.0f} MB "
                f"(+{row['peak_memory_growth_mb']:.0f} MB during the archiving)"
            )


def main(argv=None):
    _import_odoo()
    args = parse_args(argv)
    from odoo.tools import config

    only = set(args.only.split(",")) if args.only else set(OPERATIONS)
    if only - set(OPERATIONS):
        sys.exit(
            f"Unknown operation(s) {', '.join(sorted(only - set(OPERATIONS)))}; "
            f"use {', '.join(OPERATIONS)}."
        )
    config.parse_config(["-c", args.config, "--no-http"])
    registry, generation = ensure_database(args)
    results = [generation] if generation else []
    for name, operation in OPERATIONS.items():
        if name in only:
            if name == "diary_load":
                results.extend(operation(registry, args.iterations, args))
            else:
                results.extend(operation(registry, args.iterations))
    print_table(results)
    print(f"peak memory of this Odoo process: {_peak_memory_mb():.0f} MB")
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    path = output / f"{args.size}-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(
        json.dumps(
            {
                "size": args.size,
                "database": registry.db_name,
                "iterations": args.iterations,
                "peak_memory_mb": _peak_memory_mb(),
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
            default=str,
        )
    )
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
