"""The page-setup half of the Print & Export dialog: widgets in, a :class:`PageSetup` out.

The form knows which view it prints for and shows only what applies: outline columns, rows and
a fixed time scale for the Gantt chart; lanes, sheets and poster tiles for the board; a time
scale for the roadmap. It never validates by itself: :meth:`PageSetupForm.setup` builds a
``PageSetup``, whose ValueError sentence the dialog shows as it is.
"""

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.layout.pages import PAPER_SIZES_MM, TOKENS, PageSetup, unknown_tokens
from ipmp_desktop.core.layout.timescale import DAY_WIDTH, Zoom, zoom_for_day_width
from ipmp_desktop.core.services.board import LaneMode
from ipmp_desktop.core.services.gantt_print import PRINT_COLUMNS
from ipmp_desktop.qt.views.date_field import DateField

VIEW_TITLES = {"gantt": "Gantt chart", "board": "Board", "roadmap": "Roadmap"}
ZOOM_NAMES = {
    Zoom.DAY: "Days",
    Zoom.WEEK: "Weeks",
    Zoom.MONTH: "Months",
    Zoom.QUARTER: "Quarters",
    Zoom.YEAR: "Years",
}
LANE_NAMES = {
    LaneMode.NONE: "No swimlanes",
    LaneMode.ASSIGNEE: "By assignee",
    LaneMode.LABEL: "By label",
    LaneMode.PRIORITY: "By priority",
    LaneMode.PARENT: "By parent task",
}
SPLITS = {"none": "The whole board", "column": "One sheet per column", "lane": "One sheet per lane"}
ROWS = {
    "gantt": {
        "all": "All tasks",
        "shown": "As shown (filter and collapsed summaries)",
        "selection": "Selected tasks only",
    },
    "board": {"all": "All cards", "shown": "As shown (the board's filter)"},
}
TOKEN_HELP = {
    "project": "project or product name",
    "view": "what is printed",
    "printed": "today's date",
    "page": "page number",
    "pages": "number of pages",
    "range": "dates printed",
    "tile": "tile name (A1, B2 …)",
}
DEFAULT_DPI = 150


class PageSetupForm(QWidget):
    """Tabs of page-setup widgets for one view ("gantt", "board" or "roadmap").

    Emits :attr:`changed` whenever any choice changes (the dialog debounces the preview).
    """

    changed = Signal()

    def __init__(self, view: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if view not in VIEW_TITLES:
            raise ValueError(f"Unknown view {view!r}.")
        self.view = view
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._page_tab(), "Page")
        self.tabs.addTab(self._content_tab(), "Content")
        self.tabs.addTab(self._bands_tab(), "Header && Footer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._connect_all()
        self.set_setup(PageSetup(), {})

    # -- building --

    def _page_tab(self) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        paper = QGroupBox("Paper", tab)
        form = QFormLayout(paper)
        self.paper_box = QComboBox(paper)
        for name, (width, height) in PAPER_SIZES_MM.items():
            self.paper_box.addItem(f"{name}  ({width:g} x {height:g} mm)", name)
        form.addRow("&Size:", self.paper_box)
        orientation = QHBoxLayout()
        self.portrait = QRadioButton("&Portrait", paper)
        self.landscape = QRadioButton("&Landscape", paper)
        orientation.addWidget(self.portrait)
        orientation.addWidget(self.landscape)
        orientation.addStretch(1)
        form.addRow("Orientation:", orientation)
        margins = QGridLayout()
        self.margin_spins: list[QDoubleSpinBox] = []
        for index, side in enumerate(("Left", "Top", "Right", "Bottom")):
            spin = QDoubleSpinBox(paper)
            spin.setRange(0.0, 300.0)
            spin.setDecimals(1)
            spin.setSuffix(" mm")
            spin.setAccessibleName(f"{side} margin")
            self.margin_spins.append(spin)
            margins.addWidget(QLabel(side, paper), index // 2, (index % 2) * 2)
            margins.addWidget(spin, index // 2, (index % 2) * 2 + 1)
        form.addRow("Margins:", margins)
        column.addWidget(paper)
        column.addWidget(self._scale_group(tab))
        extras = QGroupBox("Extras", tab)
        extra_column = QVBoxLayout(extras)
        self.legend = QCheckBox("Print a &legend of the symbols", extras)
        self.overview = QCheckBox("Add an &overview page to assemble tiles", extras)
        extra_column.addWidget(self.legend)
        extra_column.addWidget(self.overview)
        column.addWidget(extras)
        column.addWidget(self._files_group(tab))
        column.addStretch(1)
        return tab

    def _scale_group(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox("Scale", parent)
        grid = QGridLayout(group)
        self.scale_buttons = QButtonGroup(group)
        self.scale_one_page = QRadioButton("Each sheet on &one page", group)
        self.scale_fit = QRadioButton("&Fit to", group)
        fixed_text = "&Actual size (poster tiles)" if self.view == "board" else "Fi&xed time scale:"
        self.scale_fixed = QRadioButton(fixed_text, group)
        for button in (self.scale_one_page, self.scale_fit, self.scale_fixed):
            self.scale_buttons.addButton(button)
        self.pages_wide = QSpinBox(group)
        self.pages_wide.setRange(1, 200)
        self.pages_wide.setSuffix(" page wide")
        self.pages_wide.valueChanged.connect(
            lambda n: self.pages_wide.setSuffix(" page wide" if n == 1 else " pages wide")
        )
        self.pages_tall = QSpinBox(group)
        self.pages_tall.setRange(0, 200)
        self.pages_tall.setSpecialValueText("any height")
        self.pages_tall.setSuffix(" tall")
        self.zoom_box = QComboBox(group)
        for zoom, name in ZOOM_NAMES.items():
            self.zoom_box.addItem(name, zoom)
        grid.addWidget(self.scale_one_page, 0, 0, 1, 3)
        grid.addWidget(self.scale_fit, 1, 0)
        grid.addWidget(self.pages_wide, 1, 1)
        grid.addWidget(self.pages_tall, 1, 2)
        grid.addWidget(self.scale_fixed, 2, 0)
        grid.addWidget(self.zoom_box, 2, 1)
        grid.setColumnStretch(3, 1)
        self.scale_one_page.setVisible(self.view == "board")
        self.pages_tall.setVisible(self.view != "gantt")
        self.zoom_box.setVisible(self.view != "board")
        return group

    def _files_group(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox("SVG and PNG files", parent)
        form = QFormLayout(group)
        self.whole_box = QComboBox(group)
        self.whole_box.addItem("One file per page", False)
        self.whole_box.addItem("The whole chart in one file", True)
        self.whole_box.setToolTip(
            "PDF always holds every page. SVG and PNG can be a file per page or the whole "
            "chart unpaginated (PNG is scaled down to stay a sensible size)."
        )
        form.addRow("Files:", self.whole_box)
        self.dpi_spin = QSpinBox(group)
        self.dpi_spin.setRange(72, 600)
        self.dpi_spin.setSingleStep(50)
        self.dpi_spin.setSuffix(" dpi")
        self.dpi_spin.setValue(DEFAULT_DPI)
        form.addRow("PNG resolution:", self.dpi_spin)
        return group

    def _content_tab(self) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        self.dates_group = QGroupBox("Dates", tab)
        form = QFormLayout(self.dates_group)
        self.whole_plan = QCheckBox("The &whole plan", self.dates_group)
        form.addRow(self.whole_plan)
        self.first_day = DateField(self.dates_group)
        self.last_day = DateField(self.dates_group)
        form.addRow("F&rom:", self.first_day)
        form.addRow("&To:", self.last_day)
        self.dates_group.setVisible(self.view != "board")
        column.addWidget(self.dates_group)
        self.rows_group = QGroupBox("Rows", tab)
        rows_form = QFormLayout(self.rows_group)
        self.rows_box = QComboBox(self.rows_group)
        for key, text in ROWS.get(self.view, {}).items():
            self.rows_box.addItem(text, key)
        rows_form.addRow("Print:", self.rows_box)
        self.rows_group.setVisible(self.view in ROWS)
        column.addWidget(self.rows_group)
        self.columns_group = QGroupBox("Columns beside the chart", tab)
        columns_layout = QVBoxLayout(self.columns_group)
        self.columns_list = QListWidget(self.columns_group)
        for key, title in PRINT_COLUMNS.items():
            item = QListWidgetItem(title, self.columns_list)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.columns_list.setMaximumHeight(
            self.columns_list.sizeHintForRow(0) * len(PRINT_COLUMNS) + 6
        )
        columns_layout.addWidget(self.columns_list)
        self.columns_group.setVisible(self.view == "gantt")
        column.addWidget(self.columns_group)
        self.board_group = QGroupBox("Board", tab)
        board_form = QFormLayout(self.board_group)
        self.lanes_box = QComboBox(self.board_group)
        for mode, text in LANE_NAMES.items():
            self.lanes_box.addItem(text, str(mode))
        board_form.addRow("Swim&lanes:", self.lanes_box)
        self.split_box = QComboBox(self.board_group)
        for key, text in SPLITS.items():
            self.split_box.addItem(text, key)
        board_form.addRow("S&heets:", self.split_box)
        self.board_group.setVisible(self.view == "board")
        column.addWidget(self.board_group)
        column.addStretch(1)
        return tab

    def _bands_tab(self) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        grid = QGridLayout()
        self.header_edits: list[QLineEdit] = []
        self.footer_edits: list[QLineEdit] = []
        for row, (name, edits) in enumerate(
            (("Header", self.header_edits), ("Footer", self.footer_edits))
        ):
            grid.addWidget(QLabel(f"<b>{name}</b>", tab), row * 4, 0, 1, 2)
            for offset, side in enumerate(("Left", "Centre", "Right")):
                edit = QLineEdit(tab)
                edit.setClearButtonEnabled(True)
                edit.setAccessibleName(f"{name} {side.lower()}")
                edits.append(edit)
                grid.addWidget(QLabel(f"{side}:", tab), row * 4 + 1 + offset, 0)
                grid.addWidget(edit, row * 4 + 1 + offset, 1)
        column.addLayout(grid)
        help_lines = "".join(
            f"<tr><td><code>{{{token}}}</code></td><td>{TOKEN_HELP[token]}</td></tr>"
            for token in TOKENS
        )
        self.token_help = QLabel(f"Tokens you can type:<table>{help_lines}</table>", tab)
        self.token_help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.token_help)
        self.token_warning = QLabel(tab)
        self.token_warning.setWordWrap(True)
        self.token_warning.setObjectName("tokenWarning")
        self.token_warning.setStyleSheet("QLabel#tokenWarning { color: #b45309; }")
        self.token_warning.hide()
        column.addWidget(self.token_warning)
        column.addStretch(1)
        return tab

    def _connect_all(self) -> None:
        emit = self._changed
        self.paper_box.currentIndexChanged.connect(emit)
        for button in (self.portrait, self.landscape):
            button.toggled.connect(emit)
        for spin in (*self.margin_spins, self.pages_wide, self.pages_tall, self.dpi_spin):
            spin.valueChanged.connect(emit)
        self.scale_buttons.buttonToggled.connect(self._scale_toggled)
        for box in (self.zoom_box, self.rows_box, self.lanes_box, self.split_box, self.whole_box):
            box.currentIndexChanged.connect(emit)
        for check in (self.legend, self.overview):
            check.toggled.connect(emit)
        self.whole_plan.toggled.connect(self._whole_plan_toggled)
        for edit in (self.first_day, self.last_day):
            edit.dateChanged.connect(emit)
        self.columns_list.itemChanged.connect(emit)
        for edit in (*self.header_edits, *self.footer_edits):
            edit.textChanged.connect(emit)

    # -- reacting --

    def _changed(self, *_: object) -> None:
        self._update_token_warning()
        self.changed.emit()

    def _scale_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._enable_scale_inputs()
            self.changed.emit()

    def _enable_scale_inputs(self) -> None:
        fit = self.scale_fit.isChecked()
        self.pages_wide.setEnabled(fit)
        self.pages_tall.setEnabled(fit)
        self.zoom_box.setEnabled(self.scale_fixed.isChecked())

    def _whole_plan_toggled(self, checked: bool) -> None:
        self.first_day.setEnabled(not checked)
        self.last_day.setEnabled(not checked)
        self.changed.emit()

    def _update_token_warning(self) -> None:
        unknown = self.unknown_tokens()
        if unknown:
            names = ", ".join(f"{{{name}}}" for name in unknown)
            known = " ".join(f"{{{name}}}" for name in TOKENS)
            self.token_warning.setText(
                f"Unknown token {names}: it prints as typed. The tokens are {known}."
            )
        self.token_warning.setVisible(bool(unknown))

    def unknown_tokens(self) -> list[str]:
        """Tokens typed in the header or footer that will not be filled in (each once)."""
        found: list[str] = []
        for edit in (*self.header_edits, *self.footer_edits):
            found.extend(name for name in unknown_tokens(edit.text()) if name not in found)
        return found

    # -- reading and writing --

    def setup(self) -> PageSetup:
        """The setup the widgets describe; ValueError (a sentence) when it cannot print."""
        pages_wide: int | None = None
        pages_tall: int | None = None
        if self.scale_one_page.isChecked() and self.view == "board":
            pages_wide, pages_tall = 1, 1
        elif self.scale_fit.isChecked():
            pages_wide = self.pages_wide.value()
            pages_tall = (self.pages_tall.value() or None) if self.view != "gantt" else None
        zoom = self.zoom_box.currentData() or Zoom.WEEK
        date_range = None
        if self.view != "board" and not self.whole_plan.isChecked():
            date_range = (self.first_day.date().toPython(), self.last_day.date().toPython())
        return PageSetup(
            paper=self.paper_box.currentData(),
            landscape=self.landscape.isChecked(),
            margins_mm=tuple(spin.value() for spin in self.margin_spins),  # type: ignore[arg-type]
            date_range=date_range,
            pages_wide=pages_wide,
            pages_tall=pages_tall,
            day_width=DAY_WIDTH[zoom] if self.view != "board" else self._day_width,
            header=tuple(edit.text() for edit in self.header_edits),  # type: ignore[arg-type]
            footer=tuple(edit.text() for edit in self.footer_edits),  # type: ignore[arg-type]
            legend=self.legend.isChecked(),
            overview=self.overview.isChecked(),
            columns=self._columns() if self.view == "gantt" else self._kept_columns,
            rows=self.rows_box.currentData() or "all",
        )

    def _columns(self) -> tuple[str, ...]:
        items = (self.columns_list.item(row) for row in range(self.columns_list.count()))
        return tuple(
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def set_setup(self, setup: PageSetup, options: Mapping[str, object]) -> None:
        """Show ``setup`` and the dialog's other ``options`` (see :meth:`options`)."""
        widgets = self.findChildren(QWidget)
        blocked = [widget.blockSignals(True) for widget in widgets]
        self.scale_buttons.blockSignals(True)
        try:
            self._fill(setup, options)
        finally:
            self.scale_buttons.blockSignals(False)
            for widget, was in zip(widgets, blocked, strict=True):
                widget.blockSignals(was)
        self._enable_scale_inputs()
        self.first_day.setEnabled(not self.whole_plan.isChecked())
        self.last_day.setEnabled(not self.whole_plan.isChecked())
        self._update_token_warning()
        self.changed.emit()

    def _fill(self, setup: PageSetup, options: Mapping[str, object]) -> None:
        self.paper_box.setCurrentIndex(max(0, self.paper_box.findData(setup.paper)))
        (self.landscape if setup.landscape else self.portrait).setChecked(True)
        for spin, value in zip(self.margin_spins, setup.margins_mm, strict=False):
            spin.setValue(value)
        self.whole_plan.setChecked(setup.date_range is None)
        if setup.date_range is not None:
            self.first_day.setDate(QDate(setup.date_range[0]))
            self.last_day.setDate(QDate(setup.date_range[1]))
        one_page = self.view == "board" and setup.pages_wide == 1 and setup.pages_tall == 1
        if one_page:
            self.scale_one_page.setChecked(True)
        elif setup.pages_wide:
            self.scale_fit.setChecked(True)
        else:
            self.scale_fixed.setChecked(True)
        self.pages_wide.setValue(setup.pages_wide or 1)
        self.pages_tall.setValue(setup.pages_tall or 0)
        self._day_width = setup.day_width
        zoom = zoom_for_day_width(setup.day_width)
        self.zoom_box.setCurrentIndex(max(0, self.zoom_box.findData(zoom)))
        self._kept_columns = setup.columns
        for row in range(self.columns_list.count()):
            item = self.columns_list.item(row)
            chosen = item.data(Qt.ItemDataRole.UserRole) in setup.columns
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        self.rows_box.setCurrentIndex(max(0, self.rows_box.findData(setup.rows)))
        for edits, texts in ((self.header_edits, setup.header), (self.footer_edits, setup.footer)):
            padded = [*texts, "", "", ""][:3]
            for edit, text in zip(edits, padded, strict=True):
                edit.setText(text)
        self.legend.setChecked(setup.legend)
        self.overview.setChecked(setup.overview)
        _choose(self.lanes_box, options.get("lane_mode"))
        _choose(self.split_box, options.get("split"))
        _choose(self.whole_box, bool(options.get("whole", False)))
        dpi = options.get("dpi", DEFAULT_DPI)
        self.dpi_spin.setValue(dpi if isinstance(dpi, int) else DEFAULT_DPI)

    def show_plan_range(self, first: date, last: date) -> None:
        """While "whole plan" is ticked, show the dates the whole plan spans (no signal)."""
        if not self.whole_plan.isChecked():
            return
        for edit, day in ((self.first_day, first), (self.last_day, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day))
            edit.blockSignals(False)

    def view_options(self) -> dict[str, str]:
        """What the view's document builder takes beside the setup (the board's lanes and
        sheets); empty for the other views."""
        if self.view != "board":
            return {}
        return {"lane_mode": self.lanes_box.currentData(), "split": self.split_box.currentData()}

    def whole(self) -> bool:
        """SVG and PNG: the whole chart in one file rather than a file per page."""
        return bool(self.whole_box.currentData())

    def dpi(self) -> int:
        """PNG page resolution."""
        return self.dpi_spin.value()

    def options(self) -> dict[str, object]:
        """Everything besides the setup worth remembering, JSON-able."""
        return {**self.view_options(), "whole": self.whole(), "dpi": self.dpi()}


def _choose(box: QComboBox, value: object) -> None:
    """Select the item whose data is ``value``; keep the current one when there is none."""
    if value is None:
        return
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)
