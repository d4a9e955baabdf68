"""The Roadmap tab's views worked by the user in the main window: the ideas inbox's buttons
clicked and their dialogs answered by typing, the Now · Next · Later board moved with Ctrl+arrows
(not taken by a window shortcut), the prioritisation table typed into and sorted by a header
click, the scoring model chosen with the keys, a matrix dot dragged; each change undone and redone
with the window's Undo and Redo.
"""

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ipmp_desktop.core.commands import (
    AddTheme,
    CaptureIdea,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.views.main_window import MainWindow
from ipmp_desktop.qt.views.roadmap.ideas_view import IdeaColumn
from ipmp_desktop.qt.views.roadmap.priority_table import PriorityColumn as C
from tests.qt.user_input import answering, press_escape

ROADMAP_TAB = 2
SCORES = {  # RICE: Search 250, Checkout 240
    "Checkout": dict(reach=300, impact=2.0, confidence=40, effort=1.0, value=4),
    "Search": dict(reach=1000, impact=1.0, confidence=50, effort=2.0, value=2),
}


@pytest.fixture
def main(qtbot, settings, tmp_path) -> Iterator[MainWindow]:
    """Product "Shop": themes Growth and Speed; Checkout (now) and Search (next) in Growth,
    both scored; the idea "Dark mode" in the inbox. The window on the Roadmap tab."""
    path = tmp_path / "roadmap.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="Shop work", start=date(2026, 3, 2))
        apply(workspace, project)
        product = CreateProduct(name="Shop")
        apply(workspace, product)
        themes = []
        for name in ("Growth", "Speed"):
            theme = AddTheme(product_id=product.product_id, name=name)
            apply(workspace, theme)
            themes.append(theme.theme_id)
        for title, horizon in (("Checkout", "now"), ("Search", "next")):
            item = CreateRoadmapItem(
                project_id=project.project_id, theme_id=themes[0], title=title, horizon=horizon
            )
            apply(workspace, item)
            apply(workspace, UpdateTask(task_id=item.task_id, **SCORES[title]))
        apply(
            workspace,
            CaptureIdea(product_id=product.product_id, title="Dark mode", source="Forum"),
        )
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_location(str(path))
    window.resize(1400, 850)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.show_tab(ROADMAP_TAB)
    yield window
    window.close()


def show_view(main: MainWindow, index: int) -> None:
    """Click the roadmap view switcher's tab ``index``."""
    bar = main.roadmap_view.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def type_keys(text: str) -> None:
    """Type ``text`` key by key into whatever has the focus (the first key of a table cell
    opens its editor, which takes the rest)."""
    for char in text:
        QTest.keyClicks(QApplication.focusWidget(), char)


def undo_redo(main: MainWindow, check_done: Callable[[], bool]) -> None:
    """The change is there, gone after Edit > Undo, and back after Edit > Redo."""
    assert check_done()
    main.act_undo.trigger()
    assert not check_done()
    main.act_redo.trigger()
    assert check_done()


def item(main: MainWindow, title: str):
    return next(i for i in main.roadmap_view.data.items if i.title == title)


# -- the ideas inbox --


def idea_titles(main: MainWindow) -> list[str]:
    return [idea.title for idea in main.roadmap_view.ideas.model.ideas]


def click(button: QWidget) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def select_idea(main: MainWindow, title: str) -> None:
    """Click the idea's row in the list."""
    ideas = main.roadmap_view.ideas
    row = ideas.model.row_of(next(i.id for i in ideas.model.ideas if i.title == title))
    rect = ideas.table.visualRect(ideas.model.index(row, IdeaColumn.TITLE))
    QTest.mouseClick(ideas.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_capture_an_idea_by_typing_every_field(main):
    show_view(main, 4)
    ideas = main.roadmap_view.ideas

    def answer(dialog: QWidget) -> None:
        for text in ("Saved carts", "Keep the cart a week", "Interview", "ACME"):
            QTest.keyClicks(dialog.focusWidget(), text)
            QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # on OK, after the fields

    with answering(answer):
        click(ideas.buttons["capture"])
    saved = next(i for i in ideas.model.ideas if i.title == "Saved carts")
    assert (saved.description, saved.source, saved.customer) == (
        "Keep the cart a week",
        "Interview",
        "ACME",
    )
    assert ideas.selected_id() == saved.id
    undo_redo(main, lambda: "Saved carts" in idea_titles(main))


def test_capture_with_a_blank_title_cannot_be_accepted(main):
    show_view(main, 4)

    def answer(dialog: QWidget) -> None:
        QTest.keyClicks(dialog.focusWidget(), "  ")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # OK is off: nothing happens
        assert dialog.isVisible()
        press_escape(dialog)

    with answering(answer):
        click(main.roadmap_view.ideas.buttons["capture"])
    assert idea_titles(main) == ["Dark mode"]
    assert main.session.undo.stack.count() == 0


def test_edit_an_idea_from_a_double_click(main):
    show_view(main, 4)
    ideas = main.roadmap_view.ideas
    select_idea(main, "Dark mode")
    row = ideas.table.visualRect(ideas.model.index(0, IdeaColumn.TITLE)).center()

    def retitle(dialog: QWidget) -> None:
        field = dialog.focusWidget()
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(field, "Dark theme")
        QTest.keyClick(field, Qt.Key.Key_Return)

    with answering(retitle):
        QTest.mouseDClick(ideas.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert idea_titles(main) == ["Dark theme"]
    undo_redo(main, lambda: idea_titles(main) == ["Dark theme"])


def test_edit_button_and_delete_button(main):
    show_view(main, 4)
    ideas = main.roadmap_view.ideas
    select_idea(main, "Dark mode")

    def add_customer(dialog: QWidget) -> None:
        for _ in range(3):  # title, description, source: on to the customer
            QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        QTest.keyClicks(dialog.focusWidget(), "Bo")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    with answering(add_customer):
        click(ideas.buttons["edit"])
    assert ideas.model.ideas[0].customer == "Bo"
    click(ideas.buttons["delete"])
    assert idea_titles(main) == []
    undo_redo(main, lambda: idea_titles(main) == [])


def test_promote_an_idea_choosing_the_theme_by_keys(main):
    show_view(main, 4)
    ideas = main.roadmap_view.ideas
    select_idea(main, "Dark mode")

    def speed_theme(dialog: QWidget) -> None:
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # project, then theme
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)  # Growth -> Speed
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    with answering(speed_theme):
        click(ideas.buttons["promote"])
    promoted = item(main, "Dark mode")
    speed = next(t.id for t in main.roadmap_view.data.themes if t.name == "Speed")
    assert (promoted.theme_id, promoted.horizon) == (speed, "later")
    assert not ideas.buttons["promote"].isEnabled()
    undo_redo(main, lambda: any(i.title == "Dark mode" for i in main.roadmap_view.data.items))


def menu_bar_keys(main: MainWindow) -> set[str]:
    """The Alt letters of the menu bar's menus."""
    keys = set()
    for action in main.menuBar().actions():
        text = action.text()
        at = text.find("&")
        if at >= 0:
            keys.add(text[at + 1].lower())
    return keys


@pytest.mark.parametrize(
    ("key", "name"), [(Qt.Key.Key_R, "capture"), (Qt.Key.Key_O, "promote"), (Qt.Key.Key_I, "edit")]
)
def test_the_ideas_buttons_alt_keys_press_the_buttons(main, qtbot, key, name):
    """Each button's Alt key presses it: the menu bar's menus must not share the letter (Alt+C
    and Alt+P, shared with the Card and Project menus, only moved the focus to the button)."""
    show_view(main, 4)
    ideas = main.roadmap_view.ideas
    select_idea(main, "Dark mode")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ideas.table)
    titles = {"capture": "Capture Idea", "promote": "Promote", "edit": "Edit Idea"}
    with answering(press_escape) as seen:
        QTest.keyClick(ideas.table, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: bool(seen))  # a button's Alt key clicks it a moment later
    assert seen[0].windowTitle().startswith(titles[name])


def test_no_ideas_button_shares_an_alt_key_with_the_menu_bar(main):
    taken = menu_bar_keys(main)
    assert {"f", "e", "p", "v", "c", "t", "h"} <= taken  # read as the user sees them
    for button in main.roadmap_view.ideas.buttons.values():
        text = button.text()
        assert text[text.index("&") + 1].lower() not in taken, text


def test_alt_d_deletes_the_selected_idea(main, qtbot):
    show_view(main, 4)
    ideas = main.roadmap_view.ideas
    select_idea(main, "Dark mode")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ideas.table)
    QTest.keyClick(ideas.table, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: idea_titles(main) == [])
    undo_redo(main, lambda: idea_titles(main) == [])


# -- the Now · Next · Later board --


def test_ctrl_arrows_on_the_board_move_items_in_the_window(main, qtbot):
    show_view(main, 1)
    board = main.roadmap_view.horizons
    search = item(main, "Search").id
    board.select_ids([search], focus=True)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is board.cell_of(search))
    QTest.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier
    )
    assert item(main, "Search").horizon == "later"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    speed = next(t.id for t in main.roadmap_view.data.themes if t.name == "Speed")
    assert item(main, "Search").theme_id == speed
    main.act_undo.trigger()
    main.act_undo.trigger()
    assert (item(main, "Search").horizon, board.cell_of(search) is not None) == ("next", True)
    main.act_redo.trigger()
    assert item(main, "Search").horizon == "later"


def test_enter_on_a_board_card_opens_its_editor(main, qtbot):
    show_view(main, 1)
    board = main.roadmap_view.horizons
    checkout = item(main, "Checkout").id
    board.select_ids([checkout], focus=True)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is board.cell_of(checkout))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(main, "card_editor", None) is not None)
    assert main.card_editor.isVisible()
    assert main.card_editor.task_id == checkout
    main.card_editor.close()


# -- the prioritisation table --


def test_typing_over_a_score_input_rescores_and_reranks(main, qtbot):
    show_view(main, 2)
    view = main.roadmap_view.priorities
    cell = view.index_of(item(main, "Search").id, C.REACH)
    view.table.setFocus()
    QTest.mouseClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(cell).center()
    )
    type_keys("10")  # the first key starts the editor with what is typed
    editor = QApplication.focusWidget()
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: item(main, "Search").reach == 10)
    assert view.index_of(item(main, "Search").id, C.RANK).data() == "2"
    undo_redo(main, lambda: item(main, "Search").reach == 10)


def test_a_typed_word_in_a_number_cell_is_refused_in_one_sentence(main, qtbot):
    show_view(main, 2)
    view = main.roadmap_view.priorities
    cell = view.index_of(item(main, "Search").id, C.REACH)
    QTest.mouseClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(cell).center()
    )
    type_keys("many")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(main.statusBar().currentMessage()))
    assert main.statusBar().currentMessage() == (
        "The reach must be a number (a whole one), not “many”."
    )
    assert item(main, "Search").reach == 1000
    assert main.session.undo.stack.count() == 0


def test_a_typed_rank_override_moves_the_item_to_the_top(main, qtbot):
    show_view(main, 2)
    view = main.roadmap_view.priorities
    cell = view.index_of(item(main, "Checkout").id, C.RANK_OVERRIDE)
    QTest.mouseClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(cell).center()
    )
    QTest.keyClick(view.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    QTest.keyClicks(editor, "1")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.shown_ids()[0] == item(main, "Checkout").id)
    undo_redo(main, lambda: view.shown_ids()[0] == item(main, "Checkout").id)


def test_a_header_click_sorts_and_a_second_click_reverses(main):
    show_view(main, 2)
    view = main.roadmap_view.priorities
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(C.ITEM) + header.sectionSize(C.ITEM) // 2
    titles = lambda: [  # noqa: E731
        next(i.title for i in main.roadmap_view.data.items if i.id == task_id)
        for task_id in view.shown_ids()
    ]
    assert titles() == ["Search", "Checkout"]  # by rank
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = titles()
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert sorted([first, titles()]) == [["Checkout", "Search"], ["Search", "Checkout"]]
    assert header.sortIndicatorSection() == C.ITEM


def test_the_scoring_model_chosen_by_keys(main):
    show_view(main, 2)
    view = main.roadmap_view.priorities
    view.model_box.setFocus()
    QTest.keyClick(view.model_box, Qt.Key.Key_Down)  # RICE -> Value ÷ Effort
    assert main.roadmap_view.data.product.scoring_model == "value_effort"
    assert not view.table.isColumnHidden(C.VALUE) and view.table.isColumnHidden(C.REACH)
    undo_redo(main, lambda: main.roadmap_view.data.product.scoring_model == "value_effort")
    assert view.model_box.currentText() == "Value ÷ Effort"


# -- the value-vs-effort matrix --


def mouse(widget: QWidget, kind: QEvent.Type, point: QPointF) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.LeftButton
    )
    event = QMouseEvent(
        kind,
        QPointF(point),
        QPointF(widget.mapToGlobal(point.toPoint())),
        button,
        held,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def test_a_matrix_dot_dragged_rescores_and_undoes_in_the_window(main):
    show_view(main, 3)
    canvas = main.roadmap_view.matrix.canvas
    search = item(main, "Search")
    start = canvas.to_point(search.effort, search.value)
    end = canvas.to_point(1.5, 8)
    mouse(canvas, QEvent.Type.MouseButtonPress, start)
    for step in range(1, 6):
        mouse(canvas, QEvent.Type.MouseMove, start + (end - start) * (step / 5))
    mouse(canvas, QEvent.Type.MouseButtonRelease, end)
    assert (item(main, "Search").value, item(main, "Search").effort) == (8, 1.5)
    undo_redo(main, lambda: item(main, "Search").value == 8)


def test_a_typed_target_date_is_kept(main, qtbot):
    show_view(main, 2)
    view = main.roadmap_view.priorities
    cell = view.index_of(item(main, "Checkout").id, C.TARGET)
    QTest.mouseClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(cell).center()
    )
    type_keys("2026-01-12")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: item(main, "Checkout").target_date == date(2026, 1, 12))
    undo_redo(main, lambda: item(main, "Checkout").target_date == date(2026, 1, 12))
