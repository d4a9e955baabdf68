"""The real app in a real X window: keyboard edits, undo/redo, restart, all saved."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from ipmp_desktop.core.db import Workspace
from tests.e2e.conftest import xdotool
from tests.qt.conftest import workspace_path  # noqa: F401 - the same seeded workspace

pytestmark = pytest.mark.e2e


def start_app(display: str, workspace: Path, settings: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ipmp_desktop", str(workspace), "--settings", str(settings)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    window = xdotool(
        display,
        "search",
        "--sync",
        "--onlyvisible",
        "--name",
        f"{workspace.name} — IPMP",
        timeout=30,
    )
    window = window.splitlines()[0]
    xdotool(display, "windowfocus", "--sync", window)
    time.sleep(0.5)
    return process, window


def keys(display: str, window: str, *sequence: str) -> None:
    for key in sequence:
        xdotool(display, "key", "--clearmodifiers", key)  # XTEST: like a real keyboard
        time.sleep(0.25)


def titles(path: Path) -> list[str]:
    with Workspace.open(path) as workspace, workspace.reading() as session:
        return list(session.execute(text("SELECT title FROM task ORDER BY id")).scalars())


def quit_app(display: str, window: str, process: subprocess.Popen) -> None:
    keys(display, window, "ctrl+q")
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the app did not quit on Ctrl+Q")
    assert process.returncode == 0, process.stdout.read().decode() if process.stdout else ""


def test_type_undo_redo_and_restart(x_display, workspace_path, tmp_path):  # noqa: F811
    settings = tmp_path / "settings.ini"
    process, window = start_app(x_display, workspace_path, settings)
    try:
        keys(x_display, window, "End", "Insert")  # last row of the outline, add a task
        xdotool(x_display, "type", "--delay", "30", "Typed by a person")
        keys(x_display, window, "Return")
        time.sleep(0.5)
        assert titles(workspace_path)[-1] == "Typed by a person"
        keys(x_display, window, "ctrl+z")
        time.sleep(0.3)
        assert titles(workspace_path)[-1] == "New task"
        keys(x_display, window, "ctrl+shift+z")
        time.sleep(0.3)
        assert titles(workspace_path)[-1] == "Typed by a person"
        quit_app(x_display, window, process)
    finally:
        if process.poll() is None:
            process.kill()
    process, window = start_app(x_display, workspace_path, settings)
    try:
        keys(x_display, window, "End", "Delete")
        time.sleep(0.5)
        assert "Typed by a person" not in titles(workspace_path)
        keys(x_display, window, "ctrl+z")
        time.sleep(0.3)
        assert titles(workspace_path)[-1] == "Typed by a person"
        quit_app(x_display, window, process)
    finally:
        if process.poll() is None:
            process.kill()
