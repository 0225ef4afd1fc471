"""The diary week page over HTTP as the demo parent (server time and SQL queries from
Odoo's request log).

Baseline: the portal home page, in the same run."""

import statistics
import time

from bench.harness import login_session, odoo_server, rolled_back, server_figures


def run(registry, iterations, args=None):
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
        session = login_session(url, "parent")
        for _warm in range(2):
            session.get(f"{url}/my/home")
            session.get(f"{url}{week_path}?date={day}")
        lines.clear()
        for _run in range(iterations):
            assert session.get(f"{url}/my/home").status_code == 200
            assert session.get(f"{url}{week_path}?date={day}").status_code == 200
        time.sleep(0.5)
        home = server_figures(lines, "/my/home")
        week = server_figures(lines, week_path)
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
