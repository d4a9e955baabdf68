"""A cold start pays only for what the window shows: dialogs, printing, data interchange, schema
upgrades and holiday tables are imported when first used, and the hidden Gantt and Roadmap tabs
read their data when first shown. ``ipmp --quit-after-first-paint`` reports the start's cost.

Which modules a start imports can only be seen in a fresh interpreter, so those checks run the
window in a subprocess; the tabs are checked here, through the View menu's actions.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.qt.views.gantt import gantt_view
from ipmp_desktop.qt.views.main_window import MainWindow
from ipmp_desktop.qt.views.roadmap import roadmap_view

ROOT = Path(__file__).resolve().parents[2]

LAZY = (
    "alembic",
    "defusedxml",
    "holidays",
    "icalendar",
    "ipmp_desktop.core.interchange.formats",
    "ipmp_desktop.core.interchange.ical",
    "ipmp_desktop.qt.render.documents",
    "ipmp_desktop.qt.render.export",
    "ipmp_desktop.qt.views.dialogs.about_dialog",
    "ipmp_desktop.qt.views.dialogs.calendar_dialog",
    "ipmp_desktop.qt.views.dialogs.export_data",
    "ipmp_desktop.qt.views.dialogs.import_dialog",
    "ipmp_desktop.qt.views.dialogs.print_dialog",
)
"""Modules the window must not import before they are used."""

SCRIPT = r"""
import json, sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.app import create_application
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.views.main_window import MainWindow
from tests.qt.user_input import answering, press_escape, type_path_and_enter

workspace, folder, lazy = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(",")
report = {}


def note(step):
    report[step] = sorted(name for name in lazy if name in sys.modules)


def wait_for(condition):
    for _ in range(500):
        QApplication.processEvents()
        if condition():
            return
        QTest.qWait(10)
    raise SystemExit(f"timed out at {list(report)}")


app = create_application([sys.argv[0]])
window = MainWindow(AppSettings.at(folder / "settings.ini"))
window.set_workspace(Workspace.open(workspace))
window.show()
QTest.qWaitForWindowExposed(window)
note("shown")

with answering(type_path_and_enter(str(folder / "plan.ics"))):
    window.act_export_data.trigger()
wait_for(lambda: (folder / "plan.ics").exists())  # Export Data writes in the background
report["exported"] = True
note("after export data")

with answering(press_escape):
    window.act_print_preview.trigger()
note("after print preview")

window.act_calendar.trigger()
wait_for(lambda: QApplication.activeModalWidget() is not None)
calendar = QApplication.activeModalWidget()
QTest.mouseClick(calendar.import_button, Qt.MouseButton.LeftButton)
wait_for(lambda: QApplication.activeModalWidget() not in (None, calendar))
country = QApplication.activeModalWidget()
QTest.keyClick(country.focusWidget(), Qt.Key.Key_Return)
wait_for(lambda: "holidays" in sys.modules)
note("after country holidays")
print(json.dumps(report))
"""


def run_python(*args: str, logs: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    if logs is not None:
        env["IPMP_LOG_DIR"] = str(logs)  # never the user's log folder
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cold") / "demo.ipmp"
    generate_demo(path, tasks=80, seed=2)
    return path


def test_start_imports_only_what_the_window_shows(demo: Path, tmp_path: Path) -> None:
    done = run_python("-c", SCRIPT, str(demo), str(tmp_path), ",".join(LAZY))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["shown"] == []
    assert report["exported"]
    interchange = {"icalendar", "ipmp_desktop.core.interchange.ical"}
    assert interchange <= set(report["after export data"])
    printing = {"ipmp_desktop.qt.render.documents", "ipmp_desktop.qt.views.dialogs.print_dialog"}
    assert printing <= set(report["after print preview"])
    assert {"holidays", "ipmp_desktop.qt.views.dialogs.calendar_dialog"} <= set(
        report["after country holidays"]
    )
    # an up-to-date workspace never needs the migration tool
    assert "alembic" not in report["after country holidays"]


def counting(monkeypatch: pytest.MonkeyPatch, module, name: str) -> list[int]:
    """Count the calls of ``module.name`` (a loader a view calls) from now on."""
    calls: list[int] = []
    original = getattr(module, name)

    def counted(session, item_id, *args, **kwargs):
        calls.append(item_id)
        return original(session, item_id, *args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def show_action(window: MainWindow, tab: str):
    return next(a for a in window.view_menu.actions() if a.text() == f"Show {tab}")


def test_hidden_tabs_read_their_data_when_first_shown(qtbot, settings, demo, monkeypatch):
    roadmaps = counting(monkeypatch, roadmap_view, "load_roadmap")
    gantts = counting(monkeypatch, gantt_view, "load_gantt")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(demo))
    window.show()
    qtbot.waitExposed(window)
    assert window.tabs.currentWidget() is window.board_view
    assert window.board_view.store.data is not None  # the board shown is read
    assert (roadmaps, gantts) == ([], [])  # the hidden tabs are not
    roadmap = window.roadmap_view
    assert roadmap.product_box.count() > 0 and "Vision" in roadmap.vision.text()

    show_action(window, "Gantt").trigger()
    assert gantts == [window.current_project_id()]
    assert window.gantt_view.chart.chart is not None and window.gantt_view.rows

    show_action(window, "Roadmap").trigger()
    assert roadmaps == [roadmap.product_id()]
    assert roadmap.data is not None and roadmap.data.product.id == roadmap.product_id()
    assert roadmap.timeline.data is roadmap.data  # the views show what was read

    show_action(window, "Board").trigger()
    other = next(
        window.project_box.itemData(i)
        for i in range(window.project_box.count())
        if window.project_box.itemData(i) != window.current_project_id()
    )
    window.project_box.setCurrentIndex(window.project_box.findData(other))
    assert gantts == [gantts[0]]  # another project while the Gantt is hidden: not read yet
    show_action(window, "Gantt").trigger()
    assert gantts == [gantts[0], other]
    window.close()


def test_quit_after_first_paint_reports_the_start(demo: Path, tmp_path: Path) -> None:
    done = run_python(
        "-m",
        "ipmp_desktop",
        str(demo),
        "--settings",
        str(tmp_path / "settings.ini"),
        "--quit-after-first-paint",
        logs=tmp_path / "logs",
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["project_id"] is not None
    assert 0 < report["first_idle_paint_s"] < 60
    assert 0 < report["cpu_s"] < 60
    assert report["peak_rss_mb"] > 20
    assert report["collector_on"]  # off while starting, on again once the window runs
    assert "--quit-after-first-paint" not in run_python("-m", "ipmp_desktop", "--help").stdout
