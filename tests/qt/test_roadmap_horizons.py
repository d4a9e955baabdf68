"""The Now / Next / Later board: real drop events, keyboard moves, one undo step each, and the
same task edited elsewhere showing on the board."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from sqlalchemy import select

from ipmp_desktop.core.commands import (
    AddTheme,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    CreateTask,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Task
from ipmp_desktop.core.services.roadmap import load_roadmap
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.board.card_models import encode_ids
from ipmp_desktop.qt.views.roadmap.horizon_board import (
    HorizonBoardView,
    RoadmapCardDelegate,
    RoadmapCellView,
)
from tests.support import dump

CTRL = Qt.KeyboardModifier.ControlModifier


@dataclass
class Board:
    workspace: Workspace
    controller: UndoController
    view: HorizonBoardView
    themes: dict[str, int]
    ids: dict[str, int]
    opened: list[int] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    def cell(self, theme: str | None, horizon: str | None) -> RoadmapCellView:
        return self.view.cells[(self.themes[theme] if theme else None, horizon)]

    def titles(self, theme: str | None, horizon: str | None) -> list[str]:
        return [item.title for item in self.cell(theme, horizon).cell_model().items]

    def stored(self, title: str) -> tuple[int | None, str | None]:
        with self.workspace.reading() as session:
            row = session.execute(
                select(Task.theme_id, Task.horizon).where(Task.id == self.ids[title])
            ).one()
        return row.theme_id, row.horizon


@pytest.fixture
def board(qtbot, tmp_path) -> Iterator[Board]:
    """Product "Shop app": Growth (Cart and Checkout now, Search next), Speed (Cache later),
    and "Coupons", a feature under Cart without a theme of its own, unplanned."""
    workspace = Workspace.create(tmp_path / "roadmap.ipmp")
    project = CreateProject(name="Shop", start=date(2026, 3, 2))
    apply(workspace, project)
    product = CreateProduct(name="Shop app")
    apply(workspace, product)
    themes = {}
    for name in ("Growth", "Speed"):
        theme = AddTheme(product_id=product.product_id, name=name)
        apply(workspace, theme)
        themes[name] = theme.theme_id
    ids = {}
    for title, theme_name, horizon in (
        ("Cart", "Growth", "now"),
        ("Checkout", "Growth", "now"),
        ("Search", "Growth", "next"),
        ("Cache", "Speed", "later"),
    ):
        item = CreateRoadmapItem(
            project_id=project.project_id, theme_id=themes[theme_name], title=title, horizon=horizon
        )
        apply(workspace, item)
        ids[title] = item.task_id
    child = CreateTask(
        project_id=project.project_id, title="Coupons", parent_id=ids["Cart"], kind="feature"
    )
    apply(workspace, child)
    ids["Coupons"] = child.task_id
    bus = ChangeBus()
    controller = UndoController(workspace, bus)
    view = HorizonBoardView(controller.push)
    qtbot.addWidget(view)
    state = Board(workspace, controller, view, themes, ids)
    controller.refused.connect(state.refusals.append)
    view.open_item.connect(state.opened.append)

    def reload(_changes=None) -> None:  # what the roadmap tab does on every ChangeBus report
        with workspace.reading() as session:
            view.set_data(load_roadmap(session, product.product_id))

    bus.changed.connect(reload)
    reload()
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    yield state
    controller.stack.clear()
    workspace.close()


def send_drop(view: RoadmapCellView, mime: QMimeData) -> bool:
    """Real QDragEnter / QDragMove / QDrop events in the middle of a cell's viewport; False
    when the cell refuses the drag."""
    viewport = view.viewport()
    point = QPoint(viewport.width() // 2, viewport.height() - 4)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(point, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        return False
    QApplication.sendEvent(
        viewport, QDropEvent(QPointF(point), Qt.DropAction.MoveAction, mime, buttons, mods)
    )
    return True


def dragged(board: Board, *titles: str) -> QMimeData:
    """The payload Qt builds when the selected cards ``titles`` (all in one cell) are dragged."""
    board.view.select_ids([board.ids[t] for t in titles])
    source = board.view.cell_of(board.ids[titles[0]])
    assert source is not None
    return source.model().mimeData(source.selectedIndexes())


def test_rows_per_theme_columns_per_horizon(board: Board, qtmodeltester):
    assert board.titles("Growth", "now") == ["Cart", "Checkout"]
    assert board.titles("Growth", "next") == ["Search"]
    assert board.titles("Speed", "later") == ["Cache"]
    assert board.titles(None, None) == ["Coupons"]  # the "No theme" row, unplanned column
    assert set(board.view.cells) == {
        (theme, horizon)
        for theme in (board.themes["Growth"], board.themes["Speed"], None)
        for horizon in ("now", "next", "later", None)
    }
    assert [board.view.headers[h].text() for h in ("now", "later")] == [
        "<b>Now</b> · 2",
        "<b>Later</b> · 1",
    ]
    for cell in board.view.cells.values():
        qtmodeltester.check(cell.cell_model(), force_py=True)


def test_drop_moves_to_another_horizon_and_theme_in_one_undo_step(board: Board):
    stack = board.controller.stack
    before = dump(board.workspace)
    assert send_drop(board.cell("Speed", "now"), dragged(board, "Search"))
    assert board.stored("Search") == (board.themes["Speed"], "now")
    assert board.titles("Speed", "now") == ["Search"]
    assert board.titles("Growth", "next") == []
    assert board.view.selected_ids() == [board.ids["Search"]]  # selected where it landed
    assert stack.count() == 1
    stack.undo()
    assert dump(board.workspace) == before
    assert board.titles("Growth", "next") == ["Search"]
    assert board.view.selected_ids() == [board.ids["Search"]]
    stack.redo()
    assert board.stored("Search") == (board.themes["Speed"], "now")
    assert board.titles("Speed", "now") == ["Search"]


def test_several_cards_drop_as_one_step(board: Board):
    stack = board.controller.stack
    before = dump(board.workspace)
    payload = dragged(board, "Cart", "Checkout")
    assert send_drop(board.cell("Speed", None), payload)  # to Speed, unplanned
    assert board.stored("Cart") == board.stored("Checkout") == (board.themes["Speed"], None)
    assert board.titles("Speed", None) == ["Cart", "Checkout"]
    assert sorted(board.view.selected_ids()) == sorted([board.ids["Cart"], board.ids["Checkout"]])
    assert stack.count() == 1
    assert stack.undoText() == "Move items"
    stack.undo()
    assert dump(board.workspace) == before
    assert board.titles("Growth", "now") == ["Cart", "Checkout"]
    stack.redo()
    assert board.titles("Speed", None) == ["Cart", "Checkout"]


def test_drop_where_nothing_changes_pushes_nothing(board: Board):
    assert send_drop(board.cell("Growth", "now"), dragged(board, "Cart"))
    assert board.controller.stack.count() == 0
    assert not board.view.handle_drop([9999], board.themes["Speed"], "now")  # stale id
    assert board.controller.stack.count() == 0


def test_no_theme_row_takes_only_items_without_a_theme(board: Board):
    assert not send_drop(board.cell(None, "now"), dragged(board, "Cart"))
    assert board.stored("Cart") == (board.themes["Growth"], "now")
    assert send_drop(board.cell(None, "later"), encode_ids([board.ids["Coupons"]]))
    assert board.stored("Coupons") == (None, "later")
    cells = dict(board.view.cells)
    assert send_drop(board.cell("Speed", "next"), encode_ids([board.ids["Coupons"]]))
    assert board.stored("Coupons") == (board.themes["Speed"], "next")
    assert board.controller.stack.count() == 2
    assert board.view.cells == cells  # no rebuild: a drag's source cell outlives the drop
    assert not board.cell(None, "later").isVisible()  # the "No theme" row hides when empty
    board.controller.stack.undo()
    assert board.cell(None, "later").isVisible()
    assert board.refusals == []


def test_keyboard_moves_between_horizons_and_themes(board: Board, qtbot):
    stack = board.controller.stack
    board.view.select_ids([board.ids["Search"]], focus=True)
    qtbot.keyClick(board.cell("Growth", "next"), Qt.Key.Key_Right, CTRL)
    assert board.stored("Search") == (board.themes["Growth"], "later")
    qtbot.keyClick(board.view.cell_of(board.ids["Search"]), Qt.Key.Key_Down, CTRL)
    assert board.stored("Search") == (board.themes["Speed"], "later")
    assert board.titles("Speed", "later") == ["Cache", "Search"]
    qtbot.keyClick(board.view.cell_of(board.ids["Search"]), Qt.Key.Key_Right, CTRL)
    assert board.stored("Search") == (board.themes["Speed"], None)
    qtbot.keyClick(board.view.cell_of(board.ids["Search"]), Qt.Key.Key_Right, CTRL)  # the end
    qtbot.keyClick(board.view.cell_of(board.ids["Search"]), Qt.Key.Key_Down, CTRL)  # no theme
    assert board.stored("Search") == (board.themes["Speed"], None)
    assert stack.count() == 3
    qtbot.keyClick(board.view.cell_of(board.ids["Search"]), Qt.Key.Key_Up, CTRL)
    qtbot.keyClick(board.view.cell_of(board.ids["Search"]), Qt.Key.Key_Left, CTRL)
    assert board.stored("Search") == (board.themes["Growth"], "later")
    assert stack.count() == 5
    for _ in range(5):
        stack.undo()
    assert board.stored("Search") == (board.themes["Growth"], "next")
    assert board.titles("Growth", "next") == ["Search"]
    # from the "No theme" row, Ctrl+Up goes to the last theme
    board.view.select_ids([board.ids["Coupons"]], focus=True)
    qtbot.keyClick(board.cell(None, None), Qt.Key.Key_Up, CTRL)
    assert board.stored("Coupons") == (board.themes["Speed"], None)


def test_enter_and_double_click_open_the_item(board: Board, qtbot):
    cell = board.cell("Growth", "now")
    board.view.select_ids([board.ids["Checkout"]], focus=True)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert board.opened == [board.ids["Checkout"]]
    point = cell.visualRect(cell.model().index(0, 0)).center()
    qtbot.mouseClick(cell.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(cell.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert board.opened == [board.ids["Checkout"], board.ids["Cart"]]


def test_edit_elsewhere_shows_on_the_board(board: Board):
    """The same task row, edited as any task is (e.g. from the board or the task table)."""
    search = board.ids["Search"]
    board.view.select_ids([search])
    edit = UpdateTask(task_id=search, title="Site search", horizon="later", percent_complete=40)
    assert board.controller.push(edit)
    assert board.titles("Growth", "later") == ["Site search"]
    assert board.titles("Growth", "next") == []
    card = board.cell("Growth", "later").cell_model().items[0]
    assert (card.id, card.percent, card.at_risk) == (search, 40, False)
    assert board.view.selected_ids() == [search]  # the selection follows the task id
    late = UpdateTask(task_id=search, target_date=date(2026, 3, 4))  # before its finish
    assert board.controller.push(late)
    card = board.cell("Growth", "later").cell_model().items[0]
    assert card.at_risk
    cell = board.cell("Growth", "later")
    assert card.risk_reason in cell.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    marker = RoadmapCardDelegate.marker_rect(cell.visualRect(cell.model().index(0, 0)))
    spot = marker.center().toPoint()
    help_event = QHelpEvent(QEvent.Type.ToolTip, spot, cell.viewport().mapToGlobal(spot))
    QApplication.sendEvent(cell.viewport(), help_event)
    assert QToolTip.text() == card.risk_reason  # the marker's tooltip is the reason
    board.controller.stack.undo()
    board.controller.stack.undo()
    assert board.titles("Growth", "next") == ["Search"]


def board_span(board: Board) -> tuple[float, float]:
    """Left edge of the theme names and right edge of the last column, in the scroll area's
    viewport, and the viewport's width."""
    viewport = board.view.scroll.viewport()
    label = next(iter(board.view.theme_labels.values()))
    last = board.cell("Growth", None)
    left = label.mapTo(viewport, QPoint(0, 0)).x()
    right = last.mapTo(viewport, QPoint(last.width(), 0)).x()
    return right - left, viewport.width()


@pytest.mark.parametrize("size", [(1270, 620), (1600, 700)])
def test_the_columns_fill_the_width(board: Board, qtbot, size):
    """In a 1280x800 window the board used 60 % of the width: the columns now stretch."""
    board.view.resize(*size)
    qtbot.waitUntil(lambda: board.view.scroll.viewport().width() > size[0] - 40)
    used, width = board_span(board)
    assert used >= 0.9 * width
    assert used <= width  # and no more: no scrolling sideways
    assert not board.view.scroll.horizontalScrollBar().isVisible()
    now, unplanned = board.cell("Growth", "now"), board.cell("Growth", None)
    assert unplanned.width() < now.width()  # "Unplanned" stays the narrower column
    # the cards widen with their column
    card = now.visualRect(now.model().index(0, 0))
    assert card.width() >= now.viewport().width() - 2


def test_a_narrow_board_keeps_its_columns_readable_and_scrolls(board: Board, qtbot):
    board.view.resize(700, 500)
    qtbot.waitUntil(lambda: board.view.scroll.viewport().width() < 700)
    assert board.cell("Growth", "now").width() >= 230
    assert board.view.scroll.horizontalScrollBar().maximum() > 0
