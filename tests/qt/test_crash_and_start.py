"""Unexpected errors are logged and shown, the app keeps running; start-up picks a workspace."""

import logging
from pathlib import Path

from PySide6.QtCore import QTimer

from ipmp_desktop.qt import app as app_module
from ipmp_desktop.qt.crash import CrashReporter, configure_logging
from ipmp_desktop.qt.views.main_window import MainWindow


def test_unexpected_error_is_logged_and_shown(qtbot, tmp_path, monkeypatch):
    log_path = configure_logging(tmp_path / "logs", verbose=False)
    shown: list[str] = []
    reporter = CrashReporter(log_path, show=shown.append)
    monkeypatch.setattr("sys.excepthook", reporter)

    def broken_slot() -> None:
        raise RuntimeError("the flux capacitor is empty")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(shown))
    assert "the flux capacitor is empty" in shown[0]
    assert str(log_path) in shown[0]
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_path.read_text()
    assert "Traceback" in text and "broken_slot" in text
    still_running: list[bool] = []
    QTimer.singleShot(0, lambda: still_running.append(True))
    qtbot.waitUntil(lambda: bool(still_running))


def test_pick_workspace_order(tmp_path, monkeypatch, settings):
    default = tmp_path / "data" / "My plans.ipmp"
    monkeypatch.setattr(app_module, "default_workspace_path", lambda: default)
    assert app_module.pick_workspace(settings, None) == (str(default), True)
    assert default.parent.is_dir()
    assert app_module.pick_workspace(settings, "/x/named.ipmp") == ("/x/named.ipmp", False)
    last = tmp_path / "last.ipmp"
    last.write_bytes(b"")
    settings.add_recent(str(last))
    assert app_module.pick_workspace(settings, None) == (str(last), False)
    last.unlink()
    assert app_module.pick_workspace(settings, None)[0] == str(default)


def test_run_opens_window_on_named_workspace(qtbot, workspace_path, tmp_path, monkeypatch):
    monkeypatch.setattr(app_module.platformdirs, "user_log_dir", lambda *a: str(tmp_path / "log"))
    seen: list[str] = []

    def quit_when_shown() -> None:
        from PySide6.QtWidgets import QApplication

        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        seen.extend(w.windowTitle() for w in windows)
        for window in windows:
            window.close()  # the last window closing ends app.exec()

    QTimer.singleShot(200, quit_when_shown)
    hook = __import__("sys").excepthook
    monkeypatch.setattr("sys.excepthook", hook)  # run() installs its own; restore it after
    code = app_module.run(str(workspace_path), settings_path=tmp_path / "s.ini")
    assert code == 0
    assert "plan.ipmp — IPMP" in seen
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():  # leave no window of run() behind
        if isinstance(widget, MainWindow):  # (other tests' widgets are theirs to delete)
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert Path(tmp_path / "log" / "ipmp.log").exists()
