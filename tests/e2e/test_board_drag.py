"""A real pointer drags a card from one column to another in the real app under Xvfb."""

import json
import os
import subprocess
import sys
import time
from datetime import date

import pytest
from sqlalchemy import text

from ipmp_desktop.core.commands import CreateProject, CreateTask, apply
from ipmp_desktop.core.db import Workspace
from tests.e2e.conftest import xdotool

pytestmark = pytest.mark.e2e


def column_of(path, title: str) -> str:
    with Workspace.open(path) as workspace, workspace.reading() as session:
        return session.execute(
            text(
                "SELECT c.name FROM task t JOIN board_column c ON c.id = t.column_id "
                "WHERE t.title = :title"
            ),
            {"title": title},
        ).scalar_one()


def _read_line(process: subprocess.Popen, timeout: float) -> str:
    """The first JSON line the app prints (other output is skipped), or "" on timeout/exit."""
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not selector.select(timeout=0.2):
            if process.poll() is not None:
                return ""
            continue
        line = process.stdout.readline()
        if not line or line.startswith("{"):
            return line
    return ""


def test_pointer_drag_moves_card_to_another_column(x_display, tmp_path):
    path = tmp_path / "drag.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="Drag", start=date(2026, 3, 2))
        apply(workspace, project)
        for title in ("Write copy", "Shoot photos", "Build page"):
            apply(workspace, CreateTask(project_id=project.project_id, title=title))
    env = {**os.environ, "DISPLAY": x_display, "QT_QPA_PLATFORM": "xcb"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.e2e.board_app",
            str(path),
            str(tmp_path / "s.ini"),
            "Shoot photos",
            "In progress",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = _read_line(process, timeout=30)
        assert line.startswith("{"), f"the app printed no card position: {line!r}"
        points = json.loads(line)
        (x1, y1), (x2, y2) = points["from"], points["to"]
        xdotool(x_display, "mousemove", "--sync", str(x1), str(y1))
        xdotool(x_display, "mousedown", "1")
        for step in range(1, 13):  # a real drag: several small moves past the drag distance
            x = x1 + (x2 - x1) * step // 12
            y = y1 + (y2 - y1) * step // 12
            xdotool(x_display, "mousemove", str(x), str(y))
            time.sleep(0.04)
        time.sleep(0.3)
        xdotool(x_display, "mouseup", "1")
        deadline = time.monotonic() + 10
        while column_of(path, "Shoot photos") != "In progress":
            assert time.monotonic() < deadline, "the card did not move"
            time.sleep(0.1)
        assert column_of(path, "Write copy") == "To do"
        xdotool(x_display, "key", "ctrl+q")
        process.wait(timeout=20)
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
