"""File > Import… (preview, column mapping, report, undo) and File > Export Data…, offscreen."""

import importlib.util
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox
from sqlalchemy import func, select

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.formats import BY_KEY, FORMATS, read_plan
from ipmp_desktop.core.interchange.plan import Plan, PlanLink, PlanTask
from ipmp_desktop.core.model import Project, Task
from ipmp_desktop.core.services.queries import list_projects
from ipmp_desktop.qt.views.dialogs import import_reading
from ipmp_desktop.qt.views.dialogs.export_data import export_filters, suggested_path
from ipmp_desktop.qt.views.dialogs.import_dialog import ImportDialog, import_filters
from ipmp_desktop.qt.views.dialogs.import_preview import PREVIEW_TASKS
from tests.interchange.conftest import CORPUS


def has_module(name: str) -> bool:
    return importlib.util.find_spec(f"ipmp_desktop.core.interchange.{name}") is not None


needs_gan = pytest.mark.skipif(
    not (has_module("gan") and has_module("mspdi")),
    reason="the GanttProject format (and the MS Project sniffer tried first) is not written yet",
)
needs_csv = pytest.mark.skipif(not has_module("csv_format"), reason="csv_format is not written yet")


def sample_plan(name: str = "Garden shed") -> Plan:
    """Phase (Design, Build) and a milestone; Build starts before Design ends although it has
    to wait for it (FS), so our scheduler moves it: 2026-03-09..11 instead of 03-03..05."""
    plan = Plan(name=name, start=date(2026, 3, 2))
    plan.tasks = [
        PlanTask("1", "Phase", start=date(2026, 3, 2), finish=date(2026, 3, 6), duration_days=5),
        PlanTask(
            "2", "Design", parent="1", start=date(2026, 3, 2), finish=date(2026, 3, 6),
            duration_days=5,
        ),
        PlanTask(
            "3", "Build", parent="1", start=date(2026, 3, 3), finish=date(2026, 3, 5),
            duration_days=3,
        ),
        PlanTask(
            "4", "Launch", kind="milestone", start=date(2026, 3, 13), finish=date(2026, 3, 13),
            duration_days=0,
        ),
    ]  # fmt: skip
    plan.links = [PlanLink("2", "3")]
    return plan


@pytest.fixture
def gan_file(tmp_path: Path) -> Path:
    path = tmp_path / "shed.gan"
    path.write_bytes(BY_KEY["gan"].write(sample_plan()))
    return path


def project_names(path: Path) -> list[str]:
    with Workspace.open(path) as workspace, workspace.reading() as session:
        return [project.name for project in list_projects(session)]


def task_titles(window, project_id: int) -> list[str]:
    with window.session.workspace.reading() as session:
        return list(
            session.scalars(
                select(Task.title).where(Task.project_id == project_id).order_by(Task.id)
            )
        )


def open_preview(window, qtbot, path: Path) -> ImportDialog:
    dialog = window.import_file_dialog(str(path))
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.reading, timeout=20_000)
    return dialog


def click(dialog: ImportDialog, role: QDialogButtonBox.StandardButton | None = None) -> None:
    button = dialog.import_button if role is None else dialog.buttons.button(role)
    button.click()


def import_with_mouse(dialog: ImportDialog, qtbot) -> list[int]:
    """Click Import with the mouse and wait until the import (written in the background) has
    ended, one way or another; the ids of the projects imported (none when it did not end well;
    a dialog that imported has closed and may be deleted by now)."""
    imported: list[int] = []
    dialog.imported.connect(lambda project_id, _report: imported.append(project_id))
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    operation = dialog.operation
    assert operation is not None and operation.running, "Import did not start"
    qtbot.waitUntil(lambda: not operation.running, timeout=60_000)
    return imported


# -- actions --------------------------------------------------------------------------------------


def test_actions_exist_with_shortcuts_in_the_file_menu(window, qtbot, settings):
    assert window.act_import.shortcut() == QKeySequence("Ctrl+I")
    assert window.act_export_data.shortcut() == QKeySequence("Ctrl+Shift+E")
    assert window.act_export.text() == "&Export…"  # the views' export is kept as it was
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert texts.index("&Import…") == texts.index("&Export…") + 2  # after a separator
    assert texts.index("Export Da&ta…") == texts.index("&Import…") + 1
    assert window.act_import.isEnabled() and window.act_export_data.isEnabled()
    shortcuts = [
        sequence.toString()
        for action in window.findChildren(type(window.act_import))
        for sequence in action.shortcuts()
    ]
    assert shortcuts.count("Ctrl+I") == 1 and shortcuts.count("Ctrl+Shift+E") == 1
    from ipmp_desktop.qt.views.main_window import MainWindow

    empty = MainWindow(settings)  # no workspace open
    qtbot.addWidget(empty)
    assert not empty.act_import.isEnabled() and not empty.act_export_data.isEnabled()


def test_file_dialog_filters_name_every_readable_format():
    filters = import_filters().split(";;")
    assert filters[0].startswith("All supported (") and filters[-1] == "All files (*)"
    for pattern in ("*.xml", "*.gan", "*.planner", "*.csv", "*.json"):
        assert pattern in filters[0]
    assert "GanttProject (*.gan)" in filters and "Trello JSON (*.json)" in filters
    for item in FORMATS:  # one filter per format we read, none for one we only write
        assert any(f.startswith(f"{item.name} (") for f in filters) == (item.reader is not None)
    assert [suffix for _text, suffix in export_filters()] == [
        ".xml",
        ".gan",
        ".csv",
        ".ics",
        ".json",
    ]


@needs_gan
def test_import_action_asks_for_the_file(window, qtbot, gan_file, monkeypatch):
    asked = {}

    def pick(parent, caption, folder, filters):
        asked.update(caption=caption, folder=folder, filters=filters)
        return str(gan_file), "GanttProject (*.gan)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    window.act_import.trigger()
    dialog = window.import_dialog
    assert dialog.path == gan_file and dialog.isVisible()
    assert asked["caption"] == "Import" and asked["folder"] == str(gan_file.parent)
    assert asked["filters"].startswith("All supported (")
    qtbot.waitUntil(lambda: not dialog.reading, timeout=20_000)
    click(dialog, QDialogButtonBox.StandardButton.Cancel)


# -- preview and import ---------------------------------------------------------------------------


@needs_gan
def test_preview_shows_format_name_counts_notes_and_tree(window, qtbot, gan_file):
    dialog = open_preview(window, qtbot, gan_file)
    assert dialog.error_text() == ""
    assert (dialog.file_label.text(), dialog.format_label.text()) == ("shed.gan", "GanttProject")
    assert dialog.name_edit.text() == "Garden shed"
    assert not dialog.busy.isVisible() and dialog.import_button.isEnabled()
    assert dialog.preview.counts_label.text() == (
        "Will import: 4 tasks (1 milestone, 1 summary), 1 link."
    )
    assert dialog.preview.tree_rows() == [
        (0, ["Phase", "2026-03-02", "2026-03-06", ""]),
        (1, ["Design", "2026-03-02", "2026-03-06", "5 d"]),
        (1, ["Build", "2026-03-03", "2026-03-05", "3 d"]),
        (0, ["Launch", "2026-03-13", "", "milestone"]),
    ]
    assert dialog.preview.tree_note.text() == "All 4 tasks are shown."
    notes = [dialog.preview.notes.item(i).text() for i in range(dialog.preview.notes.count())]
    assert notes[0] == "Mapped" and "Dropped" in notes
    assert not dialog.mapping_form.isVisible()  # only plain CSV maps columns
    click(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert project_names(window.session.workspace.path) == ["Website"]


@needs_gan
def test_import_creates_the_project_reports_shifts_and_undo_redo(window, qtbot, gan_file):
    dialog = open_preview(window, qtbot, gan_file)
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Shed (imported)")
    (project_id,) = import_with_mouse(dialog, qtbot)
    assert task_titles(window, project_id) == ["Phase", "Launch", "Design", "Build"]
    with window.session.workspace.reading() as session:
        build = session.scalars(
            select(Task).where(Task.project_id == project_id, Task.title == "Build")
        ).one()
        assert (build.start, build.finish) == (date(2026, 3, 9), date(2026, 3, 11))
    assert window.project_box.currentText() == "Shed (imported)"
    assert window.current_project_id() == project_id
    assert window.status_counts.text() == "4 tasks"
    report = window.import_report
    assert report.isVisible()
    text = report.text.toPlainText()
    assert text.startswith("Imported shed.gan (GanttProject).")
    assert "  Build: 2026-03-03..2026-03-05 -> 2026-03-09..2026-03-11 (a link" in text
    assert "Design:" not in text  # kept its dates
    report.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    assert window.act_undo.text() == "&Undo Import project"

    window.act_undo.trigger()
    assert project_names(window.session.workspace.path) == ["Website"]
    assert window.project_box.findData(project_id) == -1
    window.act_redo.trigger()
    assert sorted(project_names(window.session.workspace.path)) == ["Shed (imported)", "Website"]
    assert task_titles(window, project_id) == ["Phase", "Launch", "Design", "Build"]


@needs_gan
def test_a_long_file_previews_its_first_tasks_only(window, qtbot, tmp_path):
    plan = Plan(name="Long", start=date(2026, 3, 2))
    plan.tasks = [
        PlanTask(str(n), f"Task {n}", start=date(2026, 3, 2), finish=date(2026, 3, 2))
        for n in range(1, 1001)
    ]
    path = tmp_path / "long.gan"
    path.write_bytes(BY_KEY["gan"].write(plan))
    dialog = open_preview(window, qtbot, path)
    assert dialog.preview.task_tree.topLevelItemCount() == PREVIEW_TASKS
    assert dialog.preview.tree_note.text() == "Showing the first 200 of 1,000 tasks."
    assert dialog.preview.counts_label.text() == "Will import: 1,000 tasks, 0 links."


CORPUS_SAMPLES = [
    "gan/HouseBuildingSample.gan",
    "mspdi/sample.xml",
    "planner/planner-sample.planner",
    "trello/trello.json",
    "jira_csv/ericmedlock/Jira.csv",
]


@needs_gan
@pytest.mark.parametrize("name", CORPUS_SAMPLES)
def test_corpus_file_preview_matches_what_the_reader_reads(window, qtbot, name):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the shared corpus is not at {CORPUS} (it sits beside the project folder)")
    item, plan = read_plan(path)
    dialog = open_preview(window, qtbot, path)
    assert dialog.error_text() == ""
    assert dialog.format_label.text() == item.name
    rows = dialog.preview.tree_rows()
    assert [cells[0] for _depth, cells in rows] == [t.title for t in plan.tasks[:PREVIEW_TASKS]]
    assert dialog.preview.counts_label.text().startswith(f"Will import: {len(plan.tasks):,} task")
    (project_id,) = import_with_mouse(dialog, qtbot)
    assert len(task_titles(window, project_id)) == len(plan.tasks)
    assert window.import_report.lines[0] == f"Imported {path.name} ({item.name})."


# -- bad files, refusals, cancel ------------------------------------------------------------------


@needs_gan
@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("notes.txt", b"just some words\n", "notes.txt is not a file we can import"),
        (
            "broken.gan",
            b'<?xml version="1.0"?><project name="x" view-date="2026"><tasks',
            "broken.gan is not a readable GanttProject file",
        ),
        (
            "cut.xml",
            b"<Project xmlns='http://schemas.microsoft.com/project'><Tasks><Task><UID>1",
            "cut.xml is not a readable MS Project XML file",
        ),
        ("empty.xml", b"", "empty.xml is empty."),
    ],
)
def test_a_bad_file_shows_a_sentence_and_writes_nothing(
    window, qtbot, tmp_path, name, data, expected
):
    path = tmp_path / name
    path.write_bytes(data)
    dialog = open_preview(window, qtbot, path)
    sentence = dialog.error_text()
    assert sentence and "Traceback" not in sentence and sentence.startswith(expected)
    assert dialog.error_label.isVisible()
    assert not dialog.import_button.isEnabled()
    assert not dialog.import_plan()
    assert dialog.preview.task_tree.topLevelItemCount() == 0
    assert project_names(window.session.workspace.path) == ["Website"]
    assert not window.act_undo.isEnabled()


@needs_gan
def test_a_workspace_dump_is_refused_with_the_way_to_restore_it(window, qtbot, tmp_path):
    from ipmp_desktop.core.interchange.json_dump import dump_workspace

    path = tmp_path / "backup.json"
    with window.session.workspace.reading() as session:
        path.write_bytes(dump_workspace(session))
    dialog = open_preview(window, qtbot, path)
    assert "restore it as a new workspace" in dialog.error_text()
    assert project_names(window.session.workspace.path) == ["Website"]


def test_a_bug_in_a_reader_is_one_sentence_not_a_traceback(window, qtbot, tmp_path, monkeypatch):
    def broken(path, *, mapping=None, data=None):
        raise ValueError("index out of range in a reader")

    monkeypatch.setattr(import_reading, "read_for_preview", broken)
    path = tmp_path / "plan.gan"
    path.write_text("<project/>")
    dialog = open_preview(window, qtbot, path)
    assert dialog.error_text() == (
        "IPMP could not read plan.gan because of an unexpected error; "
        "the details are in the log file."
    )
    assert not dialog.import_button.isEnabled()


@needs_gan
def test_a_refused_import_says_why_in_the_dialog(window, qtbot, gan_file):
    dialog = open_preview(window, qtbot, gan_file)
    plan = dialog.read_result.plan
    plan.tasks.append(PlanTask("2", "Twin"))  # the store refuses two tasks with one id
    assert import_with_mouse(dialog, qtbot) == []
    assert dialog.error_text() == "Two tasks share the id '2'; the file is not valid."
    assert dialog.isVisible() and dialog.format_label.text() == "GanttProject"
    assert dialog.import_button.isEnabled()  # a refusal may be fixed (e.g. the name) and retried
    assert project_names(window.session.workspace.path) == ["Website"]


@needs_gan
def test_cancel_while_reading_drops_the_result_and_writes_nothing(
    window, qtbot, gan_file, monkeypatch
):
    release, returned = threading.Event(), threading.Event()
    real = import_reading.read_for_preview
    threads = []

    def slow(path, *, mapping=None, data=None):
        threads.append(threading.current_thread())
        release.wait(10)
        try:
            return real(path, mapping=mapping, data=data)
        finally:
            returned.set()

    monkeypatch.setattr(import_reading, "read_for_preview", slow)
    dialog = window.import_file_dialog(str(gan_file))
    qtbot.wait(50)  # the window keeps handling events while the file is read
    assert dialog.reading and dialog.busy.isVisible()
    assert threads and threads[0] is not threading.main_thread()  # off the GUI thread
    assert dialog.format_label.text() == "Reading the file…"
    assert not dialog.import_button.isEnabled()
    imported = []
    dialog.imported.connect(lambda *args: imported.append(args))
    click(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert not dialog.isVisible()
    release.set()
    assert returned.wait(20)
    qtbot.wait(100)  # let the job's answer arrive (and be ignored)
    assert imported == []
    assert project_names(window.session.workspace.path) == ["Website"]
    assert not window.act_undo.isEnabled()


# -- CSV column mapping ---------------------------------------------------------------------------


@needs_csv
def test_csv_mapping_step_changes_what_is_read(window, qtbot, tmp_path):
    from ipmp_desktop.core.interchange import csv_format

    path = tmp_path / "sheet.csv"
    path.write_text("Name,Owner,Start,Days\nDig,Ann,2026-03-02,2\nPour,Bob,2026-03-04,1\n")
    headers = csv_format.csv_headers(path.read_bytes())
    guess = csv_format.guess_mapping(headers)
    title_column = next(column for column, header in guess.items() if header == "Name")
    dialog = open_preview(window, qtbot, path)
    assert dialog.mapping_form.isVisible()
    combo = dialog.mapping_form.combos[title_column]
    assert combo.currentText() == "Name"
    assert [cells[0] for _d, cells in dialog.preview.tree_rows()] == ["Dig", "Pour"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["(none)", *headers]
    combo.setCurrentIndex(combo.findText("Owner"))
    qtbot.waitUntil(lambda: not dialog.reading, timeout=20_000)
    assert dialog.read_result.mapping[title_column] == "Owner"
    assert [cells[0] for _d, cells in dialog.preview.tree_rows()] == ["Ann", "Bob"]
    (project_id,) = import_with_mouse(dialog, qtbot)
    assert task_titles(window, project_id) == ["Ann", "Bob"]


# -- export data ----------------------------------------------------------------------------------


def wait_for_export(window, qtbot) -> str:
    """Wait until the export written in the background has ended; its state."""
    operation = window.export_operation
    qtbot.waitUntil(lambda: not operation.running, timeout=30_000)
    return operation.state


WRITERS = {
    ".xml": "mspdi",
    ".gan": "gan",
    ".csv": "csv_format",
    ".ics": "ical",
    ".json": "json_dump",
}


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_export_data_writes_each_format_and_it_reads_back(window, qtbot, tmp_path, suffix):
    if not has_module(WRITERS[suffix]) or not has_module("mspdi"):
        pytest.skip(f"the {WRITERS[suffix]} format (or the MS Project sniffer) is not written yet")
    target = tmp_path / f"out{suffix}"
    assert window.export_data_dialog(str(target)) == target
    assert wait_for_export(window, qtbot) == "finished"
    assert str(target) in window.statusBar().currentMessage()
    assert not list(tmp_path.glob(".*.part"))
    titles = ["Phase 1", "Design", "Build", "Launch"]
    if suffix == ".json":
        from ipmp_desktop.core.interchange.json_dump import restore_workspace

        restored = restore_workspace(target.read_bytes(), tmp_path / "restored.ipmp")
        assert project_names(restored) == ["Website"]
        assert "the whole workspace" in window.statusBar().currentMessage()
    elif suffix == ".ics":
        assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
        _format, plan = read_plan(target)
        assert sorted(task.title for task in plan.tasks) == sorted(titles)
    else:
        _format, plan = read_plan(target)
        assert [task.title for task in plan.tasks] == titles


def test_export_data_refuses_a_bad_name_with_a_sentence(window, tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args: said.append(args[2])))
    assert window.export_data_dialog(str(tmp_path / "plan.txt")) is None
    assert window.export_data_dialog(str(tmp_path / "view.pdf")) is None
    assert window.export_data_dialog(str(tmp_path / "missing" / "plan.json")) is None
    assert said[0].startswith("Cannot export to 'plan.txt'")
    assert said[1].startswith("view.pdf is a picture of a view: use File > Export…")
    assert said[2] == f"The folder {tmp_path / 'missing'} does not exist."
    assert not any((tmp_path / name).exists() for name in ("plan.txt", "view.pdf", "missing"))
    assert not list(tmp_path.glob(".*.part"))


def test_export_data_asks_for_a_name_and_adds_the_filter_extension(
    window, qtbot, tmp_path, monkeypatch
):
    asked = {}

    def pick(parent, caption, suggestion, filters):
        asked.update(caption=caption, suggestion=suggestion, filters=filters)
        return str(tmp_path / "backup"), "Whole workspace as JSON (*.json)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(pick))
    window.act_export_data.trigger()
    assert wait_for_export(window, qtbot) == "finished"
    assert asked["caption"] == "Export Data"
    assert asked["suggestion"] == str(tmp_path / "Website.xml")
    assert asked["filters"].split(";;")[-1] == "Whole workspace as JSON (*.json)"
    assert (tmp_path / "backup.json").is_file()
    assert window.statusBar().currentMessage() == (
        f"Exported the whole workspace to {tmp_path / 'backup.json'} (IPMP workspace JSON)."
    )
    with Workspace.open(tmp_path / "plan.ipmp") as workspace, workspace.reading() as session:
        assert session.scalar(select(func.count()).select_from(Project)) == 1


@needs_csv
def test_a_sheet_whose_names_cannot_be_guessed_offers_the_mapping(window, qtbot, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Aufgabe;Beginn\nGraben;2026-03-02\nGiessen;2026-03-04\n")
    dialog = open_preview(window, qtbot, path)
    assert "no column for the task names" in dialog.error_text()
    assert dialog.mapping_form.isVisible() and not dialog.import_button.isEnabled()
    combo = dialog.mapping_form.combos["Name"]
    assert combo.currentText() == "(none)"
    combo.setCurrentIndex(combo.findText("Aufgabe"))
    qtbot.waitUntil(lambda: not dialog.reading, timeout=20_000)
    assert dialog.error_text() == ""
    assert [cells[0] for _d, cells in dialog.preview.tree_rows()] == ["Graben", "Giessen"]
    assert dialog.import_button.isEnabled()
    combo.setCurrentIndex(0)  # "(none)" again: the sentence comes back, Import is disabled
    qtbot.waitUntil(lambda: not dialog.reading, timeout=20_000)
    assert "no column for the task names" in dialog.error_text()
    assert not dialog.import_button.isEnabled() and not dialog.import_plan()
    assert project_names(window.session.workspace.path) == ["Website"]


def test_export_data_without_a_project_writes_only_the_workspace(
    qtbot, settings, tmp_path, monkeypatch
):
    from ipmp_desktop.qt.views.main_window import MainWindow

    main = MainWindow(settings)
    qtbot.addWidget(main)
    assert main.open_location(str(tmp_path / "empty.ipmp"), create=True)
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args: said.append(args[2])))
    assert main.export_data_dialog(str(tmp_path / "plan.gan")) is None
    assert said == [
        "Choose a project to export first; without one only the whole workspace (.json) "
        "can be written."
    ]
    assert not (tmp_path / "plan.gan").exists()
    assert main.export_data_dialog(str(tmp_path / "all.json")) == tmp_path / "all.json"
    assert wait_for_export(main, qtbot) == "finished"
    assert (tmp_path / "all.json").is_file()
    main.close()


def test_suggested_export_name_is_safe_for_file_systems(tmp_path):
    assert suggested_path(tmp_path, 'Q3/Q4: "plan"?') == tmp_path / "Q3 Q4 plan.xml"
    assert suggested_path(tmp_path, " ..") == tmp_path / "Workspace.xml"
    assert suggested_path(tmp_path, None) == tmp_path / "Workspace.xml"
