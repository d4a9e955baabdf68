"""File > Import…: choose another tool's file, preview what it holds, import it as a new project.

The dialog reads the file in a background thread (:mod:`.import_reading`) while a busy bar runs;
Cancel closes the dialog at any time and drops whatever the read produces. The preview shows
the format recognised, an editable project name, counts, what will be mapped or dropped, and the
first tasks as a tree. A plain CSV file adds a column-mapping step: each of our columns gets a
combo box of the file's headers, prefilled by a guess; changing one reads the file again.

Nothing is written until Import. Writing thousands of tasks takes seconds, so it runs in a
worker thread (:meth:`UndoController.run_in_background
<ipmp_desktop.qt.undo.UndoController.run_in_background>`) while the bar shows how far it is and
the window stays live; Cancel (or Escape) then stops it and nothing is written. When it is done
the :class:`ImportPlan` command it applied becomes one undo step (Edit > Undo removes the project
again), the report carries the date shifts, and :attr:`ImportDialog.imported` is emitted. A file
that cannot be imported shows its sentence in the dialog and leaves Import disabled; an import
the store refuses shows its sentence and may be tried again (with another name, say).
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands.validate import MAX_NAME
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.formats import FORMATS
from ipmp_desktop.core.interchange.store import STEPS, ImportPlan, ImportResult, write_plan
from ipmp_desktop.qt.operations import BackgroundOperation
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.dialogs import import_reading
from ipmp_desktop.qt.views.dialogs.import_preview import ImportPreview

NO_COLUMN = "(none)"
EXTRA_PATTERNS = {"trello": (".json",), "jira": (".csv",)}
"""Formats recognised by content alone still need a pattern in the file dialog."""


def import_filters() -> str:
    """The file dialog's filters: "All supported" first, then one per readable format."""
    every: list[str] = []
    filters: list[str] = []
    for item in FORMATS:
        if item.reader is None:
            continue
        patterns = [f"*{suffix}" for suffix in item.extensions or EXTRA_PATTERNS.get(item.key, ())]
        if not patterns:
            continue
        filters.append(f"{item.name} ({' '.join(patterns)})")
        every += [pattern for pattern in patterns if pattern not in every]
    return ";;".join([f"All supported ({' '.join(every)})", *filters, "All files (*)"])


def ask_import_path(parent: QWidget, folder: Path) -> Path | None:
    """The file the user picks in the platform's open dialog, or None when cancelled."""
    name, _filter = QFileDialog.getOpenFileName(parent, "Import", str(folder), import_filters())
    return Path(name) if name else None


class ColumnMappingForm(QGroupBox):
    """For a CSV file: which of the file's columns holds each of ours ("(none)": not read).

    :attr:`changed` is emitted when the user picks another column, not when the form is filled.
    """

    changed = Signal()
    PER_ROW = 3
    """Columns side by side, so that thirteen of them leave room for the preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Columns: which column of the file holds each field", parent)
        self.combos: dict[str, QComboBox] = {}
        self.grid = QGridLayout(self)
        for pair in range(self.PER_ROW):
            self.grid.setColumnStretch(pair * 2 + 1, 1)

    def set_choices(self, columns: list[str], headers: list[str], mapping: dict[str, str]) -> None:
        """One combo box per column of ours, each offering the file's headers, set from
        ``mapping``."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.combos = {}
        for number, column in enumerate(columns):
            combo = QComboBox(self)
            combo.addItem(NO_COLUMN, "")
            for header in headers:
                if combo.findData(header) < 0:
                    combo.addItem(header, header)
            index = combo.findData(mapping.get(column, ""))
            combo.setCurrentIndex(max(index, 0))
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
            label = QLabel(f"{column}:", self)
            label.setBuddy(combo)
            row, pair = divmod(number, self.PER_ROW)
            self.grid.addWidget(label, row, pair * 2, Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(combo, row, pair * 2 + 1)
            self.combos[column] = combo

    def mapping(self) -> dict[str, str]:
        """Our column -> the file's header, for every column given one."""
        return {
            column: combo.currentData()
            for column, combo in self.combos.items()
            if combo.currentData()
        }


class ImportDialog(QDialog):
    """Preview of one file and the Import button that makes it a new project.

    Args:
        path: the file to import.
        workspace: the open workspace (read here; written by the import's worker thread).
        undo: the workspace's undo stack: the import runs through its
            :meth:`~ipmp_desktop.qt.undo.UndoController.run_in_background` and ends on it as
            one step.
        parent: the owning window.

    Reading starts at once. :attr:`imported` is emitted with the new project's id and the
    report once the project exists; the dialog then closes.
    """

    imported = Signal(int, object)

    def __init__(
        self,
        path: Path,
        workspace: Workspace,
        undo: UndoController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.workspace = workspace
        self.undo = undo
        self.read_result: import_reading.ReadResult | None = None
        self.command: ImportPlan | None = None
        self.operation: BackgroundOperation | None = None
        self._shown_format = ""
        self.reading = False
        self.read_failed = False
        self._generation = 0
        self._name_typed = False
        self.setWindowTitle(f"Import {path.name}")
        self.resize(960, 640)
        self._build()
        self.start_reading()

    def _build(self) -> None:
        self.file_label = QLabel(self.path.name, self)
        self.file_label.setObjectName("importFile")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setToolTip(str(self.path))
        self.format_label = QLabel(self)
        self.format_label.setObjectName("importFormat")
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # no known end: a busy bar
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(240)
        format_row = QHBoxLayout()
        format_row.addWidget(self.format_label)
        format_row.addWidget(self.busy)
        format_row.addStretch(1)
        self.error_icon = QLabel(self)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.error_icon.setPixmap(icon.pixmap(24, 24))
        self.error_label = QLabel(self)
        self.error_label.setObjectName("importError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_row = QWidget(self)
        error_layout = QHBoxLayout(self.error_row)
        error_layout.setContentsMargins(0, 0, 0, 0)
        error_layout.addWidget(self.error_icon, 0, Qt.AlignmentFlag.AlignTop)
        error_layout.addWidget(self.error_label, 1)
        self.error_row.hide()
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.textEdited.connect(self._name_edited)
        form = QFormLayout()
        form.addRow("File:", self.file_label)
        form.addRow("Format:", format_row)
        form.addRow("Project &name:", self.name_edit)
        self.mapping_form = ColumnMappingForm(self)
        self.mapping_form.changed.connect(self.read_with_mapping)
        self.mapping_form.hide()
        self.preview = ImportPreview(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.import_plan)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_row)
        layout.addWidget(self.mapping_form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)

    # -- reading --

    def start_reading(self, mapping: dict[str, str] | None = None) -> None:
        """Read the file in the background (again, with ``mapping``, for CSV); answers from
        earlier reads are ignored from now on."""
        self._generation += 1
        data = (
            self.read_result.data if self.read_result is not None and mapping is not None else None
        )
        job = import_reading.PlanReadJob(self._generation, self.path, mapping=mapping, data=data)
        job.succeeded.connect(self._read_done)
        job.failed.connect(self._read_failed)
        self._set_reading(True)
        import_reading.start_reading(job)

    def read_with_mapping(self) -> None:
        """Read the CSV file again with the columns now chosen in the form."""
        self.start_reading(self.mapping_form.mapping())

    def _set_reading(self, reading: bool) -> None:
        self.reading = reading
        self.busy.setVisible(reading)
        if reading:
            self.error_row.hide()
            self.format_label.setText("Reading the file…")
            self.preview.clear()
        self._update_buttons()

    def _read_done(self, generation: int, result: import_reading.ReadResult) -> None:
        if generation != self._generation:
            return  # cancelled, or overtaken by a newer read
        first_csv = result.is_csv and not self.mapping_form.combos
        self.read_result = result
        self.read_failed = result.plan is None
        self._set_reading(False)
        self.format_label.setText(result.format.name)
        if first_csv:
            self.mapping_form.set_choices(csv_columns(), result.headers, result.mapping)
            self.mapping_form.show()
        if result.plan is None:
            self.show_error(result.error)
            return
        if not self._name_typed:
            self.name_edit.setText(result.plan.name)
        self.name_edit.setPlaceholderText(result.plan.name or "Imported project")
        self.preview.show_plan(result.plan)
        self._update_buttons()

    def _read_failed(self, generation: int, sentence: str) -> None:
        if generation != self._generation:
            return
        if self.read_result is not None and not self.read_result.is_csv:
            self.read_result = None
        self.read_failed = True  # a CSV keeps its bytes for the next mapping, not its plan
        self._set_reading(False)
        self.format_label.setText(self.read_result.format.name if self.read_result else "—")
        self.show_error(sentence)

    def show_error(self, sentence: str) -> None:
        """Show why the file cannot be imported (Import stays disabled until a read succeeds)
        or why the import was refused (the user may change the name and try again)."""
        self.error_label.setText(sentence)
        self.error_row.show()
        self._update_buttons()

    def error_text(self) -> str:
        """The sentence shown, or "" when none is."""
        return self.error_label.text() if self.error_row.isVisibleTo(self) else ""

    def _name_edited(self, _text: str) -> None:
        self._name_typed = True

    @property
    def writing(self) -> bool:
        """Whether the import is being written (in its worker thread) now."""
        return self.operation is not None and self.operation.running

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(
            self.read_result is not None
            and not self.reading
            and not self.read_failed
            and not self.writing
        )
        self.name_edit.setEnabled(not self.writing)
        self.mapping_form.setEnabled(not self.writing)

    # -- closing --

    def reject(self) -> None:
        """Close without importing. A read still running is left to finish and ignored; a
        write running is cancelled and the dialog closes once it has stopped (nothing
        written)."""
        if self.writing:
            assert self.operation is not None
            self.format_label.setText("Cancelling the import…")
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
            self.operation.cancel()
            return
        self._generation += 1
        super().reject()

    def import_plan(self) -> bool:
        """Start writing the plan shown as a new project in the background; True when it
        started. The dialog shows its progress, and closes when the project exists (one undo
        step) or shows why it was refused."""
        if self.read_result is None or self.reading or self.read_failed or self.writing:
            return False
        plan = self.read_result.plan
        assert plan is not None  # read_failed otherwise
        name = self.name_edit.text().strip() or None
        workspace = self.workspace
        operation = self.undo.run_in_background(
            lambda progress: write_plan(workspace, plan, name=name, progress=progress),
            what="the import",
        )
        if operation is None:
            return False  # another write runs; the undo stack said so
        self.operation = operation
        operation.progressed.connect(self._write_progressed)
        operation.succeeded.connect(self._written)
        operation.cancelled.connect(self._write_cancelled)
        operation.failed.connect(self._write_failed)
        self._shown_format = self.format_label.text()
        self.error_row.hide()
        self.format_label.setText(f"Writing {len(plan.tasks):,} tasks into the workspace…")
        self.busy.setRange(0, STEPS)
        self.busy.setValue(0)
        self.busy.setTextVisible(True)
        self.busy.show()
        operation.start()
        self._update_buttons()
        return True

    def _write_progressed(self, done: int, total: int) -> None:
        self.busy.setRange(0, max(total, 1))
        self.busy.setValue(done)

    def _written(self, result: ImportResult) -> None:
        self._end_writing()
        self.command = result.command
        self.imported.emit(result.project_id, result.report)
        self.accept()

    def _write_cancelled(self) -> None:
        self._end_writing()
        self._generation += 1
        super().reject()

    def _write_failed(self, sentence: str) -> None:
        self._end_writing()
        self.format_label.setText(self._shown_format)
        self.show_error(sentence)

    def _end_writing(self) -> None:
        self.busy.hide()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(True)
        self._update_buttons()


def csv_columns() -> list[str]:
    """Our CSV columns, in the order the CSV format documents them."""
    from ipmp_desktop.core.interchange.csv_format import COLUMNS

    return list(COLUMNS)


__all__ = ["ColumnMappingForm", "ImportDialog", "ask_import_path", "import_filters"]
