"""The benchmarks run (one iteration, on the test database) so they never rot.

Their figures are not checked here: speed is read from `python3 bench/run.py`."""

import json
import subprocess
import sys
from pathlib import Path

from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent


def test_benchmarks_run_and_report_ratios(tmp_path):
    dbname = config["db_name"]
    dbname = dbname[0] if isinstance(dbname, list) else dbname
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--size=small",
            "--iterations=1",
            f"--database={dbname}",
            f"--config={config.rcfile}",
            f"--output={tmp_path}",
            "--load-seconds=3",
            "--load-parents=3",
            "--workers=2",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert "ratio" in result.stdout
    (report,) = tmp_path.glob("small-*.json")
    results = json.loads(report.read_text())["results"]
    assert {row["operation"] for row in results} >= {
        "journal grid: open",
        "journal grid: save 30 marks",
        "period marks: propose whole school",
        "diary week page (HTTP)",
        "summary statement: whole school",
        "timetable: generate the year's lessons",
        "grid save: a lesson's attendance",
        "grid save: a lesson's marks",
        "import: temporary journal",
        "import: lesson plan (КТП)",
    }
    saves = [row for row in results if row["operation"].startswith("grid save: ")]
    assert all(row["rows"] > 0 and row["errors"] == 0 for row in saves), saves
    imports = [row for row in results if row["operation"].startswith("import: ")]
    assert all(row["rows"] > 0 and row["rows_per_s"] > 0 for row in imports), imports
    pages = {row["operation"] for row in results if row["operation"].startswith("page: ")}
    assert {
        "page: teacher: grid: open",
        "page: parent: diary week",
        "page: student: messages",
    } <= pages, pages
    assert any(page.startswith("page: teacher: grid: save ") for page in pages), pages
    assert any(page.startswith("page: deputy: home: ") for page in pages), pages
    (load,) = (row for row in results if row["operation"].startswith("diary week, "))
    assert load["requests"] > 0 and load["errors"] == 0, load
    assert all(row["ratio"] > 0 for row in results)
