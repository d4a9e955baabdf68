"""The preview of a plan read from a file: what it holds, how it will be mapped, its first tasks.

The preview shows a plan before anything is written, so the user can check that the file was
understood (the outline, the dates) and read what will be mapped or dropped. Only the first
:data:`PREVIEW_TASKS` tasks go into the tree: enough to judge, and quick even for 10,000 tasks.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.interchange.plan import Plan, PlanTask

PREVIEW_TASKS = 200
"""How many tasks (in outline order) the tree shows."""

TREE_HEADERS = ("Task", "Start", "Finish", "Duration")
KEY_ROLE = Qt.ItemDataRole.UserRole


def _plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {nouns or noun + 's'}"


def plan_counts(plan: Plan) -> str:
    """One line saying what the plan holds, e.g. "12 tasks (2 milestones, 3 summaries), 9 links"."""
    parents = {task.parent for task in plan.tasks if task.parent is not None}
    milestones = sum(1 for task in plan.tasks if task.kind == "milestone")
    summaries = sum(1 for task in plan.tasks if task.key in parents)
    kinds = [
        text
        for count, text in (
            (milestones, _plural(milestones, "milestone")),
            (summaries, _plural(summaries, "summary", "summaries")),
        )
        if count
    ]
    tasks = _plural(len(plan.tasks), "task")
    if kinds:
        tasks += f" ({', '.join(kinds)})"
    parts = [tasks, _plural(len(plan.links), "link")]
    holidays = len(plan.calendar.holidays) if plan.calendar else 0
    for count, noun in (
        (len(plan.resources), "resource"),
        (holidays, "holiday"),
        (len(plan.baselines), "baseline"),
        (len(plan.columns), "board column"),
    ):
        if count:
            parts.append(_plural(count, noun))
    return ", ".join(parts)


def duration_text(task: PlanTask, summary: bool) -> str:
    """What the Duration column shows: working days, "milestone", or nothing for a summary."""
    if task.kind == "milestone":
        return "milestone"
    if summary:
        return ""
    return f"{task.duration_days} d"


class ImportPreview(QWidget):
    """Counts, the first tasks as a tree, and the mapped and dropped notes of one plan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("importCounts")
        self.counts_label.setWordWrap(True)
        self.task_tree = QTreeWidget(self)
        self.task_tree.setObjectName("importTasks")
        self.task_tree.setHeaderLabels(TREE_HEADERS)
        self.task_tree.setUniformRowHeights(True)
        self.task_tree.setRootIsDecorated(True)
        header = self.task_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree_note = QLabel(self)
        self.notes = QListWidget(self)
        self.notes.setObjectName("importNotes")
        self.notes.setWordWrap(True)
        self.notes.setAlternatingRowColors(True)
        tasks_box = QWidget(self)
        tasks_layout = QVBoxLayout(tasks_box)
        tasks_layout.setContentsMargins(0, 0, 0, 0)
        tasks_layout.addWidget(self.task_tree)
        tasks_layout.addWidget(self.tree_note)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(tasks_box)
        splitter.addWidget(self.notes)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.counts_label)
        layout.addWidget(splitter, 1)

    def clear(self) -> None:
        """Show nothing (while reading, or after a file was refused)."""
        self.counts_label.clear()
        self.task_tree.clear()
        self.tree_note.clear()
        self.notes.clear()

    def show_plan(self, plan: Plan) -> None:
        """Fill the counts, the tree of the first tasks and the notes from ``plan``."""
        self.counts_label.setText(f"Will import: {plan_counts(plan)}.")
        self._fill_tree(plan)
        self._fill_notes(plan)

    def _fill_tree(self, plan: Plan) -> None:
        tree = self.task_tree
        tree.setUpdatesEnabled(False)
        tree.clear()
        parents = {task.parent for task in plan.tasks if task.parent is not None}
        items: dict[str, QTreeWidgetItem] = {}
        shown = plan.tasks[:PREVIEW_TASKS]
        for task in shown:
            summary = task.key in parents
            cells = [
                task.title,
                task.start.isoformat() if task.start else "",
                task.finish.isoformat() if task.finish and task.kind != "milestone" else "",
                duration_text(task, summary),
            ]
            above = items.get(task.parent) if task.parent is not None else None
            item = QTreeWidgetItem(above if above is not None else tree, cells)
            item.setData(0, KEY_ROLE, task.key)
            if summary:
                font = QFont(item.font(0))
                font.setBold(True)
                item.setFont(0, font)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items[task.key] = item
        tree.expandAll()
        tree.setUpdatesEnabled(True)
        total = len(plan.tasks)
        if total > len(shown):
            self.tree_note.setText(f"Showing the first {len(shown):,} of {total:,} tasks.")
        elif total == 0:
            self.tree_note.setText("The file holds no tasks.")
        else:
            self.tree_note.setText(f"All {_plural(total, 'task')} are shown.")

    def _fill_notes(self, plan: Plan) -> None:
        self.notes.clear()
        report = plan.report
        for heading, lines, empty in (
            ("Mapped", report.mapped, "Everything maps directly."),
            ("Dropped", report.dropped, "Nothing is dropped."),
        ):
            title = QListWidgetItem(heading)
            font = QFont(title.font())
            font.setBold(True)
            title.setFont(font)
            title.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.notes.addItem(title)
            for line in lines or [empty]:
                self.notes.addItem(QListWidgetItem(line))

    def tree_rows(self) -> list[tuple[int, list[str]]]:
        """The tree as (depth, cells) rows in display order (for tests and screenshots)."""
        rows: list[tuple[int, list[str]]] = []
        tree = self.task_tree
        # depth first with a stack: the preview of a deep outline nests as deep as the file
        stack = [(tree.topLevelItem(i), 0) for i in reversed(range(tree.topLevelItemCount()))]
        while stack:
            item, depth = stack.pop()
            rows.append((depth, [item.text(c) for c in range(len(TREE_HEADERS))]))
            stack.extend((item.child(i), depth + 1) for i in reversed(range(item.childCount())))
        return rows


__all__ = ["PREVIEW_TASKS", "ImportPreview", "duration_text", "plan_counts"]
