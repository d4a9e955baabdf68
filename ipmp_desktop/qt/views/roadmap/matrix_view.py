"""The value-versus-effort matrix of a product roadmap: a dot per scored item, dragged to rescore.

x is effort (person-months), y is value. The plot is split at the middle of each axis into
Quick wins (high value, low effort), Big bets (high value, high effort), Fill-ins (low value,
low effort) and Time sinks (low value, high effort). Each dot carries its item's name beside
it, placed by :func:`~ipmp_desktop.core.layout.point_labels.place_point_labels` so that no name
covers a dot or another name (elided, or left to the tooltip, where the dots crowd). Dragging a
dot previews it under the pointer and, on release, pushes one ``UpdateTask`` with the new value
(a whole number) and effort (in halves); Escape drops the drag with nothing written. Items
missing either input are listed under "Not scored"; dragging one of them onto the plot scores
it where it lands.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QMimeData, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import Command, Macro, UpdateTask
from ipmp_desktop.core.layout.point_labels import PointLabel, place_point_labels
from ipmp_desktop.core.services.roadmap import RoadmapData, RoadmapItemRow
from ipmp_desktop.qt.views.board.card_models import CARD_MIME, decode_ids, encode_ids

DOT_RADIUS = 7.0
LABEL_WIDTH = 150.0
"""The widest a dot's name is drawn; longer names are elided (the tooltip has them whole)."""
PLOT_MARGINS = (58.0, 14.0, 18.0, 46.0)  # left, top, right, bottom: room for ticks and titles
NO_THEME_COLOR = "#9e9e9e"
QUADRANTS = (  # (high value, high effort) -> name, tint
    ((True, False), "Quick wins", "#2e7d32"),
    ((True, True), "Big bets", "#1565c0"),
    ((False, False), "Fill-ins", "#757575"),
    ((False, True), "Time sinks", "#c62828"),
)


def axis(needed: float, ladder: tuple[float, ...]) -> tuple[float, float]:
    """(top, tick step) of an axis from 0 that shows ``needed`` in about four ticks, the step a
    ``ladder`` multiple of a power of ten."""
    raw = max(needed, 1e-9) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next((m * magnitude for m in ladder if m * magnitude >= raw), 10 * magnitude)
    return math.ceil(needed / step - 1e-9) * step, step


def snap_value(value: float) -> int:
    """A dragged value: a whole number, 0 or more."""
    return max(0, round(value))


def snap_effort(effort: float) -> float:
    """A dragged effort: in halves, at least one half (an effort is more than 0)."""
    return max(0.5, round(effort * 2) / 2)


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass
class MatrixDrag:
    """A dot being dragged: where it started, where it would land, and whether it has left
    the press point far enough to count as a drag."""

    item: RoadmapItemRow
    press: QPointF
    value: int
    effort: float
    active: bool = False


class MatrixCanvas(QWidget):
    """The plot: axes, quadrants and the dots, all painted in one ``paintEvent``."""

    open_item = Signal(int)

    def __init__(self, push_command: Callable[[Command], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.push_command = push_command
        self.items: list[RoadmapItemRow] = []
        self.colors: dict[int, str] = {}
        self.selected: int | None = None
        self.droppable: set[int] = set()
        """Items that may be dropped on the plot to score them (the unscored ones)."""
        self.drag: MatrixDrag | None = None
        self.x_axis = (10.0, 2.5)
        self.y_axis = (10.0, 2.0)
        self._labels: tuple[tuple, list[PointLabel]] | None = None  # by what they were made for
        self.setMinimumSize(360, 280)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAcceptDrops(True)

    def set_items(self, items: list[RoadmapItemRow], colors: dict[int, str]) -> None:
        """Show the scored ``items`` (value and effort both set), dots in theme ``colors``."""
        self.items = items
        self.colors = colors
        self.x_axis = axis(max([i.effort or 0 for i in items] + [4]) * 1.2, (1, 2, 2.5, 5))
        self.y_axis = axis(max([i.value or 0 for i in items] + [8]) * 1.2, (1, 2, 5))
        ids = {item.id for item in items}
        if self.selected not in ids:
            self.selected = None
        if self.drag is not None and self.drag.item.id not in ids:
            self.drag = None  # the item was unscored or left meanwhile
        self.update()

    # -- geometry --

    def plot_rect(self) -> QRectF:
        """Where the plot area is, in widget pixels."""
        left, top, right, bottom = PLOT_MARGINS
        return QRectF(self.rect()).adjusted(left, top, -right, -bottom)

    def to_point(self, effort: float, value: float) -> QPointF:
        """The pixel of an (effort, value) pair."""
        plot = self.plot_rect()
        x = plot.left() + effort / self.x_axis[0] * plot.width()
        return QPointF(x, plot.bottom() - value / self.y_axis[0] * plot.height())

    def from_point(self, point: QPointF) -> tuple[int, float]:
        """The (value, effort) a dot dropped at ``point`` gets: snapped, within the axes."""
        plot = self.plot_rect()
        effort = (point.x() - plot.left()) / max(plot.width(), 1) * self.x_axis[0]
        value = (plot.bottom() - point.y()) / max(plot.height(), 1) * self.y_axis[0]
        effort = min(snap_effort(effort), math.floor(self.x_axis[0] * 2) / 2)
        return min(snap_value(value), math.floor(self.y_axis[0])), effort

    def quadrant(self, value: float, effort: float) -> str:
        """The quadrant a point lies in (the middle of an axis counts as high)."""
        high = (value >= self.y_axis[0] / 2, effort >= self.x_axis[0] / 2)
        return next(name for key, name, _tint in QUADRANTS if key == high)

    def item_at(self, point: QPointF) -> RoadmapItemRow | None:
        """The topmost dot under ``point`` (the last painted), or None."""
        reach = (DOT_RADIUS + 2) ** 2
        for item in reversed(self.items):
            centre = self.to_point(item.effort or 0, item.value or 0)
            if (centre.x() - point.x()) ** 2 + (centre.y() - point.y()) ** 2 <= reach:
                return item
        return None

    def quadrant_name_rects(self) -> list[QRectF]:
        """Where the quadrants' names are painted."""
        plot = self.plot_rect()
        middle = self.to_point(self.x_axis[0] / 2, self.y_axis[0] / 2)
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetricsF(font)
        found = []
        for (high_value, high_effort), name, _tint in QUADRANTS:
            top = plot.top() if high_value else middle.y()
            width = metrics.horizontalAdvance(name)
            left = (plot.right() - 8 - width) if high_effort else plot.left() + 8
            found.append(QRectF(left, top + 6, width, metrics.height()))
        return found

    def labels(self) -> list[PointLabel]:
        """The names beside the dots, placed so that none covers a dot, another name or a
        quadrant's name; higher-ranked items are served first, so a crowd keeps their names."""
        metrics = QFontMetricsF(self.font())
        points = [self.to_point(i.effort or 0, i.value or 0) for i in self.items]
        key = (
            self.size().toTuple(),
            self.font().toString(),
            tuple((i.id, i.title) for i in self.items),
            tuple((p.x(), p.y()) for p in points),
        )
        if self._labels is None or self._labels[0] != key:
            plot = self.plot_rect()
            placed = place_point_labels(
                [(p.x(), p.y()) for p in points],
                [i.title for i in self.items],
                metrics.horizontalAdvance,
                radius=DOT_RADIUS + 1,
                line_height=metrics.height(),
                bounds=(plot.left() + 2, plot.top() + 2, plot.right() - 2, plot.bottom() - 2),
                max_width=LABEL_WIDTH,
                avoid=[r.getCoords() for r in self.quadrant_name_rects()],
            )
            self._labels = (key, placed)
        return self._labels[1]

    # -- painting --

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        self._paint_quadrants(painter)
        self._paint_axes(painter)
        dragged = self.drag.item.id if self.drag is not None and self.drag.active else None
        for item in self.items:
            self._paint_dot(painter, item, ghost=item.id == dragged)
        self._paint_labels(painter, dragged)
        if dragged is not None and self.drag is not None:
            self._paint_dot(painter, self.drag.item, at=(self.drag.effort, self.drag.value))
        painter.end()

    def _paint_quadrants(self, painter: QPainter) -> None:
        plot = self.plot_rect()
        middle = self.to_point(self.x_axis[0] / 2, self.y_axis[0] / 2)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        for (high_value, high_effort), name, tint in QUADRANTS:
            left = middle.x() if high_effort else plot.left()
            top = plot.top() if high_value else middle.y()
            right = plot.right() if high_effort else middle.x()
            bottom = middle.y() if high_value else plot.bottom()
            area = QRectF(left, top, right - left, bottom - top)
            color = QColor(tint)
            color.setAlpha(18)
            painter.fillRect(area, color)
            color.setAlpha(150)
            painter.setPen(color)
            align = Qt.AlignmentFlag.AlignRight if high_effort else Qt.AlignmentFlag.AlignLeft
            painter.drawText(area.adjusted(8, 6, -8, -6), align | Qt.AlignmentFlag.AlignTop, name)

    def _paint_axes(self, painter: QPainter) -> None:
        plot = self.plot_rect()
        palette = self.palette()
        painter.setFont(self.font())
        grid = QPen(palette.color(QPalette.ColorRole.Midlight), 1, Qt.PenStyle.DotLine)
        text = palette.color(QPalette.ColorRole.Text)
        height = painter.fontMetrics().height()
        top, step = self.x_axis
        for tick in range(round(top / step) + 1):
            x = self.to_point(tick * step, 0).x()
            painter.setPen(grid)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(text)
            label = QRectF(x - 30, plot.bottom() + 3, 60, height)
            painter.drawText(label, Qt.AlignmentFlag.AlignHCenter, _number(tick * step))
        top, step = self.y_axis
        for tick in range(round(top / step) + 1):
            y = self.to_point(0, tick * step).y()
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = QRectF(plot.left() - 40, y - height / 2, 34, height)
            painter.drawText(label, Qt.AlignmentFlag.AlignRight, _number(tick * step))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Dark), 1.5))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        middle = self.to_point(self.x_axis[0] / 2, self.y_axis[0] / 2)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(middle.x(), plot.top()), QPointF(middle.x(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), middle.y()), QPointF(plot.right(), middle.y()))
        painter.setPen(text)
        below = QRectF(plot.left(), plot.bottom() + height + 6, plot.width(), height)
        painter.drawText(below, Qt.AlignmentFlag.AlignHCenter, "Effort (person-months) →")
        painter.save()
        painter.translate(12, plot.center().y())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-plot.height() / 2, 0, plot.height(), height),
            Qt.AlignmentFlag.AlignHCenter,
            "Value →",
        )
        painter.restore()

    def _paint_dot(
        self,
        painter: QPainter,
        item: RoadmapItemRow,
        *,
        ghost: bool = False,
        at: tuple[float, float] | None = None,
    ) -> None:
        effort, value = at if at is not None else (item.effort or 0, item.value or 0)
        centre = self.to_point(effort, value)
        color = QColor(self.colors.get(item.theme_id or -1, NO_THEME_COLOR))
        painter.setOpacity(0.3 if ghost else 1.0)
        ring = item.id == self.selected or at is not None
        outline = self.palette().color(QPalette.ColorRole.Highlight) if ring else color.darker(140)
        painter.setPen(QPen(outline, 2.5 if ring else 1))
        painter.setBrush(color)
        painter.drawEllipse(centre, DOT_RADIUS, DOT_RADIUS)
        painter.setOpacity(1.0)
        if at is not None:
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            label = f"value {value:g} · effort {effort:g}"
            painter.drawText(centre + QPointF(DOT_RADIUS + 4, -DOT_RADIUS), label)

    def _paint_labels(self, painter: QPainter, dragged: int | None) -> None:
        """The dots' names; the selected item's name in bold and, when its dot got no room
        for it, on a plate beside the dot."""
        palette = self.palette()
        painter.setFont(self.font())
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        named = set()
        for label in self.labels():
            item = self.items[label.index]
            named.add(item.id)
            if item.id == dragged:
                continue
            box = QRectF(label.x, label.y, label.width, label.height)
            if item.id == self.selected:
                bold = QFont(self.font())
                bold.setBold(True)
                painter.setFont(bold)
                painter.drawText(
                    box, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextDontClip, label.text
                )
                painter.setFont(self.font())
            else:
                painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, label.text)
        item = next((i for i in self.items if i.id == self.selected), None)
        if item is not None and item.id not in named and self.drag is None:
            centre = self.to_point(item.effort or 0, item.value or 0)
            metrics = QFontMetricsF(self.font())
            plate = QRectF(
                centre.x() + DOT_RADIUS + 4,
                centre.y() - DOT_RADIUS - metrics.height(),
                metrics.horizontalAdvance(item.title) + 8,
                metrics.height() + 2,
            )
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            painter.setBrush(palette.color(QPalette.ColorRole.Base))
            painter.drawRoundedRect(plate, 3, 3)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, item.title)

    # -- mouse and keys --

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        item = self.item_at(event.position())
        self.selected = item.id if item is not None else None
        if item is not None:
            self.drag = MatrixDrag(item, event.position(), item.value or 0, item.effort or 0)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self.drag
        if drag is None:
            return
        moved = (event.position() - drag.press).manhattanLength()
        if not drag.active and moved < QApplication.startDragDistance():
            return
        drag.active = True
        drag.value, drag.effort = self.from_point(event.position())
        QToolTip.showText(
            event.globalPosition().toPoint(),
            f"{drag.item.title}\nValue {drag.value} · effort {_number(drag.effort)}",
            self,
        )
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self.drag = self.drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        QToolTip.hideText()
        self.update()
        if not drag.active:
            return
        value, effort = self.from_point(event.position())
        if (value, effort) != (drag.item.value, drag.item.effort):
            self.push_command(UpdateTask(task_id=drag.item.id, value=value, effort=effort))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.drag = None
        item = self.item_at(event.position())
        if item is not None:
            self.open_item.emit(item.id)

    def cancel_drag(self) -> bool:
        """Drop the drag under way (Escape); True if there was one. Nothing was written."""
        if self.drag is None:
            return False
        self.drag = None
        QToolTip.hideText()
        self.update()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.cancel_drag():
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.open_item.emit(self.selected)
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self.item_at(QPointF(event.pos())) if self.drag is None else None
            if item is None:
                QToolTip.hideText()
                event.ignore()
                return True
            effort = item.effort or 0
            where = self.quadrant(item.value or 0, effort)
            numbers = f"Value {item.value} · effort {_number(effort)} · {where}"
            QToolTip.showText(event.globalPos(), f"{item.title}\n{numbers}", self)
            return True
        return super().event(event)

    # -- scoring an unscored item by dropping it on the plot --

    def _dropped_ids(self, event: QDropEvent) -> list[int] | None:
        """Task ids of a drag that may land here: unscored items of this roadmap only."""
        ids = decode_ids(event.mimeData())
        return ids if ids is not None and set(ids) <= self.droppable else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_ids(event) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._dropped_ids(event) is not None and self.plot_rect().contains(event.position()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        ids = self._dropped_ids(event)
        if ids is None or not self.plot_rect().contains(event.position()):
            return
        value, effort = self.from_point(event.position())
        commands: list[Command] = [UpdateTask(task_id=i, value=value, effort=effort) for i in ids]
        if len(commands) == 1:
            done = self.push_command(commands[0])
        else:
            done = self.push_command(Macro(commands=commands, label="Score items"))
        if done:
            event.acceptProposedAction()


class UnscoredList(QListWidget):
    """Items missing a value or an effort; drags them (as task ids) onto the plot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:
        return encode_ids([item.data(Qt.ItemDataRole.UserRole) for item in items])


class ValueEffortMatrixView(QWidget):
    """The matrix with its legend and the "Not scored" list.

    Args:
        push_command: pushes a command on the undo stack; False when it was refused.

    Call :meth:`set_data` after every reload; the dots move only then.
    """

    open_item = Signal(int)

    def __init__(
        self, push_command: Callable[[Command], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.push_command = push_command
        self.data: RoadmapData | None = None
        self.canvas = MatrixCanvas(push_command, self)
        self.canvas.open_item.connect(self.open_item)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.unscored = UnscoredList(self)
        self.unscored.itemDoubleClicked.connect(self._open_listed)
        self.unscored.installEventFilter(self)
        side = QVBoxLayout()
        side.addWidget(self.legend)
        heading = QLabel("<b>Not scored</b> (drag onto the matrix to score)", self)
        heading.setWordWrap(True)
        side.addWidget(heading)
        side.addWidget(self.unscored, 1)
        panel = QWidget(self)
        panel.setLayout(side)
        panel.setFixedWidth(220)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(panel)

    def set_data(self, data: RoadmapData | None) -> None:
        """Show ``data`` (None: nothing), keeping the selected items selected."""
        self.data = data
        items = data.items if data is not None else []
        colors = {t.id: t.color for t in data.themes} if data is not None else {}
        scored = [i for i in items if i.value is not None and i.effort is not None]
        self.canvas.set_items(scored, colors)
        self.canvas.droppable = {i.id for i in items} - {i.id for i in scored}
        self.legend.setText(
            " ".join(
                f"<span style='color:{t.color}'>●</span>&nbsp;{_escape(t.name, keep=True)}"
                for t in (data.themes if data is not None else [])
            )
        )
        keep = {item.data(Qt.ItemDataRole.UserRole) for item in self.unscored.selectedItems()}
        self.unscored.clear()
        for row in items:
            if row.value is None or row.effort is None:
                missing = " and ".join(
                    name for name, v in (("value", row.value), ("effort", row.effort)) if v is None
                )
                entry = QListWidgetItem(row.title, self.unscored)
                entry.setData(Qt.ItemDataRole.UserRole, row.id)
                entry.setToolTip(f"{row.title}\nNo {missing} yet")
                entry.setSelected(row.id in keep)

    def unscored_ids(self) -> list[int]:
        """The items listed under "Not scored", in rank order."""
        return [
            self.unscored.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.unscored.count())
        ]

    def _open_listed(self, entry: QListWidgetItem) -> None:
        self.open_item.emit(entry.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.unscored and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            current = self.unscored.currentItem()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current is not None:
                self._open_listed(current)
                return True
        return super().eventFilter(watched, event)


def _escape(text: str, *, keep: bool = False) -> str:
    """``text`` as rich text; with ``keep`` it stays on one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace(" ", "&nbsp;") if keep else text
