"""Help > About shows the version and licence; the app and its window carry the icon."""

import tomllib
from pathlib import Path

import PySide6
from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication

from ipmp_desktop import __version__
from ipmp_desktop.qt.app import DESKTOP_ID, create_application
from ipmp_desktop.qt.icons import app_icon
from ipmp_desktop.qt.views.dialogs import about_dialog
from ipmp_desktop.qt.views.dialogs.about_dialog import AboutDialog

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_about_dialog_shows_version_licence_and_qt(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert __version__ in dialog.version_label.text()
    assert "GPL-3.0-or-later" in dialog.licence_label.text()
    assert qVersion() in dialog.runtime_label.text()
    assert PySide6.__version__ in dialog.runtime_label.text()


def test_about_texts_match_the_package_metadata():
    assert PROJECT["license"] == about_dialog.LICENCE
    assert PROJECT["description"] == about_dialog.DESCRIPTION


def test_help_menu_opens_about_and_about_qt(window, qtbot):
    help_menu = window.menuBar().actions()[-1].menu()
    assert [a.text() for a in help_menu.actions()] == ["&About IPMP desktop", "About &Qt"]
    window.act_about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "About IPMP desktop"
    dialog.reject()
    shown: list[str] = []

    def close_about_qt() -> None:  # QMessageBox.aboutQt is modal: close it from the event loop
        box = QApplication.activeModalWidget()
        shown.append(box.windowTitle())
        box.close()

    QTimer.singleShot(0, close_about_qt)
    window.act_about_qt.trigger()
    assert shown and "Qt" in shown[0]


def test_window_and_application_icons_are_not_null(window, qtbot):
    icon = app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} >= {16, 32, 48, 256}
    assert not window.windowIcon().isNull()
    app = QApplication.instance()
    before = (app.applicationName(), app.organizationName(), app.applicationVersion())
    try:
        assert create_application([]) is app
        assert not app.windowIcon().isNull()
        assert app.desktopFileName() == DESKTOP_ID
    finally:  # the names are process-wide: give later tests back the ones they had
        app.setApplicationName(before[0])
        app.setOrganizationName(before[1])
        app.setApplicationVersion(before[2])
    assert (ROOT / "packaging" / "linux" / f"{DESKTOP_ID}.desktop").is_file()
