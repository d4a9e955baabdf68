"""A date field that reads what the user types, for forms and dialogs.

Qt's ``QDateEdit`` edits a date section by section: typing ``2026-06-30`` into one set to
``yyyy-MM-dd`` gives 2026-12-06, and the locale's own format is not read at all. A
:class:`DateField` is a line edit that shows the date as ISO text, reads a typed date with
:func:`~ipmp_desktop.qt.views.typed_date.read_typed_date` (ISO, the locale's short format, any
separators, day and month, a day alone, "today"), steps a day with Up/Down (a week with
PgUp/PgDn), selects its whole text when it takes the focus, and offers a calendar from the
button at its end. It keeps ``QDateEdit``'s small API that the forms use: :meth:`date`,
:meth:`setDate`, :meth:`setDateRange` and the :attr:`dateChanged` signal, emitted when a new
date is committed (Return, leaving the field, a step, a calendar pick), not at every key.
Text that is no date is refused beside the field in one sentence and the last date comes back.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QStyle, QWidget, QWidgetAction

from ipmp_desktop.qt.views import refusal_bubble
from ipmp_desktop.qt.views.typed_date import TypedDateError, read_typed_date

EARLIEST, LATEST = date(1900, 1, 1), date(2200, 12, 31)
STEPS = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 7, Qt.Key.Key_PageDown: -7}


class DateField(QLineEdit):
    """A typed date (see the module's description)."""

    dateChanged = Signal(QDate)

    def __init__(self, parent: QWidget | None = None, day: date | None = None) -> None:
        super().__init__(parent)
        self._date = day or date.today()
        self._range = (EARLIEST, LATEST)
        self.setText(self._date.isoformat())
        self.setToolTip("Type 2026-12-21, your local short format or a day; Up/Down: a day")
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.calendar_action = QAction(icon, "Choose from a calendar", self)
        self.calendar_action.triggered.connect(lambda _checked=False: self.show_calendar())
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self._commit_text)
        self.calendar: QCalendarWidget | None = None

    # -- QDateEdit's API --

    def date(self) -> QDate:
        """The committed date."""
        return QDate(self._date.year, self._date.month, self._date.day)

    def setDate(self, value: QDate | date) -> None:
        """Show ``value`` (emits :attr:`dateChanged` when it differs from the date shown)."""
        day = value.toPython() if isinstance(value, QDate) else value
        self._set(day)

    def setDateRange(self, earliest: QDate | date, latest: QDate | date) -> None:
        """Dates outside this range are refused."""
        low = earliest.toPython() if isinstance(earliest, QDate) else earliest
        high = latest.toPython() if isinstance(latest, QDate) else latest
        self._range = (low, high)

    # -- typing --

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        QTimer.singleShot(0, self.selectAll)  # after Qt has placed the cursor for the click

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._commit_text():
            event.accept()  # refused: the dialog stays open (Enter would press its OK)
            return
        step = STEPS.get(Qt.Key(event.key()))
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        if not self._commit_text():  # a typed date first, then the step from it
            return
        self._set(self._date + timedelta(days=step))
        self.selectAll()

    def refusal(self) -> str | None:
        """Why the text typed now is no date the field takes (one sentence), or None; for a
        form's OK, which must not go on with the last good date."""
        try:
            self._read()
        except TypedDateError as error:
            return str(error)
        return None

    def _read(self) -> date:
        text = self.text().strip()
        if text == self._date.isoformat():
            return self._date
        day = read_typed_date(text, self._date)
        low, high = self._range
        if not low <= day <= high:
            raise TypedDateError(
                f"{day.isoformat()} is outside the dates a plan may hold "
                f"({low.isoformat()} to {high.isoformat()})."
            )
        return day

    def _commit_text(self) -> bool:
        """Read the typed text; False (and the reason beside the field, the text kept to be
        corrected) if it is no date."""
        try:
            day = self._read()
        except TypedDateError as error:
            self.selectAll()
            refusal_bubble.show_refusal(self, str(error))
            return False
        self._set(day)
        return True

    def _set(self, day: date) -> None:
        changed = day != self._date
        self._date = day
        if self.text() != day.isoformat():
            self.setText(day.isoformat())
        if changed:
            self.dateChanged.emit(self.date())

    # -- the calendar --

    def show_calendar(self) -> QCalendarWidget:
        """Open a calendar under the field; a click on a day sets it (returned for tests)."""
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        low, high = self._range
        calendar.setDateRange(
            QDate(low.year, low.month, low.day), QDate(high.year, high.month, high.day)
        )
        calendar.setSelectedDate(self.date())
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def picked(day: QDate) -> None:
            menu.close()
            self._set(day.toPython())
            self.setFocus()

        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        self.calendar = calendar
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))
        calendar.setFocus()
        return calendar
