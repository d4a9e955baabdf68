"""The Roadmap tab in the main window: the same task rows as the board and the Gantt, and the
product and view it showed kept per workspace across restarts."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ipmp_desktop.core.commands import (
    AddTheme,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    DeleteProduct,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.views.main_window import MainWindow
from tests.qt.user_input import answering, click_toolbar_button, type_and_enter


@pytest.fixture
def main(qtbot, settings, tmp_path):
    path = tmp_path / "roadmap.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="App work", start=date(2026, 3, 2))
        apply(workspace, project)
        product = CreateProduct(name="App", vision="Checkout in one minute")
        apply(workspace, product)
        theme = AddTheme(product_id=product.product_id, name="Growth")
        apply(workspace, theme)
        apply(
            workspace,
            CreateRoadmapItem(
                project_id=project.project_id,
                theme_id=theme.theme_id,
                title="Dark mode",
                horizon="next",
            ),
        )
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(path))
    window.resize(1300, 800)
    window.show()
    yield window
    window.close()


def item(main):
    return next(i for i in main.roadmap_view.data.items if i.title == "Dark mode")


def test_a_card_moved_to_done_on_the_board_shows_done_on_the_roadmap(main):
    roadmap = main.roadmap_view
    assert main.tabs.tabText(2) == "Roadmap"
    assert roadmap.product_box.currentText() == "App"
    assert "Checkout in one minute" in roadmap.vision.text()
    assert item(main).percent == 0
    board = main.board_view
    done = next(c.id for c in board.store.data.columns if c.name == "Done")
    assert board.handle_drop([item(main).id], done, "", 0)  # the item is a card on the board
    main.show_tab(2)
    assert item(main).percent == 100  # the same row, seen by the roadmap
    assert roadmap.timeline.chart.item_of(item(main).id).percent == 100
    main.undo()
    assert item(main).percent == 0


def test_product_theme_release_and_item_from_the_toolbar(main):
    main.show_tab(2)
    roadmap = main.roadmap_view

    def click(name: str, answer) -> None:
        with answering(answer):
            click_toolbar_button(roadmap.toolbar, roadmap.actions_by_name[name])

    click("new_product", type_and_enter("Second product"))
    assert roadmap.product_box.currentText() == "Second product"
    click("add_theme", type_and_enter("Retention"))

    def release(dialog) -> None:
        QTest.keyClicks(dialog.focusWidget(), "1.0")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(dialog.focusWidget(), "2026-06-30")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    click("add_release", release)
    click("add_item", type_and_enter("Referral bonus"))
    assert [t.name for t in roadmap.data.themes] == ["Retention"]
    assert [(r.name, r.day) for r in roadmap.data.releases] == [("1.0", date(2026, 6, 30))]
    assert [i.title for i in roadmap.data.items] == ["Referral bonus"]
    assert roadmap.data.items[0].horizon == "later"
    main.act_undo.trigger()
    assert roadmap.data.items == []


def restarted(qtbot, tmp_path, location: str) -> MainWindow:
    """A new main window on the settings file of the ``settings`` fixture, showing ``location``."""
    window = MainWindow(AppSettings.at(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    assert window.open_location(location)
    window.show()
    return window


def test_the_product_and_view_shown_come_back_after_a_restart(main, qtbot, tmp_path):
    location = main.session.location
    roadmap = main.roadmap_view
    assert roadmap.view_name() == "timeline"
    second = roadmap.new_product_dialog(name="Second product")
    roadmap.show_view("ideas")
    main.close()

    again = restarted(qtbot, tmp_path, location)
    roadmap = again.roadmap_view
    assert (roadmap.product_id(), roadmap.product_box.currentText()) == (second, "Second product")
    assert roadmap.data.product.id == second
    assert roadmap.view_name() == "ideas" and roadmap.tabs.currentWidget() is roadmap.ideas
    roadmap.product_box.setFocus()
    QTest.keyClick(roadmap.product_box, Qt.Key.Key_Up)  # the user's pick: "App", above
    assert roadmap.product_box.currentText() == "App"
    roadmap.show_view("priorities")
    again.close()

    third = restarted(qtbot, tmp_path, location)
    assert third.roadmap_view.product_box.currentText() == "App"
    assert third.roadmap_view.view_name() == "priorities"
    third.close()


def test_a_remembered_product_that_is_gone_falls_back_quietly(main, qtbot, tmp_path):
    location = main.session.location
    second = main.roadmap_view.new_product_dialog(name="Second product")
    main.roadmap_view.show_view("matrix")
    main.close()
    with Workspace.open(location) as workspace:
        apply(workspace, DeleteProduct(product_id=second))

    again = restarted(qtbot, tmp_path, location)
    refusals: list[str] = []
    again.roadmap_view.notice.connect(refusals.append)
    roadmap = again.roadmap_view
    assert roadmap.product_box.currentText() == "App" and roadmap.data.product.name == "App"
    assert roadmap.view_name() == "matrix"
    assert refusals == []
    other = tmp_path / "other.ipmp"  # another workspace does not take this one's choices
    Workspace.create(other).close()
    assert again.open_location(str(other))
    assert again.roadmap_view.view_name() == "timeline"
    assert again.roadmap_view.product_id() is None
    again.close()
