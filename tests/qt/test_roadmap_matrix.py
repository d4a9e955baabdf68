"""The value-versus-effort matrix: mouse drags rescore an item in one undo step, Escape cancels,
unscored items are listed and can be dropped onto the plot."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from ipmp_desktop.core.commands import (
    AddTheme,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Task
from ipmp_desktop.core.services.roadmap import load_roadmap
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.board.card_models import encode_ids
from ipmp_desktop.qt.views.roadmap.matrix_view import (
    MatrixCanvas,
    ValueEffortMatrixView,
    axis,
    snap_effort,
    snap_value,
)
from tests.support import dump

LEFT = Qt.MouseButton.LeftButton


@dataclass
class Matrix:
    workspace: Workspace
    controller: UndoController
    view: ValueEffortMatrixView
    ids: dict[str, int]
    opened: list[int] = field(default_factory=list)

    @property
    def canvas(self) -> MatrixCanvas:
        return self.view.canvas

    def stored(self, title: str) -> tuple[int | None, float | None]:
        with self.workspace.reading() as session:
            row = session.execute(
                select(Task.value, Task.effort).where(Task.id == self.ids[title])
            ).one()
        return row.value, row.effort

    def dot(self, title: str) -> QPointF:
        item = next(i for i in self.canvas.items if i.id == self.ids[title])
        return self.canvas.to_point(item.effort or 0, item.value or 0)


@pytest.fixture
def matrix(qtbot, tmp_path) -> Iterator[Matrix]:
    """Product "Shop app" (value/effort scoring): Cart (value 8, effort 2) in Growth, Search
    (value 3, effort 6) in Speed, Cache (no value yet) in Speed."""
    workspace = Workspace.create(tmp_path / "matrix.ipmp")
    project = CreateProject(name="Shop", start=date(2026, 3, 2))
    apply(workspace, project)
    product = CreateProduct(name="Shop app", scoring_model="value_effort")
    apply(workspace, product)
    themes = {}
    for name in ("Growth", "Speed"):
        theme = AddTheme(product_id=product.product_id, name=name)
        apply(workspace, theme)
        themes[name] = theme.theme_id
    ids = {}
    for title, theme_name, value, effort in (
        ("Cart", "Growth", 8, 2.0),
        ("Search", "Speed", 3, 6.0),
        ("Cache", "Speed", None, 1.5),
    ):
        item = CreateRoadmapItem(
            project_id=project.project_id, theme_id=themes[theme_name], title=title
        )
        apply(workspace, item)
        apply(workspace, UpdateTask(task_id=item.task_id, value=value, effort=effort))
        ids[title] = item.task_id
    bus = ChangeBus()
    controller = UndoController(workspace, bus)
    view = ValueEffortMatrixView(controller.push)
    qtbot.addWidget(view)
    state = Matrix(workspace, controller, view, ids)
    view.open_item.connect(state.opened.append)

    def reload(_changes=None) -> None:  # what the roadmap tab does on every ChangeBus report
        with workspace.reading() as session:
            view.set_data(load_roadmap(session, product.product_id))

    bus.changed.connect(reload)
    reload()
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    yield state
    controller.stack.clear()
    workspace.close()


def mouse(canvas: MatrixCanvas, kind: QEvent.Type, point: QPointF) -> None:
    """A real mouse event on the canvas; moves carry the left button held."""
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else LEFT
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else LEFT
    global_point = QPointF(canvas.mapToGlobal(point.toPoint()))
    event = QMouseEvent(
        kind, QPointF(point), global_point, button, held, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(canvas, event)


def drag(canvas: MatrixCanvas, start: QPointF, end: QPointF, *, release: bool = True) -> None:
    mouse(canvas, QEvent.Type.MouseButtonPress, start)
    for step in range(1, 6):  # the pointer passes through on its way
        mouse(canvas, QEvent.Type.MouseMove, start + (end - start) * (step / 5))
    if release:
        mouse(canvas, QEvent.Type.MouseButtonRelease, end)


def test_snapping_and_axes():
    assert [snap_value(v) for v in (-2, 0.4, 6.6)] == [0, 0, 7]
    assert [snap_effort(e) for e in (-1, 0.1, 1.26, 2.74)] == [0.5, 0.5, 1.5, 2.5]
    assert axis(7.2, (1, 2, 2.5, 5)) == (8, 2)
    assert axis(9.6, (1, 2, 5)) == (10, 5)
    assert axis(120, (1, 2, 5)) == (150, 50)


def test_scored_items_are_dots_the_rest_are_listed(matrix: Matrix):
    canvas = matrix.canvas
    assert [i.title for i in canvas.items] == ["Cart", "Search"]
    assert matrix.view.unscored_ids() == [matrix.ids["Cache"]]
    assert canvas.x_axis == (8, 2) and canvas.y_axis == (10, 5)
    assert canvas.item_at(matrix.dot("Search")).id == matrix.ids["Search"]
    assert canvas.item_at(matrix.dot("Search") + QPointF(40, 0)) is None
    assert canvas.quadrant(8, 2) == "Quick wins"
    assert canvas.quadrant(8, 6) == "Big bets"
    assert canvas.quadrant(3, 2) == "Fill-ins"
    assert canvas.quadrant(3, 6) == "Time sinks"
    assert canvas.colors[canvas.items[0].theme_id] != canvas.colors[canvas.items[1].theme_id]
    canvas.grab()  # paints without error


def test_drag_rescores_in_one_undo_step(matrix: Matrix):
    canvas, stack = matrix.canvas, matrix.controller.stack
    before = dump(matrix.workspace)
    target = canvas.to_point(4.5, 9) + QPointF(3, -2)  # a little off: snapped to 4.5 and 9
    drag(canvas, matrix.dot("Search"), target, release=False)
    assert canvas.drag is not None and (canvas.drag.value, canvas.drag.effort) == (9, 4.5)
    canvas.grab()  # the preview paints
    assert matrix.stored("Search") == (3, 6.0)  # nothing written while dragging
    mouse(canvas, QEvent.Type.MouseButtonRelease, target)
    assert matrix.stored("Search") == (9, 4.5)
    assert stack.count() == 1
    search = next(i for i in canvas.items if i.id == matrix.ids["Search"])
    assert (search.value, search.effort) == (9, 4.5)  # shown after the reload
    stack.undo()
    assert dump(matrix.workspace) == before
    assert matrix.stored("Search") == (3, 6.0)
    stack.redo()
    assert matrix.stored("Search") == (9, 4.5)


def test_drag_is_clamped_to_the_axes(matrix: Matrix):
    canvas = matrix.canvas
    corner = canvas.plot_rect().bottomLeft() + QPointF(-30, 30)  # past the origin
    drag(canvas, matrix.dot("Cart"), corner)
    assert matrix.stored("Cart") == (0, 0.5)  # effort stays more than 0


def test_escape_cancels_with_nothing_written(matrix: Matrix, qtbot):
    canvas = matrix.canvas
    before = dump(matrix.workspace)
    end = canvas.to_point(7, 2)
    drag(canvas, matrix.dot("Cart"), end, release=False)
    assert canvas.drag is not None and canvas.drag.active
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.drag is None
    mouse(canvas, QEvent.Type.MouseButtonRelease, end)
    assert matrix.controller.stack.count() == 0
    assert dump(matrix.workspace) == before


def test_click_selects_without_writing_and_opens(matrix: Matrix, qtbot):
    canvas = matrix.canvas
    point = matrix.dot("Cart")
    mouse(canvas, QEvent.Type.MouseButtonPress, point)
    mouse(canvas, QEvent.Type.MouseMove, point + QPointF(1, 0))  # a jitter, not a drag
    mouse(canvas, QEvent.Type.MouseButtonRelease, point + QPointF(1, 0))
    assert canvas.selected == matrix.ids["Cart"]
    assert matrix.controller.stack.count() == 0
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    mouse(canvas, QEvent.Type.MouseButtonDblClick, matrix.dot("Search"))
    assert matrix.opened == [matrix.ids["Cart"], matrix.ids["Search"]]
    matrix.controller.push(UpdateTask(task_id=matrix.ids["Search"], title="Site search"))
    assert canvas.selected == matrix.ids["Cart"]  # kept by task id across the reload


def drag_event(kind, point: QPoint, mime):
    buttons, mods = LEFT, Qt.KeyboardModifier.NoModifier
    if kind is QDropEvent:
        return QDropEvent(QPointF(point), Qt.DropAction.MoveAction, mime, buttons, mods)
    return kind(point, Qt.DropAction.MoveAction, mime, buttons, mods)


def test_dropping_an_unscored_item_scores_it(matrix: Matrix):
    canvas = matrix.canvas
    mime = encode_ids([matrix.ids["Cache"]])
    point = canvas.to_point(1.5, 6).toPoint()
    for kind, spot, accepted in (
        (QDragEnterEvent, QPoint(2, 2), True),
        (QDragMoveEvent, QPoint(2, 2), False),  # off the plot: no drop there
        (QDragMoveEvent, point, True),
    ):
        event = drag_event(kind, spot, mime)
        QApplication.sendEvent(canvas, event)
        assert event.isAccepted() == accepted
    QApplication.sendEvent(canvas, drag_event(QDropEvent, point, mime))
    assert matrix.stored("Cache") == (6, 1.5)
    assert matrix.view.unscored_ids() == []
    assert matrix.controller.stack.count() == 1
    cart = encode_ids([matrix.ids["Cart"]])  # kept: an event does not own its mime data
    scored = drag_event(QDragEnterEvent, point, cart)
    QApplication.sendEvent(canvas, scored)
    assert not scored.isAccepted()  # a scored item moves by dragging its dot


def test_edit_elsewhere_moves_the_dot(matrix: Matrix):
    assert matrix.controller.push(UpdateTask(task_id=matrix.ids["Cache"], value=4))
    cache = next(i for i in matrix.canvas.items if i.id == matrix.ids["Cache"])
    assert (cache.value, cache.effort) == (4, 1.5)
    assert matrix.view.unscored_ids() == []
    assert matrix.controller.push(UpdateTask(task_id=matrix.ids["Cart"], effort=None))
    assert matrix.view.unscored_ids() == [matrix.ids["Cart"]]
