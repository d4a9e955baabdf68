"""A large import is written off the GUI thread: progress, a live window, Cancel, one undo step.

The file is generated (a few thousand tasks in phases, chained by links) and imported through
the dialog's Import button clicked with the mouse; Cancel is clicked with the mouse too, and
undo/redo go through the main window's actions.
"""

import itertools
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from ipmp_desktop.core.commands import CreateProject
from ipmp_desktop.core.interchange import store
from ipmp_desktop.core.interchange.formats import BY_KEY
from ipmp_desktop.core.interchange.plan import Plan, PlanLink, PlanTask
from ipmp_desktop.core.model import Project, Task
from ipmp_desktop.qt.views.dialogs import import_dialog

PHASES, PER_PHASE = 40, 99
LARGE = PHASES * (PER_PHASE + 1)


@pytest.fixture(scope="module")
def large_file(tmp_path_factory) -> Path:
    """A GanttProject file of 4,000 tasks: 40 phases of 99 tasks, each task linked to the one
    before it in its phase."""
    plan = Plan(name="Large", start=date(2026, 3, 2))
    for phase in range(PHASES):
        plan.tasks.append(PlanTask(f"p{phase}", f"Phase {phase}"))
        for number in range(PER_PHASE):
            key = f"t{phase}-{number}"
            plan.tasks.append(
                PlanTask(
                    key, f"Task {phase}.{number}", parent=f"p{phase}",
                    start=date(2026, 3, 2), duration_days=1 + number % 3,
                )
            )  # fmt: skip
            if number:
                plan.links.append(PlanLink(f"t{phase}-{number - 1}", key))
    path = tmp_path_factory.mktemp("large") / "large.gan"
    path.write_bytes(BY_KEY["gan"].write(plan))
    return path


def counts(window) -> tuple[int, int]:
    """(projects, tasks) in the window's workspace, read with a session of its own."""
    with window.session.workspace.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(Project)),
            session.scalar(select(func.count()).select_from(Task)),
        )


def preview(window, qtbot, path: Path) -> import_dialog.ImportDialog:
    dialog = window.import_file_dialog(str(path))
    qtbot.waitUntil(lambda: not dialog.reading, timeout=60_000)
    assert dialog.import_button.isEnabled(), dialog.error_text()
    return dialog


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the longest time
    the window could not repaint or take a click."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> float:
        self.timer.start()
        started = time.perf_counter()
        self.ticks.append(started)
        return started

    def longest_gap(self, since: float, until: float) -> float:
        moments = [t for t in self.ticks if since <= t < until] + [until]
        return max(later - earlier for earlier, later in itertools.pairwise(moments))


def test_a_large_import_keeps_the_window_live_shows_progress_and_is_one_undo_step(
    window, qtbot, large_file, monkeypatch
):
    threads, seen = [], []
    real_write = import_dialog.write_plan

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_write(*args, **kwargs)

    monkeypatch.setattr(import_dialog, "write_plan", spy)
    before = counts(window)
    dialog = preview(window, qtbot, large_file)
    undo_steps = window.session.undo.stack.count()
    applied: list[float] = []
    window.session.undo.stack.indexChanged.connect(lambda _i: applied.append(time.perf_counter()))
    heartbeat = Heartbeat()
    qtbot.wait(30)
    clicked = heartbeat.start()
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    operation = dialog.operation
    assert operation is not None and operation.running
    assert dialog.busy.isVisible() and dialog.busy.maximum() == store.STEPS
    assert not dialog.import_button.isEnabled() and not dialog.name_edit.isEnabled()
    assert dialog.format_label.text() == f"Writing {LARGE:,} tasks into the workspace…"
    operation.progressed.connect(lambda done, _total: seen.append(dialog.busy.value()))
    qtbot.waitUntil(lambda: bool(applied), timeout=120_000)
    write_seconds = applied[0] - clicked
    gap = heartbeat.longest_gap(clicked, applied[0])
    heartbeat.timer.stop()

    assert threads and threads[0] is not threading.main_thread()
    assert seen and seen == sorted(seen) and seen[-1] == store.STEPS  # the bar moved forward
    # Written on the GUI thread, the window froze for the whole write; now it ticks on.
    assert gap < max(0.35 * write_seconds, 0.1), (gap, write_seconds)
    qtbot.waitUntil(lambda: window.import_report.isVisible(), timeout=20_000)
    assert counts(window) == (before[0] + 1, before[1] + LARGE)
    project_id = window.current_project_id()
    assert window.status_counts.text() == f"{LARGE:,} tasks"
    assert window.session.undo.stack.count() == undo_steps + 1  # one undo step
    assert window.act_undo.text() == "&Undo Import project"

    window.act_undo.trigger()
    assert counts(window) == before
    assert window.project_box.findData(project_id) == -1
    window.act_redo.trigger()
    assert counts(window) == (before[0] + 1, before[1] + LARGE)
    with window.session.workspace.reading() as session:
        assert session.scalar(select(Project.name).where(Project.id == project_id)) == "Large"


def gate_the_write(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Make the import stop after its first thousand task rows (inside its transaction) until
    ``release`` is set; ``writing`` is set when it got there."""
    writing, release = threading.Event(), threading.Event()
    real_write = import_dialog.write_plan

    def gated(*args, progress, **kwargs):
        def watched(done: int, total: int) -> bool:
            if done > 10 and not writing.is_set():
                writing.set()
                release.wait(30)
            return progress(done, total)

        return real_write(*args, progress=watched, **kwargs)

    monkeypatch.setattr(import_dialog, "write_plan", gated)
    return writing, release


def test_cancel_during_the_write_writes_nothing(window, qtbot, large_file, monkeypatch):
    writing, release = gate_the_write(monkeypatch)
    before = counts(window)
    dialog = preview(window, qtbot, large_file)
    imported = []
    dialog.imported.connect(lambda *args: imported.append(args))
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    operation = dialog.operation
    qtbot.waitUntil(writing.is_set, timeout=60_000)
    assert counts(window) == before  # the window reads on; nothing is committed yet
    refusals = []
    window.session.undo.refused.connect(refusals.append)
    assert not window.session.undo.push(CreateProject(name="Meanwhile", start=date(2026, 1, 5)))
    assert refusals == ["Wait until the import is done; nothing was changed."]
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.format_label.text() == "Cancelling the import…"
    release.set()
    qtbot.waitUntil(lambda: not operation.running, timeout=60_000)
    assert operation.state == "cancelled" and imported == []
    assert counts(window) == before
    assert not window.act_undo.isEnabled()
    assert window.session.undo.push(CreateProject(name="After", start=date(2026, 1, 5)))


def test_closing_the_window_during_the_write_cancels_it(
    qtbot, settings, workspace_path, large_file, monkeypatch
):
    from ipmp_desktop.qt.views.main_window import MainWindow

    writing, release = gate_the_write(monkeypatch)
    main = MainWindow(settings)
    qtbot.addWidget(main)
    assert main.open_location(str(workspace_path))
    main.show()
    before = counts(main)
    dialog = preview(main, qtbot, large_file)
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(writing.is_set, timeout=60_000)
    QTimer.singleShot(50, release.set)  # the job goes on only once the close waits for it
    main.close()
    assert main.session is None
    reopened = MainWindow(settings)
    qtbot.addWidget(reopened)
    assert reopened.open_location(str(workspace_path))
    assert counts(reopened) == before
    reopened.close()


def test_a_refusal_and_an_unexpected_error_are_one_sentence_and_write_nothing(
    window, qtbot, large_file, monkeypatch
):
    before = counts(window)
    dialog = preview(window, qtbot, large_file)
    dialog.read_result.plan.tasks[-1].finish = date(2020, 1, 1)  # before its start
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.writing, timeout=60_000)
    assert dialog.error_text() == "Task 'Task 39.98' finishes before it starts."
    assert dialog.isVisible() and dialog.import_button.isEnabled()
    assert not dialog.busy.isVisible() and dialog.name_edit.isEnabled()
    assert counts(window) == before

    dialog.read_result.plan.tasks[-1].finish = None

    def broken(self, session):
        raise RuntimeError("a bug half way through the write")

    monkeypatch.setattr(store.ImportPlan, "_links", broken)  # after the task rows went in
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.writing, timeout=60_000)
    assert dialog.error_text() == (
        "The import stopped on an unexpected error and wrote nothing; "
        "the details are in the log file."
    )
    assert counts(window) == before
    assert not window.act_undo.isEnabled()
