"""The task outline of the current project: a tree table with add/indent/outdent/move/delete."""

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import (
    Command,
    CreateTask,
    IndentTask,
    Macro,
    OutdentTask,
    RecycleTasks,
    ReorderTask,
)
from ipmp_desktop.qt.models.task_outline_model import (
    PRIORITY_NAMES,
    OutlineColumn,
    TaskOutlineModel,
)
from ipmp_desktop.qt.views.cell_editors import DateCellDelegate, RoomyRowDelegate, UnitSpinDelegate


class PriorityDelegate(RoomyRowDelegate):
    """Edits the priority column with a list of names instead of a number."""

    def createEditor(self, parent, option, index):
        editor = QComboBox(parent)
        for value, name in PRIORITY_NAMES.items():
            editor.addItem(name, value)
        return editor

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class OutlineTree(QTreeView):
    """The task table's tree: Tab and Shift+Tab in a cell editor go to the next (previous)
    editable cell of the row, then of the next (previous) row, as in a spreadsheet. A plain
    tree view's "next" on its tree column expands the row instead, so Tab reopened the name
    and the next typed value replaced it."""

    def moveCursor(self, action, modifiers):
        step = {
            QAbstractItemView.CursorAction.MoveNext: 1,
            QAbstractItemView.CursorAction.MovePrevious: -1,
        }.get(action)
        current = self.currentIndex()
        if step is None or not current.isValid():
            return super().moveCursor(action, modifiers)
        row, column = current, current.column() + step
        columns = self.model().columnCount(row.parent())
        while row.isValid():
            while 0 <= column < columns:
                candidate = row.siblingAtColumn(column)
                if (
                    not self.isColumnHidden(column)
                    and candidate.flags() & Qt.ItemFlag.ItemIsEditable
                ):
                    return candidate
                column += step
            row = self.indexBelow(row) if step > 0 else self.indexAbove(row)
            column = 0 if step > 0 else columns - 1
        return current


class TaskOutlineView(QWidget):
    """Tree table of tasks plus the actions that edit the outline.

    Args:
        model: the outline model of the current project.
        push_command: pushes a command (the undo controller's ``push``).
    """

    selection_changed = Signal()

    def __init__(
        self, model: TaskOutlineModel, push_command, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.push_command = push_command
        self.tree = OutlineTree(self)
        self.tree.setObjectName("taskOutline")
        self.tree.setModel(model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.tree.setItemDelegate(RoomyRowDelegate(self.tree))
        self.tree.setItemDelegateForColumn(OutlineColumn.PRIORITY, PriorityDelegate(self.tree))
        for column in (OutlineColumn.START, OutlineColumn.FINISH):
            self.tree.setItemDelegateForColumn(column, DateCellDelegate(self.tree))
        self.tree.setItemDelegateForColumn(
            OutlineColumn.DURATION, UnitSpinDelegate(" d", self.tree)
        )
        self.tree.setItemDelegateForColumn(OutlineColumn.PERCENT, UnitSpinDelegate(" %", self.tree))
        self.tree.setTreePosition(OutlineColumn.NAME)  # WBS numbers stay aligned, names indent
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(OutlineColumn.NAME, 240)  # the Gantt chart takes the spare width
        header.setMinimumSectionSize(40)
        for column, width in {
            OutlineColumn.WBS: 70,
            OutlineColumn.START: 100,
            OutlineColumn.FINISH: 100,
            OutlineColumn.DURATION: 80,
            OutlineColumn.PERCENT: 90,
            OutlineColumn.PREDECESSORS: 110,
            OutlineColumn.STATUS: 110,
            OutlineColumn.PRIORITY: 90,
        }.items():
            header.resizeSection(column, width)
        self._expanded: set[int] = set()
        self._collapsed: set[int] = set()
        self._selected: list[int] = []
        model.modelAboutToBeReset.connect(self._remember_state)
        model.modelReset.connect(self._restore_state)
        self.tree.collapsed.connect(lambda i: self._collapsed.add(model.task_id(i)))
        self.tree.expanded.connect(lambda i: self._collapsed.discard(model.task_id(i)))

        self.actions_by_name: dict[str, QAction] = {}
        self.toolbar = QToolBar("Outline", self)
        self._action("add", "Add Task", "Insert", self.add_task, "Add a task below the selection")
        self._action(
            "add_sub",
            "Add Subtask",
            "Ctrl+Insert",
            self.add_subtask,
            "Add a task under the selection",
        )
        self._action(
            "delete",
            "Delete",
            QKeySequence.StandardKey.Delete,
            self.delete_selected,
            "Delete the selected tasks and their subtasks",
        )
        self.toolbar.addSeparator()
        self._action("outdent", "Outdent", "Alt+Shift+Left", self.outdent, "Move one level up")
        self._action(
            "indent", "Indent", "Alt+Shift+Right", self.indent, "Make a subtask of the task above"
        )
        self._action(
            "up",
            "Move Up",
            "Alt+Shift+Up",
            lambda: self.reorder(-1),
            "Move above the previous sibling",
        )
        self._action(
            "down",
            "Move Down",
            "Alt+Shift+Down",
            lambda: self.reorder(1),
            "Move below the next sibling",
        )
        self.toolbar.addSeparator()
        self._action("expand", "Expand All", "", self.tree.expandAll, "Show every subtask")
        self._action("collapse", "Collapse All", "", self.collapse_all, "Show top-level tasks only")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tree)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._update_actions()

    def _action(self, name, text, shortcut, slot, tip) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})" if shortcut else tip)
        action.triggered.connect(lambda _checked=False: self._finish_editing() or slot())
        self.addAction(action)
        self.toolbar.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _finish_editing(self) -> None:
        """Write what is being typed in a cell before an action changes the rows: the model
        reset that follows would close the editor and drop the text (type a name, press Insert
        for the next task)."""
        editor = QApplication.focusWidget()
        if editor is None or not self.tree.viewport().isAncestorOf(editor):
            return
        self.tree.commitData(editor)
        self.tree.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # -- selection --

    def selected_ids(self) -> list[int]:
        """Selected task ids in outline order."""
        rows = self.tree.selectionModel().selectedRows(0)
        ids = [self.model.task_id(i) for i in rows]
        order = {task_id: n for n, (task_id, _) in enumerate(self.model.tree.depth_first())}
        return sorted((i for i in ids if i is not None), key=lambda t: order.get(t, 0))

    def current_id(self) -> int | None:
        """The task with keyboard focus, or None."""
        return self.model.task_id(self.tree.currentIndex())

    def select_task(self, task_id: int, *, edit: bool = False) -> None:
        """Select, scroll to and optionally start renaming ``task_id``."""
        index = self.model.index_of(task_id, OutlineColumn.NAME)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        if edit:
            self.tree.edit(index)

    def _update_actions(self) -> None:
        has_project = self.model.project_id is not None
        selected = bool(self.tree.selectionModel().selectedRows())
        self.actions_by_name["add"].setEnabled(has_project)
        for name in ("add_sub", "delete", "indent", "outdent", "up", "down"):
            self.actions_by_name[name].setEnabled(has_project and selected)
        self.selection_changed.emit()

    # -- actions --

    def _push_and_select(
        self, command: Command, task_id: int | None, *, edit: bool = False
    ) -> None:
        if self.push_command(command) and task_id is not None:
            self.select_task(task_id, edit=edit)

    def add_task(self) -> None:
        """Add "New task" after the current task, at its level, and start renaming it."""
        if self.model.project_id is None:
            return
        current = self.current_id()
        parent = self.model.tree.parent_of(current) if current is not None else None
        command = CreateTask(
            project_id=self.model.project_id,
            title="New task",
            parent_id=parent,
            after_id=current,
            start=self._default_start(current),
        )
        if self.push_command(command):
            self.select_task(command.task_id, edit=True)

    def add_subtask(self) -> None:
        """Add "New subtask" as the last child of the current task."""
        current = self.current_id()
        if self.model.project_id is None or current is None:
            return
        command = CreateTask(
            project_id=self.model.project_id,
            title="New subtask",
            parent_id=current,
            start=self._default_start(current),
        )
        if self.push_command(command):
            self.select_task(command.task_id, edit=True)

    def _default_start(self, near: int | None) -> date | None:
        row = self.model.tree.rows.get(near) if near is not None else None
        return row.start if row is not None else None

    def delete_selected(self) -> None:
        """Delete the selected tasks (with subtasks) to the recycle bin; one undo step."""
        ids = self.selected_ids()
        if not ids:
            return
        neighbour = self._neighbour_after_delete(ids)
        if self.push_command(RecycleTasks(task_ids=ids)) and neighbour is not None:
            self.select_task(neighbour)

    def _neighbour_after_delete(self, ids: list[int]) -> int | None:
        gone = set(ids)
        order = [t for t, _ in self.model.tree.depth_first()]
        first = order.index(ids[0])
        for candidate in order[first + 1 :] + order[:first][::-1]:
            if candidate in gone:
                continue
            ancestor = candidate
            while ancestor is not None and ancestor not in gone:
                ancestor = self.model.tree.parent_of(ancestor)
            if ancestor is None:
                return candidate
        return None

    def indent(self) -> None:
        """Indent the selected tasks (the current one when none is selected) as one step: each
        goes under the task above it, so consecutive siblings end up side by side under the
        task above the first."""
        self._move_level(IndentTask, "Indent", reverse=False)

    def outdent(self) -> None:
        """Outdent the selected tasks (or the current one) as one step, keeping their order."""
        # the last first: each lands right after its former parent, so the order is kept
        self._move_level(OutdentTask, "Outdent", reverse=True)

    def _move_level(self, command_type, verb: str, *, reverse: bool) -> None:
        ids = self._selected_tops()
        if not ids and (task := self.current_id()) is not None:
            ids = [task]
        if not ids:
            return
        commands = [command_type(task_id=t) for t in (reversed(ids) if reverse else ids)]
        command = (
            commands[0]
            if len(commands) == 1
            else Macro(commands=commands, label=f"{verb} {len(commands)} tasks")
        )
        current = self.current_id()
        if self.push_command(command):
            self.select_tasks(ids, current=current if current in ids else ids[0])

    def _selected_tops(self) -> list[int]:
        """Selected tasks in outline order without those under another selected task (they
        move with it)."""
        ids = self.selected_ids()
        chosen = set(ids)
        tree = self.model.tree
        tops = []
        for task_id in ids:
            above = tree.parent_of(task_id)
            while above is not None and above not in chosen:
                above = tree.parent_of(above)
            if above is None:
                tops.append(task_id)
        return tops

    def select_tasks(self, task_ids: list[int], *, current: int) -> None:
        """Select ``task_ids`` (whole rows), with ``current`` the current row."""
        self.select_task(current)
        model = self.tree.selectionModel()
        for task_id in task_ids:
            index = self.model.index_of(task_id, OutlineColumn.NAME)
            if index.isValid() and task_id != current:
                model.select(
                    index,
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    def reorder(self, offset: int) -> None:
        """Move the current task up (-1) or down (1) among its siblings."""
        if (task := self.current_id()) is not None:
            self._push_and_select(ReorderTask(task_id=task, offset=offset), task)

    def collapse_all(self) -> None:
        """Collapse every summary."""
        self.tree.collapseAll()
        self._collapsed = {t for t in self.model.tree.children if t is not None}

    # -- keep expansion and selection across model resets --

    def _remember_state(self) -> None:
        self._selected = self.selected_ids()
        self._current = self.current_id()

    def _restore_state(self) -> None:
        tree = self.model.tree
        self.tree.setUpdatesEnabled(False)
        self.tree.expandAll()
        for task_id in self._collapsed & set(tree.rows):
            self.tree.collapse(self.model.index_of(task_id))
        self.tree.setUpdatesEnabled(True)
        selection = self.tree.selectionModel()
        for task_id in self._selected:
            index = self.model.index_of(task_id)
            if index.isValid():
                selection.select(
                    index,
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        current = getattr(self, "_current", None)
        if current is not None and current in tree.rows:
            selection.setCurrentIndex(
                self.model.index_of(current, OutlineColumn.NAME),
                QItemSelectionModel.SelectionFlag.NoUpdate,
            )
        self._update_actions()

    def reset_project(self) -> None:
        """Forget expansion state (another project is shown)."""
        self._collapsed.clear()
        self._selected = []
        self._current = None

    def root_index(self) -> QModelIndex:
        """The invisible root (for tests)."""
        return QModelIndex()
