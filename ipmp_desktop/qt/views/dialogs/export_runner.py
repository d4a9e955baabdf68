"""Running a long export or print on the GUI thread without freezing it: a slice of pages per
timer tick.

An :class:`~ipmp_desktop.qt.render.export.Export` is a generator of pages. The runner advances
it from a zero-interval QTimer for a few milliseconds at a time, so between slices the event
loop repaints the window and handles the progress dialog's Cancel button. Cancelling closes the
generator, which removes every file the export had begun: nothing is left where the user asked
(a print job is aborted, so nothing half printed reaches the printer).

Painting stays on the GUI thread on purpose: QPainter on a QPdfWriter or QImage is safe in a
worker thread, but the sheets share fonts and metrics built here, and a page takes milliseconds.
"""

import enum
import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ipmp_desktop.qt.render.export import Export, PrintJob

DEFAULT_SLICE_MS = 40
"""Work done per timer tick; short enough that the window still feels live."""


class RunState(enum.StrEnum):
    """Where a runner is: it goes from READY to RUNNING to one of the three ends, once."""

    READY = "ready"
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    FAILED = "failed"


class ExportRunner(QObject):
    """Drives one :class:`Export` to its end, or until cancelled, from the event loop.

    Args:
        export: the job (a file export, or a :class:`PrintJob` for a printer); the runner owns
            its generator from :meth:`start` on.
        parent: the window the progress dialog belongs to (None: no progress dialog).
        slice_ms: milliseconds of painting per tick; 0 paints exactly one page per tick.

    Exactly one of :attr:`finished` (the files written), :attr:`cancelled` or :attr:`failed`
    (a sentence saying why) is emitted, once. Callers must keep a reference to the runner
    until then.
    """

    progressed = Signal(int, int)
    """Pages done, pages in all (after each page)."""
    finished = Signal(list)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(
        self,
        export: Export | PrintJob,
        parent: QWidget | None = None,
        *,
        slice_ms: int = DEFAULT_SLICE_MS,
    ) -> None:
        super().__init__(parent)
        self.export = export
        self.slice_ms = slice_ms
        self.state = RunState.READY
        self.done = 0
        self.total = export.total()
        self.error = ""
        self._steps: Iterator[tuple[int, int]] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self.progress: QProgressDialog | None = None
        if parent is not None:
            self.progress = QProgressDialog(
                f"{export.verb} {export.target_name}…", "Cancel", 0, max(self.total, 1), parent
            )
            self.progress.setWindowTitle("Print" if isinstance(export, PrintJob) else "Export")
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(400)
            self.progress.setAutoClose(False)
            self.progress.setAutoReset(False)
            self.progress.setValue(0)
            self.progress.canceled.connect(self.cancel)

    @property
    def running(self) -> bool:
        """True between :meth:`start` and the end."""
        return self.state is RunState.RUNNING

    def start(self) -> None:
        """Begin on the next turn of the event loop (returns at once)."""
        if self.state is not RunState.READY:
            raise RuntimeError("An export runner runs once.")
        self.state = RunState.RUNNING
        self._steps = self.export.steps()
        self._timer.start()

    def cancel(self) -> None:
        """Stop now and remove whatever was written; no-op once the export has ended."""
        if self.state is RunState.READY:
            self.state = RunState.CANCELLED
            self._close_progress()
            self.cancelled.emit()
            return
        if self.state is not RunState.RUNNING:
            return
        self._timer.stop()
        self.state = RunState.CANCELLED
        if self._steps is not None:
            self._steps.close()  # the export's cleanup deletes its temporary files
        self._close_progress()
        self.cancelled.emit()

    def _tick(self) -> None:
        if self.state is not RunState.RUNNING or self._steps is None:
            return
        deadline = time.monotonic() + self.slice_ms / 1000
        try:
            while True:
                self.done, self.total = next(self._steps)
                self.progressed.emit(self.done, self.total)
                if self.progress is not None:
                    self.progress.setMaximum(max(self.total, 1))
                    self.progress.setLabelText(
                        f"{self.export.verb} {self.export.target_name}: "
                        f"page {self.done} of {self.total}"
                    )
                    self.progress.setValue(self.done)  # may run events, Cancel among them
                if self.state is not RunState.RUNNING:
                    return  # cancelled from a slot or from the progress dialog
                if time.monotonic() >= deadline:
                    break
        except StopIteration:
            self.state = RunState.FINISHED
            self._close_progress()
            self.finished.emit(list(self.export.files))
            return
        except (OSError, ValueError) as error:
            self.state = RunState.FAILED
            self.error = str(error) or "The export could not be written."
            self._close_progress()
            self.failed.emit(self.error)
            return
        except BaseException:
            self.state = RunState.FAILED  # a bug, not a user's problem: the crash reporter
            self._close_progress()  # shows it; the dialog must not wait for a tick forever
            raise
        self._timer.start()

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None


def describe_files(files: list[Path]) -> str:
    """A one-line account of what an export wrote, for a status line."""
    if not files:
        return "Nothing was written."
    if len(files) == 1:
        return f"Exported {files[0]}."
    return f"Exported {len(files)} files: {files[0].name} … {files[-1].name} in {files[0].parent}."
