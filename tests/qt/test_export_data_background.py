"""File > Export Data… writes in a worker thread behind a progress dialog with Cancel."""

import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from ipmp_desktop.core.interchange.plan import InterchangeError
from ipmp_desktop.qt.views.dialogs import export_data


def gate(monkeypatch, at: int):
    """Hold the export at its step ``at`` (in its worker thread) until ``release`` is set;
    ``held`` is set when it got there. Records the thread it ran in."""
    held, release, threads = threading.Event(), threading.Event(), []
    real = export_data.write_data

    def gated(workspace, project_id, path, *, progress):
        threads.append(threading.current_thread())

        def watched(done: int, total: int) -> bool:
            if done == at:
                held.set()
                release.wait(30)
            return progress(done, total)

        return real(workspace, project_id, path, progress=watched)

    monkeypatch.setattr(export_data, "write_data", gated)
    return held, release, threads


def progress_dialog(window) -> QProgressDialog | None:
    found = window.findChildren(QProgressDialog)
    return found[0] if found and found[0].isVisible() else None


def test_export_runs_off_the_gui_thread_and_cancel_leaves_no_file(
    window, qtbot, tmp_path, monkeypatch
):
    held, release, threads = gate(monkeypatch, at=2)  # serialised, not yet moved into place
    target = tmp_path / "plan.ics"
    assert window.export_data_dialog(str(target)) == target
    operation = window.export_operation
    qtbot.waitUntil(held.is_set, timeout=20_000)
    assert threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: progress_dialog(window) is not None, timeout=5_000)
    dialog = progress_dialog(window)
    assert dialog.labelText() == "Exporting to plan.ics…"
    assert QApplication.activeModalWidget() is dialog
    (cancel_button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    QTest.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not operation.running, timeout=20_000)
    assert operation.state == "cancelled"
    assert not target.exists() and not list(tmp_path.glob(".*.part"))
    assert window.statusBar().currentMessage() == "The export was cancelled; nothing was written."
    assert progress_dialog(window) is None


def test_an_export_that_fails_says_so_in_one_sentence(window, qtbot, tmp_path, monkeypatch):
    def broken(workspace, project_id, path, *, progress):
        raise InterchangeError(f"Cannot write {path}: No space left on device.")

    said = []
    monkeypatch.setattr(export_data, "write_data", broken)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args: said.append(args[1:])))
    target = tmp_path / "plan.xml"
    window.export_data_dialog(str(target))
    qtbot.waitUntil(lambda: not window.export_operation.running, timeout=20_000)
    assert said == [("Cannot export", f"Cannot write {target}: No space left on device.")]
    assert not target.exists()
