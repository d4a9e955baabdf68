"""The Print & Export dialog: live preview, invalid setups, exports with progress and cancel,
remembered setups and the main window's File menu actions."""

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QPushButton

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.core.layout.pages import PageSetup
from ipmp_desktop.core.services.board import CardFilter, LaneMode
from ipmp_desktop.core.services.queries import list_projects, project_tasks
from ipmp_desktop.qt.render.documents import gantt_document
from ipmp_desktop.qt.render.export import Export
from ipmp_desktop.qt.render.sheet import Document
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.views.dialogs import print_dialog
from ipmp_desktop.qt.views.dialogs.export_runner import ExportRunner, RunState
from ipmp_desktop.qt.views.dialogs.print_dialog import PREVIEW_LIMIT, PrintDialog
from ipmp_desktop.qt.views.main_window import MainWindow

MARGIN_SENTENCE = "The margins leave less than an inch of the page to print on."


def pdf_text(path: Path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils must be installed (.ci/run installs it)"
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated demo workspace of one project with 150 tasks."""
    path = tmp_path_factory.mktemp("print_dialog") / "demo.ipmp"
    generate_demo(path, tasks=150, seed=3, projects=1)
    return path


@pytest.fixture
def workspace(demo: Path) -> Iterator[Workspace]:
    with Workspace.open(demo) as opened:
        yield opened


@pytest.fixture
def project(workspace: Workspace) -> tuple[int, list[str]]:
    """The demo project's id and its task titles."""
    with workspace.reading() as session:
        project_id = list_projects(session)[0].id
        titles = [row.title for row in project_tasks(session, project_id)]
    return project_id, titles


@pytest.fixture
def dialog(qtbot, workspace: Workspace, project) -> PrintDialog:
    """The dialog for the demo's Gantt chart, counting how often it built a document."""
    project_id, _ = project
    calls: list[PageSetup] = []

    def build(setup: PageSetup) -> Document:
        calls.append(setup)
        with workspace.reading() as session:
            return gantt_document(session, project_id, setup, today=date(2026, 3, 2))

    opened = PrintDialog(build, view="gantt", setup=PageSetup(overview=False))
    opened.calls = calls
    qtbot.addWidget(opened)
    return opened


def choose(box, value) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


# -- preview --


def test_opening_builds_a_preview_of_every_page(dialog: PrintDialog) -> None:
    count = dialog.document.page_count()
    assert count > 1
    assert dialog.preview.pageCount() == min(count, PREVIEW_LIMIT)
    assert dialog.count_label.text().startswith(f"{count} pages")
    assert dialog.print_button.isEnabled() and dialog.export_button.isEnabled()
    assert dialog.message.text() == ""


def test_page_count_follows_paper_and_pages_wide(qtbot, dialog: PrintDialog) -> None:
    a4 = dialog.document.page_count()
    choose(dialog.form.paper_box, "A3")
    dialog.refresh()
    a3 = dialog.document.page_count()
    assert dialog.document.setup.paper == "A3"
    assert a3 < a4
    dialog.form.scale_fit.setChecked(True)
    dialog.form.pages_wide.setValue(1)
    dialog.refresh()
    assert {page.pagination.columns for page in dialog.document.pages} == {1}
    one_wide = dialog.document.page_count()
    dialog.form.pages_wide.setValue(3)
    dialog.refresh()
    assert {page.pagination.columns for page in dialog.document.pages} == {3}
    assert dialog.document.page_count() == 3 * one_wide
    assert dialog.preview.pageCount() == min(3 * one_wide, PREVIEW_LIMIT)
    assert dialog.count_label.text().startswith(f"{3 * one_wide} pages")


def test_option_changes_rebuild_once_after_a_pause(qtbot, dialog: PrintDialog) -> None:
    before = len(dialog.calls)
    dialog.form.portrait.setChecked(True)
    dialog.form.margin_spins[0].setValue(20)
    dialog.form.margin_spins[1].setValue(20)
    assert len(dialog.calls) == before  # nothing yet: the timer waits for more changes
    qtbot.waitUntil(lambda: len(dialog.calls) == before + 1, timeout=2000)
    setup = dialog.document.setup
    assert not setup.landscape and setup.margins_mm[:2] == (20.0, 20.0)
    qtbot.wait(400)
    assert len(dialog.calls) == before + 1


def test_fixed_time_scale_uses_the_zoom_day_width(dialog: PrintDialog) -> None:
    dialog.form.scale_fixed.setChecked(True)
    choose(dialog.form.zoom_box, "month")
    dialog.refresh()
    assert dialog.document.setup.pages_wide is None
    assert dialog.document.setup.day_width == 2.5


def test_columns_and_date_range_reach_the_document(dialog: PrintDialog) -> None:
    form = dialog.form
    assert form.whole_plan.isChecked() and not form.first_day.isEnabled()
    first, last = dialog.document.date_range
    assert form.first_day.date().toPython() == first
    assert form.last_day.date().toPython() == last  # the whole plan's span is shown
    for row in range(form.columns_list.count()):
        item = form.columns_list.item(row)
        wanted = item.text() in ("Name", "% Done")
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    form.whole_plan.setChecked(False)
    form.first_day.setDate(date(2026, 3, 2))
    form.last_day.setDate(date(2026, 4, 30))
    dialog.refresh()
    assert dialog.document.setup.columns == ("name", "percent")
    assert dialog.document.date_range == (date(2026, 3, 2), date(2026, 4, 30))


def test_an_invalid_margin_shows_the_sentence_and_disables_print_and_export(
    dialog: PrintDialog,
) -> None:
    for spin in dialog.form.margin_spins:
        spin.setValue(140.0)
    assert dialog.message.text() == MARGIN_SENTENCE  # at once, without waiting for a rebuild
    assert not dialog.export_button.isEnabled()
    assert not dialog.print_button.isEnabled()
    assert not dialog.preview.isEnabled()
    assert dialog.export_to(Path("never.pdf")) is None
    for spin in dialog.form.margin_spins:
        spin.setValue(12.0)
    dialog.refresh()
    assert dialog.message.text() == ""
    assert dialog.export_button.isEnabled() and dialog.preview.isEnabled()


def test_a_reversed_date_range_is_explained(dialog: PrintDialog) -> None:
    form = dialog.form
    form.whole_plan.setChecked(False)
    form.first_day.setDate(date(2026, 5, 1))
    form.last_day.setDate(date(2026, 4, 1))
    assert dialog.message.text() == (
        "The date range ends (2026-04-01) before it starts (2026-05-01)."
    )
    assert not dialog.export_button.isEnabled()


def test_a_builder_error_is_shown_not_raised(qtbot) -> None:
    def build(setup: PageSetup) -> Document:
        raise ValueError("That project no longer exists.")

    opened = PrintDialog(build, view="roadmap")
    qtbot.addWidget(opened)
    assert opened.message.text() == "That project no longer exists."
    assert opened.document is None and not opened.print_button.isEnabled()


def test_unknown_tokens_warn_but_still_print(dialog: PrintDialog) -> None:
    form = dialog.form
    form.header_edits[0].setText("{project} - {projekt}")
    assert not form.token_warning.isHidden()
    assert "{projekt}" in form.token_warning.text()
    dialog.refresh()
    assert dialog.export_button.isEnabled()
    form.header_edits[0].setText("{project}")
    assert form.token_warning.isHidden()


def test_view_specific_options_show_only_for_their_view(qtbot) -> None:
    def build(setup: PageSetup, **options) -> Document:
        raise ValueError("not needed here")

    board = PrintDialog(build, view="board", options={"lane_mode": "priority", "split": "lane"})
    qtbot.addWidget(board)
    form = board.form
    assert form.columns_group.isHidden() and form.dates_group.isHidden()
    assert not form.board_group.isHidden() and not form.scale_one_page.isHidden()
    assert form.view_options() == {"lane_mode": "priority", "split": "lane"}
    form.scale_one_page.setChecked(True)
    setup = form.setup()
    assert (setup.pages_wide, setup.pages_tall) == (1, 1)
    form.scale_fixed.setChecked(True)  # "actual size": poster tiles at scale 1
    assert (form.setup().pages_wide, form.setup().pages_tall) == (None, None)
    gantt = PrintDialog(build, view="gantt")
    qtbot.addWidget(gantt)
    assert not gantt.form.columns_group.isHidden() and gantt.form.board_group.isHidden()
    assert gantt.form.scale_one_page.isHidden() and gantt.form.view_options() == {}


# -- printing and exporting --


def test_print_to_a_pdf_printer_prints_every_page(qtbot, dialog: PrintDialog, project, tmp_path):
    _, titles = project
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.prepare_printer(printer)
    runner = dialog.print_to(printer)
    assert runner is not None and runner.running
    assert not dialog.print_button.isEnabled()  # one job at a time
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        pass
    text = pdf_text(tmp_path / "printed.pdf")
    assert titles[0] in text
    assert text.count("\f") == dialog.document.page_count()
    pages = dialog.document.page_count()
    assert dialog.message.text() == f"Sent {pages} pages to {tmp_path / 'printed.pdf'}."
    assert dialog.print_button.isEnabled()


def test_printing_runs_a_page_per_tick_and_cancel_aborts_the_job(
    qtbot, dialog: PrintDialog, tmp_path
):
    dialog.form.scale_fit.setChecked(True)
    dialog.form.pages_wide.setValue(3)
    dialog.refresh()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.prepare_printer(printer)
    dialog.export_slice_ms = 0  # one page per tick
    runner = dialog.print_to(printer)
    assert runner.progress.windowTitle() == "Print"
    seen: list[int] = []
    QTimer.singleShot(0, lambda: seen.append(runner.done))
    runner.progressed.connect(
        lambda done, _total: runner.progress.findChild(QPushButton).click() if done == 2 else None
    )
    with qtbot.waitSignal(runner.cancelled, timeout=20_000):
        pass
    assert seen and seen[0] < runner.total  # the event loop ran while pages were to come
    assert runner.done == 2 < runner.total
    assert not (tmp_path / "printed.pdf").exists()  # a print to a file leaves no half file
    assert dialog.message.text() == "Printing cancelled; nothing was sent to the printer."
    assert dialog.print_button.isEnabled()


def test_export_runner_writes_a_pdf_with_the_task_names(
    qtbot, dialog: PrintDialog, project, tmp_path
):
    _, titles = project
    target = tmp_path / "plan.pdf"
    runner = dialog.export_to(target)
    assert runner is not None and runner.running
    assert not dialog.export_button.isEnabled()  # one export at a time
    with qtbot.waitSignal(runner.finished, timeout=20_000) as finished:
        pass
    assert finished.args[0] == [target]
    assert runner.state is RunState.FINISHED
    assert titles[0] in pdf_text(target)
    assert dialog.message.text() == f"Exported {target}."
    assert dialog.export_button.isEnabled()
    assert dialog.options()["folder"] == str(target.parent)


def test_cancelling_after_the_first_page_leaves_no_file(qtbot, dialog: PrintDialog, tmp_path):
    target = tmp_path / "plan.pdf"
    export = Export(dialog.document, target)
    runner = ExportRunner(export, dialog, slice_ms=0)  # one page per tick
    pages: list[int] = []

    def on_page(done: int, total: int) -> None:
        pages.append(done)
        if done == 1:
            runner.cancel()

    runner.progressed.connect(on_page)
    with qtbot.waitSignal(runner.cancelled, timeout=10_000):
        runner.start()
    qtbot.wait(50)
    assert pages == [1]
    assert runner.state is RunState.CANCELLED
    assert list(tmp_path.iterdir()) == []  # neither the PDF nor its temporary file
    runner.cancel()  # a second cancel is harmless


def test_cancel_from_the_progress_dialog_leaves_no_png_pages(qtbot, dialog: PrintDialog, tmp_path):
    export = Export(dialog.document, tmp_path / "plan.png", dpi=72)
    runner = ExportRunner(export, dialog, slice_ms=0)
    runner.progressed.connect(
        lambda done, _total: runner.progress.findChild(QPushButton).click() if done == 2 else None
    )
    with qtbot.waitSignal(runner.cancelled, timeout=10_000):
        runner.start()
    assert runner.progress is None
    assert list(tmp_path.iterdir()) == []


def test_the_event_loop_runs_between_pages(qtbot, dialog: PrintDialog, tmp_path) -> None:
    dialog.form.scale_fit.setChecked(True)
    dialog.form.pages_wide.setValue(3)
    dialog.refresh()
    export = Export(dialog.document, tmp_path / "plan.svg")
    runner = ExportRunner(export, None, slice_ms=0)
    seen: list[int] = []
    with qtbot.waitSignal(runner.finished, timeout=20_000) as finished:
        runner.start()
        QTimer.singleShot(0, lambda: seen.append(runner.done))
    assert seen and seen[0] < runner.total  # an event ran while pages were still to come
    assert len(finished.args[0]) == runner.total > 1


def test_the_preview_stops_at_its_page_limit(dialog: PrintDialog, monkeypatch) -> None:
    monkeypatch.setattr(print_dialog, "PREVIEW_LIMIT", 2)
    dialog.form.scale_fit.setChecked(True)
    dialog.form.pages_wide.setValue(3)
    dialog.refresh()
    count = dialog.document.page_count()
    assert count > 2
    assert dialog.preview.pageCount() == 2
    assert dialog.count_label.text() == f"{count} pages (the preview shows the first 2)"


def test_an_export_that_cannot_be_written_reports_a_sentence(qtbot, dialog: PrintDialog, tmp_path):
    export = Export(dialog.document, tmp_path / "missing" / "plan.pdf")
    runner = ExportRunner(export, None)
    with qtbot.waitSignal(runner.failed, timeout=10_000) as failed:
        runner.start()
    assert "plan.pdf" in failed.args[0]
    assert runner.state is RunState.FAILED
    assert not (tmp_path / "missing").exists()


def test_export_dialog_adds_the_chosen_extension_and_writes_svg_pages(
    qtbot, dialog: PrintDialog, monkeypatch, tmp_path
) -> None:
    dialog.form.scale_fit.setChecked(True)
    dialog.form.pages_wide.setValue(2)
    dialog.refresh()
    count = dialog.document.page_count()
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args, **kwargs: (str(tmp_path / "chart"), "SVG image (*.svg)")),
    )
    dialog.export_dialog()
    with qtbot.waitSignal(dialog.runner.finished, timeout=20_000) as finished:
        pass
    files = finished.args[0]
    assert len(files) == count
    assert all(f.suffix == ".svg" and f.parent == tmp_path for f in files)


# -- remembering --


def test_settings_round_trip_restores_the_setup(qtbot, tmp_path, dialog: PrintDialog) -> None:
    settings = AppSettings.at(tmp_path / "settings.ini")
    assert settings.print_setup("gantt") is None
    form = dialog.form
    choose(form.paper_box, "Letter")
    form.portrait.setChecked(True)
    form.margin_spins[2].setValue(17.5)
    form.scale_fit.setChecked(True)
    form.pages_wide.setValue(2)
    form.whole_plan.setChecked(False)
    form.first_day.setDate(date(2026, 3, 2))
    form.last_day.setDate(date(2026, 6, 30))
    choose(form.rows_box, "shown")
    form.footer_edits[1].setText("Draft {printed}")
    form.legend.setChecked(False)
    choose(form.whole_box, True)
    form.dpi_spin.setValue(300)
    dialog.refresh()
    setup, options = dialog.remembered()
    settings.set_print_setup("gantt", setup, options)

    again = AppSettings.at(tmp_path / "settings.ini")
    restored = again.print_setup("gantt")
    assert restored == setup
    assert restored.date_range == (date(2026, 3, 2), date(2026, 6, 30))
    assert again.print_options("gantt") == options
    assert again.print_setup("board") is None

    reopened = PrintDialog(dialog.build, view="gantt", setup=restored, options=options)
    qtbot.addWidget(reopened)
    assert reopened.form.setup() == setup
    assert reopened.form.whole() and reopened.form.dpi() == 300


def test_a_damaged_stored_setup_is_ignored(tmp_path) -> None:
    settings = AppSettings.at(tmp_path / "settings.ini")
    settings.store.setValue("print/gantt", "{not json")
    settings.store.setValue("print/board", '{"setup": {"paper": "B7"}, "options": 3}')
    assert settings.print_setup("gantt") is None and settings.print_options("gantt") == {}
    assert settings.print_setup("board") is None and settings.print_options("board") == {}


# -- the main window --


class Opened(list):
    """Print dialogs opened by the window; ``during(dialog)`` plays the user while "modal"."""

    during = staticmethod(lambda dialog: None)


@pytest.fixture
def no_exec(monkeypatch) -> Opened:
    """Print dialogs return at once instead of running modally."""
    opened = Opened()

    def fake_exec(self) -> int:
        opened.append(self)
        opened.during(self)
        return 0

    monkeypatch.setattr(PrintDialog, "exec", fake_exec)
    return opened


def test_file_menu_actions_have_their_shortcuts(window) -> None:
    assert window.act_print_preview.shortcut() == QKeySequence("Ctrl+Shift+P")
    assert window.act_print.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert window.act_export.shortcut() == QKeySequence("Ctrl+E")
    file_menu = window.menuBar().actions()[0].menu()
    for action in (window.act_print_preview, window.act_print, window.act_export):
        assert action in file_menu.actions() and action.isEnabled()
    taken = [
        action.shortcut()
        for action in window.findChildren(type(window.act_export))
        if action not in (window.act_print_preview, window.act_print, window.act_export)
        and not action.shortcut().isEmpty()
    ]
    assert QKeySequence("Ctrl+E") not in taken
    assert QKeySequence("Ctrl+Shift+P") not in taken


def test_print_preview_opens_the_gantt_dialog_and_remembers_it(window, no_exec, settings):
    def user(dialog: PrintDialog) -> None:
        choose(dialog.form.paper_box, "A3")
        dialog.form.header_edits[1].setText("Status {printed}")
        dialog.refresh()

    no_exec.during = user
    window.show_tab(1)
    window.act_print_preview.trigger()
    assert len(no_exec) == 1
    dialog = no_exec[0]
    assert dialog.view == "gantt"
    assert dialog.document is not None and dialog.document.project == "Website"
    stored = settings.print_setup("gantt")
    assert stored.paper == "A3" and stored.header[1] == "Status {printed}"
    assert settings.print_setup("board") is None
    no_exec.during = staticmethod(lambda dialog: None)
    again = window.print_dialog()
    assert again.form.setup() == stored  # the next dialog starts where the last one ended
    assert again.document.setup.paper == "A3"


def test_gantt_rows_follow_selection_and_collapsed_summaries(window, no_exec) -> None:
    window.show_tab(1)
    view = window.outline_view
    model = window.outline_model
    design = model.task_id(model.index(0, 0, model.index(0, 0)))
    view.select_task(design)
    dialog = window.print_dialog()
    choose(dialog.form.rows_box, "selection")
    dialog.refresh()
    sheet = dialog.document.sheets[0]
    assert [row.cells[1] for row in sheet.data.rows] == ["Design"]
    view.tree.clearSelection()
    dialog.refresh()
    assert "No tasks are selected" in dialog.message.text()
    assert not dialog.export_button.isEnabled()
    view.tree.collapse(model.index(0, 0))
    choose(dialog.form.rows_box, "shown")
    dialog.refresh()
    names = [row.cells[1] for row in dialog.document.sheets[0].data.rows]
    assert names == ["Phase 1", "Launch"]


def test_print_and_export_actions_act_on_the_current_tab(window, no_exec, monkeypatch) -> None:
    window.show_tab(1)
    window.act_print.trigger()
    window.act_export.trigger()
    assert [d.view for d in no_exec] == ["gantt", "gantt"]
    assert no_exec[0].print_button.isDefault() and no_exec[1].export_button.isDefault()
    window.show_tab(2)  # the fixture has no product: nothing to print, said in the status bar
    assert window.print_dialog() is None
    assert "nothing to print" in window.statusBar().currentMessage()


def test_the_board_prints_its_lanes_and_filtered_cards(qtbot, window, no_exec, tmp_path):
    window.show_tab(0)
    board = window.board_view
    board._lanes_changed(LaneMode.PRIORITY)
    board._filter_changed(CardFilter(text="Design"))
    dialog = window.print_dialog()
    assert dialog.view == "board"
    assert dialog.form.view_options() == {"lane_mode": "priority", "split": "none"}
    assert dialog.document is not None and dialog.document.project == "Website"
    choose(dialog.form.rows_box, "shown")
    choose(dialog.form.lanes_box, "none")
    dialog.form.scale_one_page.setChecked(True)
    dialog.refresh()
    assert dialog.document.page_count() == 1
    runner = dialog.export_to(tmp_path / "board.pdf")
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        pass
    text = pdf_text(tmp_path / "board.pdf")
    assert "Design" in text and "Build" not in text
    choose(dialog.form.split_box, "column")
    dialog.refresh()
    assert len(dialog.document.sheets) > 1


def test_the_roadmap_prints_the_product_shown(qtbot, settings, demo: Path, no_exec) -> None:
    main = MainWindow(settings)
    qtbot.addWidget(main)
    assert main.open_location(str(demo))
    main.show_tab(2)
    product = main.roadmap_view.product_box.currentText()
    assert product
    dialog = main.print_dialog()
    assert dialog.view == "roadmap"
    assert not dialog.form.dates_group.isHidden() and dialog.form.rows_group.isHidden()
    assert dialog.document is not None and dialog.document.project == product
    assert dialog.problem == "" and dialog.document.page_count() >= 1
    main.close()
