"""The board at 5,000 cards: first paint, a drop committed and repainted, a filter keystroke.

Each run is a fresh offscreen interpreter on a one-project demo whose board holds over 5,000
cards (6,000 tasks less their summaries).
"""

import functools

from tests.benchmarks import repeat, run_offscreen, scenario, work_dir

BOARD_TASKS = 6000

SCRIPT = r"""
import json, os, sys, time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.board import CardFilter, LaneMode
from ipmp_desktop.qt.app import create_application
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.board.board_view import BoardView

app = create_application([sys.argv[0]])
workspace = Workspace.open(Path(sys.argv[1]))
bus = ChangeBus()
controller = UndoController(workspace, bus)
board = BoardView(workspace, controller.push)
board.confirm = lambda message: True
bus.changed.connect(board.apply_changes)
board.resize(1600, 1000)
board.show()
QApplication.processEvents()

def painted():
    QApplication.processEvents()
    board.repaint()

started = time.perf_counter()
board.set_project(1)
painted()
open_ms = (time.perf_counter() - started) * 1000
cards = len(board.store.data.cards)

columns = [c.id for c in board.store.data.columns]
moves = []
for step in range(20):
    source = columns[step % 2]
    target = columns[step % 2 + 1]
    ids = board.store.cell_ids("", source)[:1]
    started = time.perf_counter()
    board.handle_drop(ids, target, "", 0)
    painted()
    moves.append((time.perf_counter() - started) * 1000)

keystrokes = []
for text in ("m", "mi", "mig", "migr", "migra", "migrat", "migrate", ""):
    started = time.perf_counter()
    board.filter_bar.apply(LaneMode.NONE, CardFilter(text=text))
    painted()
    keystrokes.append((time.perf_counter() - started) * 1000)

print(json.dumps({
    "open_ms": open_ms, "cards": cards,
    "move_ms": sorted(moves)[len(moves) // 2],
    "filter_ms": sorted(keystrokes)[len(keystrokes) // 2],
}))
sys.stdout.flush()
os._exit(0)
"""


@functools.cache
def board_file():
    """The one-project demo workspace the board scenarios share."""
    path = work_dir() / f"board-{BOARD_TASKS}.ipmp"
    if not path.exists():
        from datetime import date

        from ipmp_desktop.core.demo import generate_demo

        generate_demo(path, tasks=BOARD_TASKS, seed=1, projects=1, today=date(2026, 11, 26))
    return path


@functools.cache
def board_runs() -> tuple[dict[str, float], ...]:
    """``repeat()`` fresh processes measuring the board; shared by the three scenarios."""
    runs = []
    for _ in range(repeat()):
        result = run_offscreen(SCRIPT, str(board_file()))
        if result["cards"] < 5000:
            raise RuntimeError(f"the board holds {result['cards']} cards, not 5,000 or more")
        runs.append(result)
    return tuple(runs)


@scenario("board_open_5k_ms", target=300)
def board_open() -> float:
    """Milliseconds from choosing the project to a painted board of 5,000+ cards, best of N."""
    return min(run["open_ms"] for run in board_runs())


@scenario("board_move_commit_ms", target=50)
def board_move() -> float:
    """Median milliseconds from a drop to the committed, repainted board, best of N runs."""
    return min(run["move_ms"] for run in board_runs())


@scenario("board_filter_keystroke_5k_ms", target=50)
def board_filter() -> float:
    """Median milliseconds from a filter keystroke to the repainted board, best of N runs."""
    return min(run["filter_ms"] for run in board_runs())
