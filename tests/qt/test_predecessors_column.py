"""The outline's Predecessors column: shows links as text, edits them as one undoable command."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from ipmp_desktop.core.commands import AddDependency
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Dependency, Task
from ipmp_desktop.core.services.queries import most_recent_project
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.models.task_outline_model import OutlineColumn, TaskOutlineModel
from ipmp_desktop.qt.undo import UndoController
from tests.support import dump


@dataclass
class Outline:
    workspace: Workspace
    controller: UndoController
    model: TaskOutlineModel
    refusals: list[str]

    def cell(self, title: str):
        task_id = next(t for t, row in self.model.tree.rows.items() if row.title == title)
        return self.model.index_of(task_id, OutlineColumn.PREDECESSORS)

    def task(self, title: str) -> int:
        return self.model.task_id(self.cell(title))

    def links(self) -> set[tuple[int, int, str, int]]:
        with self.workspace.reading() as session:
            rows = session.execute(
                select(
                    Dependency.predecessor_id,
                    Dependency.successor_id,
                    Dependency.type,
                    Dependency.lag_days,
                )
            )
            return {tuple(row) for row in rows}


@pytest.fixture
def outline(qtbot, workspace_path: Path) -> Iterator[Outline]:
    """The outline model alone on the conftest plan: 1 Phase 1 (1.1 Design, 1.2 Build), 2 Launch."""
    workspace = Workspace.open(workspace_path)
    bus = ChangeBus()
    controller = UndoController(workspace, bus)
    model = TaskOutlineModel(workspace, controller.push)
    bus.changed.connect(model.apply_changes)
    refusals: list[str] = []
    controller.refused.connect(refusals.append)
    model.refused.connect(refusals.append)
    with workspace.reading() as session:
        model.set_project(most_recent_project(session))
    yield Outline(workspace, controller, model, refusals)
    controller.stack.clear()
    workspace.close()


def test_column_follows_percent_and_shows_links(outline: Outline, qtmodeltester):
    model = outline.model
    assert OutlineColumn.PREDECESSORS == OutlineColumn.PERCENT + 1
    assert model.columnCount() == len(OutlineColumn)
    header = model.headerData(OutlineColumn.PREDECESSORS, Qt.Orientation.Horizontal)
    assert header == "Predecessors"
    assert outline.cell("Build").data() == ""
    link = AddDependency(
        predecessor_id=outline.task("Design"), successor_id=outline.task("Build"), type="SS"
    )
    assert outline.controller.push(link)  # refreshed from Changes.dependencies
    assert outline.cell("Build").data() == "1.1SS"
    assert outline.cell("Build").data(Qt.ItemDataRole.EditRole) == "1.1SS"
    qtmodeltester.check(model, force_py=True)


def test_edit_writes_links_and_undo_redo_restore_them(outline: Outline):
    model, stack = outline.model, outline.controller.stack
    launch, design, build = (outline.task(t) for t in ("Launch", "Design", "Build"))
    cell = outline.cell("Launch")
    assert model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(cell, " 1.2fs+2d , 1.1 ")
    assert outline.links() == {(build, launch, "FS", 2), (design, launch, "FS", 0)}
    assert cell.data() == "1.2FS+2d;1.1"
    assert stack.count() == 1
    with outline.workspace.reading() as session:  # rescheduled: two working days after Build
        assert session.get(Task, launch).start == date(2026, 1, 8)
    assert model.index_of(launch, OutlineColumn.START).data() == "2026-01-08"
    assert not model.setData(cell, "1.1;1.2FS+2d")  # the same links: no undo step
    assert stack.count() == 1
    stack.undo()
    assert outline.links() == set()
    assert cell.data() == ""
    stack.redo()
    assert outline.links() == {(build, launch, "FS", 2), (design, launch, "FS", 0)}
    assert cell.data() == "1.2FS+2d;1.1"
    assert model.setData(cell, "")  # clearing the text removes the links
    assert outline.links() == set()


def test_summary_predecessors_are_editable(outline: Outline):
    model = outline.model
    phase = outline.cell("Phase 1")
    assert model.flags(phase) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(phase, "2")
    assert outline.links() == {(outline.task("Launch"), outline.task("Phase 1"), "FS", 0)}
    assert phase.data() == "2"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("9", "no task 9"),
        ("2XY", "XY is not a link type"),
        ("2FS+soon", "lag"),
        ("2;2SS", "already listed"),
        ("1.1", "cannot depend on itself"),  # refused by the command, not the parser
        ("1", "in one branch of the outline"),
    ],
)
def test_bad_text_writes_nothing_and_says_why(outline: Outline, text: str, reason: str):
    model = outline.model
    cell = outline.cell("Design")
    before = dump(outline.workspace)
    assert not model.setData(cell, text)
    assert dump(outline.workspace) == before
    assert outline.controller.stack.count() == 0
    assert len(outline.refusals) == 1 and reason in outline.refusals[0]
    assert cell.data() == ""


def test_a_cycle_is_refused_with_nothing_written(outline: Outline):
    model = outline.model
    assert model.setData(outline.cell("Build"), "1.1")
    before = dump(outline.workspace)
    assert not model.setData(outline.cell("Design"), "1.2")
    assert dump(outline.workspace) == before
    assert outline.refusals and "would close a cycle" in outline.refusals[-1]
    assert outline.cell("Design").data() == ""
    assert outline.controller.stack.count() == 1
