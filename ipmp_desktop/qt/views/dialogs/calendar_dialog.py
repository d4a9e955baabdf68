"""Edit a project's working calendar: the working week, hours per day and holidays.

The dialog never writes to the database. Holiday edits (add, remove, import a country's public
holidays) push one core command each at once; the working week and hours per day are pushed as
one ``UpdateCalendar`` when the user presses OK or Apply. Every push reschedules the projects
on the calendar in the same undo step.
"""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import AddHolidays, Command, RemoveHolidays, UpdateCalendar
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import DomainError, NotFoundError
from ipmp_desktop.core.scheduling.calendar import country_holidays
from ipmp_desktop.core.services.calendars import CalendarRow, calendar_of_project
from ipmp_desktop.core.services.changes import Changes
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.views.date_field import DateField

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
COUNTRIES = (
    ("US", "United States"),
    ("GB", "United Kingdom"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("NL", "Netherlands"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("CA", "Canada"),
    ("AU", "Australia"),
    ("IN", "India"),
    ("JP", "Japan"),
    ("BR", "Brazil"),
    ("AT", "Austria"),
    ("BE", "Belgium"),
    ("CH", "Switzerland"),
    ("IE", "Ireland"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("DK", "Denmark"),
    ("FI", "Finland"),
    ("NZ", "New Zealand"),
    ("MX", "Mexico"),
    ("ZA", "South Africa"),
    ("SG", "Singapore"),
    ("KR", "South Korea"),
    ("CN", "China"),
)
"""Country codes offered for the import, with names for the list (the package knows more)."""
ID_ROLE = Qt.ItemDataRole.UserRole
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class HolidayDialog(QDialog):
    """Ask for one holiday: its day, a name and whether it repeats every year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Holiday")
        self.day_edit = DateField(self)
        self.day_edit.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("e.g. Company day")
        self.name_edit.setMaxLength(200)
        self.yearly_box = QCheckBox("Repeats every &year on this day", self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Day:", self.day_edit)
        form.addRow("&Name:", self.name_edit)
        form.addRow(self.yearly_box)
        form.addRow(buttons)

    def values(self) -> tuple[date, str, bool]:
        """The holiday as ``AddHolidays`` takes it: ``(day, name, yearly)``."""
        return (
            self.day_edit.date().toPython(),
            self.name_edit.text().strip(),
            self.yearly_box.isChecked(),
        )


class CountryHolidaysDialog(QDialog):
    """Ask for a country and a span of years whose public holidays to import."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Country Holidays")
        self.country_box = QComboBox(self)
        for code, name in COUNTRIES:
            self.country_box.addItem(f"{code} — {name}", code)
        here = QLocale.territoryToCode(QLocale.system().territory())
        self.country_box.setCurrentIndex(max(0, self.country_box.findData(here)))
        this_year = date.today().year
        self.from_spin = QSpinBox(self)
        self.to_spin = QSpinBox(self)
        for spin in (self.from_spin, self.to_spin):
            spin.setRange(FIRST_YEAR, LAST_YEAR)
            spin.setValue(this_year)
        self.to_spin.setValue(this_year + 1)
        # the span never runs backwards: moving one end pushes the other along
        self.from_spin.valueChanged.connect(
            lambda year: self.to_spin.setValue(max(year, self.to_spin.value()))
        )
        self.to_spin.valueChanged.connect(
            lambda year: self.from_spin.setValue(min(year, self.from_spin.value()))
        )
        years = QHBoxLayout()
        years.addWidget(self.from_spin)
        years.addWidget(QLabel("to", self))
        years.addWidget(self.to_spin)
        years.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Country:", self.country_box)
        form.addRow("&Years:", years)
        form.addRow(buttons)

    def values(self) -> tuple[str, int, int]:
        """``(country code, first year, last year)``, both years included."""
        return self.country_box.currentData(), self.from_spin.value(), self.to_spin.value()


class CalendarDialog(QDialog):
    """The working calendar of one project: working weekdays, hours per day and holidays.

    Open it with ``open()`` or ``show()`` (``exec()`` works too). Holiday buttons push at once;
    the week and the hours are pushed by OK or Apply, and Cancel drops them unpushed. Pushes go
    through ``push_command``, which says why when it refuses (the dialog then keeps the edits so
    they can be corrected); :attr:`message_label` shows problems found before anything is pushed.

    Args:
        workspace: read from (never written to).
        project_id: the project whose calendar to edit.
        push_command: applies a command as one undo step; False if it was refused.
        parent: the owner window.
        bus: optional; when given, undo and redo elsewhere show in the open dialog.

    Raises:
        NotFoundError: the project is gone or has no calendar.
    """

    def __init__(
        self,
        workspace: Workspace,
        project_id: int,
        push_command: Callable[[Command], bool],
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.project_id = project_id
        self.push_command = push_command
        self.pending: QDialog | None = None
        """The Add… or Import… dialog open now, if any."""
        with workspace.reading() as session:
            self.calendar: CalendarRow = calendar_of_project(session, project_id)
        self.resize(560, 520)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b35900;")
        self.message_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply_week)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_week())
        layout.addWidget(self._build_holidays(), 1)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        self._show_week(self.calendar)
        self._show_holidays(self.calendar)
        if bus is not None:
            bus.changed.connect(self._on_changed)

    # -- building --

    def _build_week(self) -> QGroupBox:
        group = QGroupBox("Working week", self)
        self.weekday_boxes = [QCheckBox(name, group) for name in WEEKDAYS]
        days = QHBoxLayout()
        for box in self.weekday_boxes:
            days.addWidget(box)
        days.addStretch(1)
        self.hours_spin = QSpinBox(group)
        self.hours_spin.setRange(1, 24)
        self.hours_spin.setSuffix(" h")
        form = QFormLayout(group)
        form.addRow("Working days:", days)
        form.addRow("&Hours per day:", self.hours_spin)
        return group

    def _build_holidays(self) -> QGroupBox:
        group = QGroupBox("Holidays", self)
        self.holiday_table = QTableWidget(0, 3, group)
        self.holiday_table.setHorizontalHeaderLabels(["Date", "Name", "Yearly"])
        self.holiday_table.verticalHeader().hide()
        self.holiday_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.holiday_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.holiday_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.holiday_table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton("&Add…", group)
        self.add_button.clicked.connect(self.ask_holiday)
        self.remove_button = QPushButton("&Remove", group)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton("Import &Country Holidays…", group)
        self.import_button.clicked.connect(self.ask_country_holidays)
        for button in (self.add_button, self.remove_button, self.import_button):
            button.setAutoDefault(False)  # Return means OK, not "add another"
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        box = QVBoxLayout(group)
        box.addWidget(self.holiday_table, 1)
        box.addLayout(row)
        return group

    # -- showing --

    def reload(self) -> None:
        """Read the calendar again; unapplied week edits stay, holidays show what is stored."""
        try:
            with self.workspace.reading() as session:
                calendar = calendar_of_project(session, self.project_id)
        except NotFoundError:
            self.reject()
            return
        if self.week_values() == (self.calendar.working_weekdays, self.calendar.hours_per_day):
            self._show_week(calendar)  # untouched: follow the stored week
        self.calendar = calendar
        self._show_holidays(calendar)

    def _show_week(self, calendar: CalendarRow) -> None:
        for weekday, box in enumerate(self.weekday_boxes):
            box.setChecked(calendar.works_on_weekday(weekday))
        self.hours_spin.setValue(calendar.hours_per_day)

    def _show_holidays(self, calendar: CalendarRow) -> None:
        self.setWindowTitle(f"Working Calendar — {calendar.name}")
        table = self.holiday_table
        table.setRowCount(len(calendar.holidays))
        for row, holiday in enumerate(calendar.holidays):
            day = QTableWidgetItem(holiday.day.isoformat())
            day.setData(ID_ROLE, holiday.id)
            table.setItem(row, 0, day)
            table.setItem(row, 1, QTableWidgetItem(holiday.name))
            table.setItem(row, 2, QTableWidgetItem("Every year" if holiday.yearly else ""))
        table.resizeColumnToContents(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.selected_holiday_ids()))

    def _on_changed(self, changes: Changes) -> None:
        if self.calendar.id in changes.calendars or self.project_id in changes.projects:
            self.reload()

    def _say(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))

    # -- the week --

    def week_values(self) -> tuple[int, int]:
        """The ticked weekdays as a mask (bit 0 = Monday) and the hours per day shown."""
        mask = sum(1 << day for day, box in enumerate(self.weekday_boxes) if box.isChecked())
        return mask, self.hours_spin.value()

    def apply_week(self) -> bool:
        """Push the week and hours shown, if they differ from the stored ones; True if stored."""
        mask, hours = self.week_values()
        values: dict[str, int] = {}
        if mask != self.calendar.working_weekdays:
            values["working_weekdays"] = mask
        if hours != self.calendar.hours_per_day:
            values["hours_per_day"] = hours
        if not values:
            return True
        if mask == 0:
            self._say("Tick at least one working weekday.")
            return False
        self._say("")
        # once stored, the week shown is the stored one, so the reload keeps it as it is
        return self._pushed(UpdateCalendar(calendar_id=self.calendar.id, **values))

    def accept(self) -> None:
        if self.apply_week():
            super().accept()

    # -- holidays --

    def selected_holiday_ids(self) -> list[int]:
        """The ids of the selected holiday rows, top to bottom."""
        rows = sorted({index.row() for index in self.holiday_table.selectedIndexes()})
        return [int(self.holiday_table.item(row, 0).data(ID_ROLE)) for row in rows]

    def add_holidays(self, holidays: list[tuple[date, str, bool]]) -> bool:
        """Push one ``AddHolidays`` for ``(day, name, yearly)`` entries; True if stored."""
        self._say("")
        try:
            command = AddHolidays(calendar_id=self.calendar.id, holidays=holidays)
        except DomainError as error:
            self._say(str(error))
            return False
        return self._pushed(command)

    def remove_selected(self) -> bool:
        """Push one ``RemoveHolidays`` for the selected rows; True if removed."""
        ids = self.selected_holiday_ids()
        if not ids:
            return False
        self._say("")
        return self._pushed(RemoveHolidays(holiday_ids=ids))

    def import_country_holidays(self, country: str, first_year: int, last_year: int) -> bool:
        """Push the public holidays of ``country`` from ``first_year`` to ``last_year`` as one
        ``AddHolidays`` (one-off days: many move from year to year); True if stored."""
        try:
            found = country_holidays(country, range(first_year, last_year + 1))
        except DomainError as error:
            self._say(str(error))
            return False
        if not found:
            self._say(f"No public holidays of {country} were found for those years.")
            return False
        return self.add_holidays([(day, name, False) for day, name in found])

    def ask_holiday(self) -> None:
        """Open the Add Holiday dialog (window-modal); OK there adds the holiday."""
        dialog = HolidayDialog(self)
        dialog.accepted.connect(lambda: self.add_holidays([dialog.values()]))
        self._open_pending(dialog)

    def ask_country_holidays(self) -> None:
        """Open the Import Country Holidays dialog (window-modal); Import there imports."""
        dialog = CountryHolidaysDialog(self)
        dialog.accepted.connect(lambda: self.import_country_holidays(*dialog.values()))
        self._open_pending(dialog)

    def _open_pending(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "pending", None))
        self.pending = dialog
        dialog.open()

    def _pushed(self, command: Command) -> bool:
        if not self.push_command(command):
            return False
        self.reload()
        return True
