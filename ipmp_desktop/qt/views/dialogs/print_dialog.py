"""Print & Export: page setup on the left, a live print preview on the right.

The dialog is view-agnostic: its caller hands it ``build(setup, **view_options)``, which reads
what the view shows and returns a paginated :class:`~ipmp_desktop.qt.render.sheet.Document`.
Every change of an option rebuilds the document after a short pause and repaints the preview
with :func:`~ipmp_desktop.qt.render.export.print_document`, the same function that prints, so
the preview is the print. A setup that cannot print (``PageSetup`` or the builder raising
ValueError) shows its sentence and disables Print and Export; nothing else happens.

Print goes through the system print dialog; Export writes PDF, SVG or PNG. Both run a page per
tick of an :class:`~ipmp_desktop.qt.views.dialogs.export_runner.ExportRunner`, which shows
progress and can be cancelled without leaving a partial file or a half-printed job (painting a
10,000-task chart takes seconds, and the window stays live meanwhile).
"""

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.errors import DomainError
from ipmp_desktop.core.layout.pages import PageSetup
from ipmp_desktop.qt.render.export import Export, PrintJob, page_layout, print_document
from ipmp_desktop.qt.render.sheet import Document
from ipmp_desktop.qt.views.dialogs.export_runner import (
    DEFAULT_SLICE_MS,
    ExportRunner,
    describe_files,
)
from ipmp_desktop.qt.views.dialogs.page_setup_form import VIEW_TITLES, PageSetupForm

Build = Callable[..., Document]
"""``build(setup, **view_options) -> Document``; the board's view options are ``lane_mode``
and ``split``, the other views take none. Raises ValueError (or DomainError) with a sentence."""

REBUILD_DELAY_MS = 250
PREVIEW_LIMIT = 60
"""Pages the preview paints at most: a 10,000-task chart has thousands, and the preview of
every option change must stay quick. Print and Export always take every page."""
EXPORT_FILTERS = {
    "PDF document (*.pdf)": ".pdf",
    "SVG image (*.svg)": ".svg",
    "PNG image (*.png)": ".png",
}


class _PreviewFull(Exception):
    """Raised from the preview's ``new_page`` to stop after :data:`PREVIEW_LIMIT` pages."""


class PrintDialog(QDialog):
    """Page setup, live preview, Print… and Export… for one view's printable document.

    Args:
        build: makes the document for a setup (see :data:`Build`); called on every change.
        view: "gantt", "board" or "roadmap": which options the form shows.
        setup: the setup to start from (the last one used); None: the defaults.
        options: the other remembered choices (:meth:`options` of a previous dialog).
        focus: "preview", "print" or "export": which button is the default.
        parent: the owning window.

    After it closes, :meth:`remembered` gives what to store for next time.
    """

    def __init__(
        self,
        build: Build,
        *,
        view: str,
        setup: PageSetup | None = None,
        options: Mapping[str, object] | None = None,
        focus: str = "preview",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.build = build
        self.view = view
        self.document: Document | None = None
        self.problem = ""
        self.runner: ExportRunner | None = None
        self.export_slice_ms = DEFAULT_SLICE_MS
        self.kept_setup: PageSetup | None = None
        self.folder = str((options or {}).get("folder") or Path.home())
        self.setWindowTitle(f"Print & Export — {VIEW_TITLES[view]}")
        self.resize(1240, 800)
        self.form = PageSetupForm(view, self)
        self.form.setFixedWidth(max(self.form.sizeHint().width(), 380))
        self.preview_printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        self.preview_printer.setFullPage(True)
        self.preview = QPrintPreviewWidget(self.preview_printer, self)
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitInView)
        self.preview.paintRequested.connect(self._paint_preview)
        self.preview.previewChanged.connect(self._update_page_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REBUILD_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._build_layout(focus)
        self.form.set_setup(setup or PageSetup(), options or {})
        self.form.changed.connect(self._schedule)
        self.refresh()

    # -- building --

    def _build_layout(self, focus: str) -> None:
        tools = QHBoxLayout()
        for text, tip, slot in (
            ("Fit Page", "Show whole pages", lambda: self._zoom("page")),
            ("Fit Width", "Fit the page width", lambda: self._zoom("width")),
            ("Zoom Out", "Show the pages smaller", lambda: self._zoom("out")),
            ("Zoom In", "Show the pages larger", lambda: self._zoom("in")),
            ("◀", "Previous page", lambda: self._step_page(-1)),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            tools.addWidget(button)
        self.page_label = QLabel(self)
        tools.addWidget(self.page_label)
        after = QToolButton(self)
        after.setText("▶")
        after.setToolTip("Next page")
        after.clicked.connect(lambda: self._step_page(1))
        tools.addWidget(after)
        tools.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("pageCount")
        tools.addWidget(self.count_label)
        right = QVBoxLayout()
        right.addLayout(tools)
        right.addWidget(self.preview, 1)
        body = QHBoxLayout()
        body.addWidget(self.form)
        body.addLayout(right, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("printMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.print_button = QPushButton("&Print…", self)
        self.export_button = QPushButton("&Export…", self)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_dialog)
        self.export_button.clicked.connect(self.export_dialog)
        self.buttons.rejected.connect(self.reject)
        for button in (self.print_button, self.export_button, self.close_button):
            button.setAutoDefault(False)
        default = {"print": self.print_button, "export": self.export_button}.get(focus)
        if default is not None:
            default.setDefault(True)
            default.setFocus()
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

    # -- the preview --

    def _schedule(self) -> None:
        """An option changed: say at once whether it can print, rebuild after a pause."""
        try:
            self.form.setup()
        except ValueError as error:
            self._timer.stop()
            self._show_problem(str(error))
            return
        self._timer.start()

    def refresh(self) -> None:
        """Build the document for the current options now and repaint the preview."""
        self._timer.stop()
        try:
            setup = self.form.setup()
            document = self.build(setup, **self.form.view_options())
        except (ValueError, DomainError) as error:
            self._show_problem(str(error))
            return
        if document.page_count() == 0:
            self._show_problem("There is nothing to print with these options.")
            return
        self.document = document
        self.kept_setup = setup
        self.problem = ""
        if document.date_range is not None:
            self.form.show_plan_range(*document.date_range)
        self.preview_printer.setPageLayout(page_layout(document))
        self.preview.setEnabled(True)
        self.preview.updatePreview()
        count = document.page_count()
        text = f"{count} page" if count == 1 else f"{count} pages"
        if count > PREVIEW_LIMIT:
            text += f" (the preview shows the first {PREVIEW_LIMIT})"
        self.count_label.setText(text)
        self._say("", error=False)
        self._update_buttons()

    def _catch_up(self) -> None:
        """Build the document now if an option changed during the pause before the rebuild:
        Print or Export pressed right after typing must use what was typed, not the pages
        built before it."""
        if self._timer.isActive():
            self.refresh()

    def _show_problem(self, sentence: str) -> None:
        self.problem = sentence
        self.preview.setEnabled(False)  # greyed: it shows the last setup that printed
        self.count_label.setText("")
        self._say(sentence, error=True)
        self._update_buttons()

    def _paint_preview(self, printer: QPrinter) -> None:
        document = self.document
        if document is None:
            return
        limit = min(PREVIEW_LIMIT, document.page_count())
        painted = 1

        def new_page() -> None:
            nonlocal painted
            if painted >= limit:
                raise _PreviewFull
            printer.newPage()
            painted += 1

        painter = QPainter()
        if not painter.begin(printer):
            return
        try:
            rect = printer.paperRect(QPrinter.Unit.DevicePixel)
            print_document(painter, document, rect, new_page)
        except _PreviewFull:
            pass
        finally:
            painter.end()

    def _zoom(self, how: str) -> None:
        if how == "page":
            self.preview.fitInView()
        elif how == "width":
            self.preview.fitToWidth()
        elif how == "in":
            self.preview.zoomIn()
        else:
            self.preview.zoomOut()

    def _step_page(self, step: int) -> None:
        page = min(max(self.preview.currentPage() + step, 1), max(self.preview.pageCount(), 1))
        self.preview.setCurrentPage(page)

    def _update_page_label(self) -> None:
        count = self.preview.pageCount()
        self.page_label.setText(f"Page {self.preview.currentPage()} of {count}" if count else "")

    def _update_buttons(self) -> None:
        ready = not self.problem and self.document is not None
        busy = self.runner is not None and self.runner.running
        self.print_button.setEnabled(ready and not busy)
        self.export_button.setEnabled(ready and not busy)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet("QLabel#printMessage { color: #c62828; }" if error else "")
        self.message.setText(text)

    # -- printing --

    def prepare_printer(self, printer: QPrinter) -> None:
        """Give ``printer`` the document's paper (we draw the margins ourselves)."""
        assert self.document is not None
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(self.document))
        printer.setDocName(f"{self.document.project} · {VIEW_TITLES[self.view]}")

    def print_dialog(self) -> None:
        """Ask for a printer with the system dialog, then print every page."""
        self._catch_up()
        if self.document is None or self.problem:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.prepare_printer(printer)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> ExportRunner | None:
        """Start printing every page on ``printer`` (already set up) a page per tick, with
        progress and Cancel, as an export runs; returns the running job, or None when it cannot
        start. A printer that refuses the job is told in one sentence."""
        document = self.document
        if document is None or self.problem or (self.runner and self.runner.running):
            return None
        where = printer.printerName() or printer.outputFileName()
        pages = document.page_count()
        runner = ExportRunner(PrintJob(document, printer), self, slice_ms=self.export_slice_ms)
        runner.finished.connect(lambda _files: self._print_ended(f"Sent {pages} pages to {where}."))
        runner.cancelled.connect(
            lambda: self._print_ended("Printing cancelled; nothing was sent to the printer.")
        )
        runner.failed.connect(lambda sentence: self._print_ended(sentence, error=True))
        runner.printer = printer  # type: ignore[attr-defined]  # alive until the job ends
        self.runner = runner
        runner.start()
        self._update_buttons()
        return runner

    def _print_ended(self, text: str, *, error: bool = False) -> None:
        self._say(text, error=error)
        self._update_buttons()
        if error:
            QMessageBox.warning(self, "Print", text)

    # -- exporting --

    def export_dialog(self) -> None:
        """Ask where to export (PDF, SVG or PNG) and export there with progress."""
        self._catch_up()
        if self.document is None or self.problem:
            return
        name = _file_name(f"{self.document.project} {VIEW_TITLES[self.view]}")
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export", str(Path(self.folder) / f"{name}.pdf"), ";;".join(EXPORT_FILTERS)
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in EXPORT_FILTERS.values():
            target = target.with_name(target.name + EXPORT_FILTERS.get(chosen, ".pdf"))
        self.export_to(target)

    def export_to(self, path: Path) -> ExportRunner | None:
        """Start exporting every page to ``path`` (the extension picks the format); returns
        the running job, or None when it cannot start (the reason is shown)."""
        if self.document is None or self.problem or (self.runner and self.runner.running):
            return None
        try:
            export = Export(self.document, path, whole=self.form.whole(), dpi=self.form.dpi())
        except ValueError as error:
            self._say(str(error), error=True)
            return None
        self.folder = str(path.parent)
        runner = ExportRunner(export, self, slice_ms=self.export_slice_ms)
        runner.finished.connect(lambda files: self._export_ended(describe_files(files)))
        runner.cancelled.connect(
            lambda: self._export_ended("Export cancelled; nothing was written.")
        )
        runner.failed.connect(lambda sentence: self._export_ended(sentence, error=True))
        self.runner = runner
        runner.start()
        self._update_buttons()
        return runner

    def _export_ended(self, text: str, *, error: bool = False) -> None:
        self._say(text, error=error)
        self._update_buttons()
        if error:
            QMessageBox.warning(self, "Export", text)

    # -- closing --

    def remembered(self) -> tuple[PageSetup, dict[str, object]] | None:
        """The last setup that printed and the other choices, to store for next time."""
        if self.kept_setup is None:
            return None
        return self.kept_setup, self.options()

    def options(self) -> dict[str, object]:
        """The choices beside the page setup (lanes, sheets, files, export folder)."""
        return {**self.form.options(), "folder": self.folder}

    def done(self, result: int) -> None:
        if self.runner is not None and self.runner.running:
            self.runner.cancel()  # closing the dialog never leaves a half-written file
        self._timer.stop()
        super().done(result)


def _file_name(text: str) -> str:
    """A file name made of ``text`` without characters some systems refuse."""
    return re.sub(r'[\\/:*?"<>|]+', " ", text).strip() or "export"
