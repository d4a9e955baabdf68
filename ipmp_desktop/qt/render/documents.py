"""Printable documents of each view, read from a workspace: what the GUI and the CLI print.

:func:`gantt_document` (and its board and roadmap siblings) read what a view shows into sheets,
paginate them with the page setup and return a :class:`Document` ready for any target.
"""

from collections.abc import Collection
from datetime import date

from sqlalchemy.orm import Session

from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.layout.pages import PageSetup
from ipmp_desktop.core.model import Project
from ipmp_desktop.core.services.board import LaneMode, load_board
from ipmp_desktop.core.services.gantt_print import load_gantt_print
from ipmp_desktop.core.services.roadmap_print import load_roadmap_print, roadmap_product_for
from ipmp_desktop.qt.render.board_sheet import board_sheets, columns_across
from ipmp_desktop.qt.render.gantt_sheet import GanttSheet
from ipmp_desktop.qt.render.roadmap_sheet import RoadmapSheet
from ipmp_desktop.qt.render.sheet import Document, body_area, plan_document


def gantt_document(
    session: Session,
    project_id: int,
    setup: PageSetup,
    *,
    only: Collection[int] | None = None,
    baseline_id: int | None = None,
    today: date | None = None,
) -> Document:
    """The Gantt chart of one project, paginated for ``setup``.

    ``only`` limits the rows (the view's shown rows or its selection); None prints all.
    """
    data = load_gantt_print(
        session,
        project_id,
        columns=setup.columns,
        only=only,
        baseline_id=baseline_id,
        date_range=setup.date_range,
        today=today,
    )
    sheet = GanttSheet(data, setup, body_area(setup).width)
    document = Document(
        sheets=[sheet],
        setup=setup,
        project=data.project_name,
        date_range=(data.first_day, data.last_day),
    )
    return plan_document(document)


def board_document(
    session: Session,
    project_id: int,
    setup: PageSetup,
    *,
    lane_mode: LaneMode = LaneMode.NONE,
    split: str = "none",
    only: Collection[int] | None = None,
    today: date | None = None,
) -> Document:
    """The board of one project, paginated for ``setup``.

    ``lane_mode`` groups the cards into swimlanes; ``split`` prints the whole board ("none"),
    one sheet per column ("column") or one per swimlane ("lane"); ``only`` limits the cards
    (the view's filter). Archived cards never print. ``pages_wide`` (and ``pages_tall``)
    shrink the board to fit that many pages; "one page" is ``pages_wide=1, pages_tall=1``;
    ``pages_wide=None`` prints it at full size as a poster of tiles. On a sheet per column the
    cards flow across as many card columns as fit the pages wide, so a long column fills them.

    Raises:
        NotFoundError: the project does not exist.
        ValueError: an unknown ``split`` or ``lane_mode``.
    """
    project = session.get(Project, project_id)
    if project is None:
        raise NotFoundError(f"The project #{project_id} no longer exists (deleted meanwhile?).")
    board = load_board(session, project_id)
    mode = LaneMode(lane_mode)
    across = columns_across(setup, body_area(setup).width, mode != LaneMode.NONE)
    sheets = board_sheets(board, mode, split=split, only=only, today=today, flow=across)
    document = Document(sheets=sheets, setup=setup, project=project.name)
    return plan_document(document)


def roadmap_document(
    session: Session,
    product_id: int,
    setup: PageSetup,
    *,
    today: date | None = None,
) -> Document:
    """The roadmap timeline of one product, paginated for ``setup``.

    The setup's ``date_range`` clips the time axis (None: the whole roadmap in whole months);
    ``pages_wide`` picks the day width that fills that many pages across, ``pages_tall`` then
    shrinks the sheet if it is still too tall; without them ``day_width`` sets the scale.

    Raises:
        NotFoundError: the product does not exist.
    """
    data = load_roadmap_print(session, product_id, date_range=setup.date_range, today=today)
    sheet = RoadmapSheet(data, setup, body_area(setup).width)
    document = Document(
        sheets=[sheet],
        setup=setup,
        project=data.product_name,
        date_range=(sheet.data.first_day, sheet.data.last_day),
    )
    return plan_document(document)


__all__ = [
    "VIEWS",
    "board_document",
    "gantt_document",
    "roadmap_document",
    "roadmap_product_for",
]

VIEWS = ("gantt", "board", "roadmap")
"""The views that print, by the names the CLI and the settings use."""
