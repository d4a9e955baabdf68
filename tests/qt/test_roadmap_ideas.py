"""The ideas inbox: capture, edit, promote to a roadmap item (horizon later) and delete, each
one undoable step; the dialogs are answered without a modal exec."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ipmp_desktop.core.commands import (
    AddTheme,
    CaptureIdea,
    CreateProduct,
    CreateProject,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Task
from ipmp_desktop.core.services.queries import most_recent_project
from ipmp_desktop.core.services.roadmap import load_roadmap
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.roadmap.ideas_view import (
    IdeaColumn,
    IdeaDialog,
    IdeasView,
    PromoteDialog,
)


@dataclass
class Inbox:
    workspace: Workspace
    controller: UndoController
    view: IdeasView
    product_id: int
    project_id: int
    themes: list[int]
    notices: list[str] = field(default_factory=list)

    def reload(self) -> None:
        with self.workspace.reading() as session:
            self.view.set_data(load_roadmap(session, self.product_id))

    def rows(self, column: int = IdeaColumn.TITLE) -> list[str]:
        model = self.view.model
        return [model.index(row, column).data() for row in range(model.rowCount())]

    def idea_id(self, title: str) -> int:
        return next(idea.id for idea in self.view.model.ideas if idea.title == title)

    def select(self, title: str) -> None:
        self.view.table.selectRow(self.view.model.row_of(self.idea_id(title)))


@pytest.fixture
def inbox(qtbot, workspace_path: Path) -> Iterator[Inbox]:
    """The product "Shop" with themes Growth and Speed and one idea, no items yet."""
    workspace = Workspace.open(workspace_path)
    with workspace.reading() as session:
        project_id = most_recent_project(session)
    product = CreateProduct(name="Shop")
    apply(workspace, product)
    themes = []
    for name in ("Growth", "Speed"):
        theme = AddTheme(product_id=product.product_id, name=name)
        apply(workspace, theme)
        themes.append(theme.theme_id)
    apply(
        workspace,
        CaptureIdea(product_id=product.product_id, title="Dark mode", source="Forum"),
    )
    bus = ChangeBus()
    controller = UndoController(workspace, bus)
    view = IdeasView(controller.push, workspace=workspace)
    qtbot.addWidget(view)
    state = Inbox(workspace, controller, view, product.product_id, project_id, themes)
    bus.changed.connect(lambda _changes: state.reload())
    controller.refused.connect(state.notices.append)
    view.notice.connect(state.notices.append)
    state.reload()
    yield state
    controller.stack.clear()
    workspace.close()


def test_capture_an_idea_through_the_form_and_undo_it(inbox: Inbox, monkeypatch, qtmodeltester):
    view = inbox.view
    answer = {"title": "Saved carts", "description": "Keep the cart for a week.",
              "source": "Interview", "customer": "ACME"}  # fmt: skip
    monkeypatch.setattr(view, "ask_idea", lambda idea=None: answer)
    assert view.buttons["capture"].isEnabled() and not view.buttons["promote"].isEnabled()
    view.buttons["capture"].click()
    assert inbox.rows() == ["Saved carts", "Dark mode"]  # newest first
    assert inbox.rows(IdeaColumn.SOURCE) == ["Interview", "Forum"]
    assert inbox.rows(IdeaColumn.CUSTOMER) == ["ACME", ""]
    assert inbox.rows(IdeaColumn.CAPTURED)[0] == date.today().isoformat()
    assert view.selected_id() == inbox.idea_id("Saved carts")  # the new idea is selected
    tip = view.model.index(0, IdeaColumn.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Saved carts\n\nKeep the cart for a week."
    qtmodeltester.check(view.model, force_py=True)
    inbox.controller.stack.undo()
    assert inbox.rows() == ["Dark mode"]
    monkeypatch.setattr(view, "ask_idea", lambda idea=None: None)  # cancelled: nothing
    assert not view.capture_dialog()
    assert inbox.controller.stack.count() == 1


def test_the_idea_form_needs_a_title(qtbot):
    dialog = IdeaDialog(sources=["Forum", "Forum", "Interview"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.title_edit.setText("   ")
    assert not ok.isEnabled()
    dialog.title_edit.setText("Gift cards")
    dialog.source_edit.setText("Sales call")
    dialog.description_edit.setPlainText("Twice asked for.")
    assert ok.isEnabled()
    assert dialog.values() == {
        "title": "Gift cards",
        "description": "Twice asked for.",
        "source": "Sales call",
        "customer": "",
    }
    assert dialog.source_edit.completer().model().rowCount() == 2


def test_edit_an_idea(inbox: Inbox, monkeypatch):
    view = inbox.view
    inbox.select("Dark mode")
    seen = []

    def ask(idea=None):
        seen.append(idea.title)
        return {"title": "Dark theme", "description": "", "source": "Forum", "customer": "Bo"}

    monkeypatch.setattr(view, "ask_idea", ask)
    assert view.buttons["edit"].isEnabled()
    view.buttons["edit"].click()
    assert seen == ["Dark mode"]
    assert inbox.rows() == ["Dark theme"] and inbox.rows(IdeaColumn.CUSTOMER) == ["Bo"]
    assert view.selected_id() == inbox.idea_id("Dark theme")
    assert not view.edit(inbox.idea_id("Dark theme"), title="Dark theme")  # unchanged
    inbox.controller.stack.undo()
    assert inbox.rows() == ["Dark mode"]


def test_promote_makes_an_item_in_the_later_horizon_and_undo_removes_it(inbox: Inbox, monkeypatch):
    view, stack = inbox.view, inbox.controller.stack
    inbox.select("Dark mode")
    assert view.buttons["promote"].isEnabled()
    asked = []

    def ask(idea):
        asked.append(idea.title)
        return (inbox.project_id, inbox.themes[1])

    monkeypatch.setattr(view, "ask_promote_target", ask)
    view.buttons["promote"].click()
    assert asked == ["Dark mode"] and stack.count() == 1
    item = view.data.items[0]
    assert (item.title, item.kind, item.horizon) == ("Dark mode", "feature", "later")
    assert (item.theme_id, item.project_id) == (inbox.themes[1], inbox.project_id)
    assert inbox.rows(IdeaColumn.PROMOTED) == ["→ Dark mode"]
    assert not view.buttons["promote"].isEnabled()  # promoted once only
    opened: list[int] = []
    view.open_item.connect(opened.append)
    view.table.doubleClicked.emit(view.model.index(0, IdeaColumn.TITLE))
    assert opened == [item.id]
    stack.undo()
    with inbox.workspace.reading() as session:
        assert session.get(Task, item.id) is None
    assert view.data.items == [] and inbox.rows(IdeaColumn.PROMOTED) == [""]
    assert view.buttons["promote"].isEnabled()
    stack.redo()
    assert view.data.items[0].id == item.id


def test_the_promote_dialog_offers_every_project_and_the_themes(inbox: Inbox, qtbot):
    apply(inbox.workspace, CreateProject(name="App", start=date(2026, 2, 2)))
    view = inbox.view
    projects = view.project_choices()
    assert [name for _, name in projects] == ["App", "Website"]
    dialog = PromoteDialog("Dark mode", projects, view.data.themes, inbox.project_id)
    qtbot.addWidget(dialog)
    assert dialog.project_box.currentText() == "Website"
    assert [dialog.theme_box.itemText(i) for i in range(2)] == ["Growth", "Speed"]
    dialog.theme_box.setCurrentIndex(1)
    assert dialog.choice() == (inbox.project_id, inbox.themes[1])
    assert PromoteDialog("x", [], view.data.themes).choice() is None


def test_promote_without_a_theme_says_why(inbox: Inbox, qtbot):
    bare = CreateProduct(name="Bare")
    apply(inbox.workspace, bare)
    apply(inbox.workspace, CaptureIdea(product_id=bare.product_id, title="Widgets"))
    view = IdeasView(inbox.controller.push)  # without a workspace: the items' projects only
    qtbot.addWidget(view)
    view.notice.connect(inbox.notices.append)
    with inbox.workspace.reading() as session:
        view.set_data(load_roadmap(session, bare.product_id))
    view.table.selectRow(0)
    assert not view.promote_dialog()
    assert inbox.notices == ["Add a theme first: a promoted idea becomes an item in a theme."]
    apply(inbox.workspace, AddTheme(product_id=bare.product_id, name="Core"))
    with inbox.workspace.reading() as session:
        view.set_data(load_roadmap(session, bare.product_id))
    assert view.project_choices() == [] and not view.promote_dialog()
    assert "Create a project first" in inbox.notices[-1]


def test_delete_an_idea_and_undo(inbox: Inbox):
    view = inbox.view
    assert not view.buttons["delete"].isEnabled()
    inbox.select("Dark mode")
    view.buttons["delete"].click()
    assert inbox.rows() == [] and not view.buttons["delete"].isEnabled()
    inbox.controller.stack.undo()
    assert inbox.rows() == ["Dark mode"]
    assert view.selected_id() is None
    view.set_data(None)
    assert view.model.rowCount() == 0 and not view.buttons["capture"].isEnabled()
