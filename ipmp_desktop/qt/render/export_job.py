"""The headless export job behind ``ipmp export``: workspace in, PDF, SVG or PNG out.

It runs with no window: the Qt platform is set to ``offscreen`` here, before the first Qt object
exists, so the job works on a server with no display. Every refusal is one sentence (an
:class:`ExportError`), raised before anything is written.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ipmp_desktop.core.errors import DomainError


class ExportError(DomainError):
    """An export that cannot be done as asked; the message says why in one sentence."""


@dataclass(frozen=True)
class ExportRequest:
    """What ``ipmp export`` was asked for (see :func:`run_export`)."""

    workspace: str
    view: str
    output: Path
    project: str | None = None
    paper: str = "A4"
    landscape: bool = False
    date_from: date | None = None
    date_to: date | None = None
    pages_wide: int | None = 1
    zoom: str | None = None
    whole: bool = False
    dpi: int = 150
    lanes: str | None = None
    split: str = "none"


def ensure_gui_application():
    """A QGuiApplication on the offscreen platform (fonts and painting need one)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(["ipmp-export"])
    return app


def run_export(
    request: ExportRequest, progress: Callable[[int, int], None] | None = None
) -> list[Path]:
    """Export one view of a workspace; returns the files written.

    Raises:
        ExportError: a bad workspace, project, format, paper, date range or output folder.
    """
    from ipmp_desktop.core.layout.pages import PageSetup, paper_name
    from ipmp_desktop.qt.render.documents import VIEWS
    from ipmp_desktop.qt.render.export import Export, ExportFormat

    if request.view not in VIEWS:
        raise ExportError(f"Unknown view '{request.view}'; choose gantt, board or roadmap.")
    try:
        ExportFormat.of(request.output)
        paper = paper_name(request.paper)
    except ValueError as error:
        raise ExportError(str(error)) from None
    folder = request.output.resolve().parent
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    if (request.date_from is None) != (request.date_to is None):
        raise ExportError("Give both --from and --to, or neither.")
    date_range = None
    if request.date_from is not None and request.date_to is not None:
        if request.date_from > request.date_to:
            raise ExportError(
                f"The date range ends ({request.date_to}) before it starts ({request.date_from})."
            )
        date_range = (request.date_from, request.date_to)
    fixed = {}
    if request.zoom is not None:
        from ipmp_desktop.core.layout.timescale import DAY_WIDTH, Zoom

        zooms = {f"{zoom.value}s": zoom for zoom in Zoom}
        if request.zoom not in zooms:
            raise ExportError(f"Unknown zoom '{request.zoom}'; choose one of {', '.join(zooms)}.")
        fixed = {"pages_wide": None, "day_width": DAY_WIDTH[zooms[request.zoom]]}
    try:
        setup = PageSetup(
            paper=paper,
            landscape=request.landscape,
            date_range=date_range,
            pages_wide=request.pages_wide,
            **fixed,
        )
    except ValueError as error:
        raise ExportError(str(error)) from None
    if not 30 <= request.dpi <= 1200:
        raise ExportError("--dpi must be between 30 and 1200.")

    from ipmp_desktop.core.db.workspace import Workspace

    ensure_gui_application()
    workspace = Workspace.open(request.workspace, read_only=True)
    try:
        with workspace.reading() as session:
            document = _document(session, request, setup)
    finally:
        workspace.close()
    return Export(document, request.output, whole=request.whole, dpi=request.dpi).run(progress)


def _document(session, request: ExportRequest, setup):
    from ipmp_desktop.qt.render import documents

    if request.view == "roadmap":
        project_id = _project_id(session, request.project, required=False)
        try:
            product_id = documents.roadmap_product_for(session, request.project, project_id)
        except (ValueError, DomainError) as error:
            raise ExportError(str(error)) from None
        return documents.roadmap_document(session, product_id, setup)
    project_id = _project_id(session, request.project, required=True)
    if request.view == "gantt":
        return documents.gantt_document(session, project_id, setup)
    from ipmp_desktop.core.services.board import LaneMode

    try:
        lanes = LaneMode(request.lanes) if request.lanes else LaneMode.NONE
    except ValueError:
        choices = ", ".join(mode.value for mode in LaneMode)
        raise ExportError(f"Unknown lanes '{request.lanes}'; choose one of {choices}.") from None
    return documents.board_document(
        session, project_id, setup, lane_mode=lanes, split=request.split
    )


def _project_id(session, name: str | None, *, required: bool) -> int | None:
    """The project named (case-insensitively), else the only or most recently opened one;
    None when not ``required`` and nothing matches."""
    from ipmp_desktop.core.errors import NotFoundError
    from ipmp_desktop.core.services.queries import find_project

    try:
        return find_project(session, name)
    except NotFoundError as error:
        if not required:
            return None
        raise ExportError(
            "The workspace has no project to export." if name is None else str(error)
        ) from None
