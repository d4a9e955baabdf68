"""Start the real app (``ipmp_desktop.qt.app.run``) on a workspace and, once its window is
shown, print where a card and a target column are on screen as one JSON line.

    python -m tests.e2e.board_app WORKSPACE SETTINGS CARD_TITLE TARGET_COLUMN
"""

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ipmp_desktop.qt.app import create_application, run
from ipmp_desktop.qt.views.main_window import MainWindow


def report(card_title: str, column_name: str) -> None:
    windows = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]
    if not windows:
        QTimer.singleShot(100, lambda: report(card_title, column_name))
        return
    board = windows[0].board_view
    columns = {c.name: c.id for c in board.store.data.columns}
    source = next(v for (lane, c), v in board.cells.items() if c == columns.get("To do"))
    model = source.cell_model()
    row = next(r for r, i in enumerate(model.ids) if board.store.data.cards[i].title == card_title)
    start = source.viewport().mapToGlobal(source.visualRect(model.index(row)).center())
    target = next(v for (lane, c), v in board.cells.items() if c == columns[column_name])
    end = target.viewport().mapToGlobal(target.viewport().rect().center())
    print(json.dumps({"from": [start.x(), start.y()], "to": [end.x(), end.y()]}), flush=True)


if __name__ == "__main__":
    workspace, settings, card, column = sys.argv[1:5]
    create_application(sys.argv[:1])  # run() reuses it; the timer needs it to exist first
    QTimer.singleShot(300, lambda: report(card, column))
    sys.exit(run(workspace, settings_path=Path(settings)))
