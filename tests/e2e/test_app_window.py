"""The real app in a real X window: keyboard edits, undo/redo, restart, all saved."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from ipmp_desktop.core.db import Workspace
from tests.e2e.conftest import xdotool
from tests.qt.conftest import workspace_path  # noqa: F401 - the same seeded workspace

pytestmark = pytest.mark.e2e


@contextmanager
def running_app(display: str, workspace: Path, settings: Path) -> Iterator[str]:
    """Start the app on ``workspace``; yield its window id; quit it with Ctrl+Q at the end."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ipmp_desktop", str(workspace), "--settings", str(settings)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        title = f"{workspace.name} — IPMP"
        found = xdotool(display, "search", "--sync", "--onlyvisible", "--name", title, timeout=30)
        window = found.splitlines()[0]
        xdotool(display, "windowfocus", "--sync", window)
        time.sleep(0.5)
        yield window
        keys(display, "ctrl+q")
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail("the app did not quit on Ctrl+Q")
        output = process.stdout.read().decode() if process.stdout else ""
        assert process.returncode == 0, output
    finally:
        if process.poll() is None:
            process.kill()


def keys(display: str, *sequence: str) -> None:
    """Press keys through XTEST, like a real keyboard, on the focused window."""
    for key in sequence:
        xdotool(display, "key", "--clearmodifiers", key)
        time.sleep(0.15)


def titles(path: Path) -> list[str]:
    with Workspace.open(path) as workspace, workspace.reading() as session:
        return list(session.execute(text("SELECT title FROM task ORDER BY id")).scalars())


def eventually(check, timeout: float = 10.0) -> None:
    """Wait until ``check()`` is true (the app saves asynchronously to our reads)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting; last task titles: {titles_seen[-1:]}")
        time.sleep(0.1)


titles_seen: list[list[str]] = []


def last_title_is(path: Path, expected: str):
    def check() -> bool:
        titles_seen.append(titles(path))
        return titles_seen[-1][-1] == expected

    return check


def test_type_undo_redo_and_restart(x_display, workspace_path, tmp_path):  # noqa: F811
    settings = tmp_path / "settings.ini"
    with running_app(x_display, workspace_path, settings):
        keys(x_display, "ctrl+2", "End", "Insert")  # the Gantt tab, last row, add a task
        xdotool(x_display, "type", "--delay", "30", "Typed by a person")
        keys(x_display, "Return")
        eventually(last_title_is(workspace_path, "Typed by a person"))
        keys(x_display, "ctrl+z")
        eventually(last_title_is(workspace_path, "New task"))
        keys(x_display, "ctrl+shift+z")
        eventually(last_title_is(workspace_path, "Typed by a person"))
    with running_app(x_display, workspace_path, settings):
        keys(x_display, "ctrl+2", "End", "Delete")
        eventually(lambda: "Typed by a person" not in titles(workspace_path))
        keys(x_display, "ctrl+z")
        eventually(last_title_is(workspace_path, "Typed by a person"))
