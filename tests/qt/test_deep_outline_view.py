"""A deep outline in the task table: WBS numbers beyond ten levels are shown shortened, while
the Predecessors editor holds whole numbers, so what the user edits reads back."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.gan import read_gan
from ipmp_desktop.core.interchange.store import write_plan
from ipmp_desktop.qt.models.task_outline_model import OutlineColumn
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.views.main_window import MainWindow
from tests.deep_outline import outline_gan

LEVELS = 14
"""Level n is n + 1 levels deep, the second child of Level n - 1 after Step n - 1, so its WBS
number is 1.2.2...; Step n is the first child of Level n, n + 2 levels deep."""


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    path = tmp_path / "deep.ipmp"
    with Workspace.create(path) as workspace:
        write_plan(workspace, read_gan(outline_gan(LEVELS, steps=True), "deep.gan"))
    main = MainWindow(AppSettings.at(tmp_path / "settings.ini"))
    qtbot.addWidget(main)
    main.open_location(str(path))
    main.show()
    main.show_tab(1)
    yield main
    main.close()


def step(number: int) -> str:
    """The whole WBS number of Step ``number``."""
    return "1" + ".2" * number + ".1"


def test_deep_numbers_are_shortened_and_edited_whole(window: MainWindow, qtbot) -> None:
    model, tree = window.outline_model, window.outline_view.tree
    by_title = {row.title: task_id for task_id, row in model.tree.rows.items()}
    cell = model.index_of(by_title["Step 13"], OutlineColumn.PREDECESSORS)
    assert model.index_of(by_title["Step 13"], OutlineColumn.WBS).data() == "1.2.2.2.….2.2.2.1"
    assert model.index_of(by_title["Level 9"], OutlineColumn.WBS).data() == "1" + ".2" * 9
    assert cell.data() == "1.2.2.2.….2.2.2.1SS"  # Step 12, fourteen levels deep
    tree.setFocus()
    tree.setCurrentIndex(cell)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editors = tree.viewport().findChildren(QLineEdit)
    assert len(editors) == 1
    editor = editors[0]
    assert editor.text() == step(12) + "SS"
    editor.selectAll()
    qtbot.keyClicks(editor, step(11) + "FS+1d")  # Step 11 instead
    stack = window.session.undo.stack
    before = stack.count()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stack.count() == before + 1)
    cell = model.index_of(by_title["Step 13"], OutlineColumn.PREDECESSORS)
    assert cell.data() == "1.2.2.2.….2.2.2.1FS+1d"
    assert cell.data(Qt.ItemDataRole.EditRole) == step(11) + "FS+1d"
