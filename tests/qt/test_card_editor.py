"""The card editor: each user edit is one undo step, undo shows in the open dialog, refusals and
vanished tasks are handled."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from ipmp_desktop.core.commands import (
    AddChecklistItem,
    AddComment,
    AddDependency,
    CreateLabel,
    CreatePerson,
    CreateProject,
    CreateTask,
    DeleteTasks,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Priority
from ipmp_desktop.core.services.card_details import CardDetails, load_card_details
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.dialogs.card_editor import CardEditorDialog


@dataclass
class Editing:
    """A dialog on the task "Design" with what the tests need around it."""

    workspace: Workspace
    controller: UndoController
    dialog: CardEditorDialog
    task_id: int
    predecessor_id: int

    def stored(self) -> CardDetails:
        with self.workspace.reading() as session:
            return load_card_details(session, self.task_id)

    @property
    def steps(self) -> int:
        return self.controller.stack.count()


@pytest.fixture
def editing(qtbot, tmp_path: Path) -> Iterator[Editing]:
    """Design (5-9 Jan, blocked by Research) with two labels, two people, one checklist item
    and one comment, open in a shown editor."""
    workspace = Workspace.create(tmp_path / "cards.ipmp")
    project = CreateProject(name="Website", start=date(2026, 1, 5))
    apply(workspace, project)
    assert project.project_id is not None
    research = CreateTask(project_id=project.project_id, title="Research")
    design = CreateTask(
        project_id=project.project_id,
        title="Design",
        start=date(2026, 1, 5),
        finish=date(2026, 1, 9),
    )
    for command in (
        research,
        design,
        CreateLabel(project_id=project.project_id, name="UX", color="#2f81f7"),
        CreateLabel(project_id=project.project_id, name="Backend", color="#4c9a2a"),
        CreatePerson(name="Ada Lovelace"),
        CreatePerson(name="Alan Turing"),
    ):
        apply(workspace, command)
    assert design.task_id is not None and research.task_id is not None
    apply(
        workspace,
        AddDependency(predecessor_id=research.task_id, successor_id=design.task_id, type="SS"),
    )
    apply(workspace, AddChecklistItem(task_id=design.task_id, text="Sketch"))
    apply(workspace, AddComment(task_id=design.task_id, body="Looks good", author="ada"))

    bus = ChangeBus()
    controller = UndoController(workspace, bus)
    dialog = CardEditorDialog(workspace, design.task_id, controller.push, bus)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield Editing(workspace, controller, dialog, design.task_id, research.task_id)
    dialog.close()
    controller.stack.clear()
    workspace.close()


def _rename_title(editing: Editing, qtbot, text: str) -> None:
    edit = editing.dialog.title_edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _item(list_widget, row: int):
    item = list_widget.item(row)
    assert item is not None
    return item


def test_shows_the_card(editing: Editing):
    dialog = editing.dialog
    assert dialog.windowTitle() == "Card — Design"
    assert dialog.title_edit.text() == "Design"
    assert dialog.start_edit.date() == QDate(2026, 1, 5)
    assert dialog.finish_edit.date() == QDate(2026, 1, 9)
    assert not dialog.start_none.isChecked()
    assert dialog.priority_box.currentData() == Priority.NONE
    assert not dialog.blockers_label.isHidden()
    assert dialog.blockers_label.text() == "⚠ Blocked by: Research"
    tags = dialog.tags_panel
    assert [_item(tags.label_list, r).text() for r in range(2)] == ["Backend", "UX"]
    assert tags.label_list.checked_ids() == []
    assert [_item(tags.people_list, r).text() for r in range(2)] == ["Ada Lovelace", "Alan Turing"]
    checklist = dialog.checklist_panel
    assert _item(checklist.item_list, 0).text() == "Sketch"
    assert checklist.progress_label.text() == "0/1 done"
    assert _item(dialog.comments_panel.comment_list, 0).text().endswith("\nLooks good")


def _edit_title(editing, qtbot):
    _rename_title(editing, qtbot, "Wireframes")
    assert editing.stored().title == "Wireframes"
    assert editing.dialog.windowTitle() == "Card — Wireframes"


def _edit_description(editing, qtbot):
    box = editing.dialog.description_edit
    box.setPlainText("Pages and flows")
    box.document().setModified(True)
    QApplication.sendEvent(box, QFocusEvent(QEvent.Type.FocusOut))
    assert editing.stored().description == "Pages and flows"


def _edit_start(editing, qtbot):
    editing.dialog.start_edit.setDate(QDate(2026, 1, 6))
    assert editing.stored().start == date(2026, 1, 6)


def test_finish_cannot_be_cleared_it_is_scheduled(editing: Editing):
    assert editing.dialog.finish_none.isHidden()
    assert editing.stored().finish == date(2026, 1, 9)


def _edit_priority(editing, qtbot):
    box = editing.dialog.priority_box
    box.setCurrentIndex(box.findData(int(Priority.HIGH)))
    assert editing.stored().priority == Priority.HIGH


def _tick_manual(editing, qtbot):
    editing.dialog.scheduling_panel.manual_box.setChecked(True)
    assert editing.stored().manual


def _choose_constraint(editing, qtbot):
    box = editing.dialog.scheduling_panel.constraint_box
    box.setCurrentIndex(box.findData("fnlt"))
    stored = editing.stored()
    assert (stored.constraint_type, stored.constraint_date) == ("fnlt", date(2026, 1, 5))


def _tick_label(editing, qtbot):
    labels = editing.dialog.tags_panel.label_list
    _item(labels, 1).setCheckState(Qt.CheckState.Checked)
    stored = editing.stored()
    assert stored.label_ids == {stored.labels[1].id}


def _tick_person(editing, qtbot):
    people = editing.dialog.tags_panel.people_list
    _item(people, 0).setCheckState(Qt.CheckState.Checked)
    stored = editing.stored()
    assert stored.person_ids == {stored.people[0].id}


def _add_item(editing, qtbot):
    panel = editing.dialog.checklist_panel
    qtbot.keyClicks(panel.new_item_edit, "Review")
    qtbot.keyClick(panel.new_item_edit, Qt.Key.Key_Return)
    assert [line.text for line in editing.stored().checklist] == ["Sketch", "Review"]
    assert panel.new_item_edit.text() == ""
    assert panel.progress_label.text() == "0/2 done"


def _tick_item(editing, qtbot):
    panel = editing.dialog.checklist_panel
    _item(panel.item_list, 0).setCheckState(Qt.CheckState.Checked)
    assert editing.stored().checklist[0].done
    assert panel.progress_label.text() == "1/1 done"


def _rename_item(editing, qtbot):
    _item(editing.dialog.checklist_panel.item_list, 0).setText("Sketch pages")
    assert editing.stored().checklist[0].text == "Sketch pages"


def _remove_item(editing, qtbot):
    items = editing.dialog.checklist_panel.item_list
    items.setCurrentRow(0)
    qtbot.keyClick(items, Qt.Key.Key_Delete)
    assert editing.stored().checklist == ()
    assert items.count() == 0


def _add_comment(editing, qtbot):
    panel = editing.dialog.comments_panel
    panel.comment_edit.setPlainText("Ship it")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert [c.body for c in editing.stored().comments] == ["Looks good", "Ship it"]
    assert panel.comment_edit.toPlainText() == ""
    assert panel.comment_list.count() == 2


def _delete_comment(editing, qtbot):
    panel = editing.dialog.comments_panel
    panel.comment_list.setCurrentRow(0)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert editing.stored().comments == ()
    assert panel.comment_list.count() == 0


@pytest.mark.parametrize(
    "edit",
    [
        _edit_title,
        _edit_description,
        _edit_start,
        _edit_priority,
        _tick_manual,
        _choose_constraint,
        _tick_label,
        _tick_person,
        _add_item,
        _tick_item,
        _rename_item,
        _remove_item,
        _add_comment,
        _delete_comment,
    ],
)
def test_each_edit_is_one_undo_step(editing: Editing, qtbot, edit):
    before = editing.stored()
    edit(editing, qtbot)
    assert editing.steps == 1
    editing.controller.stack.undo()
    assert editing.stored() == before


def test_new_label_is_created_and_ticked(editing: Editing, qtbot):
    tags = editing.dialog.tags_panel
    qtbot.keyClicks(tags.new_label_edit, "Research")
    qtbot.keyClick(tags.new_label_edit, Qt.Key.Key_Return)
    stored = editing.stored()
    made = next(label for label in stored.labels if label.name == "Research")
    assert stored.label_ids == {made.id}
    assert editing.steps == 1  # the new label and its use on this card: one undo step
    editing.controller.stack.undo()
    assert not any(label.name == "Research" for label in editing.stored().labels)
    editing.controller.stack.redo()
    assert tags.label_list.checked_ids() == [made.id]
    assert tags.new_label_edit.text() == ""


def test_existing_label_name_just_ticks_it(editing: Editing, qtbot):
    tags = editing.dialog.tags_panel
    qtbot.keyClicks(tags.new_label_edit, "ux")
    qtbot.keyClick(tags.new_label_edit, Qt.Key.Key_Return)
    stored = editing.stored()
    assert len(stored.labels) == 2
    assert [label.name for label in stored.labels if label.id in stored.label_ids] == ["UX"]
    assert editing.steps == 1


def test_undo_and_redo_show_in_the_open_dialog(editing: Editing, qtbot):
    dialog = editing.dialog
    _rename_title(editing, qtbot, "Wireframes")
    _add_item(editing, qtbot)
    _tick_label(editing, qtbot)
    stack = editing.controller.stack
    stack.undo()
    assert dialog.tags_panel.label_list.checked_ids() == []
    stack.undo()
    assert dialog.checklist_panel.item_list.count() == 1
    assert dialog.checklist_panel.progress_label.text() == "0/1 done"
    stack.undo()
    assert dialog.title_edit.text() == "Design"
    assert dialog.windowTitle() == "Card — Design"
    stack.redo()
    assert dialog.title_edit.text() == "Wireframes"


def test_finishing_the_predecessor_clears_the_blocker(editing: Editing):
    editing.controller.push(UpdateTask(task_id=editing.predecessor_id, percent_complete=100))
    assert editing.dialog.blockers_label.isHidden()
    editing.controller.stack.undo()
    assert not editing.dialog.blockers_label.isHidden()


def test_refused_dates_restore_the_control(editing: Editing, qtbot):
    dialog = editing.dialog
    with qtbot.waitSignal(editing.controller.refused) as refusal:
        dialog.finish_edit.setDate(QDate(2026, 1, 1))
    assert "before the start" in refusal.args[0]
    assert dialog.finish_edit.date() == QDate(2026, 1, 9)
    assert editing.stored().finish == date(2026, 1, 9)
    assert editing.steps == 0


def test_refused_title_restores_the_text(editing: Editing, qtbot):
    edit = editing.dialog.title_edit
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "Design"
    assert editing.steps == 0


def test_refused_checklist_rename_restores_the_item(editing: Editing):
    item = _item(editing.dialog.checklist_panel.item_list, 0)
    item.setText("   ")
    assert item.text() == "Sketch"
    assert editing.steps == 0


def test_typing_survives_an_outside_change(editing: Editing, qtbot):
    dialog = editing.dialog
    dialog.activateWindow()
    dialog.title_edit.setFocus()
    qtbot.waitUntil(dialog.title_edit.hasFocus)
    dialog.title_edit.selectAll()
    qtbot.keyClicks(dialog.title_edit, "Half typ")
    editing.controller.push(UpdateTask(task_id=editing.task_id, priority=int(Priority.LOW)))
    assert dialog.priority_box.currentData() == Priority.LOW
    assert dialog.title_edit.text() == "Half typ"


def test_closing_commits_the_description(editing: Editing):
    editing.dialog.description_edit.setPlainText("Written, then closed")
    editing.dialog.close()
    assert editing.stored().description == "Written, then closed"
    assert editing.steps == 1


def test_deleting_the_task_closes_the_dialog(editing: Editing):
    editing.dialog.description_edit.setPlainText("Unsaved words")
    assert editing.controller.push(DeleteTasks(task_ids=[editing.task_id]))
    assert not editing.dialog.isVisible()
    assert editing.steps == 1  # nothing was pushed for the vanished task


def test_renaming_in_the_item_editor_survives_an_outside_change(editing: Editing, qtbot):
    items = editing.dialog.checklist_panel.item_list
    items.setCurrentRow(0)
    qtbot.keyClick(items, Qt.Key.Key_F2)
    editor = items.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Sketch flows")
    editing.controller.push(UpdateTask(task_id=editing.task_id, priority=int(Priority.LOW)))
    assert items.viewport().findChild(QLineEdit) is editor  # the reload left the editor open
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: items.state() != items.State.EditingState)
    assert editing.stored().checklist[0].text == "Sketch flows"
    assert _item(items, 0).text() == "Sketch flows"
    assert editing.steps == 2


def test_scheduling_constraint_and_manual_mode(editing: Editing):
    panel = editing.dialog.scheduling_panel
    assert panel.title() == "Scheduling"
    # a typed start became "start no earlier than" that day
    assert panel.constraint_box.currentData() == "snet"
    assert panel.constraint_date_edit.isEnabled()
    assert panel.constraint_date_edit.date() == QDate(2026, 1, 5)
    assert not panel.manual_box.isChecked()

    panel.constraint_date_edit.setDate(QDate(2026, 1, 7))
    stored = editing.stored()
    assert (stored.constraint_type, stored.constraint_date) == ("snet", date(2026, 1, 7))
    assert (stored.start, stored.finish) == (date(2026, 1, 7), date(2026, 1, 13))  # rescheduled
    panel.constraint_box.setCurrentIndex(panel.constraint_box.findData("mso"))
    assert editing.stored().constraint_type == "mso"
    panel.manual_box.setChecked(True)
    stored = editing.stored()
    assert stored.manual and stored.constraint_date == date(2026, 1, 7)
    assert editing.steps == 3

    editing.controller.stack.undo()  # only the manual mode goes
    stored = editing.stored()
    assert not stored.manual and stored.constraint_type == "mso"
    assert not panel.manual_box.isChecked()
    assert panel.constraint_box.currentData() == "mso"


def test_as_soon_as_possible_clears_the_date(editing: Editing):
    panel = editing.dialog.scheduling_panel
    panel.constraint_box.setCurrentIndex(panel.constraint_box.findData("asap"))
    stored = editing.stored()
    assert (stored.constraint_type, stored.constraint_date) == ("asap", None)
    assert not panel.constraint_date_edit.isEnabled()
    assert editing.steps == 1
    editing.controller.stack.undo()
    assert panel.constraint_box.currentData() == "snet"
    assert panel.constraint_date_edit.isEnabled()
