"""The outline model: passes qtmodeltester, edits through commands, refreshes from Changes."""

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt

from ipmp_desktop.core.commands import CreateTask, UpdateTask
from ipmp_desktop.qt.models.task_outline_model import OutlineColumn


def names(model, parent=None):
    parent = parent or QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, OutlineColumn.NAME, parent)
        out.append(index.data())
        out.extend(names(model, model.index(row, 0, parent)))
    return out


def test_model_passes_qtmodeltester(qtmodeltester, window):
    qtmodeltester.check(window.outline_model, force_py=True)


def test_model_shows_wbs_and_kinds(window):
    model = window.outline_model
    assert names(model) == ["Phase 1", "Design", "Build", "◆ Launch"]
    phase = model.index(0, 0)
    assert phase.data() == "1"
    assert model.index(1, 0, phase).data() == "1.2"
    assert model.index(1, 0).data() == "2"
    assert model.index(0, OutlineColumn.NAME).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, OutlineColumn.STATUS).data() == "To do"
    assert not model.flags(model.index(0, OutlineColumn.DURATION)) & Qt.ItemFlag.ItemIsEditable


def test_set_data_pushes_an_undoable_command(window):
    model = window.outline_model
    design = model.index(0, OutlineColumn.NAME, model.index(0, 0))
    assert model.setData(design, "Design review")
    assert design.data() == "Design review"
    start = design.siblingAtColumn(OutlineColumn.START)
    assert model.setData(start, QDate(2026, 2, 2))
    assert start.data() == "2026-02-02"
    percent = design.siblingAtColumn(OutlineColumn.PERCENT)
    assert not model.setData(percent, 150)  # refused: nothing on the stack
    assert window.session.undo.stack.count() == 2
    window.undo()
    window.undo()
    assert design.data() == "Design"
    assert start.data() == "2026-01-05"
    window.redo()
    assert design.data() == "Design review"


def test_refusal_is_shown_in_status_bar(window, qtbot):
    model = window.outline_model
    finish = model.index(0, OutlineColumn.FINISH, model.index(0, 0))
    assert not model.setData(finish, QDate(2025, 1, 1))
    assert "before the start" in window.statusBar().currentMessage()


def test_changes_from_elsewhere_refresh_rows(window):
    model = window.outline_model
    design_id = model.task_id(model.index(0, 0, model.index(0, 0)))
    window.push(UpdateTask(task_id=design_id, percent_complete=60))
    assert model.index_of(design_id, OutlineColumn.PERCENT).data() == "60 %"
    window.push(CreateTask(project_id=model.project_id, title="Retro", start=date(2026, 3, 1)))
    assert names(model)[-1] == "Retro"
