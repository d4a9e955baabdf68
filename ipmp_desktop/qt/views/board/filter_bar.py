"""The board's filter bar: search, label/person/due/blocked/archived filters, swimlanes, views.

The bar only says what the board should show (``filter_changed``, ``lanes_changed``); filters
never write. The one edit it makes is saving or deleting a view, through ``push_command``.
"""

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QWidget,
)

from ipmp_desktop.core.commands import Command, DeleteView, SaveView
from ipmp_desktop.core.services.board import (
    CardFilter,
    CardLabel,
    CardPerson,
    DueFilter,
    LaneMode,
)
from ipmp_desktop.core.services.views import SavedViewRow, view_settings
from ipmp_desktop.qt.views.board.multi_pick_button import MultiPickButton, color_dot

TEXT_DELAY_MS = 150

DUE_CHOICES: tuple[tuple[str, DueFilter], ...] = (
    ("Any due date", DueFilter.ANY),
    ("Overdue", DueFilter.OVERDUE),
    ("Due this week", DueFilter.THIS_WEEK),
    ("Next 14 days", DueFilter.NEXT_14_DAYS),
    ("No due date", DueFilter.NO_DATE),
)

LANE_CHOICES: tuple[tuple[str, LaneMode], ...] = (
    ("None", LaneMode.NONE),
    ("Assignee", LaneMode.ASSIGNEE),
    ("Label", LaneMode.LABEL),
    ("Priority", LaneMode.PRIORITY),
    ("Parent/epic", LaneMode.PARENT),
)


class BoardFilterBar(QWidget):
    """Search, filters, swimlane choice and saved views above the board.

    The bar emits :attr:`filter_changed` (a ``CardFilter``) and :attr:`lanes_changed` (a
    ``LaneMode``) only when the value really changes; text search waits ``TEXT_DELAY_MS`` for
    typing to pause (:meth:`flush` sends it at once). The owner must call :meth:`set_context`
    when the project or its labels, people or views change, and must not write the controls'
    state by any other way than :meth:`apply`.

    Args:
        push_command: pushes a core command (the undo controller's ``push``); returns whether
            it was applied.
    """

    filter_changed = Signal(object)
    lanes_changed = Signal(object)

    def __init__(
        self, push_command: Callable[[Command], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.push_command = push_command
        self._project_id: int | None = None
        self._views: list[SavedViewRow] = []
        self._sent_filter = CardFilter()
        self._sent_lanes = LaneMode.NONE
        self._quiet = 0  # > 0 while the bar sets its own controls
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self.flush)
        self._build()
        self._refresh_chrome()

    # -- building --

    def _build(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Filter cards…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip("Show cards whose title or a label contains this text")
        self.search_edit.setMinimumWidth(160)
        self.search_edit.setMaximumWidth(260)
        self.search_edit.textChanged.connect(self._text_edited)
        self.search_edit.returnPressed.connect(self.flush)
        self.find_action = QAction("Find card", self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)

        self.labels_button = MultiPickButton("Labels", "No labels in this project", self)
        self.labels_button.setToolTip("Show cards with any of the checked labels")
        self.people_button = MultiPickButton("People", "No people yet", self)
        self.people_button.setToolTip("Show cards assigned to any of the checked people")
        for button in (self.labels_button, self.people_button):
            button.picked_changed.connect(self._controls_changed)

        self.due_combo = QComboBox(self)
        for text, due in DUE_CHOICES:
            self.due_combo.addItem(text, due)
        self.due_combo.setToolTip("Show cards by due date")
        self.due_combo.currentIndexChanged.connect(self._controls_changed)

        self.blocked_button = self._toggle_button("Blocked", "Show only blocked cards")
        self.archived_button = self._toggle_button("Show archived", "Show archived cards too")

        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Show every card again")
        self.clear_button.clicked.connect(self.clear_filters)

        self.lanes_combo = QComboBox(self)
        for text, mode in LANE_CHOICES:
            self.lanes_combo.addItem(text, mode)
        self.lanes_combo.setToolTip("Group the cards into rows")
        self.lanes_combo.currentIndexChanged.connect(self._controls_changed)
        lanes_label = QLabel("Swimlanes:", self)
        lanes_label.setBuddy(self.lanes_combo)

        self.views_combo = QComboBox(self)
        self.views_combo.setPlaceholderText("Views…")
        self.views_combo.setMinimumContentsLength(10)
        self.views_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.views_combo.setToolTip("Show a saved view")
        self.views_combo.activated.connect(self._view_chosen)
        self.save_button = QToolButton(self)
        self.save_button.setText("Save view…")
        self.save_button.setToolTip("Save these swimlanes and filters as a named view")
        self.save_button.clicked.connect(lambda: self.save_view())
        self.delete_button = QToolButton(self)
        self.delete_button.setText("Delete view")
        self.delete_button.setToolTip("Delete the selected view")
        self.delete_button.clicked.connect(self.delete_view)

        # A tool bar, not a box layout: what does not fit a narrow window goes to its » menu
        # instead of forcing the window wider.
        self.toolbar = QToolBar(self)
        self.toolbar.setIconSize(QSize(14, 14))
        for widget in (
            self.search_edit,
            self.labels_button,
            self.people_button,
            self.due_combo,
            self.blocked_button,
            self.archived_button,
            self.clear_button,
        ):
            self.toolbar.addWidget(widget)
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(lanes_label)
        self.toolbar.addWidget(self.lanes_combo)
        self.toolbar.addSeparator()
        for widget in (self.views_combo, self.save_button, self.delete_button):
            self.toolbar.addWidget(widget)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)

    def _toggle_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.toggled.connect(self._controls_changed)
        return button

    # -- the public face --

    def current_filter(self) -> CardFilter:
        """The filter the controls show (including text still waiting for the debounce)."""
        return CardFilter(
            text=self.search_edit.text(),
            label_ids=self.labels_button.picked(),
            person_ids=self.people_button.picked(),
            due=DueFilter(self.due_combo.currentData()),
            blocked_only=self.blocked_button.isChecked(),
            show_archived=self.archived_button.isChecked(),
        )

    def current_lanes(self) -> LaneMode:
        """The swimlane choice."""
        return LaneMode(self.lanes_combo.currentData())

    def saved_views(self) -> list[SavedViewRow]:
        """The views the combo lists, in its order."""
        return list(self._views)

    def selected_view(self) -> SavedViewRow | None:
        """The view the combo shows; None when the controls match no chosen view."""
        index = self.views_combo.currentIndex()
        return self._views[index] if 0 <= index < len(self._views) else None

    def set_context(
        self,
        project_id: int | None,
        labels: list[CardLabel],
        people: list[CardPerson],
        views: list[SavedViewRow],
    ) -> None:
        """Show the labels, people and views of ``project_id``.

        Picked labels and people that still exist stay picked; vanished ones drop out (and
        ``filter_changed`` says so).
        """
        self._project_id = project_id
        self.labels_button.set_choices(
            (label.id, label.name, color_dot(label.color)) for label in labels
        )
        self.people_button.set_choices((person.id, person.name, None) for person in people)
        self._set_views(views, keep=self.selected_view())
        self._publish(flush_text=False)

    def apply(self, lane_mode: LaneMode, card_filter: CardFilter) -> None:
        """Set every control to ``lane_mode`` and ``card_filter``; each signal fires once at most.

        Label and person ids the current context does not offer are dropped (kept until the
        first :meth:`set_context` when none was given yet).
        """
        label_ids, person_ids = set(card_filter.label_ids), set(card_filter.person_ids)
        if self._project_id is not None:
            label_ids &= self.labels_button.offered()
            person_ids &= self.people_button.offered()
        self._quiet += 1
        try:
            self.search_edit.setText(card_filter.text)
            self.labels_button.set_picked(label_ids)
            self.people_button.set_picked(person_ids)
            self.due_combo.setCurrentIndex(max(0, self.due_combo.findData(card_filter.due)))
            self.blocked_button.setChecked(card_filter.blocked_only)
            self.archived_button.setChecked(card_filter.show_archived)
            self.lanes_combo.setCurrentIndex(max(0, self.lanes_combo.findData(lane_mode)))
        finally:
            self._quiet -= 1
        self._publish()

    def flush(self) -> None:
        """Emit what changed now, without waiting for the search debounce."""
        self._publish()

    def focus_search(self) -> None:
        """Put the cursor in the search field with its text selected (Ctrl+F)."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def clear_filters(self) -> None:
        """Show every card again: no text, labels, people, due or blocked filter, no archived.

        The swimlane choice stays.
        """
        self.apply(self.current_lanes(), CardFilter())

    def save_view(self, name: str | None = None) -> bool:
        """Save the lanes and filter as view ``name`` (asked for when None); True if saved.

        A view of the same name is replaced (undoably). The owner refreshes the list through
        :meth:`set_context` when the bus reports the change; until then the bar lists the new
        view itself.
        """
        if self._project_id is None:
            return False
        if name is None:
            name = self._ask_view_name()
            if name is None:
                return False
        name = name.strip()  # a blank name goes on: SaveView refuses it, saying why
        self.flush()
        lane_mode, card_filter = self.current_lanes(), self.current_filter()
        command = SaveView(
            project_id=self._project_id,
            name=name,
            settings=view_settings(lane_mode, card_filter),
        )
        if not self.push_command(command):
            return False
        if command.view_id is None:  # a push_command that does not apply (a test double)
            return True
        saved = SavedViewRow(command.view_id, name, lane_mode, card_filter)
        others = [view for view in self._views if view.id != saved.id]
        self._set_views(
            sorted([*others, saved], key=lambda view: (view.name.casefold(), view.id)), keep=saved
        )
        return True

    def delete_view(self) -> bool:
        """Delete the selected view; True if it was deleted."""
        view = self.selected_view()
        if view is None or not self.push_command(DeleteView(view_id=view.id)):
            return False
        self._set_views([v for v in self._views if v.id != view.id], keep=None)
        return True

    # -- reacting --

    def _ask_view_name(self) -> str | None:
        current = self.selected_view()
        name, accepted = QInputDialog.getText(
            self,
            "Save view",
            "Name of the view:",
            QLineEdit.EchoMode.Normal,
            current.name if current is not None else "",
        )
        return name if accepted else None

    def _text_edited(self, _text: str) -> None:
        if self._quiet:
            return
        self._text_timer.start()
        self._refresh_chrome()

    def _controls_changed(self, *_args: object) -> None:
        if not self._quiet:
            self._publish()

    def _view_chosen(self, index: int) -> None:
        if 0 <= index < len(self._views):
            view = self._views[index]
            self.apply(view.lane_mode, view.filter)

    def _publish(self, flush_text: bool = True) -> None:
        """Emit the signals whose value changed, then update the bar's own state."""
        if flush_text or not self._text_timer.isActive():
            self._text_timer.stop()
            lane_mode, card_filter = self.current_lanes(), self.current_filter()
        else:  # text still settling: send everything but it
            lane_mode = self.current_lanes()
            card_filter = replace(self.current_filter(), text=self._sent_filter.text)
        if lane_mode != self._sent_lanes:
            self._sent_lanes = lane_mode
            self.lanes_changed.emit(lane_mode)
        if card_filter != self._sent_filter:
            self._sent_filter = card_filter
            self.filter_changed.emit(card_filter)
        self._refresh_chrome()

    def _set_views(self, views: list[SavedViewRow], keep: SavedViewRow | None) -> None:
        self._views = list(views)
        self.views_combo.clear()
        for view in self._views:
            self.views_combo.addItem(view.name, view.id)
        self.views_combo.setCurrentIndex(-1 if keep is None else self.views_combo.findData(keep.id))
        self._refresh_chrome()

    def _as_applied(self, view: SavedViewRow) -> tuple[LaneMode, CardFilter]:
        """What choosing ``view`` shows: its ids of vanished labels and people drop out."""
        card_filter = view.filter
        if self._project_id is not None:
            card_filter = replace(
                card_filter,
                label_ids=card_filter.label_ids & self.labels_button.offered(),
                person_ids=card_filter.person_ids & self.people_button.offered(),
            )
        return view.lane_mode, card_filter

    def _refresh_chrome(self) -> None:
        """Enable the buttons that can act and keep the views combo honest."""
        lane_mode, card_filter = self.current_lanes(), self.current_filter()
        self.clear_button.setEnabled(card_filter != CardFilter())
        shown = (lane_mode, card_filter)
        view = self.selected_view()
        if view is None or self._as_applied(view) != shown:
            view = next((v for v in self._views if self._as_applied(v) == shown), None)
            # setCurrentIndex does not emit ``activated``, so this never applies a view
            self.views_combo.setCurrentIndex(-1 if view is None else self._views.index(view))
        self.views_combo.setEnabled(bool(self._views))
        self.save_button.setEnabled(self._project_id is not None)
        self.delete_button.setEnabled(view is not None)
