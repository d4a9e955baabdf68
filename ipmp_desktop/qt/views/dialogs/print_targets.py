"""What each tab prints: a document builder that reads what the view shows right now.

The print dialog knows nothing about views; it calls ``build(setup, **view_options)``. These
functions make that builder for the Gantt chart, the board and the roadmap, taking from the view
what a print must respect (shown rows, selection, baseline, lanes, filter, product) and reading
the data through ``workspace.reading()``.
"""

from dataclasses import dataclass, field

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.layout.pages import PageSetup
from ipmp_desktop.core.services.board import LaneMode
from ipmp_desktop.qt.render import documents
from ipmp_desktop.qt.render.sheet import Document
from ipmp_desktop.qt.views.board.board_view import BoardView
from ipmp_desktop.qt.views.dialogs.print_dialog import Build
from ipmp_desktop.qt.views.gantt.gantt_view import GanttView
from ipmp_desktop.qt.views.roadmap.roadmap_view import RoadmapView


@dataclass(frozen=True)
class PrintTarget:
    """A view ready to print: its name, its builder and the options it starts with."""

    view: str
    build: Build
    options: dict[str, object] = field(default_factory=dict)


def gantt_target(workspace: Workspace, gantt: GanttView) -> PrintTarget | None:
    """The Gantt chart of the project shown; None when no project is shown.

    Rows "shown" are the table's rows (collapsed summaries hide their children), "selection"
    the selected tasks; the baseline chosen in the view is printed under the bars.
    """
    project_id = gantt.project_id
    if project_id is None:
        return None

    def build(setup: PageSetup) -> Document:
        only: set[int] | None = None
        if setup.rows == "shown":
            only = set(gantt.shown_rows())
        elif setup.rows == "selection":
            only = set(gantt.outline.selected_ids())
            if not only:
                raise ValueError(
                    "No tasks are selected in the Gantt chart: select some, or print all tasks."
                )
        with workspace.reading() as session:
            return documents.gantt_document(
                session, project_id, setup, only=only, baseline_id=gantt.baseline_id
            )

    return PrintTarget("gantt", build)


def board_target(workspace: Workspace, board: BoardView) -> PrintTarget | None:
    """The board of the project shown, starting from its swimlanes; rows "shown" are the
    cards its filter lets through. None when no project is shown."""
    store = board.store
    project_id = store.project_id
    if project_id is None or store.data is None:
        return None

    def build(setup: PageSetup, *, lane_mode: str = "none", split: str = "none") -> Document:
        only: set[int] | None = None
        if setup.rows == "shown" and store.data is not None:
            only = {task_id for task_id, card in store.data.cards.items() if store.visible(card)}
        with workspace.reading() as session:
            return documents.board_document(
                session, project_id, setup, lane_mode=LaneMode(lane_mode), split=split, only=only
            )

    return PrintTarget("board", build, {"lane_mode": str(store.lane_mode)})


def roadmap_target(workspace: Workspace, roadmap: RoadmapView) -> PrintTarget | None:
    """The roadmap timeline of the product shown; None when there is no product."""
    product_id = roadmap.product_id()
    if product_id is None:
        return None

    def build(setup: PageSetup) -> Document:
        with workspace.reading() as session:
            return documents.roadmap_document(session, product_id, setup)

    return PrintTarget("roadmap", build)
