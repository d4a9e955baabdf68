"""Opening a large product roadmap: ``roadmap_open_500_items_ms`` (the painted tab) and
``roadmap_read_model_500_items_ms`` (the read model alone).

The demo's one project of ``IPMP_BENCH_TASKS`` tasks (10,000 by default) builds one product
whose roadmap has about 500 items (its phases, work packages and their first stages) over all
of those delivery tasks. The read model is :func:`load_roadmap`: the item rows, their roll-ups,
scores and ranks, and the critical path analysis behind the risk flags. Opening the tab is that
plus handing it to the five views and painting the default one (the timeline), each run in a
fresh offscreen interpreter.
"""

import functools
import statistics
import time
from pathlib import Path

from tests.benchmarks import bench_tasks, repeat, run_offscreen, scenario, work_dir

ITEMS = 500

SCRIPT = r"""
import json, os, sys, time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.app import create_application
from ipmp_desktop.qt.views.roadmap.roadmap_view import RoadmapView

app = create_application([sys.argv[0]])
workspace = Workspace.open(Path(sys.argv[1]))

def build():
    view = RoadmapView(workspace, lambda command: False, lambda: None)
    view.resize(1600, 1000)
    return view

# Styles and fonts load on the first paint of any widget: an empty roadmap takes that cost.
empty = build()
empty.show()
QApplication.processEvents()
empty.hide()

started = time.perf_counter()
view = build()  # what the window does on opening a workspace and showing the Roadmap tab
view.load_products()
view.show()
QApplication.processEvents()
view.repaint()
open_ms = (time.perf_counter() - started) * 1000
assert view.tabs.currentWidget() is view.timeline, "the timeline is the default view"

print(json.dumps({"open_ms": open_ms, "items": len(view.data.items)}))
sys.stdout.flush()
os._exit(0)
"""


@functools.cache
def roadmap_file() -> tuple[Path, int]:
    """The demo workspace and the id of its product."""
    from ipmp_desktop.core.db import Workspace
    from ipmp_desktop.core.demo import generate_demo
    from ipmp_desktop.core.services.roadmap import list_products

    path = work_dir() / f"roadmap-{bench_tasks()}.ipmp"
    generate_demo(path, tasks=bench_tasks(), seed=1, projects=1, roadmap_items=ITEMS)
    with Workspace.open(path) as workspace, workspace.reading() as session:
        (product,) = list_products(session)
    return path, product.id


@scenario("roadmap_open_500_items_ms", target=300)
def roadmap_open() -> float:
    """Milliseconds from building the Roadmap tab to its painted timeline, best of N fresh
    processes: the read model, the five views filled, the timeline painted."""
    path, _product_id = roadmap_file()
    runs = [run_offscreen(SCRIPT, str(path)) for _ in range(repeat())]
    assert all(run["items"] for run in runs), "the demo made no roadmap"
    return min(run["open_ms"] for run in runs)


@scenario("roadmap_read_model_500_items_ms")
def roadmap_read_model() -> float:
    """Median milliseconds of ``load_roadmap`` of the product (first, warming run not counted)."""
    from ipmp_desktop.core.db import Workspace
    from ipmp_desktop.core.services.roadmap import load_roadmap

    path, product_id = roadmap_file()
    times = []
    with Workspace.open(path) as workspace:
        for attempt in range(max(7, repeat()) + 1):
            with workspace.reading() as session:
                started = time.perf_counter()
                data = load_roadmap(session, product_id)
                elapsed = (time.perf_counter() - started) * 1000
            if attempt:
                times.append(elapsed)
    assert data.items, "the demo made no roadmap"  # ITEMS of them at the full size
    return statistics.median(times)
