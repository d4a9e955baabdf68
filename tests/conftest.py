"""Test-wide set-up: Qt runs offscreen unless a test starts its own display; hypothesis runs
derandomized in CI (a fixed, reproducible search) and randomly elsewhere (to find new cases);
in CI a skipped test is a failure (CI installs and starts everything the tests need)."""

import os
import sys

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# skips that say the platform cannot do it at all, not that something is missing
PLATFORM_SKIPS = ("needs SIGKILL",)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """In CI, a test that skips for a missing tool, service or corpus fails instead: a check
    that skips itself there checks nothing."""
    outcome = yield
    report = outcome.get_result()
    if not os.environ.get("CI") or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
    if sys.platform == "win32" and any(text in reason for text in PLATFORM_SKIPS):
        return
    report.outcome = "failed"
    report.longrepr = f"skipped in CI, where nothing may be missing: {reason}"
