"""The Gantt tab at 10k tasks: opening it, frame times while scrolling and dragging, and a drop
that pushes 1,000 successors (committed, rescheduled and repainted).

Each measurement runs in a fresh offscreen interpreter on a one-project demo workspace.
"""

import functools
from pathlib import Path

from tests.benchmarks import bench_tasks, run_offscreen, scenario, work_dir

SCRIPT = r"""
import json, os, statistics, sys, time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from ipmp_desktop.core.commands import AddDependency, CreateProject, CreateTask, Macro, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.layout.timescale import Zoom
from ipmp_desktop.qt.app import create_application
from ipmp_desktop.qt.heap import no_collector_pauses
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.views.main_window import MainWindow

path, ini, chain = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])

# A second project: one task whose move pushes a chain of `chain` successors.
with Workspace.open(path) as workspace:
    project = CreateProject(name="Chain", start=date(2026, 1, 5))
    apply(workspace, project)
    tasks = [CreateTask(project_id=project.project_id, title=f"Step {n}") for n in range(chain + 1)]
    apply(workspace, Macro(commands=tasks, label="Create"))
    links = [
        AddDependency(predecessor_id=a.task_id, successor_id=b.task_id)
        for a, b in zip(tasks, tasks[1:])
    ]
    apply(workspace, Macro(commands=links, label="Link"))
    chain_project, head = project.project_id, tasks[0].task_id

app = create_application([sys.argv[0]])
window = MainWindow(AppSettings.at(ini))
window.resize(1600, 1000)
window.set_workspace(Workspace.open(path))
window.show()
window.show_tab(1)
QApplication.processEvents()
view, chart = window.gantt_view, window.gantt_view.chart
big = next(
    window.project_box.itemData(i) for i in range(window.project_box.count())
    if window.project_box.itemData(i) != chain_project
)

def show_project(project_id):
    # what choosing a project does for the Gantt tab (the board is another tab's cost)
    with no_collector_pauses():
        window.outline_view.reset_project()
        window.outline_model.set_project(project_id)
        view.project_changed()
    view.repaint()

show_project(chain_project)
QApplication.processEvents()
# Opening the Gantt of the big project: table model, schedule analysis, layout, first paint.
started = time.perf_counter()
show_project(big)
open_ms = (time.perf_counter() - started) * 1000
QApplication.processEvents()
assert len(view.rows) >= 10000, len(view.rows)

def frame(action):
    # one frame: the input, then everything Qt paints for it (table, chart, header)
    started = time.perf_counter()
    action()
    QApplication.processEvents()
    return (time.perf_counter() - started) * 1000

frames = []
vbar = view.tree.verticalScrollBar()
row_height = view.row_height()
vbar.setValue(4000 * row_height)
QApplication.processEvents()
for step in range(150):  # scroll through the plan a row a frame (trackpad, kinetic scrolling)
    frames.append(frame(lambda: vbar.setValue(vbar.value() + row_height)))
for step in range(40):  # and sideways
    bar = chart.horizontalScrollBar()
    frames.append(frame(lambda: bar.setValue(bar.value() + (25 if step < 20 else -25))))
def mouse(kind, point, button=Qt.MouseButton.LeftButton, buttons=Qt.MouseButton.LeftButton):
    QApplication.sendEvent(chart.viewport(), QMouseEvent(
        kind, point, chart.viewport().mapToGlobal(point), button, buttons,
        Qt.KeyboardModifier.NoModifier))
top = view.chart.chart.rows_in(vbar.value(), vbar.value() + 600)
shown = [chart.chart.bars[r] for r in top]
bar = next(b for b in shown if b is not None and b.kind == "task")
chart.scroll_to_x(bar.x0 - 100)
QApplication.processEvents()
start = chart.from_chart(QPointF((bar.x0 + bar.x1) / 2, bar.mid_y))
mouse(QEvent.Type.MouseButtonPress, start)
for step in range(150):  # drag a bar back and forth
    offset = QPointF((step % 50) * 2.0, 0)
    move = QEvent.Type.MouseMove
    frames.append(frame(lambda: mouse(move, start + offset, Qt.MouseButton.NoButton)))
chart.cancel_gesture()
mouse(QEvent.Type.MouseButtonRelease, start, Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)

# The drop that pushes the chain.
show_project(chain_project)
QApplication.processEvents()
view.set_zoom(Zoom.DAY)
drops = []
for attempt in range(5):  # five drops, each undone untimed: one sample is at the GC's mercy
    head_bar = chart.chart.bar_of(head)
    chart.scroll_to_x(head_bar.x0 - 50)
    QApplication.processEvents()
    day = chart.chart.scale.day_width
    press = chart.from_chart(QPointF((head_bar.x0 + head_bar.x1) / 2, head_bar.mid_y))
    drop = press + QPointF(3 * day, 0)
    mouse(QEvent.Type.MouseButtonPress, press)
    mouse(QEvent.Type.MouseMove, drop, Qt.MouseButton.NoButton)
    before = window.session.undo.stack.index()
    started = time.perf_counter()
    mouse(QEvent.Type.MouseButtonRelease, drop, Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
    chart.viewport().repaint()
    drops.append((time.perf_counter() - started) * 1000)
    assert window.session.undo.stack.index() == before + 1
    last = view.data.tasks[max(view.data.tasks)]
    assert last.start > date(2026, 1, 5), last
    window.session.undo.stack.undo()
    QApplication.processEvents()
drop_ms = statistics.median(drops)

frames.sort()
print(json.dumps({
    "open_ms": open_ms,
    "frame_median_ms": statistics.median(frames),
    "frame_p99_ms": frames[int(len(frames) * 0.99) - 1],
    "drop_ms": drop_ms,
}))
sys.stdout.flush()
os._exit(0)
"""


@functools.cache
def gantt_demo() -> Path:
    """A one-project demo workspace of the benchmark size."""
    from ipmp_desktop.core.demo import generate_demo

    path = work_dir() / f"gantt-{bench_tasks()}.ipmp"
    generate_demo(path, tasks=bench_tasks(), projects=1, seed=1)
    return path


@functools.cache
def measured() -> dict[str, float]:
    """One run of the script on a fresh copy (it adds the chain project to the file)."""
    import shutil

    copy = work_dir() / "gantt-run.ipmp"
    shutil.copyfile(gantt_demo(), copy)
    return run_offscreen(SCRIPT, str(copy), str(work_dir() / "gantt.ini"), "1000", timeout=600)


@scenario("gantt_open_10k_ms")
def gantt_open() -> float:
    """Showing the Gantt of a 10k-task project: table, analysis, layout and first paint."""
    return measured()["open_ms"]


@scenario("gantt_frame_10k_ms", target=8.0)
def gantt_frame() -> float:
    """Median chart frame (scrolling and dragging a bar) at 10k tasks."""
    return measured()["frame_median_ms"]


@scenario("gantt_frame_10k_p99_ms", target=16.7)
def gantt_frame_p99() -> float:
    """99th percentile of those frames."""
    return measured()["frame_p99_ms"]


@scenario("gantt_drop_reschedule_1k_ms", target=100.0)
def gantt_drop() -> float:
    """Release of a bar drag whose move pushes 1,000 successors: commit, reschedule, reload and
    repaint; the median of five drops, each undone outside the timing."""
    return measured()["drop_ms"]
