"""The main window: menus, project switcher, the tabbed views and the status bar."""

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from ipmp_desktop.core.commands import Command, CreateProject, DeleteProject, UpdateProject
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.db.workspace import WORKSPACE_SUFFIX
from ipmp_desktop.core.errors import DomainError
from ipmp_desktop.core.services.changes import Area, Changes
from ipmp_desktop.core.services.queries import list_projects, mark_project_opened
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.heap import no_collector_pauses
from ipmp_desktop.qt.icons import app_icon
from ipmp_desktop.qt.models.task_outline_model import TaskOutlineModel
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.theme import Theme, apply_theme
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views import refusal_bubble, text_keys
from ipmp_desktop.qt.views.board.board_view import BoardView
from ipmp_desktop.qt.views.empty_state import EmptyState
from ipmp_desktop.qt.views.gantt.gantt_view import GanttView
from ipmp_desktop.qt.views.outline_view import TaskOutlineView
from ipmp_desktop.qt.views.roadmap.roadmap_view import RoadmapView

if TYPE_CHECKING:  # dialogs, printing and interchange are imported when first used
    from ipmp_desktop.core.interchange.plan import ImportReport
    from ipmp_desktop.qt.views.dialogs.about_dialog import AboutDialog
    from ipmp_desktop.qt.views.dialogs.baselines_dialog import BaselinesDialog
    from ipmp_desktop.qt.views.dialogs.calendar_dialog import CalendarDialog
    from ipmp_desktop.qt.views.dialogs.import_dialog import ImportDialog
    from ipmp_desktop.qt.views.dialogs.print_dialog import PrintDialog

log = logging.getLogger(__name__)
FILE_FILTER = f"IPMP workspaces (*{WORKSPACE_SUFFIX});;All files (*)"


def _with_keys(bindings: list[QKeySequence], *extra: str) -> list[QKeySequence]:
    """``bindings`` followed by each of ``extra`` it does not hold yet (an action that holds one
    key twice treats it as an ambiguous shortcut and never triggers on it)."""
    keys = list(bindings)
    for text in extra:
        sequence = QKeySequence(text)
        if sequence not in keys:
            keys.append(sequence)
    return keys


class WorkspaceSession(QObject):
    """An open workspace with its change bus and undo stack."""

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.bus = ChangeBus(self)
        self.undo = UndoController(workspace, self.bus, self)

    @property
    def location(self) -> str:
        """Path of the file, or the server URL."""
        return str(self.workspace.path) if self.workspace.path else self.workspace.url

    def close(self) -> None:
        """Close the workspace (every edit is already committed; an import still being
        written is cancelled first)."""
        self.undo.stop_background()
        self.undo.stack.clear()
        self.workspace.close()


class MainWindow(QMainWindow):
    """The application window for one open workspace at a time.

    Args:
        settings: where recent files and geometry persist.
    """

    workspace_opened = Signal(str)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.session: WorkspaceSession | None = None
        self.setWindowTitle("IPMP")
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)
        text_keys.install(QApplication.instance())

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.welcome = EmptyState(
            "No projects yet",
            "",
            [
                ("newProject", "New Project…", lambda: self.act_new_project.trigger()),
                ("importFile", "Import a File…", lambda: self.act_import.trigger()),
                ("openDemo", "Open the Demo Workspace", self.open_demo_workspace),
                ("openWorkspace", "Open a Workspace…", lambda: self.act_open.trigger()),
            ],
            self,
        )
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.outline_model: TaskOutlineModel | None = None
        self.outline_view: TaskOutlineView | None = None
        self.board_view: BoardView | None = None
        self.gantt_view: GanttView | None = None
        self.roadmap_view: RoadmapView | None = None

        self.project_box = QComboBox(self)
        self.project_box.setObjectName("projectSwitcher")
        self.project_box.setMinimumWidth(240)
        self.project_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.project_box.currentIndexChanged.connect(self._project_chosen)

        self.status_location = QLabel(self)
        self.status_counts = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_counts)
        self.statusBar().addPermanentWidget(self.status_location)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.tabs.currentChanged.connect(lambda _index: self._enable_card_menu())
        geometry, state = settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self._update_enabled()

    # -- building --

    def _act(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        # triggered(bool) would land in a handler's first defaulted parameter: call it bare
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.act_new_workspace = self._act(
            "&New Workspace…",
            self.new_workspace_dialog,
            "Ctrl+Shift+N",
            "Create an empty workspace file",
        )
        self.act_open = self._act(
            "&Open Workspace…", self.open_workspace_dialog, key.Open, "Open a workspace file"
        )
        self.act_save_copy = self._act(
            "Save a &Copy…",
            self.save_copy_dialog,
            "Ctrl+Shift+S",
            "Write a backup copy of this workspace",
        )
        self.act_print_preview = self._act(
            "Print Pre&view…",
            lambda: self.print_dialog("preview"),
            "Ctrl+Shift+P",
            "Page setup and preview of the current tab",
        )
        self.act_print = self._act(
            "&Print…", lambda: self.print_dialog("print"), key.Print, "Print the current tab"
        )
        self.act_export = self._act(
            "&Export…",
            lambda: self.print_dialog("export"),
            "Ctrl+E",
            "Export the current tab to PDF, SVG or PNG",
        )
        self.act_import = self._act(
            "&Import…",
            lambda: self.import_file_dialog(),
            "Ctrl+I",
            "Import an MS Project, GanttProject, Planner, Trello, Jira, CSV or iCalendar file "
            "as a new project",
        )
        self.act_export_data = self._act(
            "Export Da&ta…",
            lambda: self.export_data_dialog(),
            "Ctrl+Shift+E",
            "Save the project as MS Project XML, GanttProject, CSV or iCalendar, or the "
            "workspace as JSON",
        )
        self.act_quit = self._act("&Quit", self.close)
        # Windows (and Qt's generic key set) binds nothing to Quit: Ctrl+Q everywhere
        self.act_quit.setShortcuts(_with_keys(QKeySequence.keyBindings(key.Quit), "Ctrl+Q"))
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_new_project = self._act(
            "New Pro&ject…", self.new_project_dialog, key.New, "Add a project to this workspace"
        )
        self.act_rename_project = self._act(
            "Rena&me Project…", self.rename_project_dialog, None, "Rename the current project"
        )
        self.act_delete_project = self._act(
            "&Delete Project…",
            self.delete_project_dialog,
            None,
            "Delete the current project (can be undone)",
        )
        self.act_recycle_bin = self._act(
            "Recycle &Bin…", self.show_recycle_bin, None, "Restore deleted tasks of this project"
        )
        self.act_calendar = self._act(
            "Working &Calendar…",
            self.show_calendar,
            None,
            "Working days, hours and holidays of the current project",
        )
        self.act_baselines = self._act(
            "&Baselines…", self.show_baselines, None, "Save and manage baselines of this project"
        )
        self.act_about = self._act("&About IPMP desktop", self.about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.act_about_qt = self._act("About &Qt", QApplication.aboutQt)
        self.act_about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.act_undo = QAction("&Undo", self)
        self.act_undo.setShortcuts(QKeySequence.keyBindings(key.Undo))
        self.act_undo.triggered.connect(self.undo)
        self.act_redo = QAction("&Redo", self)
        # Ctrl+Y is in some platforms' Redo keys already: listed twice, Qt would find it
        # ambiguous and do nothing
        self.act_redo.setShortcuts(_with_keys(QKeySequence.keyBindings(key.Redo), "Ctrl+Y"))
        self.act_redo.triggered.connect(self.redo)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.act_new_workspace)
        file_menu.addAction(self.act_open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(self.act_save_copy)
        file_menu.addSeparator()
        file_menu.addAction(self.act_print_preview)
        file_menu.addAction(self.act_print)
        file_menu.addAction(self.act_export)
        file_menu.addSeparator()
        file_menu.addAction(self.act_import)
        file_menu.addAction(self.act_export_data)
        file_menu.addSeparator()
        file_menu.addAction(self.act_new_project)
        file_menu.addAction(self.act_rename_project)
        file_menu.addAction(self.act_delete_project)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.act_undo)
        self.edit_menu.addAction(self.act_redo)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_recycle_bin)
        project_menu = bar.addMenu("&Project")
        project_menu.addAction(self.act_calendar)
        project_menu.addAction(self.act_baselines)
        self.view_menu = bar.addMenu("&View")
        self.card_menu = bar.addMenu("&Card")
        self.task_menu = bar.addMenu("&Task")
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)
        help_menu.addAction(self.act_about_qt)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Project", self)
        toolbar.setObjectName("projectToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Project: ", self))
        toolbar.addWidget(self.project_box)
        toolbar.addAction(self.act_new_project)
        toolbar.addSeparator()
        toolbar.addAction(self.act_undo)
        toolbar.addAction(self.act_redo)
        self.addToolBar(toolbar)
        self.view_menu.addAction(toolbar.toggleViewAction())
        theme_menu = self.view_menu.addMenu("&Theme")
        group = QActionGroup(theme_menu)
        current = self.settings.theme()
        for theme, text in (
            (Theme.SYSTEM, "Follow the &System"),
            (Theme.LIGHT, "&Light"),
            (Theme.DARK, "&Dark"),
        ):
            action = QAction(text, theme_menu, checkable=True, checked=theme == current)
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            group.addAction(action)
            theme_menu.addAction(action)
        self.view_menu.addSeparator()

    # -- workspace --

    def open_location(self, location: str, *, create: bool = False) -> bool:
        """Open (or create) a workspace and show it; on failure explain and keep the current one."""
        try:
            workspace = Workspace.create(location) if create else Workspace.open(location)
        except DomainError as error:
            self.show_error("Cannot open the workspace", str(error))
            return False
        self.set_workspace(workspace)
        return True

    def set_workspace(self, workspace: Workspace) -> None:
        """Show ``workspace``, closing the one shown before."""
        if self.session is not None:
            self._close_workspace_dialogs()
            self._remember_project()
            self.session.close()
            self.session.deleteLater()
        session = WorkspaceSession(workspace, self)
        self.session = session
        session.undo.refused.connect(self.show_refusal)
        session.bus.changed.connect(self._on_changed)
        session.undo.stack.canUndoChanged.connect(lambda _: self._update_undo_actions())
        session.undo.stack.canRedoChanged.connect(lambda _: self._update_undo_actions())
        session.undo.stack.indexChanged.connect(lambda _: self._update_undo_actions())
        self._build_views(session)
        self.settings.add_recent(session.location)
        self.setWindowTitle(f"{workspace.display_name} — IPMP")
        self.status_location.setText(session.location)
        self._reload_projects(select=self.settings.last_project(session.location))
        self.roadmap_view.load_products()
        self._update_enabled()
        self.show_tab(0)
        self.workspace_opened.emit(session.location)

    def _build_views(self, session: WorkspaceSession) -> None:
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        self.board_view = BoardView(
            session.workspace,
            session.undo.push,
            self,
            settings=self.settings,
            location=session.location,
        )
        session.bus.changed.connect(self.board_view.apply_changes)
        self.board_view.notice.connect(self.show_refusal)
        self.board_view.open_card_requested.connect(self.open_card)
        self.tabs.addTab(self.board_view, "Board")
        self.card_menu.clear()
        for name in ("open", "quick_add", "left", "right", "up", "down", "lane_up", "lane_down"):
            self.card_menu.addAction(self.board_view.actions_by_name[name])
        self.card_menu.addSeparator()
        for name in ("archive", "delete", "find"):
            self.card_menu.addAction(self.board_view.actions_by_name[name])
        self._enable_card_menu()
        self.outline_model = TaskOutlineModel(session.workspace, session.undo.push)
        self.outline_view = TaskOutlineView(self.outline_model, session.undo.push, self)
        session.bus.changed.connect(self.outline_model.apply_changes)
        self.outline_model.refused.connect(self.show_refusal)
        self.gantt_view = GanttView(self.outline_view, session.undo.push, self)
        session.bus.changed.connect(self.gantt_view.apply_changes)  # after the outline model
        self.gantt_view.task_activated.connect(self.open_card)
        self.gantt_view.status_message.connect(self._show_status)
        self.gantt_view.import_requested.connect(lambda: self.act_import.trigger())
        self.tabs.addTab(self.gantt_view, "Gantt")
        self.roadmap_view = RoadmapView(
            session.workspace,
            session.undo.push,
            self.current_project_id,
            self,
            settings=self.settings,
            location=session.location,
        )
        session.bus.changed.connect(self.roadmap_view.apply_changes)
        self.roadmap_view.open_item.connect(self.open_card)
        self.roadmap_view.notice.connect(self.show_refusal)
        self.tabs.addTab(self.roadmap_view, "Roadmap")
        self.task_menu.clear()
        for name in ("add", "add_sub", "delete", "indent", "outdent", "up", "down"):
            self.task_menu.addAction(self.outline_view.actions_by_name[name])
        view_actions = [a for a in self.view_menu.actions() if a.data() == "outline"]
        for action in view_actions:
            self.view_menu.removeAction(action)
        for name in ("expand", "collapse"):
            action = self.outline_view.actions_by_name[name]
            action.setData("outline")
            self.view_menu.addAction(action)
        self.outline_model.modelReset.connect(self._update_counts)
        for action in [a for a in self.view_menu.actions() if a.data() == "tabs"]:
            self.view_menu.removeAction(action)
        for number in range(self.tabs.count()):
            action = QAction(f"Show {self.tabs.tabText(number)}", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.setData("tabs")
            action.triggered.connect(lambda _=False, n=number: self.show_tab(n))
            self.view_menu.addAction(action)

    def _enable_card_menu(self) -> None:
        """The Card menu acts on the board's cards: only while the board is shown (it would
        move or delete cards the user cannot see)."""
        on_board = self.board_view is not None and self.tabs.currentWidget() is self.board_view
        for action in self.card_menu.actions():
            action.setEnabled(on_board)

    def show_tab(self, number: int) -> None:
        """Switch to tab ``number`` and put the keyboard focus in it."""
        self.tabs.setCurrentIndex(number)
        widget = self.tabs.currentWidget()
        if widget is self.gantt_view and self.outline_view is not None:
            self.outline_view.tree.setFocus()
        elif widget is self.board_view and self.board_view is not None:
            self.board_view.focus_first_card()

    def current_project_id(self) -> int | None:
        """The project shown, or None."""
        value = self.project_box.currentData()
        return int(value) if value is not None else None

    def _reload_projects(self, select: int | None = None) -> None:
        assert self.session is not None
        with self.session.workspace.reading() as session:
            projects = list_projects(session)
        keep = select if select is not None else self.current_project_id()
        self.project_box.blockSignals(True)
        self.project_box.clear()
        for project in projects:
            self.project_box.addItem(project.name, project.id)
        index = self.project_box.findData(keep) if keep is not None else -1
        self.project_box.setCurrentIndex(index if index >= 0 else (0 if projects else -1))
        self.project_box.blockSignals(False)
        self._project_chosen()
        self._update_welcome()

    def _project_chosen(self, *_: object) -> None:
        if self.session is None or self.outline_model is None or self.outline_view is None:
            return
        project_id = self.current_project_id()
        if project_id == self.outline_model.project_id and project_id is not None:
            return
        with no_collector_pauses():
            self.outline_view.reset_project()
            self.outline_model.set_project(project_id)
            self.board_view.set_project(project_id)
            self.gantt_view.project_changed()
        if project_id is not None:
            with self.session.workspace.unit_of_work() as uow:
                mark_project_opened(uow.session, project_id)
        self._remember_project()
        self._update_enabled()

    def _remember_project(self) -> None:
        if self.session is not None:
            self.settings.set_last_project(self.session.location, self.current_project_id())

    def _on_changed(self, changes: Changes) -> None:
        if Area.PROJECTS in changes.areas:
            self._reload_projects()
        self._update_counts()

    def _update_counts(self) -> None:
        model = self.outline_model
        count = len(model.tree.rows) if model is not None else 0
        self.status_counts.setText(f"{count:,} tasks" if model and model.project_id else "")

    # -- undo --

    def push(self, command: Command) -> bool:
        """Apply a command through the undo stack (False if refused)."""
        return self.session is not None and self.session.undo.push(command)

    def lend_undo_keys(self, dialog: QWidget) -> None:
        """Let Undo and Redo (Ctrl+Z, Ctrl+Y, …) work in ``dialog`` too: a window's shortcuts
        do not reach another window, and the dialogs' edits are steps of this window's stack."""
        dialog.addActions([self.act_undo, self.act_redo])

    def undo(self) -> None:
        """Undo the last edit."""
        if self.session is not None and self.session.undo.stack.canUndo():
            self.session.undo.stack.undo()

    def redo(self) -> None:
        """Redo the last undone edit."""
        if self.session is not None and self.session.undo.stack.canRedo():
            self.session.undo.stack.redo()

    def _update_undo_actions(self) -> None:
        stack = self.session.undo.stack if self.session else None
        self.act_undo.setEnabled(bool(stack and stack.canUndo()))
        self.act_redo.setEnabled(bool(stack and stack.canRedo()))
        self.act_undo.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        self.act_redo.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")

    def _update_enabled(self) -> None:
        has_ws = self.session is not None
        has_project = self.current_project_id() is not None
        self.act_save_copy.setEnabled(has_ws and self.session.workspace.path is not None)  # type: ignore[union-attr]
        self.act_new_project.setEnabled(has_ws)
        self.act_rename_project.setEnabled(has_project)
        self.act_delete_project.setEnabled(has_project)
        self.act_recycle_bin.setEnabled(has_project)
        self.act_calendar.setEnabled(has_project)
        self.act_baselines.setEnabled(has_project)
        self.project_box.setEnabled(has_ws)
        for action in (
            self.act_print_preview,
            self.act_print,
            self.act_export,
            self.act_import,
            self.act_export_data,
        ):
            action.setEnabled(has_ws)
        self._update_undo_actions()
        self._update_counts()
        self._update_welcome()

    def _update_welcome(self) -> None:
        """The welcome page instead of the tabs while there is no project to show."""
        has_ws = self.session is not None
        empty = not has_ws or self.project_box.count() == 0
        if not has_ws:
            self.welcome.title.setText("No workspace is open")
            self.welcome.text.setText(
                "Open a workspace file, or look around the demo workspace: four projects with "
                "a board, a Gantt chart and two product roadmaps."
            )
        else:
            self.welcome.title.setText("No projects yet")
            self.welcome.text.setText(
                "Create your first project, import one from MS Project, GanttProject, Planner, "
                "Trello, Jira, CSV or iCalendar, or look around the demo workspace."
            )
        for name in ("newProject", "importFile"):
            self.welcome.buttons[name].setVisible(has_ws)
        self.pages.setCurrentWidget(self.welcome if empty else self.tabs)

    def open_demo_workspace(self) -> bool:
        """Open the demo workspace in the data folder, writing it first if it is not there."""
        from ipmp_desktop.core.demo import generate_demo
        from ipmp_desktop.qt.app import demo_workspace_path

        path = demo_workspace_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            self.statusBar().showMessage("Writing the demo workspace…")
            try:
                generate_demo(path, tasks=600, seed=1, today=date.today())
            except (DomainError, OSError) as error:
                self.show_error("Cannot write the demo workspace", str(error))
                return False
            finally:
                QApplication.restoreOverrideCursor()
                self.statusBar().clearMessage()
        return self.open_location(str(path))

    # -- dialogs --

    def _show_status(self, message: str) -> None:
        if message:
            self.statusBar().showMessage(message, 10_000)
        else:
            self.statusBar().clearMessage()

    def show_error(self, title: str, message: str) -> None:
        """A modal warning with one clear sentence."""
        QMessageBox.warning(self, title, message)

    def show_refusal(self, message: str) -> None:
        """A refused edit: say why where the user is looking (the edit did not happen) — beside
        the cell or field that has the keyboard focus, or in a message box after a drag — and
        on the status bar."""
        QApplication.beep()
        self.statusBar().showMessage(message, 10_000)
        focus = QApplication.focusWidget()
        if focus is None or not focus.isVisible():
            # the edit came from a small dialog that has just closed (Import in Import Country
            # Holidays): the note goes beside the field of the dialog the user is back in
            shown = QApplication.activeModalWidget()
            visible = shown is not None and shown.isVisible()
            focus = (shown.focusWidget() or shown) if visible else None
        if text_keys.last_input_was_pointer() or focus is None:
            box = QMessageBox(QMessageBox.Icon.Warning, "Not done", message, parent=self)
            box.setObjectName("refusalBox")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.refusal_box = box
            return
        if isinstance(focus, QAbstractItemView) and focus.currentIndex().isValid():
            rect = focus.visualRect(focus.currentIndex())
            refusal_bubble.show_refusal(focus.viewport(), message, rect)
        else:
            refusal_bubble.show_refusal(focus, message)

    def new_workspace_dialog(self) -> None:
        """Ask for a file name and create an empty workspace there."""
        path, _ = QFileDialog.getSaveFileName(
            self, "New Workspace", str(Path.home() / f"Plans{WORKSPACE_SUFFIX}"), FILE_FILTER
        )
        if path:
            if not path.endswith(WORKSPACE_SUFFIX):
                path += WORKSPACE_SUFFIX
            if Path(path).exists():
                self.show_error(
                    "Cannot create the workspace", f"{path} already exists; open it instead."
                )
                return
            self.open_location(path, create=True)

    def open_workspace_dialog(self) -> None:
        """Ask for a workspace file and open it."""
        start = (
            str(self.session.workspace.path.parent)
            if self.session and self.session.workspace.path
            else str(Path.home())
        )
        path, _ = QFileDialog.getOpenFileName(self, "Open Workspace", start, FILE_FILTER)
        if path:
            self.open_location(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for location in self.settings.recent_workspaces():
            action = self.recent_menu.addAction(location)
            action.triggered.connect(lambda _=False, loc=location: self.open_location(loc))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent workspaces").setEnabled(False)

    def save_copy_dialog(self, target: str | None = None) -> Path | None:
        """Write a consistent copy of the workspace (SQLite backup API) to a chosen file."""
        if self.session is None or self.session.workspace.path is None:
            return None
        if target is None:
            current = self.session.workspace.path
            suggestion = current.with_name(
                f"{current.stem} copy {date.today().isoformat()}{WORKSPACE_SUFFIX}"
            )
            target, _ = QFileDialog.getSaveFileName(
                self, "Save a Copy", str(suggestion), FILE_FILTER
            )
            if not target:
                return None
        try:
            written = self.session.workspace.backup_to(target)
        except DomainError as error:
            self.show_error("Cannot save the copy", str(error))
            return None
        self.statusBar().showMessage(f"Saved a copy to {written}", 8000)
        return written

    def new_project_dialog(self, name: str | None = None, start: date | None = None) -> int | None:
        """Create a project (asking for name and start unless given) and show it."""
        if self.session is None:
            return None
        if name is None:
            from ipmp_desktop.qt.views.dialogs.project_dialog import ProjectDialog

            dialog = ProjectDialog(self, title="New Project")
            if dialog.exec() != ProjectDialog.DialogCode.Accepted:
                return None
            name, start = dialog.values()
        command = CreateProject(name=name, start=start or date.today())
        if not self.push(command):
            return None
        self._reload_projects(select=command.project_id)
        return command.project_id

    def rename_project_dialog(self, name: str | None = None) -> None:
        """Rename the current project."""
        project_id = self.current_project_id()
        if project_id is None:
            return
        if name is None:
            from ipmp_desktop.qt.views.dialogs.project_dialog import ProjectDialog

            dialog = ProjectDialog(
                self, title="Rename Project", name=self.project_box.currentText()
            )
            dialog.start_edit.setEnabled(False)
            if dialog.exec() != ProjectDialog.DialogCode.Accepted:
                return
            name = dialog.values()[0]
        self.push(UpdateProject(project_id=project_id, name=name))

    def delete_project_dialog(self, confirmed: bool = False) -> None:
        """Delete the current project after asking (Undo brings it back)."""
        project_id = self.current_project_id()
        if project_id is None:
            return
        if not confirmed:
            answer = QMessageBox.question(
                self,
                "Delete Project",
                f"Delete the project “{self.project_box.currentText()}” with all its tasks?\n"
                "You can undo this with Edit > Undo.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.push(DeleteProject(project_id=project_id))

    def open_card(self, task_id: int) -> None:
        """Open the card editor for ``task_id`` (non-modal; one per card)."""
        if self.session is None:
            return
        from ipmp_desktop.qt.views.dialogs.card_editor import CardEditorDialog

        for shown in self.findChildren(CardEditorDialog):
            if shown.task_id == task_id and shown.isVisible():
                # the card is open already: bring its editor forward, not a second one whose
                # reloads would fight the first over what is typed
                shown.raise_()
                shown.activateWindow()
                self.card_editor = shown
                return
        dialog = CardEditorDialog(
            self.session.workspace, task_id, self.session.undo.push, self.session.bus, self
        )
        self.lend_undo_keys(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.card_editor = dialog

    def show_calendar(self) -> "CalendarDialog | None":
        """Open the working calendar of the current project (non-modal; returned for tests)."""
        project_id = self.current_project_id()
        if self.session is None or project_id is None:
            return None
        from ipmp_desktop.qt.views.dialogs.calendar_dialog import CalendarDialog

        try:
            dialog = CalendarDialog(
                self.session.workspace, project_id, self.push, self, bus=self.session.bus
            )
        except DomainError as error:
            self.show_error("Working Calendar", str(error))
            return None
        self.lend_undo_keys(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_baselines(self) -> "BaselinesDialog | None":
        """Open the baselines of the current project (non-modal; returned for tests)."""
        project_id = self.current_project_id()
        if self.session is None or project_id is None:
            return None
        from ipmp_desktop.qt.views.dialogs.baselines_dialog import BaselinesDialog

        dialog = BaselinesDialog(self.session.workspace, project_id, self.push, self)
        self.lend_undo_keys(dialog)
        self.session.bus.changed.connect(dialog.apply_changes)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_recycle_bin(self) -> None:
        """List the deleted tasks of the current project; restore or empty."""
        project_id = self.current_project_id()
        if self.session is None or project_id is None:
            return
        from ipmp_desktop.qt.views.dialogs.recycle_bin import RecycleBinDialog

        dialog = RecycleBinDialog(
            self.session.workspace, project_id, self.push, self.session.bus, self
        )
        self.lend_undo_keys(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.recycle_bin = dialog

    def print_dialog(self, focus: str = "preview") -> "PrintDialog | None":
        """Open Print & Export for the current tab (modal; returned for tests); the page setup
        is remembered per view."""
        if self.session is None:
            return None
        from ipmp_desktop.qt.views.dialogs import print_targets
        from ipmp_desktop.qt.views.dialogs.print_dialog import PrintDialog

        workspace, widget = self.session.workspace, self.tabs.currentWidget()
        if widget is self.gantt_view:
            target = print_targets.gantt_target(workspace, self.gantt_view)
        elif widget is self.board_view:
            target = print_targets.board_target(workspace, self.board_view)
        else:
            target = print_targets.roadmap_target(workspace, self.roadmap_view)
        if target is None:
            self.show_refusal("There is nothing to print here: choose a project or product.")
            return None
        options = {**self.settings.print_options(target.view), **target.options}
        dialog = PrintDialog(
            target.build,
            view=target.view,
            setup=self.settings.print_setup(target.view),
            options=options,
            focus=focus,
            parent=self,
        )
        dialog.exec()
        remembered = dialog.remembered()
        if remembered is not None:
            self.settings.set_print_setup(target.view, *remembered)
        return dialog

    def import_file_dialog(self, path: str | None = None) -> "ImportDialog | None":
        """Choose a file (unless given) and open its import preview (returned for tests); Import
        there adds the project as one undo step, shows it and then the import report."""
        if self.session is None:
            return None
        from ipmp_desktop.qt.views.dialogs.import_dialog import ImportDialog, ask_import_path

        chosen = Path(path) if path else ask_import_path(self, self._files_folder())
        if chosen is None:
            return None
        dialog = ImportDialog(chosen, self.session.workspace, self.session.undo, self)
        dialog.imported.connect(self._show_import_report)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.import_dialog = dialog
        return dialog

    def _show_import_report(self, project_id: int, report: "ImportReport") -> None:
        from ipmp_desktop.qt.views.dialogs.import_report_dialog import ImportReportDialog

        self._reload_projects(select=project_id)
        name = self.project_box.currentText()
        dialog = ImportReportDialog(report, name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.import_report = dialog
        self.statusBar().showMessage(f"Imported {report.source} as the project “{name}”.", 10_000)

    def export_data_dialog(self, path: str | None = None) -> Path | None:
        """Write the current project, or the whole workspace for ``.json``, to a file chosen by
        name (unless given); the extension picks the format. The file is written in the
        background (:attr:`export_operation`, with progress and Cancel); returns its name once
        the export has started."""
        if self.session is None:
            return None
        from ipmp_desktop.qt.views.dialogs.export_data import (
            ask_export_path,
            check_export,
            start_export,
            suggested_path,
        )

        name = self.project_box.currentText()
        target = (
            Path(path)
            if path
            else ask_export_path(self, suggested_path(self._files_folder(), name))
        )
        if target is None:
            return None
        project_id = self.current_project_id()
        try:
            item = check_export(target, project_id)
        except DomainError as error:
            self.show_error("Cannot export", str(error))
            return None
        what = "the whole workspace" if item.key == "json" else f"“{name}”"
        operation = start_export(self.session.workspace, project_id, target, self)
        operation.succeeded.connect(
            lambda _item: self.statusBar().showMessage(
                f"Exported {what} to {target} ({item.name}).", 10_000
            )
        )
        operation.failed.connect(lambda sentence: self.show_error("Cannot export", sentence))
        operation.cancelled.connect(
            lambda: self.statusBar().showMessage(
                "The export was cancelled; nothing was written.", 10_000
            )
        )
        self.export_operation = operation
        operation.start()
        return target

    def _files_folder(self) -> Path:
        where = self.session.workspace.path if self.session else None
        return where.parent if where else Path.home()

    def set_theme(self, theme: Theme) -> None:
        """Switch light/dark/system colors now and remember the choice."""
        apply_theme(QApplication.instance(), theme)
        self.settings.set_theme(str(theme))

    def about(self) -> "AboutDialog":
        """Show name, version and licence (window-modal; returned for tests)."""
        from ipmp_desktop.qt.views.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- closing --

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_geometry(self.saveGeometry(), self.saveState())
        if self.session is not None:
            self._close_workspace_dialogs()
            self._remember_project()
            self.session.close()
            self.session = None
        event.accept()

    def _close_workspace_dialogs(self) -> None:
        """Close the card editors and recycle bins of the workspace about to close, committing
        what is typed in them: left open, they would edit a closed workspace."""
        from ipmp_desktop.qt.views.dialogs.card_editor import CardEditorDialog
        from ipmp_desktop.qt.views.dialogs.recycle_bin import RecycleBinDialog

        for editor in self.findChildren(CardEditorDialog):
            if editor.isVisible():
                editor.close_for_good()
        for bin_dialog in self.findChildren(RecycleBinDialog):
            bin_dialog.close()

    def schedule(self, delay_ms: int, slot) -> None:
        """Run ``slot`` later on the event loop (used by the app shell)."""
        QTimer.singleShot(delay_ms, slot)


__all__ = ["MainWindow", "Qt", "WorkspaceSession"]
