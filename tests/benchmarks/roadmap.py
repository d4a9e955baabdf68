"""Opening a large product roadmap: ``roadmap_open_500_items_ms``.

The demo's one project of ``IPMP_BENCH_TASKS`` tasks (10,000 by default) builds one product
whose roadmap has about 500 items (its phases, work packages and their first stages) over all
of those delivery tasks. The scenario times :func:`load_roadmap` in a fresh session each run:
the item rows, their roll-ups, scores and ranks, and the critical path analysis behind the risk
flags.
"""

import functools
import statistics
import time
from pathlib import Path

from tests.benchmarks import bench_tasks, repeat, scenario, work_dir

ITEMS = 500


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
