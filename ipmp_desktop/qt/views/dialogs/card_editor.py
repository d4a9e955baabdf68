"""The card editor: every field of one task in a live dialog, each user edit one undo step.

The dialog never writes to the database: each control pushes one core command through
``push_command`` and shows what the database holds afterwards. It reloads whenever the
``ChangeBus`` names its task (an undo in the main window, an edit on the board), keeping whatever
the user is typing in a focused text field, and closes itself when the task vanishes.
"""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import Command, UpdateTask
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.model import Priority, TaskKind
from ipmp_desktop.core.services.card_details import CardDetails, load_card_details
from ipmp_desktop.core.services.changes import Changes
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.views.date_field import DateField
from ipmp_desktop.qt.views.dialogs.card_panels import (
    ChecklistPanel,
    CommentsPanel,
    SchedulingPanel,
    TagsPanel,
    heading,
)

EARLIEST = QDate(1900, 1, 1)
LATEST = QDate(2200, 12, 31)


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class DescriptionEdit(QPlainTextEdit):
    """A plain-text box that says when keyboard focus leaves it (the moment to commit)."""

    focus_left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()


class CardEditorDialog(QDialog):
    """Edit one task's card: title, description, dates, priority, scheduling mode and constraint,
    labels, people, checklist and comments, with its blockers shown.

    Modal or not: call ``open()``, ``show()`` or ``exec()``. The dialog does not delete itself on
    close; set ``WA_DeleteOnClose`` if you keep no reference. Title and description are also
    committed when the dialog closes (Close, Escape or the window's close button); a title that is
    refused then (an empty one) keeps the dialog open, with the stored title put back and the
    reason shown beside the field.

    Args:
        workspace: read from (never written to) after every change.
        task_id: the task to edit.
        push_command: applies a command as one undo step; returns False if it was refused (the
            caller says why; the dialog only puts the control back to the stored value).
        bus: the change bus of ``workspace``.
        parent: the owner window.

    Raises:
        NotFoundError: the task does not exist.
    """

    def __init__(
        self,
        workspace: Workspace,
        task_id: int,
        push_command: Callable[[Command], bool],
        bus: ChangeBus,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.task_id = task_id
        self.push_command = push_command
        self.bus = bus
        self._gone = False
        self._missed_change = False
        self._closing_for_good = False
        with workspace.reading() as session:
            self.details = load_card_details(session, task_id)
        self.setObjectName("cardEditor")
        self.setSizeGripEnabled(True)
        self.setMinimumSize(680, 560)
        self.resize(920, 700)

        self.checklist_panel = ChecklistPanel(push_command, self)
        self.comments_panel = CommentsPanel(push_command, self)
        self.tags_panel = TagsPanel(push_command, self)
        self.scheduling_panel = SchedulingPanel(push_command, self)
        left = QVBoxLayout()
        left.addLayout(self._build_description(), 2)
        left.addSpacing(8)
        left.addWidget(self.checklist_panel, 3)
        left.addSpacing(8)
        left.addWidget(self.comments_panel, 4)
        right = QVBoxLayout()
        right.addLayout(self._build_fields())
        right.addSpacing(8)
        right.addWidget(self.scheduling_panel)
        right.addSpacing(8)
        right.addWidget(self.tags_panel, 1)
        columns = QHBoxLayout()  # no setSpacing here: nested layouts would inherit it
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(self._build_header())
        outer.addSpacing(4)
        outer.addLayout(columns, 1)
        outer.addWidget(buttons)

        self.show_details(self.details)
        bus.changed.connect(self._on_changed)

    # -- building --

    def _build_header(self) -> QVBoxLayout:
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("cardTitle")
        self.title_edit.setMaxLength(500)
        font = QFont(self.title_edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_edit.setFont(font)
        self.title_edit.editingFinished.connect(self._commit_title)
        self.info_label = QLabel(self)
        self.info_label.setObjectName("cardInfo")
        palette = self.info_label.palette()
        secondary = palette.color(QPalette.ColorRole.PlaceholderText)
        palette.setColor(QPalette.ColorRole.WindowText, secondary)
        self.info_label.setPalette(palette)
        self.blockers_label = QLabel(self)
        self.blockers_label.setObjectName("cardBlockers")
        self.blockers_label.setWordWrap(True)
        self.blockers_label.setStyleSheet("color: #b35900; font-weight: bold;")
        for label in (self.info_label, self.blockers_label):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        header = QVBoxLayout()
        header.addWidget(self.title_edit)
        header.addWidget(self.info_label)
        header.addWidget(self.blockers_label)
        return header

    def _build_description(self) -> QVBoxLayout:
        self.description_edit = DescriptionEdit(self)
        self.description_edit.setPlaceholderText("What is this card about?")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.focus_left.connect(self._commit_description)
        box = QVBoxLayout()
        box.addWidget(heading("&Description", self.description_edit))
        box.addWidget(self.description_edit, 1)
        return box

    def _build_fields(self) -> QFormLayout:
        self.start_edit, self.start_none, start_row = self._date_row(self._commit_start)
        self.finish_edit, self.finish_none, self.finish_row = self._date_row(self._commit_finish)
        # the scheduler always gives a task a finish (start + duration): it cannot be cleared
        self.finish_none.hide()
        self.priority_box = QComboBox(self)
        for priority in sorted(Priority):
            self.priority_box.addItem(priority.name.capitalize(), int(priority))
        self.priority_box.currentIndexChanged.connect(self._commit_priority)
        self.start_label = QLabel("&Start:", self)
        self.start_label.setBuddy(self.start_edit)
        self.finish_label = QLabel("&Finish:", self)
        self.finish_label.setBuddy(self.finish_edit)
        priority_label = QLabel("&Priority:", self)
        priority_label.setBuddy(self.priority_box)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.start_label, start_row)
        form.addRow(self.finish_label, self.finish_row)
        form.addRow(priority_label, self.priority_box)
        return form

    def _date_row(self, commit: Callable[[], None]) -> tuple[DateField, QCheckBox, QWidget]:
        edit = DateField(self)
        edit.setDateRange(EARLIEST, LATEST)
        edit.dateChanged.connect(lambda _date: commit())
        none_box = QCheckBox("No date", self)
        none_box.toggled.connect(lambda _checked: commit())
        row = QWidget(self)
        row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit)
        layout.addWidget(none_box)
        return edit, none_box, row

    # -- showing --

    def reload(self) -> None:
        """Read the task again and show it; close the dialog if the task is gone."""
        try:
            with self.workspace.reading() as session:
                details = load_card_details(session, self.task_id)
        except NotFoundError:
            self._gone = True
            self.reject()
            return
        self.show_details(details)

    def show_details(self, details: CardDetails) -> None:
        """Put ``details`` into every control, except text the user is typing right now."""
        self.details = details
        self.setWindowTitle(f"Card — {details.title}")
        typing_title = self.title_edit.hasFocus() and self.title_edit.isModified()
        if not typing_title and self.title_edit.text() != details.title:
            self.title_edit.setText(details.title)
            self.title_edit.setCursorPosition(0)
        document = self.description_edit.document()
        typing_description = self.description_edit.hasFocus() and document.isModified()
        if not typing_description and self.description_edit.toPlainText() != details.description:
            self.description_edit.setPlainText(details.description)
            document.setModified(False)
        where = f"in “{details.column_name}”" if details.column_name else "not on the board"
        self.info_label.setText(
            f"{details.kind.capitalize()} · {where} · {details.percent_complete} % complete"
        )
        self.blockers_label.setVisible(bool(details.blockers))
        self.blockers_label.setText("⚠ Blocked by: " + ", ".join(details.blockers))
        self._show_dates(details)
        self._show_priority(details)
        self.scheduling_panel.show_details(details)
        self.tags_panel.show_details(details)
        self.checklist_panel.show_details(details)
        self.comments_panel.show_details(details)

    def _show_dates(self, details: CardDetails) -> None:
        milestone = details.kind == TaskKind.MILESTONE
        self.start_label.setText("&Date:" if milestone else "&Start:")
        self.finish_label.setVisible(not milestone)
        self.finish_row.setVisible(not milestone)
        today = date.today()
        for edit, none_box, value, fallback in (
            (self.start_edit, self.start_none, details.start, details.finish or today),
            (
                self.finish_edit,
                self.finish_none,
                details.finish,
                max(details.start or today, today),
            ),
        ):
            edit.blockSignals(True)
            none_box.blockSignals(True)
            edit.setDate(_qdate(value or fallback))
            edit.setEnabled(value is not None)
            none_box.setChecked(value is None)
            edit.blockSignals(False)
            none_box.blockSignals(False)

    def _show_priority(self, details: CardDetails) -> None:
        self.priority_box.blockSignals(True)
        self.priority_box.setCurrentIndex(max(0, self.priority_box.findData(details.priority)))
        self.priority_box.blockSignals(False)

    def _on_changed(self, changes: Changes) -> None:
        details = self.details
        relevant = (
            self.task_id in changes.tasks
            or details.project_id in changes.structure
            or changes.labels
            or changes.people
            or changes.columns
            or changes.tasks & details.predecessor_ids
        )
        if not relevant or self._gone:
            return
        if not self.isVisible():
            self._missed_change = True  # catch up when shown again
            return
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._missed_change:
            self._missed_change = False
            QTimer.singleShot(0, self, self.reload)  # may close the dialog: not inside show()

    def close_for_good(self) -> None:
        """Commit what is typed and close, even when the title is refused: the workspace is
        closing (another one is opened, or the application quits)."""
        self._closing_for_good = True
        self.close()

    def done(self, result: int) -> None:
        if not self._gone:
            title_kept = self._commit_title()
            self._commit_description()
            if not title_kept and not self._closing_for_good:
                # the refusal is shown beside the title field: closing now would take it away
                # with the dialog, so the editor stays open with the stored title back in place
                self.title_edit.setFocus()
                return
        super().done(result)

    # -- committing --

    def _commit_title(self) -> bool:
        text = self.title_edit.text()
        self.title_edit.setModified(False)  # lets the reload show the stored (tidied) title
        if text == self.details.title:
            return True
        if not self.push_command(UpdateTask(task_id=self.task_id, title=text)):
            self.title_edit.setText(self.details.title)
            return False
        return True

    def _commit_description(self) -> None:
        text = self.description_edit.toPlainText()
        self.description_edit.document().setModified(False)
        if text == self.details.description:
            return
        if not self.push_command(UpdateTask(task_id=self.task_id, description=text)):
            self.description_edit.setPlainText(self.details.description)

    def _commit_start(self) -> None:
        self._commit_date("start", self.start_edit, self.start_none)

    def _commit_finish(self) -> None:
        self._commit_date("finish", self.finish_edit, self.finish_none)

    def _commit_date(self, field: str, edit: DateField, none_box: QCheckBox) -> None:
        edit.setEnabled(not none_box.isChecked())
        value = None if none_box.isChecked() else edit.date().toPython()
        if value == getattr(self.details, field):
            return
        values: dict[str, date | None] = {field: value}
        if self.details.kind == TaskKind.MILESTONE:
            values = {"start": value, "finish": value}  # a milestone is one day
        if not self.push_command(UpdateTask(task_id=self.task_id, **values)):
            self._show_dates(self.details)

    def _commit_priority(self) -> None:
        value = self.priority_box.currentData()
        if value != self.details.priority and not self.push_command(
            UpdateTask(task_id=self.task_id, priority=value)
        ):
            self._show_priority(self.details)
