"""The ideas inbox of a product: capture ideas and feedback, promote one to a roadmap item.

Every action pushes one command (``CaptureIdea``, ``UpdateIdea``, ``PromoteIdea``,
``DeleteIdea``); the list changes only when the caller hands over the reloaded roadmap. The
questions a dialog would ask are the ``ask_*`` methods, so tests can answer them without a
modal ``exec``; the actions themselves (:meth:`IdeasView.capture`, :meth:`IdeasView.promote`,
...) take the answers as arguments.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import CaptureIdea, Command, DeleteIdea, PromoteIdea, UpdateIdea
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.queries import list_projects
from ipmp_desktop.core.services.roadmap import IdeaRow, RoadmapData, ThemeRow

Index = QModelIndex | QPersistentModelIndex
IDEA_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class IdeaColumn(IntEnum):
    """Columns of the ideas list."""

    TITLE = 0
    SOURCE = 1
    CUSTOMER = 2
    CAPTURED = 3
    PROMOTED = 4


HEADERS = ("Idea", "Source", "Customer", "Captured", "Promoted to")


class IdeasTableModel(QAbstractTableModel):
    """The ideas of one roadmap, newest first, read-only (edits go through dialogs)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.ideas: list[IdeaRow] = []
        self.item_titles: dict[int, str] = {}

    def set_data(self, data: RoadmapData | None) -> None:
        """Show the ideas of ``data`` (None: none)."""
        self.beginResetModel()
        self.ideas = list(data.ideas) if data is not None else []
        self.item_titles = {item.id: item.title for item in data.items} if data else {}
        self.endResetModel()

    def idea_at(self, index: Index) -> IdeaRow | None:
        """The idea at ``index``, or None."""
        if not index.isValid() or not 0 <= index.row() < len(self.ideas):
            return None
        return self.ideas[index.row()]

    def row_of(self, idea_id: int) -> int:
        """The row of ``idea_id``, or -1."""
        return next((r for r, idea in enumerate(self.ideas) if idea.id == idea_id), -1)

    def promoted_text(self, idea: IdeaRow) -> str:
        """ "→ item title" for a promoted idea ("→ task #7" when the item left this roadmap)."""
        if idea.promoted_task_id is None:
            return ""
        title = self.item_titles.get(idea.promoted_task_id, f"task #{idea.promoted_task_id}")
        return f"→ {title}"

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ideas)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(IdeaColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self.idea_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        idea = self.idea_at(index)
        if idea is None:
            return None
        column = IdeaColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(idea, column)
        if role == IDEA_ID_ROLE:
            return idea.id
        if role == Qt.ItemDataRole.ToolTipRole and column == IdeaColumn.TITLE:
            return f"{idea.title}\n\n{idea.description}" if idea.description else idea.title
        if role == Qt.ItemDataRole.ForegroundRole and idea.promoted_task_id is not None:
            palette = QGuiApplication.palette()  # done with: read as settled
            return palette.brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def _display(self, idea: IdeaRow, column: IdeaColumn) -> str:
        match column:
            case IdeaColumn.TITLE:
                return idea.title
            case IdeaColumn.SOURCE:
                return idea.source
            case IdeaColumn.CUSTOMER:
                return idea.customer
            case IdeaColumn.CAPTURED:  # stored in UTC, shown on the user's calendar
                return f"{idea.created_at.replace(tzinfo=UTC).astimezone():%Y-%m-%d}"
            case IdeaColumn.PROMOTED:
                return self.promoted_text(idea)
        return ""


class IdeaDialog(QDialog):
    """Title (required), description, source and customer of an idea, new or edited.

    OK stays disabled while the title is blank. After ``accept``, :meth:`values` is what was
    typed. ``sources`` and ``customers`` are offered as completions.
    """

    def __init__(
        self,
        idea: IdeaRow | None = None,
        sources: Sequence[str] = (),
        customers: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Capture Idea" if idea is None else "Edit Idea")
        form = QFormLayout(self)
        self.title_edit = QLineEdit(idea.title if idea else "", self)
        self.title_edit.setPlaceholderText("What should the product do?")
        self.description_edit = QPlainTextEdit(idea.description if idea else "", self)
        self.description_edit.setTabChangesFocus(True)  # Tab goes on to Source, as elsewhere
        self.source_edit = QLineEdit(idea.source if idea else "", self)
        self.source_edit.setPlaceholderText("Support ticket, interview, sales call…")
        self.source_edit.setCompleter(QCompleter(sorted(set(sources)), self))
        self.customer_edit = QLineEdit(idea.customer if idea else "", self)
        self.customer_edit.setCompleter(QCompleter(sorted(set(customers)), self))
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Description:", self.description_edit)
        form.addRow("&Source:", self.source_edit)
        form.addRow("&Customer:", self.customer_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.title_edit.textChanged.connect(self._title_changed)
        self._title_changed(self.title_edit.text())

    def _title_changed(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()))

    def values(self) -> dict[str, str]:
        """The fields as typed: title, description, source, customer."""
        return {
            "title": self.title_edit.text(),
            "description": self.description_edit.toPlainText(),
            "source": self.source_edit.text(),
            "customer": self.customer_edit.text(),
        }


class PromoteDialog(QDialog):
    """Which project the new item goes into and which theme (lane) it joins.

    After ``accept``, :meth:`choice` is ``(project_id, theme_id)``.
    """

    def __init__(
        self,
        idea_title: str,
        projects: list[tuple[int, str]],
        themes: list[ThemeRow],
        project_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Promote “{idea_title}”")
        form = QFormLayout(self)
        self.project_box = QComboBox(self)
        for key, name in projects:
            self.project_box.addItem(name, key)
        found = self.project_box.findData(project_id) if project_id is not None else -1
        self.project_box.setCurrentIndex(max(found, 0))
        self.theme_box = QComboBox(self)
        for theme in themes:
            self.theme_box.addItem(theme.name, theme.id)
        form.addRow("&Project:", self.project_box)
        form.addRow("T&heme:", self.theme_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[int, int] | None:
        """(project id, theme id) as chosen; None when either list is empty."""
        project, theme = self.project_box.currentData(), self.theme_box.currentData()
        return None if project is None or theme is None else (int(project), int(theme))


class IdeasView(QWidget):
    """The ideas inbox of the product shown, with Capture, Edit, Promote and Delete.

    Double-clicking a promoted idea asks for its item's editor (:attr:`open_item`); any
    other idea opens for editing.

    Args:
        push_command: pushes a command on the undo stack; False when it was refused.
        workspace: when given, an idea may be promoted into any project of it; without, only
            into the projects that hold the product's items already.
    """

    open_item = Signal(int)
    notice = Signal(str)
    """An action cannot be done as things are (no theme yet, ...); the sentence says why."""

    def __init__(
        self,
        push_command: Callable[[Command], bool],
        parent: QWidget | None = None,
        *,
        workspace: Workspace | None = None,
    ) -> None:
        super().__init__(parent)
        self.push_command = push_command
        self.workspace = workspace
        self.data: RoadmapData | None = None
        self._select_next: int | None = None
        self.model = IdeasTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(IdeaColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        # Alt keys clear of the menu bar's (File, Edit, Project, View, Card, Task, Help): a
        # shared one is ambiguous, and Alt+C or Alt+P only moved the focus to the button.
        for name, text, slot in (
            ("capture", "Captu&re Idea…", self.capture_dialog),
            ("edit", "Ed&it…", self.edit_dialog),
            ("promote", "Pr&omote…", self.promote_dialog),
            ("delete", "&Delete", self.delete_selected),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            bar.addWidget(button)
            self.buttons[name] = button
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.set_data(None)

    # -- data --

    def set_data(self, data: RoadmapData | None) -> None:
        """Show the ideas of ``data`` (None: nothing), keeping the selected idea."""
        keep = self._select_next if self._select_next is not None else self.selected_id()
        self._select_next = None
        self.data = data
        self.model.set_data(data)
        if keep is not None:
            self._select_row(keep)
        self._update_buttons()

    def selected(self) -> IdeaRow | None:
        """The selected idea, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.idea_at(rows[0]) if rows else None

    def selected_id(self) -> int | None:
        """The id of the selected idea, or None."""
        idea = self.selected()
        return idea.id if idea is not None else None

    def project_choices(self) -> list[tuple[int, str]]:
        """(id, name) of the projects a promoted item may go into."""
        if self.workspace is not None:
            with self.workspace.reading() as session:
                return [(p.id, p.name) for p in list_projects(session)]
        if self.data is None:
            return []
        return sorted(self.data.projects.items(), key=lambda pair: pair[1].casefold())

    def _update_buttons(self) -> None:
        idea = self.selected()
        self.buttons["capture"].setEnabled(self.data is not None)
        self.buttons["edit"].setEnabled(idea is not None)
        self.buttons["delete"].setEnabled(idea is not None)
        self.buttons["promote"].setEnabled(idea is not None and idea.promoted_task_id is None)

    # -- actions (each pushes one command; False when nothing was pushed) --

    def capture(
        self, title: str, description: str = "", source: str = "", customer: str = ""
    ) -> bool:
        """Put an idea in the product's inbox; it is selected once the list reloads."""
        if self.data is None:
            return False
        command = CaptureIdea(
            product_id=self.data.product.id,
            title=title,
            description=description,
            source=source,
            customer=customer,
        )
        self._select_next = None
        pushed = self.push_command(command)
        if pushed and command.idea_id is not None:
            # the reload may arrive during the push (bus) or later: select it either way
            if self.model.row_of(command.idea_id) >= 0:
                self._select_row(command.idea_id)
            else:
                self._select_next = command.idea_id
        return pushed

    def edit(self, idea_id: int, **values: str) -> bool:
        """Change the fields of an idea that differ from ``values``."""
        row = self.model.row_of(idea_id)
        if row < 0:
            return False
        idea = self.model.ideas[row]
        changed = {name: v for name, v in values.items() if getattr(idea, name) != v}
        if not changed:
            return False
        return self.push_command(UpdateIdea(idea_id=idea_id, **changed))

    def promote(self, idea_id: int, project_id: int, theme_id: int, kind: str = "feature") -> bool:
        """Make a roadmap item (horizon later) from the idea in that project and theme."""
        command = PromoteIdea(idea_id=idea_id, project_id=project_id, theme_id=theme_id, kind=kind)
        return self.push_command(command)

    def delete(self, idea_id: int) -> bool:
        """Remove the idea from the inbox (an item promoted from it stays)."""
        return self.push_command(DeleteIdea(idea_id=idea_id))

    def delete_selected(self) -> bool:
        """Delete the selected idea."""
        idea_id = self.selected_id()
        return idea_id is not None and self.delete(idea_id)

    # -- dialogs: ask_* only ask, so tests replace them --

    def ask_idea(self, idea: IdeaRow | None = None) -> dict[str, str] | None:
        """The fields of a new (or of ``idea``, edited) idea; None when cancelled."""
        ideas = self.model.ideas
        sources = [i.source for i in ideas if i.source]
        dialog = IdeaDialog(idea, sources, [i.customer for i in ideas if i.customer], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def ask_promote_target(self, idea: IdeaRow) -> tuple[int, int] | None:
        """(project id, theme id) for the item made from ``idea``; None when cancelled."""
        assert self.data is not None
        mine = Counter(item.project_id for item in self.data.items).most_common(1)
        dialog = PromoteDialog(
            idea.title,
            self.project_choices(),
            self.data.themes,
            mine[0][0] if mine else None,
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

    def capture_dialog(self) -> bool:
        """Ask for a new idea and capture it."""
        if self.data is None:
            return False
        values = self.ask_idea()
        return values is not None and self.capture(**values)

    def edit_dialog(self) -> bool:
        """Ask for the selected idea's new fields and save them."""
        idea = self.selected()
        if idea is None:
            return False
        values = self.ask_idea(idea)
        return values is not None and self.edit(idea.id, **values)

    def promote_dialog(self) -> bool:
        """Ask where the selected idea goes on the roadmap and promote it."""
        idea = self.selected()
        if idea is None or self.data is None:
            return False
        if not self.data.themes:
            self.notice.emit("Add a theme first: a promoted idea becomes an item in a theme.")
            return False
        if not self.project_choices():
            self.notice.emit("Create a project first: a promoted idea becomes one of its tasks.")
            return False
        target = self.ask_promote_target(idea)
        return target is not None and self.promote(idea.id, *target)

    def _double_clicked(self, index: QModelIndex) -> None:
        idea = self.model.idea_at(index)
        if idea is None:
            return
        if idea.promoted_task_id is not None:
            self.open_item.emit(idea.promoted_task_id)
        else:
            self.edit_dialog()

    def _select_row(self, idea_id: int) -> None:
        row = self.model.row_of(idea_id)
        if row < 0:
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
