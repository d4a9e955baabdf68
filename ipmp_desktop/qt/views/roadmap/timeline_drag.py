"""A drag on the roadmap timeline, what it would move, and what a drop moved.

A bar dragged in time moves the work linked after it, so other items move too, often in other
themes. While the mouse moves, :class:`TimelineDrag` asks a
:class:`~ipmp_desktop.core.services.roadmap_shift_preview.ShiftPreview` what the drop would do,
and :func:`ghost_shapes` places those items where they would land. After the drop,
:func:`drop_report` compares the roadmap before and after, and a :class:`DropReportBar` says how
many items moved and steps through them.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from ipmp_desktop.core.commands import (
    Command,
    Macro,
    MoveRoadmapItem,
    ShiftRoadmapItem,
    UpdateTask,
)
from ipmp_desktop.core.commands.roadmap_shift import shift_text
from ipmp_desktop.core.layout.roadmap import ItemShape, LaneShape, TimelineLayout
from ipmp_desktop.core.services.roadmap import RoadmapData
from ipmp_desktop.core.services.roadmap_shift_preview import ShiftOutcome, ShiftPreview

REPORT_LISTED = 20
"""How many moved items the report's tooltip names."""


class TimelineDrag:
    """A bar being dragged: ``days`` moved and the lane under the pointer.

    Args:
        finish: the item's finish now (a drag of the right end moves it).
        preview: what drops would move, when the timeline can read the workspace.
    """

    def __init__(
        self,
        layout: TimelineLayout,
        item: ItemShape,
        part: str,
        press: QPointF,
        finish: date | None = None,
    ) -> None:
        self.layout = layout
        self.item = item
        self.part = part
        self.press = QPointF(press)
        self.pos = QPointF(press)
        self.finish = finish
        self.preview: ShiftPreview | None = None

    def days(self) -> int:
        """Calendar days between press and pointer."""
        return self.layout.scale.days(self.pos.x() - self.press.x())

    def lane(self) -> LaneShape | None:
        """The lane a body drag would drop into."""
        return self.layout.lane_at(self.pos.y()) if self.part == "body" else None

    def preview_shape(self) -> ItemShape:
        """Where the bar would be."""
        dx = self.days() * self.layout.scale.day_width
        if self.part == "finish":
            return replace(self.item, x1=max(self.item.x1 + dx, self.item.x0 + 4))
        shape = replace(self.item, x0=self.item.x0 + dx, x1=self.item.x1 + dx)
        lane = self.lane()
        if lane is not None and lane.index != self.item.lane:
            height = self.item.y1 - self.item.y0
            shape = replace(shape, y0=lane.y0 + 4, y1=lane.y0 + 4 + height)
        return shape

    def outcome(self) -> ShiftOutcome | None:
        """What releasing now would move (None: no preview to ask)."""
        if self.preview is None:
            return None
        days = self.days()
        if self.part == "finish":
            if self.finish is None or days == 0:
                return ShiftOutcome(self.item.task_id)
            return self.preview.resize(self.finish + timedelta(days=days))
        return self.preview.shift(days)

    def command(self) -> Command | None:
        """The command for releasing now."""
        task_id = self.item.task_id
        days = self.days()
        if self.part == "finish":
            if days == 0 or self.finish is None:
                return None
            return UpdateTask(task_id=task_id, finish=self.finish + timedelta(days=days))
        commands: list[Command] = []
        lane = self.lane()
        if lane is not None and lane.index != self.item.lane and lane.theme_id is not None:
            commands.append(MoveRoadmapItem(task_id=task_id, theme_id=lane.theme_id))
        if days:
            commands.append(ShiftRoadmapItem(task_id=task_id, days=days))
        if not commands:
            return None
        return commands[0] if len(commands) == 1 else Macro(commands=commands, label="Move item")


def ghost_shapes(chart: TimelineLayout, outcome: ShiftOutcome | None) -> list[ItemShape]:
    """The other items a drag would move, where they would land: their bars moved along their
    rows, flagged when they would be at risk, labelled with how far they move ("+7 d"; an item
    whose start stays, a parent stretched by its children: "finish +7 d"). The label is the
    ghost's marker, drawn beside it so that it never covers the item's own title."""
    if outcome is None:
        return []
    scale = chart.scale
    found = []
    for move in outcome.others():
        shape = chart.item_of(move.task_id)
        if shape is None:
            continue  # not drawn now (no dates yet)
        x0, x1 = scale.x(move.new_start), scale.x(move.new_finish + timedelta(days=1))
        if move.days or move.finish is None:
            label = f"{move.days:+d} d"
        else:
            label = f"finish {(move.new_finish - move.finish).days:+d} d"
        found.append(replace(shape, x0=x0, x1=x1, at_risk=move.at_risk, label=label))
    return found


@dataclass(frozen=True)
class DropReport:
    """What a drop moved: the dragged item (``days`` its start moved) and the ``moved`` others,
    earliest first, ``risky`` of them at risk now and not before."""

    task_id: int
    title: str
    days: int
    moved: tuple[int, ...]
    titles: tuple[str, ...]
    risky: int

    def text(self) -> str:
        """One sentence for the report bar."""
        if self.days:
            what = f"Moved “{self.title}” {shift_text(self.days)}"
        else:
            what = f"Changed “{self.title}”"
        count = len(self.moved)
        others = f"{count} other item{'s' if count != 1 else ''} moved through links"
        risk = f" ({self.risky} now at risk)" if self.risky else ""
        return f"{what}; {others}{risk}."


def drop_report(before: RoadmapData, after: RoadmapData, task_id: int) -> DropReport | None:
    """Compare the roadmap before and after the drop of ``task_id``; None when no other item
    moved (then the dragged bar alone says what happened)."""
    old = {item.id: item for item in before.items}
    dragged_before, dragged = old.get(task_id), after.item(task_id)
    if dragged is None or dragged_before is None:
        return None
    moved = [
        item
        for item in after.items
        if item.id != task_id
        and item.id in old
        and (item.start, item.finish) != (old[item.id].start, old[item.id].finish)
    ]
    if not moved:
        return None
    moved.sort(key=lambda item: (item.start or date.max, item.id))
    days = 0
    if dragged.start is not None and dragged_before.start is not None:
        days = (dragged.start - dragged_before.start).days
    return DropReport(
        task_id=task_id,
        title=dragged.title,
        days=days,
        moved=tuple(item.id for item in moved),
        titles=tuple(item.title for item in moved),
        risky=sum(item.at_risk and not old[item.id].at_risk for item in moved),
    )


class DropReportBar(QFrame):
    """The strip under the timeline after a drop moved other items: the sentence, "Show next"
    (selects and scrolls to the moved items one by one) and a button to close it."""

    show_next = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropReport")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("showMoved")
        self.next_button.setText("Show next")
        self.next_button.clicked.connect(lambda _=False: self.show_next.emit())
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("dismissReport")
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.clicked.connect(lambda _=False: self.dismissed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.hide()

    def show_report(self, report: DropReport, shown: int | None = None) -> None:
        """Say what ``report`` moved; ``shown``: the index of the moved item selected."""
        text = report.text()
        if shown is not None:
            text += f"  Showing {shown + 1} of {len(report.moved)}: “{report.titles[shown]}”."
        self.label.setText(text)
        names = list(report.titles[:REPORT_LISTED])
        if len(report.titles) > REPORT_LISTED:
            names.append(f"… and {len(report.titles) - REPORT_LISTED} more")
        self.label.setToolTip("Moved:\n" + "\n".join(names))
        self.show()
