"""The sections of the card editor: checklist, comments, labels, people and scheduling.

Each panel shows a :class:`CardDetails` and turns each user edit into one core command pushed
through ``push_command``; it never changes what it shows on its own. When a push is refused the
panel shows the stored values again; when it succeeds the editor reloads every panel from the bus.
"""

import getpass
import html
from collections.abc import Callable, Sequence
from datetime import UTC, date

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QColor,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import (
    AddChecklistItem,
    AddComment,
    Command,
    CreateLabel,
    DeleteComment,
    RemoveChecklistItem,
    SetAssignees,
    SetTaskLabels,
    UpdateChecklistItem,
    UpdateTask,
)
from ipmp_desktop.core.services.card_details import CardDetails
from ipmp_desktop.qt.views.date_field import DateField

PushCommand = Callable[[Command], bool]
ID_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_COLORS = ("#e5534b", "#d9822b", "#c6a300", "#4c9a2a", "#2f81f7", "#8256d0", "#c2489f")
"""Colors given in turn to labels made in the editor (the board shows them as chips)."""


def os_user_name() -> str:
    """The login name of whoever runs the app (the comment author), or "" if the OS won't say."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def heading(text: str, buddy: QWidget | None = None) -> QLabel:
    """A bold section title; its mnemonic (``&``) focuses ``buddy``."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def plain_button(text: str) -> QPushButton:
    """A push button that Return in a nearby line edit does not press (nor close the dialog)."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    return button


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(1, 1, 12, 12, 3, 3)
    painter.end()
    return QIcon(pixmap)


def _item_id(item: QListWidgetItem | None) -> int | None:
    return None if item is None else int(item.data(ID_ROLE))


class KeyListWidget(QListWidget):
    """A list of ids that reports the Delete (and Backspace) key while no item is edited."""

    delete_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap items when the width changes
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        deleting = event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        if deleting and self.state() != QAbstractItemView.State.EditingState:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def row_ids(self) -> list[int]:
        """The ids of the items, top to bottom."""
        return [int(self.item(row).data(ID_ROLE)) for row in range(self.count())]

    def current_id(self) -> int | None:
        """The id of the current item, or None."""
        return _item_id(self.currentItem())

    def select_id(self, item_id: int | None, fallback_row: int = -1) -> None:
        """Make the item with ``item_id`` current, else row ``fallback_row`` (clamped)."""
        ids = self.row_ids()
        if item_id in ids:
            self.setCurrentRow(ids.index(item_id))
        elif fallback_row >= 0 and ids:
            self.setCurrentRow(min(fallback_row, len(ids) - 1))


class ChoiceListWidget(KeyListWidget):
    """Checkable choices (labels, people); ``choice_toggled`` fires when the user ticks one."""

    choice_toggled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemChanged.connect(lambda _item: self.choice_toggled.emit())

    def set_choices(
        self, choices: Sequence[tuple[int, str, str | None]], checked: frozenset[int]
    ) -> None:
        """Show ``(id, name, color)`` choices, ticking ``checked``; never emits."""
        self.blockSignals(True)
        if [choice[0] for choice in choices] != self.row_ids():
            current = self.current_id()
            self.clear()
            for choice_id, _name, color in choices:
                item = QListWidgetItem(self)
                item.setData(ID_ROLE, choice_id)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                if color:
                    item.setIcon(_swatch(color))
            self.select_id(current)
        for row, (choice_id, name, _color) in enumerate(choices):
            item = self.item(row)
            item.setText(name)
            state = Qt.CheckState.Checked if choice_id in checked else Qt.CheckState.Unchecked
            item.setCheckState(state)
        self.blockSignals(False)

    def checked_ids(self) -> list[int]:
        """The ids ticked now, top to bottom."""
        return [
            int(self.item(row).data(ID_ROLE))
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        ]


class ChecklistPanel(QWidget):
    """The card's checklist: tick, rename (double-click/F2), remove (Delete), add; "2/5 done"."""

    def __init__(self, push_command: PushCommand, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.push_command = push_command
        self.details: CardDetails | None = None
        self._stale = False
        self.item_list = KeyListWidget(self)
        self.item_list.setObjectName("cardChecklist")
        self.item_list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.item_list.itemChanged.connect(self._item_changed)
        self.item_list.delete_pressed.connect(self.remove_current)
        self.item_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.item_list.itemDelegate().closeEditor.connect(self._editor_closed)
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("cardChecklistProgress")
        self.new_item_edit = QLineEdit(self)
        self.new_item_edit.setPlaceholderText("Add an item…")
        self.new_item_edit.setMaxLength(500)
        self.new_item_edit.returnPressed.connect(self.add_item)
        self.add_button = plain_button("Add")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = plain_button("Remove")
        self.remove_button.setToolTip("Remove the selected item (Delete)")
        self.remove_button.clicked.connect(self.remove_current)

        head = QHBoxLayout()
        head.addWidget(heading("Check&list", self.item_list))
        head.addStretch(1)
        head.addWidget(self.progress_label)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_item_edit, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(head)
        box.addWidget(self.item_list, 1)
        box.addLayout(add_row)

    def show_details(self, details: CardDetails) -> None:
        """Show the checklist of ``details``; an open item editor is left alone until it closes."""
        self.details = details
        total = len(details.checklist)
        self.progress_label.setText(f"{details.checklist_done}/{total} done" if total else "")
        if self.item_list.state() == QAbstractItemView.State.EditingState:
            self._stale = True
            return
        self._stale = False
        items = self.item_list
        items.blockSignals(True)
        if [line.id for line in details.checklist] != items.row_ids():
            current_id, current_row = items.current_id(), items.currentRow()
            items.clear()
            for line in details.checklist:
                item = QListWidgetItem(items)
                item.setData(ID_ROLE, line.id)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsEditable
                )
            items.select_id(current_id, current_row)
        for row, line in enumerate(details.checklist):
            item = items.item(row)
            item.setText(line.text)
            item.setCheckState(Qt.CheckState.Checked if line.done else Qt.CheckState.Unchecked)
            font = item.font()
            font.setStrikeOut(line.done)
            item.setFont(font)
        items.blockSignals(False)
        self._update_buttons()

    def add_item(self) -> None:
        """Add the text of the entry line as a new last item."""
        text = self.new_item_edit.text()
        if self.details is None or not text.strip():
            return
        if self.push_command(AddChecklistItem(task_id=self.details.id, text=text)):
            self.new_item_edit.clear()
            self.item_list.setCurrentRow(self.item_list.count() - 1)

    def remove_current(self) -> None:
        """Remove the selected item."""
        item_id = self.item_list.current_id()
        if item_id is not None:
            self.push_command(RemoveChecklistItem(item_id=item_id))

    def _item_changed(self, item: QListWidgetItem) -> None:
        assert self.details is not None
        item_id = _item_id(item)
        line = next((line for line in self.details.checklist if line.id == item_id), None)
        if line is None or item_id is None:
            return
        done = item.checkState() == Qt.CheckState.Checked
        command: Command
        if done != line.done:
            command = UpdateChecklistItem(item_id=item_id, done=done)
        elif " ".join(item.text().split()) != line.text:
            command = UpdateChecklistItem(item_id=item_id, text=item.text())
        else:
            self.show_details(self.details)  # only spaces changed: show the stored text
            return
        if not self.push_command(command):
            self.show_details(self.details)

    def _editor_closed(self) -> None:
        if self._stale and self.details is not None:  # the view has left editing state by now
            self.show_details(self.details)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.item_list.currentItem() is not None)


class CommentDelegate(QStyledItemDelegate):
    """Draws a comment as a bold author and time line over its wrapped body."""

    MARGIN = 4

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, width: int
    ) -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(option.font)
        document.setHtml(str(index.data(HTML_ROLE) or ""))
        document.setTextWidth(max(40, width - 2 * self.MARGIN))
        return document

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        widget = view_option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget)
        rect = view_option.rect
        document = self._document(view_option, index, rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        if view_option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(
                QPalette.ColorRole.Text,
                view_option.palette.color(QPalette.ColorRole.HighlightedText),
            )
        painter.save()
        painter.translate(rect.topLeft() + QPoint(self.MARGIN, self.MARGIN))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        view = self.parent()
        width = (
            view.viewport().width() - 2 * view.spacing() if isinstance(view, QListWidget) else 300
        )
        document = self._document(option, index, width)
        return QSize(width, int(document.size().height()) + 2 * self.MARGIN)


class CommentsPanel(QWidget):
    """The card's comments, oldest first: read, add (author: the OS user), delete the selected."""

    def __init__(self, push_command: PushCommand, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.push_command = push_command
        self.details: CardDetails | None = None
        self.comment_list = KeyListWidget(self)
        self.comment_list.setObjectName("cardComments")
        self.comment_list.setItemDelegate(CommentDelegate(self.comment_list))
        self.comment_list.setSpacing(3)
        self.comment_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.comment_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.comment_list.delete_pressed.connect(self.delete_current)
        self.delete_button = plain_button("Delete comment")
        self.delete_button.clicked.connect(self.delete_current)
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setPlaceholderText("Write a comment… (Ctrl+Return adds it)")
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        shortcut = QAction(self.comment_edit)
        shortcut.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        shortcut.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.triggered.connect(self.add_comment)
        self.comment_edit.addAction(shortcut)
        self.add_button = plain_button("Add comment")
        self.add_button.clicked.connect(self.add_comment)

        head = QHBoxLayout()
        head.addWidget(heading("C&omments", self.comment_list))
        head.addStretch(1)
        head.addWidget(self.delete_button)
        compose = QHBoxLayout()
        compose.addWidget(self.comment_edit, 1)
        compose.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(head)
        box.addWidget(self.comment_list, 1)
        box.addLayout(compose)

    def show_details(self, details: CardDetails) -> None:
        """Show the comments of ``details`` (rebuilt only when the set of comments changed)."""
        self.details = details
        items = self.comment_list
        if [comment.id for comment in details.comments] != items.row_ids():
            current_id, current_row = items.current_id(), items.currentRow()
            items.blockSignals(True)
            items.clear()
            for comment in details.comments:
                when = comment.created_at.replace(tzinfo=UTC).astimezone()
                author = comment.author or "Someone"
                item = QListWidgetItem(f"{author} · {when:%Y-%m-%d %H:%M}\n{comment.body}", items)
                item.setData(ID_ROLE, comment.id)
                item.setData(
                    HTML_ROLE,
                    f"<b>{html.escape(author)}</b>&nbsp;&nbsp;<small>{when:%Y-%m-%d %H:%M}</small>"
                    f"<br>{html.escape(comment.body).replace(chr(10), '<br>')}",
                )
            items.select_id(current_id, current_row)
            items.blockSignals(False)
            if current_id is None and items.count():
                items.scrollToBottom()
        self._update_buttons()

    def add_comment(self) -> None:
        """Add the text of the compose box as a comment by the OS user."""
        body = self.comment_edit.toPlainText()
        if self.details is None or not body.strip():
            return
        command = AddComment(task_id=self.details.id, body=body, author=os_user_name())
        if self.push_command(command):
            self.comment_edit.clear()
            self.comment_list.setCurrentRow(self.comment_list.count() - 1)

    def delete_current(self) -> None:
        """Delete the selected comment."""
        comment_id = self.comment_list.current_id()
        if comment_id is not None:
            self.push_command(DeleteComment(comment_id=comment_id))

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.comment_list.currentItem() is not None)


class TagsPanel(QWidget):
    """Labels (with their colors, plus "New label…") and people of the card, as checkable lists.

    Each tick pushes the card's whole new set (``SetTaskLabels``/``SetAssignees``).
    """

    def __init__(self, push_command: PushCommand, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.push_command = push_command
        self.details: CardDetails | None = None
        self.label_list = ChoiceListWidget(self)
        self.label_list.setObjectName("cardLabels")
        self.label_list.choice_toggled.connect(self._commit_labels)
        self.new_label_edit = QLineEdit(self)
        self.new_label_edit.setPlaceholderText("New label…")
        self.new_label_edit.setMaxLength(100)
        self.new_label_edit.returnPressed.connect(self.add_label)
        self.new_label_button = plain_button("Add")
        self.new_label_button.clicked.connect(self.add_label)
        self.people_list = ChoiceListWidget(self)
        self.people_list.setObjectName("cardPeople")
        self.people_list.choice_toggled.connect(self._commit_people)

        label_row = QHBoxLayout()
        label_row.addWidget(self.new_label_edit, 1)
        label_row.addWidget(self.new_label_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(heading("&Labels", self.label_list))
        box.addWidget(self.label_list, 1)
        box.addLayout(label_row)
        box.addSpacing(6)
        box.addWidget(heading("P&eople", self.people_list))
        box.addWidget(self.people_list, 1)

    def show_details(self, details: CardDetails) -> None:
        """Show every label of the project and every person, ticking the card's."""
        self.details = details
        self.label_list.set_choices(
            [(label.id, label.name, label.color) for label in details.labels], details.label_ids
        )
        self.people_list.set_choices(
            [(person.id, person.name, None) for person in details.people], details.person_ids
        )

    def add_label(self) -> None:
        """Tick the label named in the "New label" box, creating it first if the project has
        none of that name (then it is two undo steps: the new label, the card's labels)."""
        details = self.details
        name = " ".join(self.new_label_edit.text().split())
        if details is None or not name:
            return
        same = [label.id for label in details.labels if label.name.casefold() == name.casefold()]
        if same:
            label_id = same[0]
        else:
            color = LABEL_COLORS[len(details.labels) % len(LABEL_COLORS)]
            create = CreateLabel(
                project_id=details.project_id, name=name, color=color, attach_to=details.id
            )
            if self.push_command(create):  # one undo step: the label and its use on this card
                self.new_label_edit.clear()
            return  # else keep the text so the user can correct it
        self.new_label_edit.clear()
        if label_id not in details.label_ids:
            ids = [*details.label_ids, label_id]
            self.push_command(SetTaskLabels(task_id=details.id, label_ids=ids))

    def _commit_labels(self) -> None:
        assert self.details is not None
        ids = self.label_list.checked_ids()
        if set(ids) != self.details.label_ids and not self.push_command(
            SetTaskLabels(task_id=self.details.id, label_ids=ids)
        ):
            self.show_details(self.details)

    def _commit_people(self) -> None:
        assert self.details is not None
        ids = self.people_list.checked_ids()
        if set(ids) != self.details.person_ids and not self.push_command(
            SetAssignees(task_id=self.details.id, person_ids=ids)
        ):
            self.show_details(self.details)


CONSTRAINT_CHOICES = (
    ("asap", "As soon as possible"),
    ("snet", "Start no earlier than"),
    ("fnlt", "Finish no later than"),
    ("mso", "Must start on"),
)
"""The scheduling constraints the editor offers, as (stored value, text) pairs."""


class SchedulingPanel(QGroupBox):
    """How the scheduler places the card: "Manually scheduled", and a date constraint.

    Ticking the box and choosing a constraint or its date each push one ``UpdateTask``. The date
    is disabled for "As soon as possible", which has none; choosing another constraint takes the
    date shown (the task's start unless it had a constraint date).
    """

    def __init__(self, push_command: PushCommand, parent: QWidget | None = None) -> None:
        super().__init__("Scheduling", parent)
        self.push_command = push_command
        self.details: CardDetails | None = None
        self.manual_box = QCheckBox("&Manually scheduled", self)
        self.manual_box.setToolTip(
            "Keep the dates as typed: links and constraints no longer move this task."
        )
        self.manual_box.toggled.connect(self._commit_manual)
        self.constraint_box = QComboBox(self)
        for value, text in CONSTRAINT_CHOICES:
            self.constraint_box.addItem(text, value)
        self.constraint_box.currentIndexChanged.connect(lambda _index: self._commit_constraint())
        self.constraint_date_edit = DateField(self)
        self.constraint_date_edit.dateChanged.connect(lambda _date: self._commit_constraint())
        constraint_label = QLabel("Co&nstraint:", self)
        constraint_label.setBuddy(self.constraint_box)
        date_label = QLabel("Constraint da&te:", self)
        date_label.setBuddy(self.constraint_date_edit)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.manual_box)
        form.addRow(constraint_label, self.constraint_box)
        form.addRow(date_label, self.constraint_date_edit)

    def show_details(self, details: CardDetails) -> None:
        """Show the scheduling mode and constraint of ``details``."""
        self.details = details
        shown = details.constraint_date or details.start or date.today()
        controls = (self.manual_box, self.constraint_box, self.constraint_date_edit)
        for control in controls:
            control.blockSignals(True)
        self.manual_box.setChecked(details.manual)
        self.constraint_box.setCurrentIndex(
            max(0, self.constraint_box.findData(details.constraint_type))
        )
        self.constraint_date_edit.setDate(QDate(shown.year, shown.month, shown.day))
        self.constraint_date_edit.setEnabled(details.constraint_type != "asap")
        for control in controls:
            control.blockSignals(False)

    def _commit_manual(self, checked: bool) -> None:
        details = self.details
        if details is None or checked == details.manual:
            return
        if not self.push_command(UpdateTask(task_id=details.id, manual=checked)):
            self.show_details(details)

    def _commit_constraint(self) -> None:
        details = self.details
        if details is None:
            return
        kind = self.constraint_box.currentData()
        self.constraint_date_edit.setEnabled(kind != "asap")
        day = None if kind == "asap" else self.constraint_date_edit.date().toPython()
        if kind == details.constraint_type and (kind == "asap" or day == details.constraint_date):
            return
        command = UpdateTask(task_id=details.id, constraint_type=kind, constraint_date=day)
        if not self.push_command(command):
            self.show_details(details)
