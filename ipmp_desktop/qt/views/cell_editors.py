"""Editors of the task table's cells that look like the cells they edit.

A date cell shows ``2026-12-16``, and so does its editor: a line edit that reads what the user
types (:func:`typed_date.read_typed_date`) and steps a day with Up and Down. A duration or
percentage is edited right-aligned with its unit beside the number, as the cell shows it. Text
that is not a date is refused beside the cell, and nothing is written.
"""

from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QSpinBox, QStyledItemDelegate, QWidget

from ipmp_desktop.qt.views import refusal_bubble
from ipmp_desktop.qt.views.date_field import STEPS
from ipmp_desktop.qt.views.typed_date import TypedDateError, read_typed_date


class RoomyRowDelegate(QStyledItemDelegate):
    """Rows a little taller than the text, so the table reads easily and the Gantt bars beside
    it have room."""

    def sizeHint(self, option, index):
        hint = super().sizeHint(option, index)
        hint.setHeight(max(hint.height(), option.fontMetrics.height() + 10))
        return hint


class DateLineEdit(QLineEdit):
    """A line edit holding a date as text; Up and Down step it by a day (PgUp/PgDn a week)."""

    def __init__(self, reference: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dateCellEditor")
        self.reference = reference
        self.setToolTip("Type 2026-12-21, the local short format, or a day; Up/Down: a day")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = STEPS.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        try:
            current = read_typed_date(self.text(), self.reference)
        except TypedDateError:
            current = self.reference
        self.setText((current + timedelta(days=step)).isoformat())
        self.selectAll()


class DateCellDelegate(RoomyRowDelegate):
    """Edits a date column as typed text in the cell's own format."""

    def createEditor(self, parent, option, index: QModelIndex) -> QWidget:
        value = index.data(Qt.ItemDataRole.EditRole)
        reference = value.toPython() if value is not None and value.isValid() else date.today()
        return DateLineEdit(reference, parent)

    def setEditorData(self, editor: DateLineEdit, index: QModelIndex) -> None:
        shown = index.data(Qt.ItemDataRole.DisplayRole) or editor.reference.isoformat()
        editor.setText(shown)
        editor.selectAll()

    def setModelData(self, editor: DateLineEdit, model, index: QModelIndex) -> None:
        text = editor.text().strip()
        if text == (index.data(Qt.ItemDataRole.DisplayRole) or ""):
            return  # nothing was changed
        try:
            day = read_typed_date(text, editor.reference)
        except TypedDateError as error:
            refusal_bubble.show_refusal(
                editor.parentWidget() or editor, str(error), editor.geometry()
            )
            return
        model.setData(index, day, Qt.ItemDataRole.EditRole)


class UnitSpinDelegate(RoomyRowDelegate):
    """Edits a whole number right-aligned with its unit, as the cell shows it ("12 d", "40 %").

    The editor takes any whole number typed, out of range ones included, and the command checks
    it: a spin box held to the field's range would drop the keys it cannot take and write "15 %"
    for "150" or "3 d" for "-3" without a word. Out of range, the command's refusal is shown
    beside the cell and nothing is written.

    Args:
        suffix: the unit after the number (with its space).
    """

    TYPED_LIMIT = 999_999_999
    """The editor's own bounds: far beyond any field's range, within a spin box's int."""

    def __init__(self, suffix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suffix = suffix

    def createEditor(self, parent, option, index: QModelIndex) -> QWidget:
        editor = QSpinBox(parent)
        editor.setObjectName("unitCellEditor")
        editor.setRange(-self.TYPED_LIMIT, self.TYPED_LIMIT)
        editor.setSuffix(self.suffix)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QSpinBox, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setValue(int(value) if isinstance(value, int) else 0)
        editor.selectAll()

    def setModelData(self, editor: QSpinBox, model, index: QModelIndex) -> None:
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
