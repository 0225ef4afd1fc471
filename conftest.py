"""Suite-wide rules of the test command.

A skipped test is a failed run: Odoo skips every browser tour without a word when
websocket-client or Chromium is missing, and a tour that did not run proves nothing.
"""

import importlib.util

import pytest


def pytest_configure(config):
    if importlib.util.find_spec("websocket") is None:
        raise pytest.UsageError(
            "websocket-client is missing: Odoo would skip every browser tour. "
            "Install requirements.txt (python3 -m pip install -r requirements.txt)."
        )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.section("skipped tests fail this suite", red=True)
        for report in skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
            terminalreporter.write_line(f"SKIPPED {report.nodeid}: {reason}")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter and reporter.stats.get("skipped") and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
