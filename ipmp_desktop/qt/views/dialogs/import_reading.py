"""Reading an import file off the GUI thread, for the import dialog's preview.

A 10,000-task MS Project file takes a second or more to parse; doing that on the GUI thread would
freeze the window and its Cancel button. :func:`start_reading` runs :func:`read_for_preview` in a
:class:`QThread` and reports through the job's signals, each tagged with the caller's
``generation`` so that a caller can ignore an answer it no longer wants (cancelled, or overtaken
by a newer read after the CSV column mapping changed). Python cannot stop a thread half way, so a
cancelled read runs to its end and its result is dropped; reading never writes anything.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from ipmp_desktop.core.errors import DomainError
from ipmp_desktop.core.interchange.formats import (
    BY_KEY,
    SNIFF_BYTES,
    Format,
    detect,
    read_bytes,
    read_plan,
)
from ipmp_desktop.core.interchange.plan import InterchangeError, Plan
from ipmp_desktop.qt.operations import hand_back_to_gui_thread

log = logging.getLogger(__name__)


@dataclass
class ReadResult:
    """What the preview shows: the format recognised and the plan read.

    For CSV files it also keeps the bytes (so a new column mapping is read again without touching
    the disk), the file's headers and the mapping used (our column -> their header). A CSV file
    whose guessed mapping does not read has no ``plan`` but an ``error`` sentence, so that the
    user can still choose the columns.
    """

    format: Format
    plan: Plan | None
    data: bytes | None = None
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    error: str = ""

    @property
    def is_csv(self) -> bool:
        """Plain CSV (not Jira's): the one format whose columns the user maps by hand."""
        return self.format.key == "csv"


def read_for_preview(
    path: Path, *, mapping: dict[str, str] | None = None, data: bytes | None = None
) -> ReadResult:
    """Read ``path`` as its content says; with ``mapping``, read it as CSV with those columns.

    Args:
        path: the file chosen.
        mapping: our column name -> the file's header; None sniffs the format and, for CSV,
            guesses the mapping (and returns the headers even when that guess does not read).
        data: the file's bytes when already read (a CSV read again with another mapping).

    Raises:
        DomainError: (an ``InterchangeError``) the file cannot be imported; one sentence.
    """
    from ipmp_desktop.core.interchange import csv_format

    if mapping is None:
        try:
            item, plan = read_plan(path)
        except InterchangeError as error:
            data = read_bytes(path)
            if detect(data[:SNIFF_BYTES], path.name).key != "csv":
                raise
            headers = csv_format.csv_headers(data)
            guess = csv_format.guess_mapping(headers)
            return ReadResult(BY_KEY["csv"], None, data, headers, guess, error=str(error))
        if item.key != "csv":
            return ReadResult(item, plan)
        data = read_bytes(path)
        headers = csv_format.csv_headers(data)
        return ReadResult(item, plan, data, headers, csv_format.guess_mapping(headers))
    item = BY_KEY["csv"]
    if data is None:
        data = read_bytes(path)
    plan = csv_format.read_csv(data, path.name, dict(mapping))
    plan.report.source = plan.report.source or path.name
    plan.report.format = plan.report.format or item.name
    return ReadResult(item, plan, data, csv_format.csv_headers(data), dict(mapping))


class PlanReadJob(QObject):
    """One read of one file, run by :func:`start_reading` in its own thread.

    Exactly one of :attr:`succeeded` (generation, :class:`ReadResult`) or :attr:`failed`
    (generation, a sentence) is emitted, once.
    """

    succeeded = Signal(int, object)
    failed = Signal(int, str)

    def __init__(
        self,
        generation: int,
        path: Path,
        *,
        mapping: dict[str, str] | None = None,
        data: bytes | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.path = path
        self.mapping = mapping
        self.data = data

    @Slot()
    def run(self) -> None:
        """Read the file (in the job's thread)."""
        try:
            result = read_for_preview(self.path, mapping=self.mapping, data=self.data)
        except DomainError as error:
            hand_back_to_gui_thread(self)  # deleted there (see the function)
            self.failed.emit(self.generation, str(error))
            return
        except Exception:  # a bug in a reader: log it, but tell the user in one sentence
            log.exception("reading %s for import failed", self.path)
            hand_back_to_gui_thread(self)
            self.failed.emit(
                self.generation,
                f"IPMP could not read {self.path.name} because of an unexpected error; "
                "the details are in the log file.",
            )
            return
        hand_back_to_gui_thread(self)
        self.succeeded.emit(self.generation, result)


def start_reading(job: PlanReadJob) -> QThread:
    """Run ``job`` in a new thread now; the thread and the job delete themselves when done.

    The thread belongs to the application, not to the dialog that asked, so closing that dialog
    while the file is still being read neither blocks nor destroys a running thread; quitting the
    application waits for the read to end. Connect to the job's signals before calling this.
    """
    app = QCoreApplication.instance()
    thread = QThread(app)
    thread.setObjectName("ipmp-import-reader")
    thread.job = job  # type: ignore[attr-defined]  # keeps the job alive as long as its thread
    job.moveToThread(thread)
    thread.started.connect(job.run)
    # Direct: the thread ends as soon as the job does, even while the GUI thread waits for it.
    job.succeeded.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    job.failed.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    app.aboutToQuit.connect(thread.wait)  # quitting mid-read waits for the read, not a crash
    thread.finished.connect(job.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread


__all__ = ["PlanReadJob", "ReadResult", "read_for_preview", "start_reading"]
