"""The card editor as the user drives it from the main window: opened with Return on a card,
fields typed into, boxes ticked with Space, buttons clicked, shortcuts pressed; every change
undone and redone with the main window's Undo and Redo."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from ipmp_desktop.core.commands import AddChecklistItem, AddComment, CreateLabel, CreatePerson
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.card_details import CardDetails, load_card_details
from ipmp_desktop.qt.views import refusal_bubble
from ipmp_desktop.qt.views.dialogs.card_editor import CardEditorDialog
from tests.qt.user_input import answering, type_path_and_enter


def _stored(window, dialog: CardEditorDialog) -> CardDetails:
    with window.session.workspace.reading() as session:
        return load_card_details(session, dialog.task_id)


@pytest.fixture
def editor(window, qtbot) -> Iterator[CardEditorDialog]:
    """The card editor of the board's first card, opened with Return as the user does."""
    window.show_tab(0)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.board_view.focus_first_card()
    view = QApplication.focusWidget()
    assert view is not None and view.currentIndex().isValid()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(window, "card_editor", None) is not None)
    dialog = window.card_editor
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    yield dialog
    refusal_bubble.close_current()


def _focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def _assert_bubble_beside(widget: QWidget, words: str) -> None:
    bubble = refusal_bubble.current()
    assert bubble is not None, "the refusal was not shown where the user looks"
    assert words in bubble.text().lower()
    under = widget.mapToGlobal(QPoint(0, widget.height()))
    assert abs(bubble.pos().y() - under.y()) < 30, (bubble.pos(), under)
    assert abs(bubble.pos().x() - under.x()) < 30, (bubble.pos(), under)


def _clear_title(qtbot, dialog: CardEditorDialog) -> None:
    _focus(qtbot, dialog.title_edit)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Delete)


def test_a_cleared_title_is_refused_beside_the_title_field(window, editor, qtbot):
    title = editor.title_edit.text()
    steps = window.session.undo.stack.count()
    _clear_title(qtbot, editor)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    _assert_bubble_beside(editor.title_edit, "title")
    assert editor.title_edit.text() == title
    assert _stored(window, editor).title == title
    assert window.session.undo.stack.count() == steps


def test_closing_with_an_empty_title_keeps_the_editor_open_and_says_why(window, editor, qtbot):
    title = editor.title_edit.text()
    steps = window.session.undo.stack.count()
    _clear_title(qtbot, editor)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: refusal_bubble.current() is not None)
    assert editor.isVisible()
    _assert_bubble_beside(editor.title_edit, "title")
    assert editor.title_edit.hasFocus()
    assert editor.title_edit.text() == title
    assert window.session.undo.stack.count() == steps
    # the stored title is back in the field: a second Escape closes the editor
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert _stored(window, editor).title == title


# -- every field, through the keyboard or the mouse, with Undo and Redo of the main window --


@pytest.fixture
def furnished(window, editor) -> CardEditorDialog:
    """The editor, after one label, one person, one checklist item and one comment exist."""
    details = editor.details
    for command in (
        CreateLabel(project_id=details.project_id, name="UX", color="#2f81f7"),
        CreatePerson(name="Ada Lovelace"),
        AddChecklistItem(task_id=details.id, text="Sketch"),
        AddComment(task_id=details.id, body="Looks good", author="ada"),
    ):
        assert window.push(command)
    return editor


def _type_description(qtbot, dialog):
    box = dialog.description_edit
    _focus(qtbot, box)
    qtbot.keyClicks(box, "Pages and flows")
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # the focus leaves: the text is committed
    return lambda d: d.description == "Pages and flows"


def _type_start(qtbot, dialog):
    box = dialog.start_edit
    _focus(qtbot, box)
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, "2026-01-07")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    return lambda d: d.start == date(2026, 1, 7)


def _type_finish(qtbot, dialog):
    box = dialog.finish_edit
    _focus(qtbot, box)
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, "2026-01-20")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    return lambda d: d.finish == date(2026, 1, 20)


def _type_constraint_date(qtbot, dialog):
    box = dialog.scheduling_panel.constraint_date_edit
    assert box.isEnabled()
    _focus(qtbot, box)
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, "2026-01-08")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    return lambda d: d.constraint_date == date(2026, 1, 8)


def _step_priority(qtbot, dialog):
    box = dialog.priority_box
    _focus(qtbot, box)
    wanted = box.itemData(box.currentIndex() + 1)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    return lambda d: d.priority == wanted


def _tick_manual(qtbot, dialog):
    box = dialog.scheduling_panel.manual_box
    _focus(qtbot, box)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    return lambda d: d.manual


def _choose_constraint(qtbot, dialog):
    box = dialog.scheduling_panel.constraint_box
    _focus(qtbot, box)
    before = box.currentData()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    wanted = box.currentData()
    assert wanted != before
    return lambda d: d.constraint_type == wanted


def _space_on_first(qtbot, items):
    _focus(qtbot, items)
    items.setCurrentRow(0)
    qtbot.keyClick(items, Qt.Key.Key_Space)


def _tick_label(qtbot, dialog):
    _space_on_first(qtbot, dialog.tags_panel.label_list)
    return lambda d: {label.name for label in d.labels if label.id in d.label_ids} == {"UX"}


def _tick_person(qtbot, dialog):
    _space_on_first(qtbot, dialog.tags_panel.people_list)
    return lambda d: len(d.person_ids) == 1


def _type_new_label(qtbot, dialog):
    field = dialog.tags_panel.new_label_edit
    _focus(qtbot, field)
    qtbot.keyClicks(field, "Research")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    return lambda d: {label.name for label in d.labels if label.id in d.label_ids} == {"Research"}


def _add_item(qtbot, dialog):
    field = dialog.checklist_panel.new_item_edit
    _focus(qtbot, field)
    qtbot.keyClicks(field, "Review")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    return lambda d: [line.text for line in d.checklist] == ["Sketch", "Review"]


def _tick_item(qtbot, dialog):
    _space_on_first(qtbot, dialog.checklist_panel.item_list)
    return lambda d: d.checklist[0].done


def _rename_item(qtbot, dialog):
    items = dialog.checklist_panel.item_list
    _focus(qtbot, items)
    items.setCurrentRow(0)
    qtbot.keyClick(items, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Sketch pages")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: items.state() != items.State.EditingState)
    return lambda d: [line.text for line in d.checklist] == ["Sketch pages"]


def _remove_item(qtbot, dialog):
    items = dialog.checklist_panel.item_list
    _focus(qtbot, items)
    items.setCurrentRow(0)
    qtbot.keyClick(items, Qt.Key.Key_Delete)
    return lambda d: d.checklist == ()


def _add_comment_with_ctrl_return(qtbot, dialog):
    field = dialog.comments_panel.comment_edit
    _focus(qtbot, field)
    qtbot.keyClicks(field, "Ship it")
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return lambda d: [c.body for c in d.comments] == ["Looks good", "Ship it"]


def _add_comment_with_the_button(qtbot, dialog):
    panel = dialog.comments_panel
    _focus(qtbot, panel.comment_edit)
    qtbot.keyClicks(panel.comment_edit, "Ship it")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    return lambda d: [c.body for c in d.comments] == ["Looks good", "Ship it"]


def _delete_comment_with_the_button(qtbot, dialog):
    panel = dialog.comments_panel
    _focus(qtbot, panel.comment_list)
    panel.comment_list.setCurrentRow(0)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    return lambda d: d.comments == ()


def _delete_comment_with_the_key(qtbot, dialog):
    panel = dialog.comments_panel
    _focus(qtbot, panel.comment_list)
    panel.comment_list.setCurrentRow(0)
    qtbot.keyClick(panel.comment_list, Qt.Key.Key_Delete)
    return lambda d: d.comments == ()


@pytest.mark.parametrize(
    "edit",
    [
        _type_description,
        _type_start,
        _type_finish,
        _type_constraint_date,
        _step_priority,
        _tick_manual,
        _choose_constraint,
        _tick_label,
        _tick_person,
        _type_new_label,
        _add_item,
        _tick_item,
        _rename_item,
        _remove_item,
        _add_comment_with_ctrl_return,
        _add_comment_with_the_button,
        _delete_comment_with_the_button,
        _delete_comment_with_the_key,
    ],
)
def test_each_field_edited_by_the_user_is_one_undoable_step(window, furnished, qtbot, edit):
    dialog = furnished
    stack = window.session.undo.stack
    before, steps = _stored(window, dialog), stack.count()
    done = edit(qtbot, dialog)
    after = _stored(window, dialog)
    assert done(after), after
    assert stack.count() == steps + 1
    window.act_undo.trigger()
    assert _stored(window, dialog) == before
    window.act_redo.trigger()
    assert done(_stored(window, dialog))
    assert dialog.isVisible()


def test_ctrl_z_and_ctrl_y_in_the_editor_undo_and_redo(window, furnished, qtbot):
    dialog = furnished
    labels = dialog.tags_panel.label_list
    _space_on_first(qtbot, labels)
    assert _stored(window, dialog).label_ids
    qtbot.keyClick(labels, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not _stored(window, dialog).label_ids
    assert labels.checked_ids() == []
    qtbot.keyClick(labels, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _stored(window, dialog).label_ids


def test_opening_an_open_card_again_brings_its_editor_forward(window, editor, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.board_view.focus_first_card()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    shown = [d for d in window.findChildren(CardEditorDialog) if d.isVisible()]
    assert shown == [editor]
    assert window.card_editor is editor


# -- the workspace closes while the editor is open --


def _type_title(qtbot, dialog, text: str) -> None:
    _focus(qtbot, dialog.title_edit)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.title_edit, text)  # no Return: still being typed


def _title_in(path: Path, task_id: int) -> str:
    with Workspace.open(path) as workspace, workspace.reading() as session:
        return load_card_details(session, task_id).title


def test_opening_another_workspace_commits_and_closes_the_editor(
    window, editor, qtbot, tmp_path, workspace_path
):
    other = tmp_path / "other.ipmp"
    Workspace.create(other).close()
    task_id = editor.task_id
    _type_title(qtbot, editor, "Wireframes")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_tab(1)
    with answering(type_path_and_enter(str(other))):
        qtbot.keyClick(window.outline_view.tree, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.session.workspace.path == other
    assert not [d for d in window.findChildren(CardEditorDialog) if d.isVisible()]
    window.close()
    assert _title_in(workspace_path, task_id) == "Wireframes"


def test_quitting_commits_the_typed_title_and_an_empty_one_does_not_stop_it(
    window, editor, qtbot, workspace_path
):
    task_id, title = editor.task_id, editor.title_edit.text()
    _clear_title(qtbot, editor)  # refused on closing: the stored title stays
    editor.description_edit.setFocus()
    qtbot.keyClicks(editor.description_edit, "Typed, then quit")
    window.act_quit.trigger()
    assert not window.isVisible() and not editor.isVisible()
    with Workspace.open(workspace_path) as workspace, workspace.reading() as session:
        details = load_card_details(session, task_id)
    assert (details.title, details.description) == (title, "Typed, then quit")
