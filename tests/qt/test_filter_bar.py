"""The board filter bar: signals, clearing, context changes, saved views through commands."""

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ipmp_desktop.core.commands import CreateProject, DeleteView, SaveView, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.board import (
    BoardCard,
    CardFilter,
    CardLabel,
    CardPerson,
    DueFilter,
    LaneMode,
    card_matcher,
    card_matches,
    narrows,
)
from ipmp_desktop.core.services.views import SavedViewRow, list_saved_views
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.board.filter_bar import BoardFilterBar
from tests.qt.board_input import choose_in_combo
from tests.qt.user_input import answering, press_escape, type_and_enter

TODAY = date(2026, 3, 4)  # a Wednesday
BUG = CardLabel(1, "Bug", "#d73a4a")
UX = CardLabel(2, "UX", "#0e8a16")
DOCS = CardLabel(3, "Docs", "not a color")
ADA = CardPerson(10, "Ada Lovelace")
ALAN = CardPerson(11, "Alan Turing")


class Recorder:
    """Collects what the bar emits."""

    def __init__(self, bar: BoardFilterBar) -> None:
        self.filters: list[CardFilter] = []
        self.lanes: list[LaneMode] = []
        bar.filter_changed.connect(self.filters.append)
        bar.lanes_changed.connect(self.lanes.append)


class Pushed:
    """A push_command that records commands and applies none."""

    def __init__(self) -> None:
        self.commands = []

    def __call__(self, command) -> bool:
        self.commands.append(command)
        return True


@pytest.fixture
def pushed() -> Pushed:
    return Pushed()


@pytest.fixture
def bar(qtbot, pushed) -> BoardFilterBar:
    widget = BoardFilterBar(pushed)
    qtbot.addWidget(widget)
    widget.set_context(1, [BUG, UX, DOCS], [ADA, ALAN], [])
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)  # clicks, keys and the dialogs it opens reach it
    return widget


def click(button) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def recorder(bar) -> Recorder:
    return Recorder(bar)


@pytest.fixture
def undo(tmp_path: Path) -> Iterator[tuple[UndoController, int]]:
    """An undo controller on a real workspace, and a project in it."""
    with Workspace.create(tmp_path / "plan.ipmp") as workspace:
        project = CreateProject(name="Board", start=date(2026, 1, 5))
        apply(workspace, project)
        yield UndoController(workspace, ChangeBus()), project.project_id


def card(card_id, title, *, labels=(), people=(), finish=None, blocked=0, archived=False):
    return BoardCard(
        id=card_id,
        title=title,
        kind="task",
        column_id=1,
        board_rank="a",
        parent_id=None,
        priority=0,
        start=None,
        finish=finish,
        percent_complete=0,
        archived=archived,
        column_entered_at=datetime(2026, 3, 1),
        labels=tuple(labels),
        assignees=tuple(people),
        blocked_by=blocked,
    )


CARDS = [
    card(1, "Fix login crash", labels=[BUG], people=[ADA], finish=date(2026, 3, 2), blocked=1),
    card(2, "Redesign login page", labels=[UX], people=[ALAN], finish=date(2026, 3, 6)),
    card(3, "Write user guide", labels=[DOCS], finish=date(2026, 3, 15)),
    card(4, "Old spike", people=[ADA], archived=True),
]


def shown(card_filter: CardFilter) -> list[int]:
    return [c.id for c in CARDS if card_matches(c, card_filter, TODAY)]


FILTERS = [
    CardFilter(),
    CardFilter(text="l"),
    CardFilter(text="LOG"),
    CardFilter(text=" login "),
    CardFilter(text="login c"),
    CardFilter(text="ug"),
    CardFilter(text="log", label_ids=frozenset({BUG.id})),
    CardFilter(text="log", person_ids=frozenset({ADA.id, ALAN.id})),
    CardFilter(text="i", due=DueFilter.THIS_WEEK),
    CardFilter(text="i", blocked_only=True),
    CardFilter(text="old", show_archived=True),
    CardFilter(due=DueFilter.NO_DATE, show_archived=True),
]


def test_a_matcher_keeps_what_card_matches_keeps():
    for card_filter in FILTERS:
        matches = card_matcher(card_filter, TODAY)
        assert [c.id for c in CARDS if matches(c)] == shown(card_filter), card_filter


def test_narrows_only_when_the_search_grew_around_the_old_text():
    assert narrows(CardFilter(), CardFilter(text="log"))
    assert narrows(CardFilter(text="LOG"), CardFilter(text=" login "))
    assert not narrows(CardFilter(text="login"), CardFilter(text="log"))
    assert not narrows(CardFilter(text="log"), CardFilter(text="lag"))
    assert not narrows(CardFilter(text="log"), CardFilter(text="login", blocked_only=True))
    assert not narrows(CardFilter(show_archived=True), CardFilter(text="old"))
    for before in FILTERS:  # what a narrower filter keeps, the wider one kept
        for after in FILTERS:
            if narrows(before, after):
                assert set(shown(after)) <= set(shown(before)), (before, after)


def test_text_is_sent_after_flush_and_really_filters(qtbot, bar, recorder):
    qtbot.keyClicks(bar.search_edit, "login")
    assert recorder.filters == []  # still waiting for typing to pause
    bar.flush()
    assert [f.text for f in recorder.filters] == ["login"]
    assert shown(recorder.filters[-1]) == [1, 2]
    bar.flush()
    assert len(recorder.filters) == 1  # nothing new, nothing sent


def test_text_is_sent_after_the_debounce(qtbot, bar, recorder):
    QTest.keyClicks(bar.search_edit, "guide")
    qtbot.waitUntil(lambda: len(recorder.filters) == 1, timeout=1000)
    assert shown(recorder.filters[-1]) == [3]


def test_labels_and_people_are_picked_from_menus(bar, recorder):
    assert bar.labels_button.text() == "Labels"
    bar.labels_button.action_for(BUG.id).trigger()
    bar.labels_button.action_for(UX.id).trigger()
    assert bar.labels_button.text() == "Labels (2)"
    assert recorder.filters[-1].label_ids == {BUG.id, UX.id}
    assert shown(recorder.filters[-1]) == [1, 2]
    bar.people_button.action_for(ALAN.id).trigger()
    assert bar.people_button.text() == "People (1)"
    assert shown(recorder.filters[-1]) == [2]
    assert len(recorder.filters) == 3
    assert recorder.lanes == []


def test_label_menu_shows_colors_and_names(bar):
    actions = bar.labels_button.menu().actions()
    assert [a.text() for a in actions] == ["Bug", "UX", "Docs"]
    assert all(not a.icon().isNull() for a in actions)  # a bad color gets a grey dot


def test_due_blocked_and_archived_filter(bar, recorder):
    choose_in_combo(bar.due_combo, "Overdue")
    assert shown(recorder.filters[-1]) == [1]
    choose_in_combo(bar.due_combo, "Due this week")
    assert shown(recorder.filters[-1]) == [2]
    choose_in_combo(bar.due_combo, "Any due date")  # through Overdue again on the way up
    click(bar.blocked_button)
    assert recorder.filters[-1].blocked_only
    assert shown(recorder.filters[-1]) == [1]
    click(bar.blocked_button)
    assert shown(recorder.filters[-1]) == [1, 2, 3]
    click(bar.archived_button)
    assert shown(recorder.filters[-1]) == [1, 2, 3, 4]
    assert len(recorder.filters) == 7


def test_lanes_combo_emits_a_lane_mode(bar, recorder):
    choose_in_combo(bar.lanes_combo, "Parent/epic")
    assert recorder.lanes[-1] == LaneMode.PARENT
    assert bar.current_lanes() == LaneMode.PARENT
    assert recorder.filters == []


def test_clear_resets_everything_but_lanes_and_disables_itself(qtbot, bar, recorder):
    assert not bar.clear_button.isEnabled()
    choose_in_combo(bar.lanes_combo, "Label")
    click(bar.archived_button)
    assert bar.clear_button.isEnabled()
    bar.labels_button.action_for(DOCS.id).trigger()
    qtbot.keyClicks(bar.search_edit, "guide")
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert recorder.filters[-1] == CardFilter()
    assert bar.current_filter() == CardFilter()
    assert bar.search_edit.text() == ""
    assert bar.labels_button.text() == "Labels"
    assert not bar.labels_button.action_for(DOCS.id).isChecked()
    assert bar.current_lanes() == LaneMode.LABEL
    assert not bar.clear_button.isEnabled()


def test_apply_sets_controls_and_emits_each_signal_once(bar, recorder):
    wanted = CardFilter(
        text="login",
        label_ids=frozenset({BUG.id}),
        person_ids=frozenset({ADA.id}),
        due=DueFilter.NEXT_14_DAYS,
        blocked_only=True,
        show_archived=True,
    )
    bar.apply(LaneMode.ASSIGNEE, wanted)
    assert recorder.filters == [wanted]
    assert recorder.lanes == [LaneMode.ASSIGNEE]
    assert bar.current_filter() == wanted
    assert bar.labels_button.action_for(BUG.id).isChecked()
    assert bar.due_combo.currentText() == "Next 14 days"
    bar.apply(LaneMode.ASSIGNEE, wanted)
    assert len(recorder.filters) == len(recorder.lanes) == 1


def test_apply_drops_ids_the_context_does_not_offer(bar, recorder):
    bar.apply(LaneMode.NONE, CardFilter(label_ids=frozenset({BUG.id, 99})))
    assert recorder.filters == [CardFilter(label_ids=frozenset({BUG.id}))]


def test_set_context_keeps_what_still_exists(bar, recorder):
    bar.labels_button.action_for(BUG.id).trigger()
    bar.labels_button.action_for(UX.id).trigger()
    bar.people_button.action_for(ADA.id).trigger()
    before = len(recorder.filters)
    renamed = CardLabel(UX.id, "Design", "#0e8a16")
    bar.set_context(1, [BUG, renamed], [ADA, ALAN], [])
    assert len(recorder.filters) == before  # nothing vanished
    assert bar.labels_button.action_for(UX.id).text() == "Design"
    assert bar.labels_button.action_for(UX.id).isChecked()
    bar.set_context(1, [renamed], [ALAN], [])
    assert recorder.filters[-1].label_ids == {UX.id}
    assert recorder.filters[-1].person_ids == frozenset()
    assert bar.labels_button.text() == "Labels (1)"
    assert bar.people_button.text() == "People"


def test_empty_context_says_so_in_the_menus(qtbot, pushed):
    bar = BoardFilterBar(pushed)
    qtbot.addWidget(bar)
    bar.set_context(1, [], [], [])
    (only,) = bar.labels_button.menu().actions()
    assert not only.isEnabled()
    assert not bar.views_combo.isEnabled()
    assert not bar.delete_button.isEnabled()


def test_choosing_a_saved_view_applies_lanes_and_filter(bar, recorder):
    view = SavedViewRow(7, "Bugs by person", LaneMode.ASSIGNEE, CardFilter(label_ids={BUG.id}))
    other = SavedViewRow(8, "Docs", LaneMode.NONE, CardFilter(label_ids=frozenset({DOCS.id})))
    bar.set_context(1, [BUG, UX, DOCS], [ADA, ALAN], [view, other])
    assert bar.views_combo.currentIndex() == -1
    assert bar.views_combo.placeholderText() == "Views…"
    choose_in_combo(bar.views_combo, "Bugs by person")
    assert recorder.lanes == [LaneMode.ASSIGNEE]
    assert recorder.filters == [CardFilter(label_ids=frozenset({BUG.id}))]
    assert bar.selected_view() == view
    assert bar.delete_button.isEnabled()
    click(bar.blocked_button)  # now the controls are no saved view
    assert bar.selected_view() is None
    assert not bar.delete_button.isEnabled()


def test_a_view_naming_a_vanished_label_can_still_be_chosen_and_deleted(bar, pushed):
    stale = SavedViewRow(9, "Old", LaneMode.NONE, CardFilter(label_ids=frozenset({BUG.id, 99})))
    bar.set_context(1, [BUG], [], [stale])
    choose_in_combo(bar.views_combo, "Old")
    assert bar.current_filter() == CardFilter(label_ids=frozenset({BUG.id}))
    assert bar.selected_view() == stale
    click(bar.delete_button)
    assert pushed.commands[-1].view_id == 9


def test_save_view_pushes_save_view(bar, pushed):
    choose_in_combo(bar.lanes_combo, "Priority")
    choose_in_combo(bar.due_combo, "Overdue")
    with answering(type_and_enter("  Late  ")):
        click(bar.save_button)
    (command,) = pushed.commands
    assert isinstance(command, SaveView)
    assert (command.project_id, command.name) == (1, "Late")
    assert command.settings["lanes"] == "priority"
    assert command.settings["filter"]["due"] == "overdue"


def shown_bar(qtbot, push) -> BoardFilterBar:
    bar = BoardFilterBar(push)
    qtbot.addWidget(bar)
    bar.show()
    bar.activateWindow()
    qtbot.waitActive(bar)
    return bar


def test_save_and_delete_views_in_a_workspace(qtbot, undo):
    controller, project_id = undo
    bar = shown_bar(qtbot, controller.push)
    bar.set_context(project_id, [], [ADA], [])
    choose_in_combo(bar.lanes_combo, "Label")
    QTest.keyClicks(bar.search_edit, "login")
    click(bar.blocked_button)
    with answering(type_and_enter("Blocked logins")):
        click(bar.save_button)
    with controller.workspace.reading() as session:
        (row,) = list_saved_views(session, project_id)
    assert (row.name, row.lane_mode, row.filter) == (
        "Blocked logins",
        LaneMode.LABEL,
        CardFilter(text="login", blocked_only=True),
    )
    assert bar.saved_views() == [row]  # listed before any set_context
    assert bar.selected_view() == row
    assert controller.stack.count() == 1

    click(bar.delete_button)
    assert isinstance(controller.stack.command(1).command, DeleteView)
    with controller.workspace.reading() as session:
        assert list_saved_views(session, project_id) == []
    assert bar.saved_views() == []
    assert not bar.delete_button.isEnabled()


@pytest.mark.parametrize("name", ["x" * 150, "   "])
def test_a_refused_save_changes_nothing_and_says_why(qtbot, undo, name):
    controller, project_id = undo
    refusals = []
    controller.refused.connect(refusals.append)
    bar = shown_bar(qtbot, controller.push)
    bar.set_context(project_id, [], [], [])
    with answering(type_and_enter(name)):
        click(bar.save_button)
    assert refusals and "view name" in refusals[0]
    assert bar.saved_views() == []
    with controller.workspace.reading() as session:
        assert list_saved_views(session, project_id) == []


def test_save_view_asks_for_a_name_and_escape_cancels(bar, pushed):
    with answering(type_and_enter("Asked")):
        click(bar.save_button)
    assert pushed.commands[-1].name == "Asked"
    with answering(press_escape):
        click(bar.save_button)
    assert len(pushed.commands) == 1


def test_no_project_no_saving(qtbot, pushed):
    bar = shown_bar(qtbot, pushed)
    assert not bar.save_button.isEnabled()
    click(bar.save_button)
    assert pushed.commands == []


def test_focus_search_and_ctrl_f(qtbot, bar):
    bar.show()
    bar.activateWindow()
    qtbot.waitUntil(bar.isActiveWindow)
    bar.lanes_combo.setFocus()
    bar.search_edit.setText("abc")
    qtbot.keyClick(bar.lanes_combo, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.search_edit.hasFocus()
    assert bar.search_edit.selectedText() == "abc"
