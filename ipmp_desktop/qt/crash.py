"""Unexpected exceptions: log them to a file and tell the user where, then keep running."""

import logging
import sys
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("ipmp_desktop")


def configure_logging(log_dir: Path, *, verbose: bool) -> Path:
    """Log to ``log_dir/ipmp.log`` (rotated); ``verbose`` also logs DEBUG to the terminal."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "ipmp.log"
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_ipmp", False):
            root.removeHandler(handler)
    file_handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler._ipmp = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if verbose:
        terminal = logging.StreamHandler(sys.stderr)
        terminal.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        terminal._ipmp = True  # type: ignore[attr-defined]
        root.addHandler(terminal)
    return path


class CrashReporter:
    """An ``sys.excepthook`` that logs the traceback and shows a dialog naming the log file.

    Args:
        log_path: the file the traceback is written to.
        show: how to tell the user (a message box by default; tests pass their own).
    """

    def __init__(self, log_path: Path, show: Callable[[str], None] | None = None) -> None:
        self.log_path = log_path
        self.show = show or self._dialog
        self._showing = False

    def install(self) -> None:
        """Become ``sys.excepthook``."""
        sys.excepthook = self

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if self._showing:  # an error inside the dialog: do not stack dialogs
            return
        self._showing = True
        try:
            self.show(
                f"Something went wrong: {error}\n\nYour work up to the last edit is saved. "
                f"The details were written to {self.log_path}; please include that file "
                "when you report the problem."
            )
        finally:
            self._showing = False

    def _dialog(self, message: str) -> None:
        QMessageBox.critical(QApplication.activeWindow(), "IPMP — unexpected error", message)
