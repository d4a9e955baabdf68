"""The baselines manager: save, rename and delete push one undo step each and the list follows;
cancelled prompts and refused names change nothing."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Project
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.dialogs.baselines_dialog import BaselinesDialog


@dataclass
class Managing:
    """A shown dialog on the conftest project, with its undo stack and what was refused."""

    dialog: BaselinesDialog
    controller: UndoController
    refused: list[str]

    def shown(self) -> list[tuple[str, str]]:
        table = self.dialog.table
        return [(table.item(r, 0).text(), table.item(r, 2).text()) for r in range(table.rowCount())]

    @property
    def steps(self) -> int:
        return self.controller.stack.count()


@pytest.fixture
def managing(qtbot, workspace_path: Path) -> Iterator[Managing]:
    workspace = Workspace.open(workspace_path)
    with workspace.reading() as session:
        project_id = session.query(Project.id).scalar()
    controller = UndoController(workspace, ChangeBus())
    refused: list[str] = []
    controller.refused.connect(refused.append)
    dialog = BaselinesDialog(workspace, project_id, controller.push)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield Managing(dialog, controller, refused)
    dialog.close()
    controller.stack.clear()
    workspace.close()


def answer(monkeypatch, text: str, ok: bool = True) -> list[str]:
    """Make QInputDialog.getText return ``(text, ok)``; returns the prefilled texts it saw."""
    seen: list[str] = []

    def get_text(_parent, _title, _label, _echo, prefilled, *args, **kwargs):
        seen.append(prefilled)
        return text, ok

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return seen


def test_starts_empty_with_nothing_to_rename_or_delete(managing):
    dialog = managing.dialog
    assert managing.shown() == []
    assert "No baseline yet" in dialog.hint.text()
    assert not dialog.rename_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert dialog.save_button.isEnabled()


def test_save_names_lists_and_selects_the_new_baseline(managing, monkeypatch):
    dialog = managing.dialog
    answer(monkeypatch, "")
    assert dialog.save_current_plan()
    answer(monkeypatch, "Before launch")
    dialog.save_button.click()
    assert managing.shown() == [("Before launch", "4"), ("Baseline 1", "4")]
    assert managing.steps == 2
    assert dialog.selected_id() == dialog.rows[0].id
    assert dialog.rename_button.isEnabled() and dialog.delete_button.isEnabled()
    assert dialog.table.item(0, 1).text()[:2] == "20"  # a local date and time


def test_cancelled_prompts_push_nothing(managing, monkeypatch):
    dialog = managing.dialog
    answer(monkeypatch, "Ignored", ok=False)
    assert not dialog.save_current_plan()
    answer(monkeypatch, "")
    dialog.save_current_plan()
    answer(monkeypatch, "Ignored", ok=False)
    assert not dialog.rename_selected()
    dialog.confirm_delete = lambda _name: False
    assert not dialog.delete_selected()
    assert managing.steps == 1 and managing.shown() == [("Baseline 1", "4")]


def test_rename_prefills_and_refusals_are_reported(managing, monkeypatch):
    dialog = managing.dialog
    answer(monkeypatch, "Plan")
    dialog.save_current_plan()
    seen = answer(monkeypatch, "Plan of record")
    dialog.rename_button.click()
    assert seen == ["Plan"]
    assert managing.shown() == [("Plan of record", "4")]
    answer(monkeypatch, "   ")
    assert not dialog.rename_selected()
    assert managing.refused == ["The baseline name cannot be empty."]
    assert managing.shown() == [("Plan of record", "4")] and managing.steps == 2
    managing.controller.stack.undo()
    dialog.reload()
    assert managing.shown() == [("Plan", "4")]


def test_delete_asks_and_undo_brings_it_back(managing, monkeypatch):
    dialog = managing.dialog
    answer(monkeypatch, "Q1")
    dialog.save_current_plan()
    asked: list[str] = []
    dialog.confirm_delete = lambda name: asked.append(name) or True
    dialog.delete_button.click()
    assert asked == ["Q1"]
    assert managing.shown() == [] and not dialog.delete_button.isEnabled()
    managing.controller.stack.undo()
    dialog.reload()
    assert managing.shown() == [("Q1", "4")]
