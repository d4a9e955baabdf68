"""The Roadmap tab: one product's roadmap seen five ways, over the same task rows.

The product's items are tasks (initiatives, epics, features) whose dates and progress come from
the delivery work under them, so every view here reloads from
:func:`~ipmp_desktop.core.services.roadmap.load_roadmap` when a change touches the roadmap —
an edit on the board or in the Gantt shows here too. Given the app's settings, the tab
remembers per workspace which product and which view it showed.

While the tab is hidden (at start the board is shown) a reload only lists the products and notes
that the roadmap is due: it is read when the tab is shown, or at once when ``data`` is asked for,
so starting the app does not pay for a roadmap nobody looks at.
"""

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.commands import (
    AddRelease,
    AddTheme,
    Command,
    CreateProduct,
    CreateRoadmapItem,
    UpdateProduct,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.layout.timescale import Zoom
from ipmp_desktop.core.services.changes import Area, Changes
from ipmp_desktop.core.services.roadmap import (
    ProductRow,
    RoadmapData,
    list_products,
    load_roadmap,
)
from ipmp_desktop.qt.heap import no_collector_pauses
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.views.date_field import DateField
from ipmp_desktop.qt.views.deferred import DefersChangesWhileHidden
from ipmp_desktop.qt.views.roadmap.form_dialog import FormDialog, vision_field
from ipmp_desktop.qt.views.roadmap.horizon_board import HorizonBoardView
from ipmp_desktop.qt.views.roadmap.ideas_view import IdeasView
from ipmp_desktop.qt.views.roadmap.matrix_view import ValueEffortMatrixView
from ipmp_desktop.qt.views.roadmap.priority_table import PriorityView
from ipmp_desktop.qt.views.roadmap.timeline_view import RoadmapTimelineView

KINDS = {"initiative": "Initiative", "epic": "Epic", "feature": "Feature"}
VIEW_NAMES = ("timeline", "horizons", "priorities", "matrix", "ideas")
"""The views in tab order, by the names the settings keep."""


class RoadmapView(DefersChangesWhileHidden, QWidget):
    """Product picker, product actions, and the five roadmap views.

    Args:
        workspace: read from.
        push_command: the undo controller's push.
        current_project: the project new items go into (the window's current project).
        settings: where the product and view shown are kept between runs.
        location: the workspace's location, which the settings keep them under; without
            ``settings`` and ``location`` nothing is remembered.
    """

    open_item = Signal(int)
    notice = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        push_command: Callable[[Command], bool],
        current_project: Callable[[], int | None],
        parent: QWidget | None = None,
        *,
        settings: AppSettings | None = None,
        location: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings if location is not None else None
        self.location = location or ""
        self.push_command = push_command
        self.current_project = current_project
        self._data: RoadmapData | None = None
        self._stale = False
        """A reload was put off while hidden: ``data`` and the views are not current."""
        self._forced = False
        self._products: dict[int, ProductRow] = {}
        self._pending: Changes | None = None
        self.product_box = QComboBox(self)
        self.product_box.setMinimumWidth(180)
        self.product_box.activated.connect(lambda _: self.reload())
        self.vision = QLabel(self)
        self.vision.setWordWrap(True)
        self.vision.setContentsMargins(6, 2, 6, 2)  # not flush with the window's edge
        self.vision.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.toolbar = QToolBar("Roadmap", self)
        self.toolbar.addWidget(QLabel(" Product: ", self))
        self.toolbar.addWidget(self.product_box)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, slot in (
            ("new_product", "New Product…", self.new_product_dialog),
            ("edit_product", "Product && Vision…", self.edit_product_dialog),
            ("add_theme", "Add Theme…", self.add_theme_dialog),
            ("add_release", "Add Release…", self.add_release_dialog),
            ("add_item", "Add Item…", self.add_item_dialog),
        ):
            action = QAction(text, self)
            # bare calls: triggered(bool) would land in each dialog's optional name
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.toolbar.addAction(action)
            self.actions_by_name[name] = action
        self.toolbar.addSeparator()
        self.zoom_box = QComboBox(self)
        self.zoom_box.addItem("Months", Zoom.MONTH)
        self.zoom_box.addItem("Quarters", Zoom.QUARTER)
        self.zoom_box.activated.connect(lambda i: self.timeline.set_zoom(self.zoom_box.itemData(i)))
        self.toolbar.addWidget(QLabel(" Timeline: ", self))
        self.toolbar.addWidget(self.zoom_box)

        self.timeline = RoadmapTimelineView(push_command, self, workspace=workspace)
        self.horizons = HorizonBoardView(push_command, self)
        self.priorities = PriorityView(push_command, self)
        self.matrix = ValueEffortMatrixView(push_command, self)
        self.ideas = IdeasView(push_command, self, workspace=workspace)
        self.views = [self.timeline, self.horizons, self.priorities, self.matrix, self.ideas]
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for view, title in zip(
            self.views,
            ("Timeline", "Now · Next · Later", "Prioritisation", "Value vs Effort", "Ideas"),
            strict=True,
        ):
            self.tabs.addTab(view, title)
            view.open_item.connect(self.open_item)
            if hasattr(view, "notice"):
                view.notice.connect(self.notice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.vision)
        layout.addWidget(self.tabs, 1)
        self._saved_product: int | None = None
        self._remembered: int | None = None
        if self.settings is not None:
            self._saved_product, view = self.settings.roadmap_state(self.location)
            self._remembered = self._saved_product
            if view in VIEW_NAMES:
                self.tabs.setCurrentIndex(VIEW_NAMES.index(view))
            self.tabs.currentChanged.connect(self._remember_view)

    # -- remembering the product and view --

    def view_name(self) -> str:
        """The name of the view shown ("timeline", "horizons", ...; see :data:`VIEW_NAMES`)."""
        return VIEW_NAMES[self.tabs.currentIndex()]

    def show_view(self, name: str) -> None:
        """Show the view named ``name`` (one of :data:`VIEW_NAMES`)."""
        self.tabs.setCurrentIndex(VIEW_NAMES.index(name))

    def _remember_view(self, index: int) -> None:
        if self.settings is not None and 0 <= index < len(VIEW_NAMES):
            self.settings.set_roadmap_view(self.location, VIEW_NAMES[index])

    def _remember_product(self) -> None:
        product_id = self.product_id()
        if self.settings is not None and product_id != self._remembered:
            self._remembered = product_id
            self.settings.set_roadmap_product(self.location, product_id)

    # -- loading --

    def product_id(self) -> int | None:
        """The product shown."""
        value = self.product_box.currentData()
        return int(value) if value is not None else None

    def load_products(self, select: int | None = None) -> None:
        """Fill the product picker (keeping the choice) and show the chosen product.

        The first fill shows the product remembered for the workspace, or the first product
        when that one is gone.
        """
        keep = select if select is not None else self.product_id()
        if keep is None:
            keep, self._saved_product = self._saved_product, None
        with self.workspace.reading() as session:
            products = list_products(session)
        self._products = {product.id: product for product in products}
        self.product_box.blockSignals(True)
        self.product_box.clear()
        for product in products:
            self.product_box.addItem(product.name, product.id)
        index = self.product_box.findData(keep) if keep is not None else -1
        self.product_box.setCurrentIndex(index if index >= 0 else (0 if products else -1))
        self.product_box.blockSignals(False)
        self.reload()

    @property
    def data(self) -> RoadmapData | None:
        """The roadmap of the product shown (None without one); read now if it is due."""
        if self._stale:
            self._catch_up()
        return self._data

    def reload(self) -> None:
        """Read the shown product's roadmap again and hand it to every view; while the tab is
        hidden, only show the product's vision and note that the roadmap is due."""
        if self.isVisible() or self._forced:
            self._load()
            return
        self._stale = True
        product_id = self.product_id()
        self._show_product(self._products.get(product_id) if product_id is not None else None)

    def _load(self) -> None:
        product_id = self.product_id()
        if product_id is None:
            self._data = None
        else:
            with no_collector_pauses(), self.workspace.reading() as session:
                self._data = load_roadmap(session, product_id)
        self._stale = False
        with no_collector_pauses():
            for view in self.views:
                view.set_data(self._data)
        self._show_product(self._data.product if self._data is not None else None)

    def _catch_up(self) -> None:
        """Bring the roadmap up to date now, as showing the tab would: the changes put off
        first (they may have added or removed products), then the reading that is due."""
        pending, self._pending = self._pending, None
        self._forced = True
        try:
            if pending is not None:
                self._apply_changes(pending)
            if self._stale:
                self._load()
        finally:
            self._forced = False

    def showEvent(self, event) -> None:
        super().showEvent(event)  # applies the changes put off while hidden
        if self._stale:
            self._load()

    def _show_product(self, product: ProductRow | None) -> None:
        """The vision line, the product actions and the remembered product for ``product``."""
        self._show_vision(product)
        self._remember_product()
        for name in ("edit_product", "add_theme", "add_release", "add_item"):
            self.actions_by_name[name].setEnabled(product is not None)

    def _show_vision(self, product: ProductRow | None) -> None:
        if product is None:
            self.vision.setText("  No products yet. A product holds themes, releases and items.")
            return
        vision = product.vision.strip() or "(no vision statement yet)"
        self.vision.setText(f"  <b>Vision:</b> {_escape(vision)}")

    def _apply_changes(self, changes: Changes) -> None:
        if Area.ROADMAP in changes.areas or changes.structure or changes.projects:
            if Area.ROADMAP in changes.areas and not changes.tasks:
                self.load_products()  # products, themes or releases may have come or gone
            else:
                self.reload()

    # -- product actions (each asks, then pushes one command) --

    def new_product_dialog(self, name: str | None = None) -> int | None:
        """Create a product (asks its name and vision unless ``name`` is given)."""
        vision = ""
        if name is None:
            dialog = FormDialog("New Product", self)
            name_edit, vision_edit = QLineEdit(dialog), vision_field("", dialog)
            dialog.form.addRow("&Name:", dialog.require(name_edit, "product name"))
            dialog.form.addRow("&Vision:", vision_edit)
            if dialog.finish().exec() != QDialog.DialogCode.Accepted:
                return None
            name, vision = name_edit.text(), vision_edit.toPlainText()
        command = CreateProduct(name=name, vision=vision)
        if not self.push_command(command):
            return None
        self.load_products(select=command.product_id)
        return command.product_id

    def edit_product_dialog(self) -> None:
        """Rename the product and edit its vision statement."""
        if self.data is None:
            return
        dialog = FormDialog("Product", self)
        name_edit = QLineEdit(self.data.product.name, dialog)
        vision_edit = vision_field(self.data.product.vision, dialog)
        dialog.form.addRow("&Name:", dialog.require(name_edit, "product name"))
        dialog.form.addRow("&Vision:", vision_edit)
        if dialog.finish().exec() != QDialog.DialogCode.Accepted:
            return
        values = {}
        if name_edit.text() != self.data.product.name:
            values["name"] = name_edit.text()
        if vision_edit.toPlainText() != self.data.product.vision:
            values["vision"] = vision_edit.toPlainText()
        if values:
            self.push_command(UpdateProduct(product_id=self.data.product.id, **values))

    def add_theme_dialog(self, name: str | None = None) -> None:
        """Add a theme (a lane) to the product."""
        if self.data is None:
            return
        if name is None:
            dialog = FormDialog("Add Theme", self)
            edit = QLineEdit(dialog)
            dialog.form.addRow("&Name:", dialog.require(edit, "theme name"))
            if dialog.finish().exec() != QDialog.DialogCode.Accepted:
                return
            name = edit.text()
        self.push_command(AddTheme(product_id=self.data.product.id, name=name))

    def add_release_dialog(self, name: str | None = None, day: date | None = None) -> None:
        """Add a dated release marker."""
        if self.data is None:
            return
        if name is None or day is None:
            dialog = FormDialog("Add Release", self)
            edit = QLineEdit(dialog)
            when = DateField(dialog, date.today() + timedelta(days=90))
            dialog.form.addRow("&Name:", dialog.require(edit, "release name"))
            dialog.form.addRow("&Date:", when)
            dialog.checks.append((when, when.refusal))
            if dialog.finish().exec() != QDialog.DialogCode.Accepted:
                return
            name, day = edit.text(), when.date().toPython()
        self.push_command(AddRelease(product_id=self.data.product.id, name=name, day=day))

    def add_item_dialog(
        self, title: str | None = None, kind: str = "feature", theme_id: int | None = None
    ) -> int | None:
        """Add an item to the current project, in a theme (asks unless given)."""
        project_id = self.current_project()
        if self.data is None:
            return None
        if project_id is None:
            self.notice.emit("Choose or create a project first: roadmap items are its tasks.")
            return None
        if title is None or theme_id is None:
            if not self.data.themes:
                self.notice.emit("Add a theme first: every roadmap item sits in a theme.")
                return None
            dialog = FormDialog("Add Roadmap Item", self)
            edit, kinds, themes = QLineEdit(dialog), QComboBox(dialog), QComboBox(dialog)
            for value, text in KINDS.items():
                kinds.addItem(text, value)
            kinds.setCurrentIndex(kinds.findData(kind))
            for theme in self.data.themes:
                themes.addItem(theme.name, theme.id)
            dialog.form.addRow("&Title:", dialog.require(edit, "title"))
            dialog.form.addRow("&Kind:", kinds)
            dialog.form.addRow("T&heme:", themes)
            if dialog.finish().exec() != QDialog.DialogCode.Accepted:
                return None
            title, kind, theme_id = edit.text(), kinds.currentData(), themes.currentData()
        command = CreateRoadmapItem(
            project_id=project_id, theme_id=theme_id, title=title, kind=kind, horizon="later"
        )
        return command.task_id if self.push_command(command) else None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
