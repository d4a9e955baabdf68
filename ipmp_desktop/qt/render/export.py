"""Writing a planned :class:`Document` to PDF, SVG, PNG or a printer, one page at a time.

Every target is painted by the same :func:`paint_page`; only the device differs. An export is a
generator of ``(pages done, pages in all)`` so that the GUI can show progress, keep its event
loop running between pages and cancel, while the command line simply runs it to the end.

Files are written beside their final name and moved into place when complete, so a cancelled or
failed export never leaves a half-written file where the user asked for one.

Rasters are bounded: a page image is the paper at the chosen resolution, and a whole-chart image
is scaled down to :data:`MAX_PIXELS`, so no chart, however long, asks for gigabytes of memory.
"""

import enum
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtSvg import QSvgGenerator

from ipmp_desktop.core.layout.pages import MM_PER_INCH, UNITS_PER_INCH
from ipmp_desktop.qt.render.sheet import Document, paint_page, paint_whole

PDF_RESOLUTION = 1200
MAX_PIXELS = 40_000_000
MAX_SIDE = 16_384
DEFAULT_DPI = 150


class ExportFormat(enum.StrEnum):
    PDF = "pdf"
    SVG = "svg"
    PNG = "png"

    @classmethod
    def of(cls, path: Path) -> "ExportFormat":
        """The format a file name asks for; ValueError for any other extension."""
        suffix = path.suffix.lower().lstrip(".")
        try:
            return cls(suffix)
        except ValueError:
            raise ValueError(
                f"Cannot export to '{path.name}': the name must end in .pdf, .svg or .png."
            ) from None


class Cancelled(Exception):
    """The user cancelled an export; nothing was written."""


class Export:
    """One export job. Iterate :meth:`steps` (or call :meth:`run`); :attr:`files` then lists
    what was written.

    Args:
        document: a planned document (``plan_document`` already called).
        path: the file asked for. Several pages of SVG or PNG go to numbered files beside it
            (``plan-01.svg`` …); PDF always holds every page in one file.
        whole: SVG or PNG of each whole sheet instead of pages (PNG scaled to stay bounded).
        dpi: resolution of PNG pages.
    """

    def __init__(
        self, document: Document, path: Path, *, whole: bool = False, dpi: int = DEFAULT_DPI
    ) -> None:
        self.document = document
        self.path = Path(path)
        self.format = ExportFormat.of(self.path)
        self.whole = whole and self.format is not ExportFormat.PDF
        self.dpi = dpi
        self.files: list[Path] = []
        self._pending: list[tuple[Path, Path]] = []

    verb = "Exporting"
    """What the progress dialog says the job is doing."""

    @property
    def target_name(self) -> str:
        """Where the pages go, for the progress dialog."""
        return self.path.name

    def total(self) -> int:
        """Steps the export takes (pages, or sheets for a whole-chart export)."""
        return len(self.document.sheets) if self.whole else self.document.page_count()

    def run(self, progress: Callable[[int, int], None] | None = None) -> list[Path]:
        """Export to the end; returns the files written."""
        for done, total in self.steps():
            if progress is not None:
                progress(done, total)
        return self.files

    def steps(self) -> Iterator[tuple[int, int]]:
        """Paint one page (or sheet) per step. Closing the generator early cancels the export
        and removes what was written so far."""
        finished = False
        try:
            if self.format is ExportFormat.PDF:
                yield from self._pdf()
            elif self.whole:
                yield from self._whole()
            else:
                yield from self._pages()
            finished = True
        finally:
            if finished:
                for temporary, final in self._pending:
                    os.replace(temporary, final)
                    self.files.append(final)
            else:
                for temporary, _final in self._pending:
                    temporary.unlink(missing_ok=True)
            self._pending = []

    # -- targets --

    def _target(self, final: Path) -> Path:
        temporary = final.with_name(f".{final.name}.part")
        self._pending.append((temporary, final))
        return temporary

    def _numbered(self, count: int) -> list[Path]:
        if count == 1:
            return [self.path]
        digits = len(str(count))
        stem, suffix = self.path.stem, self.path.suffix
        return [self.path.with_name(f"{stem}-{n:0{digits}d}{suffix}") for n in range(1, count + 1)]

    def _pdf(self) -> Iterator[tuple[int, int]]:
        document = self.document
        total = document.page_count()
        writer = QPdfWriter(str(self._target(self.path)))
        writer.setResolution(PDF_RESOLUTION)
        writer.setCreator("IPMP desktop")
        writer.setTitle(f"{document.project} · {document.sheets[0].title}")
        writer.setPageLayout(_page_layout(document))
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"Cannot write {self.path}.")
        factor = PDF_RESOLUTION / UNITS_PER_INCH
        try:
            for number in range(total):
                if number:
                    writer.newPage()
                painter.save()
                painter.scale(factor, factor)
                paint_page(painter, document, number)
                painter.restore()
                yield number + 1, total
        finally:
            painter.end()

    def _pages(self) -> Iterator[tuple[int, int]]:
        document = self.document
        total = document.page_count()
        width, height = document.setup.paper_size()
        for number, final in enumerate(self._numbered(total)):
            target = self._target(final)
            if self.format is ExportFormat.SVG:
                _write_svg(target, width, height, lambda p, n=number: paint_page(p, document, n))
            else:
                factor = self.dpi / UNITS_PER_INCH
                image = _blank(round(width * factor), round(height * factor), self.dpi)
                painter = QPainter(image)
                painter.scale(factor, factor)
                paint_page(painter, document, number)
                painter.end()
                _save_png(image, target)
            yield number + 1, total

    def _whole(self) -> Iterator[tuple[int, int]]:
        sheets = self.document.sheets
        for number, final in enumerate(self._numbered(len(sheets))):
            sheet = sheets[number]
            width = sheet.left_width + sheet.body_width
            height = sheet.top_height + sheet.body_height
            target = self._target(final)
            if self.format is ExportFormat.SVG:
                _write_svg(target, width, height, lambda p, s=sheet: paint_whole(p, s))
            else:
                factor = min(
                    1.0,
                    MAX_SIDE / width,
                    MAX_SIDE / height,
                    (MAX_PIXELS / max(width * height, 1.0)) ** 0.5,
                )
                image = _blank(max(int(width * factor), 1), max(int(height * factor), 1), 96)
                painter = QPainter(image)
                painter.scale(factor, factor)
                paint_whole(painter, sheet)
                painter.end()
                _save_png(image, target)
            yield number + 1, len(sheets)


class PrintJob:
    """Printing a document on a printer page by page: the shape of :class:`Export`, so that
    the same runner drives it from the event loop with progress and Cancel.

    Args:
        document: a planned document.
        printer: set up already (paper, printer or output file); printing starts with the
            first step. Cancelling (closing the generator early) aborts the printer's job, and
            removes the file of a printer that prints to a file.
    """

    verb = "Printing"

    def __init__(self, document: Document, printer: QPrinter) -> None:
        self.document = document
        self.printer = printer
        self.files: list[Path] = []

    @property
    def target_name(self) -> str:
        """The printer's name (or the file it prints to), for the progress dialog."""
        return self.printer.printerName() or Path(self.printer.outputFileName()).name

    def total(self) -> int:
        """Pages to print."""
        return self.document.page_count()

    def steps(self) -> Iterator[tuple[int, int]]:
        """Print one page per step.

        Raises:
            OSError: the printer refused to start the job (one sentence).
        """
        printer, document = self.printer, self.document
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("The printer could not start the job; check that it is ready.")
        total = document.page_count()
        rect = printer.paperRect(QPrinter.Unit.DevicePixel)
        finished = False
        try:
            for number in range(total):
                if number:
                    printer.newPage()
                _paint_page_on(painter, document, number, rect)
                yield number + 1, total
            finished = True
        finally:
            if not finished:
                printer.abort()  # nothing half printed reaches the printer
            painter.end()
            if not finished and printer.outputFileName():
                Path(printer.outputFileName()).unlink(missing_ok=True)  # "print to file"


def _paint_page_on(painter: QPainter, document: Document, number: int, page_rect: QRectF) -> None:
    """Paint page ``number`` scaled to ``page_rect`` (the paper in device pixels)."""
    width, _height = document.setup.paper_size()
    factor = page_rect.width() / width
    painter.save()
    painter.translate(page_rect.topLeft())
    painter.scale(factor, factor)
    paint_page(painter, document, number)
    painter.restore()


def print_document(painter: QPainter, document: Document, page_rect: QRectF, new_page) -> None:
    """Paint every page for a printer or a print preview: ``page_rect`` is the paper in device
    pixels and ``new_page()`` advances to the next sheet of paper."""
    for number in range(document.page_count()):
        if number:
            new_page()
        _paint_page_on(painter, document, number, page_rect)


def page_layout(document: Document) -> QPageLayout:
    """The paper of a document as Qt knows it (margins are drawn by us, so none here)."""
    return _page_layout(document)


def _page_layout(document: Document) -> QPageLayout:
    width, height = document.setup.paper_size()
    size_mm = QSizeF(
        min(width, height) / UNITS_PER_INCH * MM_PER_INCH,
        max(width, height) / UNITS_PER_INCH * MM_PER_INCH,
    )
    orientation = (
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(
        QPageSize(size_mm, QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.FuzzyMatch),
        orientation,
        QMarginsF(0, 0, 0, 0),
    )


def _write_svg(target: Path, width: float, height: float, paint) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(target))
    generator.setSize(QSize(round(width), round(height)))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setResolution(round(UNITS_PER_INCH))
    generator.setTitle("IPMP desktop export")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"Cannot write {target}.")
    painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
    paint(painter)
    painter.end()


def _blank(width: int, height: int, dpi: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def _save_png(image: QImage, target: Path) -> None:
    if not image.save(str(target), "PNG"):
        raise OSError(f"Cannot write {target}.")
