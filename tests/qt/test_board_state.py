"""The board's collapsed columns and swimlanes, kept per workspace and project across restarts."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ipmp_desktop.core.commands import CreateProject, CreateTask, DeleteColumn, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.board import LaneMode
from ipmp_desktop.qt.settings import AppSettings, BoardState
from ipmp_desktop.qt.views.main_window import MainWindow


@pytest.fixture
def two_projects(tmp_path: Path) -> Path:
    """Projects "Shop" and "Site", each with a card and the default columns."""
    path = tmp_path / "two.ipmp"
    with Workspace.create(path) as workspace:
        for name in ("Shop", "Site"):
            project = CreateProject(name=name, start=date(2026, 3, 2))
            apply(workspace, project)
            apply(workspace, CreateTask(project_id=project.project_id, title=f"{name} card"))
    return path


def start(qtbot, settings_file: Path, location: Path) -> MainWindow:
    """A main window on its own settings object for ``settings_file`` (as after a restart)."""
    window = MainWindow(AppSettings.at(settings_file))
    qtbot.addWidget(window)
    assert window.open_location(str(location))
    window.show()
    return window


def columns(window: MainWindow) -> dict[str, int]:
    return {c.name: c.id for c in window.board_view.store.data.columns}


def choose_lanes(window: MainWindow, mode: LaneMode) -> None:
    """Pick ``mode`` in the "Swimlanes:" combo, as a user does."""
    combo = window.board_view.filter_bar.lanes_combo
    combo.setCurrentIndex(combo.findData(mode))


def click_collapse(window: MainWindow, column_id: int) -> None:
    """Click the collapse (or expand) button of a column's header, as a user does."""
    button = window.board_view.headers[column_id].collapse_button
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_project(window: MainWindow, name: str) -> None:
    window.project_box.setCurrentIndex(window.project_box.findText(name))
    assert window.board_view.store.project_id == window.current_project_id()


def shown_state(window: MainWindow) -> tuple[set[str], LaneMode, LaneMode]:
    """Names of the collapsed columns, the lanes the board uses and the lanes the combo shows."""
    board = window.board_view
    names = {c.name for c in board.store.data.columns if board.headers[c.id].collapsed}
    assert names == {c.name for c in board.store.data.columns if c.id in board.collapsed}
    return names, board.store.lane_mode, board.filter_bar.current_lanes()


def test_collapsed_columns_and_swimlanes_come_back_after_a_restart(qtbot, tmp_path, two_projects):
    settings_file = tmp_path / "settings.ini"
    window = start(qtbot, settings_file, two_projects)
    assert window.project_box.currentText() == "Shop"
    assert shown_state(window) == (set(), LaneMode.NONE, LaneMode.NONE)
    board = window.board_view
    click_collapse(window, columns(window)["In progress"])
    choose_lanes(window, LaneMode.ASSIGNEE)
    window.close()

    again = start(qtbot, settings_file, two_projects)
    board = again.board_view
    assert again.project_box.currentText() == "Shop"
    assert shown_state(again) == ({"In progress"}, LaneMode.ASSIGNEE, LaneMode.ASSIGNEE)
    assert not any(column == columns(again)["In progress"] for _lane, column in board.cells)
    assert board.cells and all(lane != "" for lane, _column in board.cells)  # lanes laid out
    click_collapse(again, columns(again)["In progress"])
    choose_lanes(again, LaneMode.NONE)
    again.close()

    third = start(qtbot, settings_file, two_projects)
    assert shown_state(third) == (set(), LaneMode.NONE, LaneMode.NONE)
    third.close()


def test_a_remembered_column_that_was_deleted_is_ignored(qtbot, tmp_path, two_projects):
    settings_file = tmp_path / "settings.ini"
    window = start(qtbot, settings_file, two_projects)
    project_id = window.current_project_id()
    done, todo = columns(window)["Done"], columns(window)["To do"]
    click_collapse(window, done)
    click_collapse(window, todo)
    window.close()
    with Workspace.open(two_projects) as workspace:
        apply(workspace, DeleteColumn(column_id=done))  # Done holds no card
    saved = AppSettings.at(settings_file).board_state(str(two_projects), project_id)
    assert saved.collapsed == {done, todo}

    again = start(qtbot, settings_file, two_projects)
    assert done not in columns(again).values()
    assert again.board_view.collapsed == {todo}
    assert shown_state(again) == ({"To do"}, LaneMode.NONE, LaneMode.NONE)
    again.close()


def test_each_project_of_a_workspace_has_its_own_state(qtbot, tmp_path, two_projects):
    settings_file = tmp_path / "settings.ini"
    window = start(qtbot, settings_file, two_projects)
    click_collapse(window, columns(window)["Done"])
    choose_lanes(window, LaneMode.PRIORITY)
    choose_project(window, "Site")
    assert shown_state(window) == (set(), LaneMode.NONE, LaneMode.NONE)
    click_collapse(window, columns(window)["To do"])
    choose_lanes(window, LaneMode.LABEL)
    choose_project(window, "Shop")
    assert shown_state(window) == ({"Done"}, LaneMode.PRIORITY, LaneMode.PRIORITY)
    choose_project(window, "Site")
    window.close()

    again = start(qtbot, settings_file, two_projects)
    assert again.project_box.currentText() == "Site"
    assert shown_state(again) == ({"To do"}, LaneMode.LABEL, LaneMode.LABEL)
    choose_project(again, "Shop")
    assert shown_state(again) == ({"Done"}, LaneMode.PRIORITY, LaneMode.PRIORITY)
    again.close()


def test_settings_are_written_only_when_the_state_changes(
    qtbot, tmp_path, two_projects, monkeypatch
):
    written: list[BoardState] = []
    save = AppSettings.set_board_state

    def counting(self, location: str, project_id: int, state: BoardState) -> None:
        written.append(state)
        save(self, location, project_id, state)

    monkeypatch.setattr(AppSettings, "set_board_state", counting)
    window = start(qtbot, tmp_path / "settings.ini", two_projects)
    board = window.board_view
    done = columns(window)["Done"]
    assert written == []  # loading a project only reads
    click_collapse(window, done)
    choose_lanes(window, LaneMode.ASSIGNEE)
    assert written == [
        BoardState(frozenset({done})),
        BoardState(frozenset({done}), LaneMode.ASSIGNEE),
    ]
    choose_project(window, "Site")
    choose_project(window, "Shop")
    board.filter_bar.apply(LaneMode.ASSIGNEE, board.filter_bar.current_filter())  # the same
    assert len(written) == 2
    window.close()


def test_board_state_round_trip_and_unreadable_values(tmp_path):
    settings = AppSettings.at(tmp_path / "settings.ini")
    assert settings.board_state("/a.ipmp", 1) == BoardState()
    state = BoardState(frozenset({3, 7}), LaneMode.PARENT)
    settings.set_board_state("/a.ipmp", 1, state)
    assert AppSettings.at(tmp_path / "settings.ini").board_state("/a.ipmp", 1) == state
    assert settings.board_state("/a.ipmp", 2) == BoardState()
    assert settings.board_state("/b.ipmp", 1) == BoardState()
    key = next(k for k in settings.store.allKeys() if k.startswith("board/"))
    for bad in ("not json", '["a list"]', '{"collapsed": ["x"]}', '{"lanes": "diagonal"}'):
        settings.store.setValue(key, bad)
        assert settings.board_state("/a.ipmp", 1) == BoardState()
