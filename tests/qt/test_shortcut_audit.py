"""No two enabled actions answer the same key in overlapping places, and no two items of one
menu share a mnemonic: walks every action of the main window and of its tabs."""

import re
from itertools import combinations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

Context = Qt.ShortcutContext
_MNEMONIC = re.compile(r"&([^&\s])")


def _scopes(action: QAction, window: QWidget) -> list[tuple[QWidget, bool]]:
    """Where the action's shortcut can fire: (widget, with its children) pairs."""
    context = action.shortcutContext()
    if context in (Context.WindowShortcut, Context.ApplicationShortcut):
        return [(window, True)]
    places = []
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu | QMenuBar | QToolBar) or not isinstance(owner, QWidget):
            continue  # a menu or toolbar never holds the keyboard focus
        places.append((owner, context == Context.WidgetWithChildrenShortcut))
    return places


def _within(inner: QWidget, outer: QWidget) -> bool:
    return inner is outer or outer.isAncestorOf(inner)


def _overlap(a: tuple[QWidget, bool], b: tuple[QWidget, bool]) -> bool:
    (wa, children_a), (wb, children_b) = a, b
    if wa is wb:
        return True
    return (children_a and _within(wb, wa)) or (children_b and _within(wa, wb))


def _keyed_actions(window) -> list[tuple[QAction, list[str]]]:
    found = []
    for action in set(window.findChildren(QAction)):
        keys = [k.toString() for k in action.shortcuts() if not k.isEmpty()]
        if keys and action.isEnabled():
            found.append((action, keys))
    return found


def shortcut_clashes(window) -> list[str]:
    """Pairs of enabled actions with a common key whose scopes overlap."""
    clashes = []
    for (a, keys_a), (b, keys_b) in combinations(_keyed_actions(window), 2):
        common = set(keys_a) & set(keys_b)
        if not common:
            continue
        if any(_overlap(x, y) for x in _scopes(a, window) for y in _scopes(b, window)):
            clashes.append(f"{sorted(common)}: “{a.text()}” and “{b.text()}”")
    return clashes


def mnemonic_clashes(window) -> list[str]:
    """Menus (the menu bar included) with two visible items on one mnemonic letter."""
    clashes = []
    menus: list[QWidget] = [window.menuBar()]
    while menus:
        menu = menus.pop()
        letters: dict[str, str] = {}
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())
            if action.isSeparator() or not action.isVisible():
                continue
            match = _MNEMONIC.search(action.text())
            if match is None:
                continue
            letter = match.group(1).lower()
            if letter in letters:
                clashes.append(f"&{letter}: “{letters[letter]}” and “{action.text()}”")
            letters[letter] = action.text()
    return clashes


def _show_every_tab(window, qtbot) -> None:
    for number in range(window.tabs.count()):
        window.show_tab(number)
        qtbot.wait(10)


def test_no_two_enabled_actions_share_a_key_in_one_place(window, qtbot):
    _show_every_tab(window, qtbot)
    window.show_tab(0)  # the Card menu's actions are enabled only while the board shows
    assert len(_keyed_actions(window)) > 20  # the walk sees the tabs' actions too
    assert shortcut_clashes(window) == []


def test_no_menu_has_two_items_on_one_mnemonic(window, qtbot):
    _show_every_tab(window, qtbot)
    for menu in window.menuBar().findChildren(QMenu):
        menu.aboutToShow.emit()  # fill menus made on demand (Open Recent)
    assert mnemonic_clashes(window) == []


def test_the_audit_finds_a_planted_clash(window, qtbot):
    """The walk must fail on the clash that shipped: Ctrl+Shift+N twice, and &P twice."""
    _show_every_tab(window, qtbot)
    planted = QAction("Planted", window.board_view)
    planted.setShortcut(QKeySequence("Ctrl+Shift+N"))
    window.board_view.addAction(planted)
    assert any("Planted" in clash for clash in shortcut_clashes(window))
    window.menuBar().actions()[0].menu().addAction(QAction("&Planted", window))
    assert any("Planted" in clash for clash in mnemonic_clashes(window))
