"""Long jobs off the GUI thread: progress, Cancel, and one result delivered on the GUI thread.

A :class:`BackgroundOperation` runs a core job ``job(progress) -> result`` in a worker thread.
The job is Qt-free: it calls ``progress(done, total)`` between its steps and stops with
:class:`~ipmp_desktop.core.progress.Cancelled` when that answers False, which it does once the
user pressed Cancel (a :class:`threading.Event` set on the GUI thread, read by the worker).
Jobs open their own sessions (a SQLAlchemy engine hands each thread its own connection) and
write in one transaction, so a cancelled or failed job leaves nothing behind.

Exactly one of :attr:`~BackgroundOperation.succeeded` (the job's result),
:attr:`~BackgroundOperation.cancelled` or :attr:`~BackgroundOperation.failed` (one sentence) is
emitted, once, on the GUI thread, where the result is applied (for a write: the applied command
goes on the undo stack as one step; see :meth:`UndoController.run_in_background
<ipmp_desktop.qt.undo.UndoController.run_in_background>`). Cancel is a request: a job past its
last check (committing, say) finishes, and then :attr:`succeeded` is what is emitted.

The cyclic garbage collector is paused while the job runs: a full collection holds the
interpreter lock, so one started by the worker would freeze the GUI thread as well.
"""

import contextlib
import enum
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ipmp_desktop.core.errors import DomainError
from ipmp_desktop.core.progress import Cancelled, Progress
from ipmp_desktop.qt.heap import no_collector_pauses

log = logging.getLogger(__name__)

Job = Callable[[Progress], Any]
"""A core job: runs to its end and returns its result, or raises Cancelled or a DomainError."""


class OperationState(enum.StrEnum):
    """Where an operation is: READY, then RUNNING, then one of the three ends, once."""

    READY = "ready"
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    FAILED = "failed"


def hand_back_to_gui_thread(worker: QObject) -> None:
    """Give a worker object that ran in a worker thread back to the GUI thread; call it from
    the worker thread when the work is done, before the worker's last signals.

    A Python subclass of QObject destroyed in a worker thread waits for the interpreter lock
    inside Qt's destructor while holding Qt's connection lock; a GUI thread that holds the
    interpreter lock and connects anything meanwhile waits for that Qt lock: both hang (seen
    when an import landed while the toolbar updated its Undo button). Owned by the GUI thread,
    the worker's ``deleteLater`` runs there, with the interpreter lock.
    """
    app = QCoreApplication.instance()
    if app is not None and worker.thread() is not app.thread():
        worker.moveToThread(app.thread())


class _Worker(QObject):
    """Runs the job in the worker thread and reports through queued signals."""

    progressed = Signal(int, int)
    done = Signal(object)
    stopped = Signal()
    failed = Signal(str)

    def __init__(self, job: Job, what: str, cancel: threading.Event) -> None:
        super().__init__()
        self.job = job
        self.what = what
        self.cancel = cancel
        self.ended = threading.Event()

    def progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            with no_collector_pauses():
                result = self.job(self.progress)
        except Cancelled:
            self._end(self.stopped)
        except DomainError as error:
            self._end(self.failed, str(error))
        except Exception:  # a bug, or a database that went away: one sentence, details logged
            log.exception("%s failed", self.what)
            self._end(
                self.failed,
                f"{self.what[:1].upper()}{self.what[1:]} stopped on an unexpected error and "
                "wrote nothing; the details are in the log file.",
            )
        else:
            self._end(self.done, result)

    def _end(self, signal, *args: object) -> None:
        """Report the end: the worker first goes back to the GUI thread, to be deleted there."""
        hand_back_to_gui_thread(self)
        self.ended.set()
        signal.emit(*args)


class BackgroundOperation(QObject):
    """One run of one job in a worker thread (see the module's description).

    Args:
        job: the core job; it gets the progress callable and runs in the worker thread, so it
            must not touch widgets or sessions of the GUI thread.
        what: the job in a few words for messages, e.g. "the import".
        parent: owner on the GUI thread.

    Connect to the signals, then call :meth:`start`. Keep a reference until an end is emitted.
    """

    progressed = Signal(int, int)
    """Done, total: as the job last reported."""
    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, job: Job, *, what: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.state = OperationState.READY
        self.result: Any = None
        self.error = ""
        self.done = 0
        self.total = 0
        self._cancel = threading.Event()
        self._worker = _Worker(job, what, self._cancel)
        self._thread: QThread | None = None

    @property
    def running(self) -> bool:
        """True from :meth:`start` until an end is emitted."""
        return self.state is OperationState.RUNNING

    @property
    def cancel_requested(self) -> bool:
        """Whether :meth:`cancel` was called while the job ran."""
        return self._cancel.is_set()

    def start(self) -> None:
        """Start the worker thread now (returns at once).

        The thread belongs to the application, so closing the window that asked neither blocks
        nor destroys a running thread; quitting the application waits for the job to end.
        """
        if self.state is not OperationState.READY:
            raise RuntimeError("A background operation runs once.")
        self.state = OperationState.RUNNING
        app = QCoreApplication.instance()
        thread = QThread(app)
        thread.setObjectName("ipmp-operation")
        worker = self._worker
        thread.worker = worker  # type: ignore[attr-defined]  # alive as long as its thread
        worker.moveToThread(thread)
        worker.progressed.connect(self._progressed)  # queued: the worker lives elsewhere
        worker.done.connect(self._done)
        worker.stopped.connect(self._stopped)
        worker.failed.connect(self._failed)
        # Direct: the thread ends as soon as the job does, even while the GUI thread waits.
        for end in (worker.done, worker.stopped, worker.failed):
            end.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.started.connect(worker.run)
        app.aboutToQuit.connect(thread.wait)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        self._thread = thread
        thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next check; no-op once it has ended."""
        if self.state is OperationState.READY:
            self.state = OperationState.CANCELLED
            self.cancelled.emit()
        elif self.state is OperationState.RUNNING:
            self._cancel.set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the job's code has returned (its answer may still be on its way to the
        GUI thread); True when it has. For closing a workspace under a running job."""
        if self._thread is None:  # never started
            return True
        return self._worker.ended.wait(timeout_s)

    def detach(self) -> None:
        """Stop delivering the job's answer: for an owner going away (a closed workspace)."""
        for signal in (self.succeeded, self.cancelled, self.failed, self.progressed):
            with contextlib.suppress(RuntimeError, TypeError):  # nothing was connected
                signal.disconnect()

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self.state is OperationState.RUNNING:
            self.done, self.total = done, total
            self.progressed.emit(done, total)

    @Slot(object)
    def _done(self, result: object) -> None:
        self.state = OperationState.FINISHED
        self.result = result
        self.succeeded.emit(result)

    @Slot()
    def _stopped(self) -> None:
        self.state = OperationState.CANCELLED
        self.cancelled.emit()

    @Slot(str)
    def _failed(self, sentence: str) -> None:
        self.state = OperationState.FAILED
        self.error = sentence
        self.failed.emit(sentence)


def progress_dialog(
    operation: BackgroundOperation, parent: QWidget, title: str, label: str
) -> QProgressDialog:
    """A window-modal progress dialog for ``operation``: its bar follows the job, its Cancel
    button cancels it, and it closes when the job ends. Shown after 400 ms only, so that a
    quick job does not flash a dialog."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)

    # A modal QProgressDialog runs the event loop inside setValue, where the job's end may
    # arrive: the dialog is then only hidden, and deleted once setValue has returned (deleted
    # inside its own setValue, it crashed the app).
    state = {"busy": False, "closed": False}

    def show_progress(done: int, total: int) -> None:
        if state["closed"]:
            return
        state["busy"] = True
        try:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, total))
        finally:
            state["busy"] = False
        if state["closed"]:
            dialog.deleteLater()

    def cancel() -> None:
        dialog.setLabelText("Cancelling…")
        operation.cancel()

    def close() -> None:
        if state["closed"]:
            return
        state["closed"] = True
        dialog.canceled.disconnect(cancel)
        dialog.hide()
        if not state["busy"]:
            dialog.deleteLater()

    operation.progressed.connect(show_progress)
    dialog.canceled.connect(cancel)
    for end in (operation.succeeded, operation.cancelled, operation.failed):
        end.connect(close)
    return dialog


__all__ = ["BackgroundOperation", "Job", "OperationState", "progress_dialog"]
