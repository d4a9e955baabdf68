"""Composition root of the GUI: QApplication, logging, the workspace to open, the main window.

The log goes to the platform's user log folder, or to the folder named by the environment
variable ``IPMP_LOG_DIR`` when it is set and not empty (tests that start the app in a
subprocess point it at a temporary folder, so they never write into the user's).
"""

import gc
import linecache
import logging
import os
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ipmp_desktop import __version__
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.db.workspace import WORKSPACE_SUFFIX
from ipmp_desktop.core.errors import DomainError
from ipmp_desktop.qt.crash import CrashReporter, configure_logging
from ipmp_desktop.qt.icons import app_icon
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.theme import Theme, apply_theme
from ipmp_desktop.qt.views.main_window import MainWindow

APP_NAME = "IPMP"
ORG_NAME = "IPMP"
DESKTOP_ID = "io.github.ipmp.Desktop"
"""The desktop entry's id (packaging/linux): Wayland and X11 docks match windows to it."""
LOG_DIR_ENV = "IPMP_LOG_DIR"
"""The environment variable that overrides the log folder."""
log = logging.getLogger(__name__)


def default_workspace_path() -> Path:
    """Where a first run creates its workspace: the user data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME)) / f"My plans{WORKSPACE_SUFFIX}"


def demo_workspace_path() -> Path:
    """Where the welcome page's demo workspace is written (the user's data folder)."""
    return Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME)) / f"Demo plans{WORKSPACE_SUFFIX}"


def log_dir() -> Path:
    """The folder the log is written to: ``$IPMP_LOG_DIR`` if set (and not empty), else the
    platform's user log folder. Created by ``configure_logging``, not here."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_log_dir(APP_NAME, ORG_NAME))


def create_application(argv: list[str]) -> QApplication:
    """The QApplication with names set (used for settings and the desktop entry)."""
    app = QApplication.instance() or QApplication(argv)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def pick_workspace(settings: AppSettings, requested: str | None) -> tuple[str, bool]:
    """The workspace to open at start and whether it must be created.

    The one named on the command line; else the last one used; else the default file in the
    user data folder (created when missing).
    """
    if requested:
        return requested, False
    last = settings.last_workspace()
    if last:
        return last, False
    path = default_workspace_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path), not path.exists()


def run(
    workspace: str | None = None,
    *,
    verbose: bool = False,
    settings_path: Path | None = None,
    quit_after_first_paint: bool = False,
) -> int:
    """Start the GUI and return the exit code.

    Args:
        workspace: a path or URL to open; None reopens the last one.
        verbose: also log to the terminal.
        settings_path: an INI file for settings (tests and portable use); default: the platform's.
        quit_after_first_paint: for the cold-start benchmark: print the time from the start of
            the process to the window's first paint once idle, then quit
            (:mod:`ipmp_desktop.qt.first_paint`).
    """
    app = create_application(sys.argv[:1])
    log_path = configure_logging(log_dir(), verbose=verbose)
    CrashReporter(log_path).install()
    settings = (
        AppSettings.at(settings_path)
        if settings_path
        else AppSettings.at(Path(platformdirs.user_config_dir(APP_NAME, ORG_NAME)) / "ipmp.ini")
    )
    apply_theme(app, Theme(settings.theme()))
    window = MainWindow(settings)
    location, create = pick_workspace(settings, workspace)
    try:
        opened = Workspace.create(location) if create else Workspace.open(location)
    except DomainError as error:
        log.warning("could not open %s: %s", location, error)
        QMessageBox.warning(None, "Cannot open the workspace", str(error))
        if workspace is not None:
            return 2
        fallback = default_workspace_path()
        try:
            opened = Workspace.open_or_create(fallback)
        except DomainError as second:
            QMessageBox.critical(None, "Cannot open the workspace", str(second))
            return 2
    window.set_workspace(opened)
    window.show()
    if quit_after_first_paint:
        from ipmp_desktop.qt.first_paint import FirstIdlePaint

        FirstIdlePaint(window)  # the window, its Qt parent, keeps it
    log.info(
        "IPMP %s started with %s", __version__, window.session.location if window.session else "-"
    )
    linecache.clearcache()  # PySide6 read the source of the modules imported after it
    gc.enable()  # the ``ipmp`` command starts with the collector off (see ``cli.main``)
    return app.exec()
