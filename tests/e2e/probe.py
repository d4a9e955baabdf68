"""Run ``ipmp`` exactly as the command line does, with a probe that tells an end-to-end test
where things are on screen and what the window shows.

    python -m tests.e2e.probe [IPMP ARGUMENTS...]

The probe only looks: it reads widget geometry and shown text, and never clicks, types or
calls a handler. Everything the test does to the app goes through a real pointer and keyboard
(xdotool on the X server). Each question is one line on stdin, ``KIND ARG...`` with the
arguments as a JSON list (``where ["cell", "Write the brief", "Start"]``); each answer is one
line on stdout, ``@probe `` followed by JSON. ``KIND`` is ``state`` (what the window shows),
``where`` (the screen point of a thing) or ``look`` (the colours the screen shows around a
point); an answer is ``{"error": ...}`` when the thing asked about is not on screen.
"""

import json
import sys
import threading
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRect, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)

from ipmp_desktop.cli import main
from ipmp_desktop.core.layout.gantt import CONNECTOR_OFFSET
from ipmp_desktop.qt.app import create_application
from ipmp_desktop.qt.models.task_outline_model import HEADERS, OutlineColumn
from ipmp_desktop.qt.views.main_window import MainWindow

ANSWER = "@probe "
"""What starts every answer line, so the test can skip whatever else the app prints."""


class NotShown(Exception):
    """The thing asked about is not on screen."""


def _centre(widget: QWidget, rect: QRect | None = None) -> list[int]:
    area = rect if rect is not None else widget.rect()
    point = widget.mapToGlobal(area.center())
    return [point.x(), point.y()]


def _window() -> MainWindow:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    raise NotShown("no main window is shown")


def _rows(window: MainWindow) -> list[dict[str, Any]]:
    model, tree = window.outline_model, window.outline_view.tree
    found, pending = [], [(model.index(r, 0), 0) for r in range(model.rowCount())]
    while pending:
        index, depth = pending.pop(0)
        cells = {
            HEADERS[c].lower(): model.index(index.row(), c, index.parent()).data()
            for c in OutlineColumn
        }
        found.append({**cells, "depth": depth})
        if tree.isExpanded(index):
            kids = [(model.index(r, 0, index), depth + 1) for r in range(model.rowCount(index))]
            pending[0:0] = kids
    return found


def _board(window: MainWindow) -> dict[str, list[str]]:
    board = window.board_view
    data = board.store.data if board is not None else None
    if data is None:
        return {}
    shown: dict[str, list[str]] = {c.name: [] for c in data.columns}
    names = {c.id: c.name for c in data.columns}
    for (_lane, column_id), view in board.cells.items():
        model = view.cell_model()
        shown[names[column_id]] += [data.cards[i].title for i in model.ids]
    return shown


def state() -> dict[str, Any]:
    """What the window shows now."""
    app = QApplication.instance()
    window = _window()
    focus = app.focusWidget()
    modal = app.activeModalWidget()
    return {
        "title": window.windowTitle(),
        "location": window.session.location if window.session else None,
        "welcome": window.pages.currentWidget() is window.welcome,
        "tab": window.tabs.tabText(window.tabs.currentIndex()),
        "projects": [window.project_box.itemText(i) for i in range(window.project_box.count())],
        "project": window.project_box.currentText(),
        "rows": _rows(window),
        "board": _board(window),
        "focus": [type(focus).__name__, focus.objectName()] if focus else None,
        "focus_text": focus.text() if isinstance(focus, QLineEdit) else None,
        "modal": modal.windowTitle() if modal else None,
        "modal_labels": [
            label.text()
            for label in modal.findChildren(QLabel)
            if label.isVisible() and label.text()
        ]
        if modal
        else [],
        "popup": type(app.activePopupWidget()).__name__ if app.activePopupWidget() else None,
        "windows": sorted(
            w.windowTitle() for w in app.topLevelWidgets() if w.isVisible() and w.windowTitle()
        ),
        "status": window.statusBar().currentMessage(),
        "undo": window.act_undo.text(),
        "redo": window.act_redo.text(),
        "hovered_bar": window.gantt_view.chart.hovered if window.gantt_view else None,
    }


def _task_index(window: MainWindow, title: str, column: str):
    model = window.outline_model
    number = next((c for c in OutlineColumn if HEADERS[c] == column), None)
    if number is None:
        raise NotShown(f"the table has no column {column!r}")
    for task_id, row in model.tree.rows.items():
        if row.title == title:
            return model.index_of(task_id, number)
    raise NotShown(f"no row {title!r} in the table")


def _bar(window: MainWindow, title: str):
    chart = window.gantt_view.chart
    task = _task_index(window, title, "Name")
    bar = chart.chart.bar_of(window.outline_model.task_id(task)) if chart.chart else None
    if bar is None:
        raise NotShown(f"{title!r} has no bar")
    return chart, bar


def _viewport_point(chart, x: float, y: float) -> list[int]:
    local = chart.from_chart(QPointF(x, y)).toPoint()
    if not chart.viewport().rect().contains(local):
        raise NotShown(f"chart point ({x:.0f}, {y:.0f}) is scrolled out of view")
    point = chart.viewport().mapToGlobal(local)
    return [point.x(), point.y()]


def where(kind: str, *args: str) -> list[int]:
    """The screen point (global x, y) of a thing shown; see the module docstring."""
    app = QApplication.instance()
    window = _window()
    if kind == "cell":  # a task's cell in the Gantt table: title, column header
        tree = window.outline_view.tree
        rect = tree.visualRect(_task_index(window, *args))
        if not rect.isValid() or not tree.viewport().rect().intersects(rect):
            raise NotShown(f"the cell {args} is not in view")
        return _centre(tree.viewport(), rect)
    if kind == "table":  # the empty part of the Gantt table, below its rows
        viewport = window.outline_view.tree.viewport()
        return _centre(viewport, viewport.rect().adjusted(0, viewport.height() // 2, 0, 0))
    if kind in ("bar", "bar_start"):  # the middle, or a point just inside the start, of a bar
        chart, bar = _bar(window, args[0])
        x = (bar.x0 + bar.x1) / 2 if kind == "bar" else bar.x0 + min(6, (bar.x1 - bar.x0) / 3)
        return _viewport_point(chart, x, bar.mid_y)
    if kind == "connector":  # the centre of a bar's start or finish link connector
        chart, bar = _bar(window, args[0])
        x = bar.x1 + CONNECTOR_OFFSET if args[1] == "finish" else bar.x0 - CONNECTOR_OFFSET
        return _viewport_point(chart, x, bar.mid_y)
    if kind == "tab":
        bar = window.tabs.tabBar()
        for number in range(bar.count()):
            if bar.tabText(number) == args[0]:
                return _centre(bar, bar.tabRect(number))
        raise NotShown(f"no tab {args[0]!r}")
    if kind in ("card", "column", "quick_add"):
        return _board_point(window, kind, args[0])
    if kind == "menu":  # a title in the menu bar
        menu_bar = window.menuBar()
        for action in menu_bar.actions():
            if action.text().replace("&", "") == args[0]:
                return _centre(menu_bar, menu_bar.actionGeometry(action))
        raise NotShown(f"no menu {args[0]!r}")
    if kind == "menu_item":  # an item of the menu that is open
        popup = app.activePopupWidget()
        if not isinstance(popup, QMenu):
            raise NotShown("no menu is open")
        for action in popup.actions():
            if action.text().replace("&", "") == args[0]:
                return _centre(popup, popup.actionGeometry(action))
        raise NotShown(f"the open menu has no item {args[0]!r}")
    if kind == "button":  # a button of the active modal dialog, by its text
        modal = app.activeModalWidget()
        if modal is None:
            raise NotShown("no dialog is open")
        for button in modal.findChildren(QAbstractButton):
            if button.isVisible() and button.text().replace("&", "") == args[0]:
                return _centre(button)
        raise NotShown(f"the dialog has no button {args[0]!r}")
    raise NotShown(f"unknown kind {kind!r}")


def _board_point(window: MainWindow, kind: str, name: str) -> list[int]:
    board = window.board_view
    data = board.store.data
    if data is None:
        raise NotShown("the board shows no project")
    if kind == "card":
        for view in board.cells.values():
            model = view.cell_model()
            for row, task_id in enumerate(model.ids):
                if data.cards[task_id].title == name:
                    return _centre(view.viewport(), view.visualRect(model.index(row)))
        raise NotShown(f"no card {name!r} on the board")
    column = next((c.id for c in data.columns if c.name == name), None)
    if column is None:
        raise NotShown(f"no column {name!r}")
    if kind == "quick_add":
        return _centre(board.quick_adds[column])
    view = next(v for (_lane, c), v in board.cells.items() if c == column)
    viewport = view.viewport()
    return _centre(viewport, viewport.rect().adjusted(0, viewport.height() // 2, 0, 0))


def look(x: int, y: int, radius: int) -> list[str]:
    """The distinct colours the X screen shows in the square of ``radius`` around (x, y): what
    a person would see there, read back from the display server."""
    image = (
        QGuiApplication.primaryScreen()
        .grabWindow(0, x - radius, y - radius, 2 * radius + 1, 2 * radius + 1)
        .toImage()
    )
    return sorted(
        {image.pixelColor(i, j).name() for i in range(image.width()) for j in range(image.height())}
    )


class Probe(QObject):
    """Answers the questions a reader thread hands over, on the GUI thread."""

    asked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.asked.connect(self.answer)

    @Slot(str)
    def answer(self, line: str) -> None:
        kind, _, rest = line.strip().partition(" ")
        try:
            args = json.loads(rest) if rest else []
            if kind == "state":
                reply: Any = state()
            elif kind == "look":
                reply = look(*args)
            else:
                reply = where(*args)
        except (NotShown, StopIteration, TypeError, ValueError) as error:
            reply = {"error": str(error) or type(error).__name__}
        sys.stdout.write(ANSWER + json.dumps(reply) + "\n")
        sys.stdout.flush()

    def listen(self) -> None:
        """Read questions from stdin until it closes (on a thread of its own)."""
        for line in sys.stdin:
            if line.strip():
                self.asked.emit(line)


if __name__ == "__main__":
    create_application(sys.argv[:1])  # the probe's queued answers need the app to exist
    probe = Probe()
    threading.Thread(target=probe.listen, daemon=True).start()
    sys.exit(main(sys.argv[1:]))
