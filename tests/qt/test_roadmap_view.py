"""The Roadmap tab in the main window: the same task rows as the board and the Gantt."""

from datetime import date

import pytest

from ipmp_desktop.core.commands import (
    AddTheme,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.views.main_window import MainWindow


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
    product = roadmap.new_product_dialog(name="Second product")
    assert roadmap.product_id() == product
    roadmap.add_theme_dialog(name="Retention")
    roadmap.add_release_dialog(name="1.0", day=date(2026, 6, 30))
    task_id = roadmap.add_item_dialog(title="Referral bonus", theme_id=roadmap.data.themes[0].id)
    assert task_id is not None
    assert [t.name for t in roadmap.data.themes] == ["Retention"]
    assert [r.name for r in roadmap.data.releases] == ["1.0"]
    assert [i.title for i in roadmap.data.items] == ["Referral bonus"]
    assert roadmap.data.items[0].horizon == "later"
    main.undo()
    assert roadmap.data.items == []
