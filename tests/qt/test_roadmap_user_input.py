"""The Roadmap tab's toolbar as the user works it, in the main window: each action triggered as
the toolbar does, its dialog answered by typing, each change undone and redone with the window's
Undo and Redo; the product and zoom boxes and the view switcher picked with keys and the mouse.
"""

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from ipmp_desktop.core.commands import (
    AddTheme,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.layout.timescale import Zoom
from ipmp_desktop.qt.views import refusal_bubble
from ipmp_desktop.qt.views.main_window import MainWindow
from tests.qt.user_input import answering, click_toolbar_button, press_escape, type_and_enter

ROADMAP_TAB = 2


@pytest.fixture
def main(qtbot, settings, tmp_path) -> Iterator[MainWindow]:
    """Project "App work"; product "App" (theme Growth, item Dark mode) and product "Bare"
    (nothing in it); the main window on the Roadmap tab showing "App"."""
    path = tmp_path / "roadmap.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="App work", start=date(2026, 3, 2))
        apply(workspace, project)
        product = CreateProduct(name="App", vision="Checkout in one minute")
        apply(workspace, product)
        theme = AddTheme(product_id=product.product_id, name="Growth")
        apply(workspace, theme)
        item = CreateRoadmapItem(
            project_id=project.project_id,
            theme_id=theme.theme_id,
            title="Dark mode",
            horizon="next",
        )
        apply(workspace, item)
        apply(workspace, CreateProduct(name="Bare"))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(path))
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    window.show_tab(ROADMAP_TAB)
    roadmap = window.roadmap_view
    roadmap.product_box.setCurrentIndex(roadmap.product_box.findText("App"))
    roadmap.reload()
    yield window
    window.close()


def trigger(main: MainWindow, name: str) -> None:
    """Press the roadmap toolbar's button for the action ``name`` with the mouse."""
    roadmap = main.roadmap_view
    click_toolbar_button(roadmap.toolbar, roadmap.actions_by_name[name])


def typing(*steps: str | Qt.Key) -> Callable[[QWidget], None]:
    """An answer that types each text, or presses each key, into whatever field has the focus
    (Tab moves on, as it does for the user)."""

    def answer(dialog: QWidget) -> None:
        for step in steps:
            field = dialog.focusWidget() or dialog
            if isinstance(step, str):
                QTest.keyClicks(field, step)
            else:
                QTest.keyClick(field, step)

    return answer


def undo_redo(main: MainWindow, check_done: Callable[[], bool]) -> None:
    """The change is there, gone after Edit > Undo, and back after Edit > Redo."""
    assert check_done()
    main.act_undo.trigger()
    assert not check_done()
    main.act_redo.trigger()
    assert check_done()


def product_names(main: MainWindow) -> list[str]:
    box = main.roadmap_view.product_box
    return [box.itemText(i) for i in range(box.count())]


def test_new_product_from_the_toolbar_by_typing(main):
    roadmap = main.roadmap_view
    with answering(typing("Mobile", Qt.Key.Key_Tab, "Pay by phone", Qt.Key.Key_Tab,
                          Qt.Key.Key_Return)):  # fmt: skip
        trigger(main, "new_product")
    assert roadmap.product_box.currentText() == "Mobile"
    assert roadmap.data.product.vision == "Pay by phone"
    assert "Pay by phone" in roadmap.vision.text()
    undo_redo(main, lambda: "Mobile" in product_names(main))


def test_new_product_by_enter_in_the_name_field(main):
    with answering(type_and_enter("Tablet")):
        main.roadmap_view.actions_by_name["new_product"].trigger()
    assert main.roadmap_view.product_box.currentText() == "Tablet"


def test_product_and_vision_edits_both_by_typing(main):
    roadmap = main.roadmap_view
    select_all = Qt.KeyboardModifier.ControlModifier

    def retype(dialog: QWidget) -> None:
        name = dialog.focusWidget()
        QTest.keyClick(name, Qt.Key.Key_A, select_all)
        QTest.keyClicks(name, "Shop app")
        QTest.keyClick(name, Qt.Key.Key_Tab)
        vision = dialog.focusWidget()
        QTest.keyClick(vision, Qt.Key.Key_A, select_all)
        QTest.keyClicks(vision, "Pay in one tap")
        QTest.keyClick(vision, Qt.Key.Key_Tab)
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    with answering(retype):
        trigger(main, "edit_product")
    assert roadmap.product_box.currentText() == "Shop app"
    assert roadmap.data.product.vision == "Pay in one tap"
    assert "Pay in one tap" in roadmap.vision.text()
    undo_redo(main, lambda: roadmap.data.product.name == "Shop app")
    assert roadmap.product_box.currentText() == "Shop app"


def test_add_theme_from_the_toolbar_by_typing(main):
    roadmap = main.roadmap_view
    with answering(type_and_enter("Retention")):
        trigger(main, "add_theme")
    themes = lambda: [t.name for t in roadmap.data.themes]  # noqa: E731
    assert themes() == ["Growth", "Retention"]
    assert [lane.name for lane in roadmap.timeline.chart.lanes] == ["Growth", "Retention"]
    undo_redo(main, lambda: "Retention" in themes())


def release_answer(text: str, then: Callable[[QWidget], None] | None = None):
    """Type the name "1.0", Tab to the date, replace it with ``text``, press Enter; then
    ``then`` (the dialog still open)."""

    def answer(dialog: QWidget) -> None:
        QTest.keyClicks(dialog.focusWidget(), "1.0")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        when = dialog.focusWidget()
        QTest.keyClick(when, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(when, text)
        QTest.keyClick(when, Qt.Key.Key_Return)
        if then is not None:
            then(dialog)

    return answer


def test_add_release_with_a_typed_date(main):
    roadmap = main.roadmap_view
    with answering(release_answer("2026-06-30")):
        trigger(main, "add_release")
    releases = lambda: [(r.name, r.day) for r in roadmap.data.releases]  # noqa: E731
    assert releases() == [("1.0", date(2026, 6, 30))]
    assert [r.label for r in roadmap.timeline.chart.releases] == ["1.0"]
    undo_redo(main, lambda: bool(releases()))


def test_a_date_that_is_no_date_keeps_the_release_dialog_open_and_says_why(main):
    seen: list[tuple[bool, str, bool]] = []

    def look_then_cancel(dialog: QWidget) -> None:
        bubble = refusal_bubble.current()
        field = dialog.focusWidget()
        seen.append((dialog.isVisible(), bubble.text() if bubble else "", field.text()))
        press_escape(dialog)

    with answering(release_answer("next week", look_then_cancel)):
        trigger(main, "add_release")
    [(open_, sentence, kept)] = seen
    assert open_ and kept == "next week"  # the field keeps what was typed, to correct it
    assert "next week" in sentence and sentence.endswith(".")
    assert main.session.undo.stack.count() == 0
    assert main.roadmap_view.data.releases == []


def test_add_item_from_the_toolbar_by_typing(main):
    roadmap = main.roadmap_view
    with answering(type_and_enter("Referral bonus")):
        trigger(main, "add_item")
    titles = lambda: [i.title for i in roadmap.data.items]  # noqa: E731
    assert "Referral bonus" in titles()
    added = next(i for i in roadmap.data.items if i.title == "Referral bonus")
    assert (added.kind, added.horizon) == ("feature", "later")
    assert roadmap.horizons.cell_of(added.id) is not None  # on the board, Later
    undo_redo(main, lambda: "Referral bonus" in titles())


def test_add_item_kind_and_theme_chosen_by_keys(main):
    roadmap = main.roadmap_view
    with answering(type_and_enter("Retention")):
        trigger(main, "add_theme")
    with answering(
        typing(
            "Loyalty",
            Qt.Key.Key_Tab,
            Qt.Key.Key_Up,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Down,
            Qt.Key.Key_Return,
        )
    ):
        trigger(main, "add_item")
    added = next(i for i in roadmap.data.items if i.title == "Loyalty")
    theme = next(t.name for t in roadmap.data.themes if t.id == added.theme_id)
    assert (added.kind, theme) == ("epic", "Retention")


@pytest.mark.parametrize("name", ["new_product", "edit_product", "add_theme", "add_release",
                                  "add_item"])  # fmt: skip
def test_escape_in_each_dialog_writes_nothing(main, name):
    before = main.session.undo.stack.count()
    with answering(press_escape):
        trigger(main, name)
    assert main.session.undo.stack.count() == before
    assert not main.statusBar().currentMessage()


@pytest.mark.parametrize("name", ["new_product", "add_theme", "add_item"])
def test_a_blank_name_is_refused_in_one_sentence(main, name):
    """The dialog stays open with the reason beside the field, so nothing typed is lost."""
    before = main.session.undo.stack.count()
    seen: list[str] = []

    def blank_then_escape(dialog):
        field = dialog.focusWidget()
        QTest.keyClicks(field, "   ")
        QTest.keyClick(field, Qt.Key.Key_Return)
        assert dialog.isVisible()
        seen.append(refusal_bubble.current().text())
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)

    with answering(blank_then_escape):
        trigger(main, name)
    assert main.session.undo.stack.count() == before
    assert len(seen) == 1 and seen[0].endswith("cannot be empty.")


def test_the_product_actions_wait_for_a_product(main, qtbot, tmp_path):
    empty = tmp_path / "no-products.ipmp"  # a project (else the welcome page), no product
    with Workspace.create(empty) as workspace:
        apply(workspace, CreateProject(name="Work", start=date(2026, 3, 2)))
    assert main.open_location(str(empty))
    main.show_tab(ROADMAP_TAB)
    actions = main.roadmap_view.actions_by_name
    assert actions["new_product"].isEnabled()
    assert not any(actions[n].isEnabled() for n in ("edit_product", "add_theme", "add_release",
                                                    "add_item"))  # fmt: skip
    with answering(type_and_enter("First")):
        trigger(main, "new_product")
    assert all(action.isEnabled() for action in main.roadmap_view.actions_by_name.values())


def test_add_item_in_a_product_without_themes_says_why(main):
    roadmap = main.roadmap_view
    roadmap.product_box.setFocus()
    QTest.keyClick(roadmap.product_box, Qt.Key.Key_Down)  # "Bare", the next product
    assert roadmap.data.product.name == "Bare"
    trigger(main, "add_item")
    assert main.statusBar().currentMessage() == (
        "Add a theme first: every roadmap item sits in a theme."
    )
    assert main.session.undo.stack.count() == 0


def test_the_product_box_picked_by_keys_shows_that_product(main):
    roadmap = main.roadmap_view
    roadmap.product_box.setFocus()
    QTest.keyClick(roadmap.product_box, Qt.Key.Key_Down)
    assert roadmap.data.product.name == "Bare"
    assert roadmap.timeline.chart.lanes == [] or all(
        lane.theme_id is None for lane in roadmap.timeline.chart.lanes
    )
    QTest.keyClick(roadmap.product_box, Qt.Key.Key_Up)
    assert roadmap.data.product.name == "App"
    assert "Checkout in one minute" in roadmap.vision.text()


def test_the_zoom_box_picked_by_keys_zooms_the_timeline(main):
    roadmap = main.roadmap_view
    roadmap.zoom_box.setFocus()
    QTest.keyClick(roadmap.zoom_box, Qt.Key.Key_Down)
    assert roadmap.timeline.zoom == Zoom.QUARTER
    assert roadmap.timeline.chart.scale.zoom == Zoom.QUARTER
    QTest.keyClick(roadmap.zoom_box, Qt.Key.Key_Up)
    assert roadmap.timeline.zoom == Zoom.MONTH


def test_the_view_switcher_clicked_with_the_mouse(main):
    roadmap = main.roadmap_view
    bar = roadmap.tabs.tabBar()
    for index, name in enumerate(("timeline", "horizons", "priorities", "matrix", "ideas")):
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        assert roadmap.view_name() == name
        assert roadmap.tabs.currentWidget().isVisible()
