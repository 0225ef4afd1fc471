"""Page times of the role day tours (issue 22 §5): the pages each demo role's day opens,
requested over HTTP as that role, with the server time and SQL queries of each request
from Odoo's request log (as the diary week does), so a slow screen shows up as a number.

- the teacher: the web client, its home action and the journal grid's `load` (the
  journal of today's lesson), then the grid's `save` of one lesson's marks (a mark in
  each empty cell of the lesson; put back after each run, and the journal audit rows of
  putting it back removed: the only lasting writes are the demo users' passwords);
- the deputy, the director, the secretary, the archivist: the web client, their home
  action and its list view (`get_views`, then the list's `web_search_read`, or
  `web_read_group` when the action groups by default), as the web client asks for them;
- the parent and the student: the portal home, the diary week of the child (with marks)
  and the messages page.

A page is the requests the browser makes for it: its server time and queries are the sums
of its requests' medians (each request's figures are in the JSON results).
Baseline: `/web/session/get_session_info`, the lightest request a logged-in user makes,
in the same run as the same user."""

import re
import statistics
import time

from bench.harness import login_session, odoo_server, rolled_back, server_figures

ROLES = ("teacher", "deputy", "director", "secretary", "archivist", "parent", "student")
BASELINE = "/web/session/get_session_info"
RESTORE = "/web/dataset/call_kw/bench.restore"  # another path: not counted with the save


def run(registry, iterations, args=None):
    users = _prepare_users(registry)
    if not users:
        return []
    audit_before = _max_audit_id(registry)
    results = []
    try:
        with odoo_server(registry.db_name) as (url, lines, _pid):
            for login in ROLES:
                if login not in users:
                    continue
                session = login_session(url, login)
                client = _Client(session, url)
                pages = _pages(registry, client, login, users[login])
                for _warm in range(2 if iterations > 1 else 1):
                    _visit(client, pages)
                time.sleep(0.3)
                lines.clear()
                for _run in range(iterations):
                    _visit(client, pages)
                time.sleep(0.5)
                results.extend(_rows(login, pages, list(lines)))
    finally:
        _remove_restore_audit(registry, audit_before)
    return results


# the users -----------------------------------------------------------------------------------
def _prepare_users(registry):
    """{login: (user id, home action id)} of the demo roles present; their passwords set
    to their logins and committed (the server in another process must see them)."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        users = env["res.users"].with_context(no_reset_password=True, active_test=False)
        found = {}
        for user in users.search([("login", "in", ROLES)]):
            user.write({"password": user.login, "active": True})
            found[user.login] = (user.id, user.action_id.id)
        cr.commit()
    return found


def _max_audit_id(registry):
    with registry.cursor() as cr:
        cr.execute("SELECT coalesce(max(id), 0) FROM school_journal_audit")
        return cr.fetchone()[0]


def _remove_restore_audit(registry, before):
    """The audit rows of putting the teacher's lesson back as it was (the marks the bench
    saved, deleted): the journal keeps no trace of the benchmark."""
    with registry.cursor() as cr:
        cr.execute(
            "DELETE FROM school_journal_audit WHERE id > %s AND res_model = 'school.mark'"
            " AND user_id = (SELECT id FROM res_users WHERE login = 'teacher')",
            [before],
        )
        cr.commit()


# requests ------------------------------------------------------------------------------------
class _Client:
    """GET pages and JSON-RPC calls of one logged-in session; an error fails the run."""

    def __init__(self, session, url):
        self.session, self.url = session, url

    def get(self, path):
        response = self.session.get(f"{self.url}{path}", timeout=120)
        if response.status_code != 200 or "/web/login" in response.url:
            raise RuntimeError(f"GET {path}: {response.status_code} {response.url}")
        return response

    def rpc(self, path, params):
        response = self.session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=120,
        )
        answer = response.json()
        if "error" in answer:
            raise RuntimeError(f"{path}: {answer['error'].get('data', {}).get('message')}")
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return self.rpc(f"/web/dataset/call_kw/{model}/{method}", params)


def _visit(client, pages):
    client.rpc(BASELINE, {})
    for _name, _paths, visit in pages:
        visit()


# the pages of each role ------------------------------------------------------------------------
def _pages(registry, client, login, user):
    """[(page name, request paths, visit)]: `visit()` makes the page's requests."""
    user_id, action_id = user
    if login in ("parent", "student"):
        return _portal_pages(registry, client)
    action = client.rpc("/web/action/load", {"action_id": action_id}) if action_id else None
    if not action:
        return []
    if login == "teacher" or action.get("tag") == "school_journal_grid":
        return _grid_pages(client, action_id)
    return [_window_page(client, action, user_id)]


def _web_client(client, action_id):
    client.get("/odoo")
    return client.rpc("/web/action/load", {"action_id": action_id})


def _grid_pages(client, action_id):
    model = "school.journal.grid"
    state = {}

    def open_grid():
        _web_client(client, action_id)
        state["data"] = client.call(model, "load", False, False, False)

    open_grid()
    data = state["data"]
    cells = _empty_mark_cells(data)
    pages = [
        (
            "grid: open",
            ["/odoo", "/web/action/load", f"/web/dataset/call_kw/{model}/load"],
            open_grid,
        )
    ]
    if cells:
        journal = (data["assignment"]["id"], data["period"]["id"])

        def save():
            client.call(model, "save", *journal, cells)
            blank = [dict(cell, text="") for cell in cells]
            params = {"model": model, "method": "save", "args": [*journal, blank], "kwargs": {}}
            client.rpc(RESTORE, params)

        pages.append(
            (
                f"grid: save {len(cells)} marks",
                [f"/web/dataset/call_kw/{model}/save"],
                save,
            )
        )
    return pages


def _empty_mark_cells(data):
    """A mark in each empty cell of the grid's focus lesson (else its latest editable)."""
    lessons = [lesson for lesson in data["lessons"] if lesson["editable"]]
    if not lessons:
        return []
    lesson = next((x for x in lessons if x["id"] == data["focus_lesson_id"]), lessons[-1])
    scale = [code for code in ("5", "4", "3") if code in data["scale"]] or data["scale"][:1]
    return [
        {"student_id": student["id"], "lesson_id": lesson["id"], "text": scale[index % len(scale)]}
        for index, student in enumerate(data["students"])
        if f"{student['id']}-{lesson['id']}" not in data["cells"]
    ]


def _window_page(client, action, user_id):
    """A role's home action: the web client, the action, its list view and its data."""
    model = action["res_model"]
    views = action.get("views") or [[False, "list"]]
    view = next((v for v in views if v[1] == "list"), views[0])
    search_view = action.get("search_view_id") or [False]
    get_views_path = f"/web/dataset/call_kw/{model}/get_views"
    described = client.call(
        model,
        "get_views",
        views=[view, [search_view[0], "search"]],
        options={"action_id": action["id"], "load_filters": True, "toolbar": True},
    )
    domain, groupby = _action_search(action, described["views"].get("search"), user_id)
    spec = _list_specification(
        described["views"][view[1]]["arch"], described["models"][model]["fields"]
    )
    data_method = "web_read_group" if groupby else "web_search_read"

    def visit():
        _web_client(client, action["id"])
        client.call(
            model,
            "get_views",
            views=[view, [search_view[0], "search"]],
            options={"action_id": action["id"], "load_filters": True, "toolbar": True},
        )
        if groupby:
            client.call(model, "web_read_group", domain, [], groupby, limit=80)
        else:
            client.call(model, "web_search_read", domain, spec, limit=80, count_limit=10001)

    return (
        f"home: {action['name']}{' (grouped)' if groupby else ''}",
        [
            "/odoo",
            "/web/action/load",
            get_views_path,
            f"/web/dataset/call_kw/{model}/{data_method}",
        ],
        visit,
    )


def _action_search(action, search_view, user_id):
    """The domain and group-by the web client searches with: the action's domain and
    the search view's filters the action's context turns on (`search_default_*`)."""
    from lxml import etree

    evaluate = _evaluator(user_id)
    domain = list(evaluate(action.get("domain")) or [])
    context = evaluate(action.get("context")) or {}
    groupby = []
    arch = etree.fromstring(search_view["arch"]) if search_view else None
    for key, value in context.items():
        if not key.startswith("search_default_") or not value or arch is None:
            continue
        name = key[len("search_default_") :]
        node = arch.find(f".//filter[@name='{name}']")
        if node is None:
            field = arch.find(f".//field[@name='{name}']")
            if field is not None:
                domain.append((name, "=", value))
            continue
        filter_context = evaluate(node.get("context")) or {}
        if filter_context.get("group_by"):
            group_by = filter_context["group_by"]
            groupby.extend([group_by] if isinstance(group_by, str) else group_by)
        elif node.get("domain"):
            domain.extend(evaluate(node.get("domain")) or [])
    return domain, groupby[:1]


def _evaluator(user_id):
    """Evaluates a domain or context of an action or a filter as the web client does."""
    from datetime import date, timedelta

    from dateutil.relativedelta import relativedelta

    from odoo.tools import safe_eval as safe

    values = {
        "uid": user_id,
        "context_today": date.today,
        "datetime": safe.datetime,
        "time": safe.time,
        "timedelta": timedelta,
        "relativedelta": relativedelta,
        "current_date": date.today().isoformat(),
        "allowed_company_ids": [1],
    }

    def evaluate(text):
        if not text or not isinstance(text, str):
            return text
        try:
            return safe.safe_eval(text, dict(values))
        except Exception:  # noqa: BLE001 - a filter the bench cannot evaluate is left out
            return None

    return evaluate


def _list_specification(arch, fields):
    """What the list view reads: its columns, a many2one or many2many with its name."""
    from lxml import etree

    root = etree.fromstring(arch)
    spec = {}
    for node in root.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        name = node.get("name")
        kind = fields.get(name, {}).get("type")
        if not kind:
            continue
        spec[name] = {"fields": {"display_name": {}}} if kind in ("many2one", "many2many") else {}
    return spec


def _portal_pages(registry, client):
    """The portal home, the diary week of the (first) child with marks, the messages."""
    week = client.get("/my/diary").url
    match = re.search(r"/my/diary/(\d+)", week)
    if not match:
        return []
    student_id = int(match.group(1))
    with rolled_back(registry) as env:
        env.cr.execute("SELECT max(date) FROM school_mark WHERE student_id = %s", [student_id])
        day = env.cr.fetchone()[0]
    week_path = f"/my/diary/{student_id}"
    messages_path = f"/my/diary/{student_id}/messages"
    return [
        ("portal home", ["/my/home"], lambda: client.get("/my/home")),
        (
            "diary week",
            [week_path + "?"],
            lambda: client.get(f"{week_path}?date={day}" if day else f"{week_path}?"),
        ),
        ("messages", [messages_path], lambda: client.get(messages_path)),
    ]


# figures -------------------------------------------------------------------------------------
def _rows(login, pages, lines):
    base = server_figures(lines, BASELINE)
    base_s = statistics.median(s for _q, s in base) if base else 0
    rows = []
    for name, paths, _visit in pages:
        requests = []
        for path in paths:
            figures = server_figures(lines, path)
            if not figures:
                requests.append({"path": path, "error": "no request log"})
                continue
            requests.append(
                {
                    "path": path,
                    "median_s": statistics.median(s for _q, s in figures),
                    "queries": int(statistics.median(q for q, _s in figures)),
                    "requests": len(figures),
                }
            )
        seconds = sum(r.get("median_s", 0) for r in requests)
        rows.append(
            {
                "operation": f"page: {login}: {name}",
                "median_s": seconds,
                "queries": sum(r.get("queries", 0) for r in requests),
                "baseline": f"{BASELINE} as {login}",
                "baseline_s": base_s,
                "baseline_queries": int(statistics.median(q for q, _s in base)) if base else 0,
                "ratio": seconds / base_s if base_s else None,
                "role": login,
                "page": name,
                "page_requests": requests,
            }
        )
    return rows
