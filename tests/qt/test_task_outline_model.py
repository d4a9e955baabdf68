"""The outline model: passes qtmodeltester, edits through commands, refreshes from Changes."""

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt

from ipmp_desktop.core.commands import CreateTask, Macro, UpdateTask
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


def watch_changes(model) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """``((task, column), (task, column))`` of every ``dataChanged`` the model emits from now."""
    spans = []
    model.dataChanged.connect(
        lambda top, bottom, *_roles: spans.append(
            ((model.task_id(top), top.column()), (model.task_id(bottom), bottom.column()))
        )
    )
    return spans


def test_new_dates_repaint_the_changed_rows_from_the_name_column(window):
    model = window.outline_model
    phase = model.index(0, 0)
    design, build = (model.task_id(model.index(row, 0, phase)) for row in (0, 1))
    spans = watch_changes(model)
    window.push(UpdateTask(task_id=design, start=date(2026, 1, 12)))
    last = len(OutlineColumn) - 1
    # the moved task and its summary, whose finish followed; not Build, which kept its dates
    assert sorted(spans) == sorted(
        [
            ((design, OutlineColumn.NAME), (design, last)),
            ((model.task_id(phase), OutlineColumn.NAME), (model.task_id(phase), last)),
        ]
    )
    assert all(build not in (top[0], bottom[0]) for top, bottom in spans)
    assert model.index_of(design, OutlineColumn.START).data() == "2026-01-12"
    assert model.index_of(model.task_id(phase), OutlineColumn.FINISH).data() == "2026-01-12"


def test_a_new_kind_repaints_the_row_from_the_wbs_column(window):
    model = window.outline_model
    launch = model.task_id(model.index(1, 0))
    spans = watch_changes(model)
    window.push(UpdateTask(task_id=launch, kind="task"))
    assert ((launch, OutlineColumn.WBS), (launch, len(OutlineColumn) - 1)) in spans
    assert model.index_of(launch, OutlineColumn.NAME).data() == "Launch"  # no diamond now


def test_most_rows_changed_at_once_are_all_refreshed(window):
    model = window.outline_model
    phase = model.index(0, 0)
    ids = [model.task_id(model.index(row, 0, phase)) for row in (0, 1)]
    ids.append(model.task_id(model.index(1, 0)))
    moves = [UpdateTask(task_id=t, percent_complete=30) for t in ids]
    window.push(Macro(commands=moves, label="Progress"))
    for task_id in ids:
        assert model.index_of(task_id, OutlineColumn.PERCENT).data() == "30 %"
    assert model.index(0, OutlineColumn.PERCENT).data() == "30 %"  # rolled up


def test_flags_by_column_for_summaries_and_tasks(window):
    model = window.outline_model
    phase = model.index(0, 0)
    design = model.index(0, 0, phase)
    editable = Qt.ItemFlag.ItemIsEditable
    for column in OutlineColumn:
        summary_flags = model.flags(phase.siblingAtColumn(column))
        task_flags = model.flags(design.siblingAtColumn(column))
        for flags in (summary_flags, task_flags):
            assert flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsSelectable
        task_edits = column not in (OutlineColumn.WBS, OutlineColumn.STATUS)
        summary_edits = task_edits and column not in (OutlineColumn.DURATION, OutlineColumn.PERCENT)
        assert bool(task_flags & editable) == task_edits, column
        assert bool(summary_flags & editable) == summary_edits, column
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
