"""Project-wide pytest rules.

A skipped test is not a passed one: HttpCase and tours are skipped silently by
pytest-odoo without ``--odoo-http`` and by Odoo without Chromium, so any skip fails
the run.
"""

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _skipped:
        terminalreporter.write_line(
            f"FAILED: {len(_skipped)} test(s) skipped; "
            "skipped tests count as failures here:",
            red=True,
        )
        for nodeid in _skipped:
            terminalreporter.write_line("  " + nodeid, red=True)
