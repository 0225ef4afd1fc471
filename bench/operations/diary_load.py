"""Concurrent load: `--load-parents` parents open their child's diary week for
`--load-seconds` against Odoo in multiprocess mode on loopback (requests per second,
p50/p95/p99 latency, errors, listen-queue overflows, each worker's peak memory).

Baseline: the portal home page under the same load."""

import os
import time
from pathlib import Path

from bench.harness import children_peak_memory_mb, login_session, odoo_server

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


def run(registry, iterations, args=None):
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
        sessions = [(login_session(url, login), student, day) for login, student, day in parents]
        _hammer(url, sessions[:2], lambda s, d: f"/my/diary/{s}?date={d}", 2)  # warm up
        diary = _hammer(url, sessions, lambda s, d: f"/my/diary/{s}?date={d}", seconds)
        worker_memory = children_peak_memory_mb(master)
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
