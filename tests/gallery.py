"""A screenshot gallery of the real windows: the first start, each tab empty and full, and the
main dialogs, in the light and the dark theme.

    python -m tests.gallery OUT_DIR

"Welcome" is a new workspace as a first start makes it (no project yet); "empty" is that
workspace with one new project; "full" is a workspace written by ``ipmp demo`` (its first
project and product are shown). The tabs, the Print & Export dialog
(on the Gantt) and the dialogs of the Project, File and Help menus are opened by triggering
their menu actions; the card editor by the board's Open Card action on the first card; the
Import preview on an MS Project file that ``ipmp export`` wrote from the demo. Each theme is
applied before its windows are built, as a start with that theme remembered does.

Windows are drawn offscreen with ``QWidget.grab`` (no display needed) into
``OUT_DIR/THEME-NAME.png``, with ``OUT_DIR/index.html`` showing them all. CI writes the gallery
into ``build/gallery/`` (``tests/test_gallery.py`` with ``IPMP_GALLERY_DIR`` set).
"""

import html
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is loaded

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ipmp_desktop.core.commands import CreateProject, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.app import create_application
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.theme import Theme, apply_theme
from ipmp_desktop.qt.views.main_window import MainWindow

WINDOW_SIZE = (1440, 900)
THEMES = (Theme.LIGHT, Theme.DARK)
TABS = ("Board", "Gantt", "Roadmap")
DIALOGS = (
    "new-project",
    "print-export",
    "import-preview",
    "card-editor",
    "working-calendar",
    "baselines",
    "about",
)
"""The dialogs' picture names (each one drawn over the full workspace)."""


def expected_names() -> list[str]:
    """The file names (without ``.png``) a gallery holds, in the order of its index page."""
    names = []
    for theme in THEMES:
        names.append(f"{theme}-welcome")
        for content in ("empty", "full"):
            names += [f"{theme}-{content}-{tab.lower()}" for tab in TABS]
        names += [f"{theme}-dialog-{dialog}" for dialog in DIALOGS]
    return names


class GalleryError(Exception):
    """A window the gallery shows did not open."""


def wait(ms: int) -> None:
    """Let the event loop run for ``ms`` milliseconds (layouts, previews, reading threads)."""
    deadline = time.monotonic() + ms / 1000
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)


def wait_until(check: Callable[[], bool], what: str, timeout_ms: int = 15_000) -> None:
    """Run the event loop until ``check()`` holds; raise GalleryError naming ``what`` if not."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not check():
        if time.monotonic() > deadline:
            raise GalleryError(f"{what} did not happen in {timeout_ms} ms")
        QCoreApplication.processEvents()
        time.sleep(0.005)


class Gallery:
    """Writes the pictures of one theme into ``out``."""

    def __init__(self, out: Path, theme: Theme, scratch: Path) -> None:
        self.out = out
        self.theme = theme
        self.scratch = scratch
        self.written: list[Path] = []

    def save(self, widget: QWidget, name: str) -> None:
        """Draw ``widget`` as it is on screen into ``THEME-NAME.png``."""
        wait(50)  # layouts and posted paints settle first
        path = self.out / f"{self.theme}-{name}.png"
        if not widget.grab().save(str(path)):
            raise GalleryError(f"could not write {path}")
        self.written.append(path)

    def window(self, workspace: Path) -> MainWindow:
        """The main window on ``workspace``, as the app builds it, at the gallery's size."""
        settings = AppSettings.at(self.scratch / f"settings-{self.theme}-{workspace.stem}.ini")
        window = MainWindow(settings)
        window.set_workspace(Workspace.open(workspace))
        window.resize(*WINDOW_SIZE)
        window.show()
        activate(window)
        wait(100)
        return window

    def tabs(self, window: MainWindow, content: str) -> None:
        """Each tab, shown by its View menu action (Ctrl+1, Ctrl+2, Ctrl+3)."""
        for number, tab in enumerate(TABS):
            tab_action(window, number).trigger()
            wait_until(lambda n=number: window.tabs.currentIndex() == n, f"showing {tab}")
            self.save(window, f"{content}-{tab.lower()}")

    def dialogs(self, window: MainWindow, import_file: Path) -> None:
        """The main dialogs over the full workspace."""
        self.modal(window.act_new_project, "new-project")
        tab_action(window, TABS.index("Gantt")).trigger()
        self.modal(window.act_export, "print-export", settle_ms=400)
        window.import_file_dialog(str(import_file))  # File > Import… once the file is picked
        dialog = window.import_dialog
        wait_until(lambda: not dialog.reading, "reading the import file")
        self.close_after_save(dialog, "import-preview")
        activate(window)  # closing a dialog offscreen gives the focus back to no window
        tab_action(window, TABS.index("Board")).trigger()
        window.board_view.focus_first_card()
        window.board_view.actions_by_name["open"].trigger()
        wait_until(lambda: getattr(window, "card_editor", None) is not None, "Open Card")
        self.close_after_save(window.card_editor, "card-editor")
        for action, name in (
            (window.act_calendar, "working-calendar"),
            (window.act_baselines, "baselines"),
            (window.act_about, "about"),
        ):
            before = set(QApplication.topLevelWidgets())
            action.trigger()
            opened = [
                w
                for w in QApplication.topLevelWidgets()
                if w not in before and isinstance(w, QDialog) and w.isVisible()
            ]
            if len(opened) != 1:
                raise GalleryError(f"{action.text()} opened {len(opened)} dialogs")
            self.close_after_save(opened[0], name)

    def close_after_save(self, dialog: QDialog, name: str) -> None:
        """Save an open (non-blocking) dialog's picture, then close it."""
        wait(100)
        self.save(dialog, f"dialog-{name}")
        dialog.reject()
        wait(20)

    def modal(self, action: QAction, name: str, settle_ms: int = 100) -> None:
        """Trigger ``action``, which runs a modal dialog; save its picture from inside its
        event loop, then close it."""
        saved: list[str] = []

        def save_and_close() -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog):
                wait(settle_ms)
                self.save(dialog, f"dialog-{name}")
                saved.append(name)
                dialog.reject()

        QTimer.singleShot(0, save_and_close)
        action.trigger()
        if not saved:
            raise GalleryError(f"{action.text()} opened no dialog")


def activate(window: QWidget) -> None:
    """Make ``window`` the active window, as a click on it does: the keyboard focus (and so
    the board's current card) lives only in the active window."""
    window.activateWindow()
    wait_until(lambda: QApplication.activeWindow() is window, "activating the window")


def tab_action(window: MainWindow, number: int) -> QAction:
    """The View menu's "Show TAB" action of tab ``number``."""
    for action in window.view_menu.actions():
        if action.data() == "tabs" and action.text() == f"Show {TABS[number]}":
            return action
    raise GalleryError(f"the View menu has no Show {TABS[number]}")


def _ipmp(*args: str) -> None:
    """Run the ``ipmp`` command line (as a user would) and fail loudly if it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "ipmp_desktop", *args], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise GalleryError(f"ipmp {' '.join(args)} failed: {done.stderr.strip()}")


def write_gallery(out: Path) -> list[Path]:
    """Write every picture and the index page into ``out`` (created); returns the pictures."""
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or create_application(sys.argv[:1])  # pytest's, in a test
    style = app.style().name()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="ipmp-gallery-") as folder:
        scratch = Path(folder)
        first, empty, full = (scratch / f"{n}.ipmp" for n in ("first", "empty", "demo"))
        with Workspace.create(first):  # what a first start makes
            pass
        with Workspace.create(empty) as workspace:  # New Project's command, no task yet
            apply(workspace, CreateProject(name="New project", start=date.today()))
        _ipmp("demo", str(full))
        import_file = scratch / "Demo plan.xml"
        _ipmp("export", str(full), "-o", str(import_file))
        try:
            for theme in THEMES:
                apply_theme(app, theme)
                gallery = Gallery(out, theme, scratch)
                window = gallery.window(first)
                gallery.save(window, "welcome")
                window.close()
                window.deleteLater()
                for content, workspace in (("empty", empty), ("full", full)):
                    window = gallery.window(workspace)
                    try:
                        gallery.tabs(window, content)
                        if content == "full":
                            gallery.dialogs(window, import_file)
                    finally:
                        window.close()
                        window.deleteLater()
                        wait(20)
                written += gallery.written
        finally:
            apply_theme(app, Theme.SYSTEM)  # leave the app as it was found
            app.setStyle(style)
    _write_index(out, written)
    return written


def _write_index(out: Path, pictures: list[Path]) -> None:
    cells = "\n".join(
        f'<figure><img src="{html.escape(p.name)}" width="720">'
        f"<figcaption>{html.escape(p.stem)}</figcaption></figure>"
        for p in pictures
    )
    (out / "index.html").write_text(
        f"<!doctype html><meta charset='utf-8'><title>IPMP gallery</title>\n{cells}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.gallery OUT_DIR")
    began = time.monotonic()
    pictures = write_gallery(Path(sys.argv[1]))
    print(f"Wrote {len(pictures)} pictures to {sys.argv[1]} in {time.monotonic() - began:.1f} s")
