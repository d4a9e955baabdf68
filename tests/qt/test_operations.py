"""BackgroundOperation: a job in a worker thread, its answer on the GUI thread, exactly once."""

import threading

import pytest

from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.progress import report
from ipmp_desktop.qt.operations import BackgroundOperation, OperationState


def ends(operation: BackgroundOperation) -> list[tuple[str, object, threading.Thread]]:
    seen: list[tuple[str, object, threading.Thread]] = []
    here = threading.current_thread
    operation.succeeded.connect(lambda result: seen.append(("succeeded", result, here())))
    operation.cancelled.connect(lambda: seen.append(("cancelled", None, here())))
    operation.failed.connect(lambda sentence: seen.append(("failed", sentence, here())))
    return seen


def test_the_job_runs_in_another_thread_and_its_result_arrives_on_this_one(qtbot):
    ran_in = []

    def job(progress):
        ran_in.append(threading.current_thread())
        for done in range(4):
            report(progress, done, 3)
        return 42

    operation = BackgroundOperation(job, what="the test")
    seen, steps = ends(operation), []
    operation.progressed.connect(lambda done, total: steps.append((done, total)))
    operation.start()
    assert operation.running
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    qtbot.wait(20)
    assert seen == [("succeeded", 42, threading.main_thread())]
    assert ran_in[0] is not threading.main_thread()
    assert steps == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert operation.state == OperationState.FINISHED and operation.result == 42
    with pytest.raises(RuntimeError):
        operation.start()


def test_cancel_is_seen_by_the_job_at_its_next_check(qtbot):
    waiting, go_on = threading.Event(), threading.Event()

    def job(progress):
        report(progress, 0, 2)
        waiting.set()
        go_on.wait(10)
        report(progress, 1, 2)  # raises Cancelled: the user cancelled meanwhile
        return "written"

    operation = BackgroundOperation(job, what="the test")
    seen = ends(operation)
    operation.start()
    assert waiting.wait(10)
    operation.cancel()
    assert operation.cancel_requested and operation.running
    go_on.set()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert [(name, value) for name, value, _thread in seen] == [("cancelled", None)]
    assert operation.wait(1)


def test_a_refusal_is_its_sentence_and_a_bug_one_sentence_too(qtbot):
    def refused(_progress):
        raise ValidationError("That name is taken.")

    def buggy(_progress):
        raise KeyError("internal")

    first = BackgroundOperation(refused, what="the test")
    second = BackgroundOperation(buggy, what="the export")
    seen = ends(first)
    seen_second = ends(second)
    first.start()
    second.start()
    qtbot.waitUntil(lambda: bool(seen) and bool(seen_second), timeout=10_000)
    assert seen[0][:2] == ("failed", "That name is taken.")
    assert seen_second[0][:2] == (
        "failed",
        "The export stopped on an unexpected error and wrote nothing; "
        "the details are in the log file.",
    )
    assert first.state == second.state == OperationState.FAILED


def test_cancel_before_start_ends_it_without_running_the_job(qtbot):
    ran = []
    operation = BackgroundOperation(lambda progress: ran.append(1), what="the test")
    seen = ends(operation)
    operation.cancel()
    assert [name for name, _v, _t in seen] == ["cancelled"] and ran == []
    assert operation.wait(0)


def test_the_job_ending_inside_the_progress_bar_update_does_not_crash(qtbot):
    """A modal progress dialog runs the event loop inside setValue; the job's end arriving
    there closed and deleted the dialog inside its own setValue (a crash, 1 run in 4)."""
    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtWidgets import QWidget

    from ipmp_desktop.qt.operations import progress_dialog

    class FakeOperation(QObject):
        progressed = Signal(int, int)
        succeeded = Signal(object)
        cancelled = Signal()
        failed = Signal(str)

        def cancel(self) -> None:
            pass

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    operation = FakeOperation()
    dialog = progress_dialog(operation, window, "Export", "Writing…")
    dialog.setMinimumDuration(0)
    dialog.show()
    gone: list[bool] = []
    dialog.destroyed.connect(lambda: gone.append(True))
    # the end is waiting in the queue when the bar moves: setValue's event loop delivers it
    QTimer.singleShot(0, lambda: operation.succeeded.emit(None))
    qtbot.wait(0)
    for done in range(1, 6):
        QTimer.singleShot(0, lambda: operation.succeeded.emit(None))
        operation.progressed.emit(done, 5)
    qtbot.waitUntil(lambda: bool(gone))
    operation.progressed.emit(5, 5)  # a late report reaches nothing
