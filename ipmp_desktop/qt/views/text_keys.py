"""A text field that has the keyboard focus keeps its keys.

Qt offers a key to the shortcut map before the focused widget sees it. A view-wide shortcut on
``Return`` (open the card) or ``Delete`` (delete the selected tasks) would then fire while the
user types in a quick-add box or an inline editor inside that view, and the typed text is lost.
:class:`TextFieldKeys` claims the editing keys for the focused text field by accepting the
``ShortcutOverride`` event, so the key reaches the field as a normal key press.
"""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

_KEY = Qt.Key
# keys a text field uses without a modifier (or with Shift, to select)
_EDITING_KEYS = frozenset(
    {
        _KEY.Key_Return,
        _KEY.Key_Enter,
        _KEY.Key_Delete,
        _KEY.Key_Backspace,
        _KEY.Key_Home,
        _KEY.Key_End,
        _KEY.Key_Left,
        _KEY.Key_Right,
        _KEY.Key_Up,
        _KEY.Key_Down,
        _KEY.Key_Space,
    }
)
# keys a text field uses with Ctrl (word moves and deletes)
_CTRL_EDITING_KEYS = frozenset(
    {
        _KEY.Key_Left,
        _KEY.Key_Right,
        _KEY.Key_Home,
        _KEY.Key_End,
        _KEY.Key_Backspace,
        _KEY.Key_Delete,
        _KEY.Key_A,
    }
)
_MOD = Qt.KeyboardModifier
_SHIFT_ONLY = (_MOD.NoModifier, _MOD.ShiftModifier, _MOD.KeypadModifier)
_CTRL = (_MOD.ControlModifier, _MOD.ControlModifier | _MOD.ShiftModifier)


def is_text_field(widget: QObject | None) -> bool:
    """True for a widget the user types text into (line edit, text edit, spin or date box,
    editable combo box), read-only ones excluded."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return False


def claims_key(event: QKeyEvent) -> bool:
    """True if a focused text field should keep this key rather than a shortcut."""
    modifiers = event.modifiers() & ~_MOD.KeypadModifier
    key = event.key()
    if modifiers in _SHIFT_ONLY:
        return key in _EDITING_KEYS or bool(event.text() and event.text().isprintable())
    if modifiers in _CTRL:
        return key in _CTRL_EDITING_KEYS
    return False


_POINTER_ENDS = frozenset({QEvent.Type.MouseButtonRelease, QEvent.Type.Drop})


class TextFieldKeys(QObject):
    """The application-wide filter that lets a focused text field keep its editing keys, and
    notes whether the user's last act was a key press or a pointer release (a refusal of a
    drag is told differently from a refusal of what was typed).

    Install it once with :func:`install`.
    """

    last_was_pointer = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            TextFieldKeys.last_was_pointer = False
            if is_text_field(watched) and claims_key(event):  # type: ignore[arg-type]
                event.accept()  # the key goes to the field as a key press, not to a shortcut
        elif kind == QEvent.Type.KeyPress:
            TextFieldKeys.last_was_pointer = False
        elif kind in _POINTER_ENDS:
            TextFieldKeys.last_was_pointer = True
        return False


def last_input_was_pointer() -> bool:
    """True when the user's most recent act was a mouse release or a drop, not a key."""
    return TextFieldKeys.last_was_pointer


def install(app: QApplication) -> None:
    """Install :class:`TextFieldKeys` on ``app`` (once; later calls do nothing)."""
    if app.property("ipmpTextFieldKeys"):
        return
    keeper = TextFieldKeys(app)
    app.installEventFilter(keeper)
    app.setProperty("ipmpTextFieldKeys", True)
