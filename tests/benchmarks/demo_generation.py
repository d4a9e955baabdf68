"""How fast ``ipmp demo`` fills a new workspace."""

import time

from ipmp_desktop.core.demo import generate_demo
from tests.benchmarks import bench_tasks, repeat, scenario, work_dir


@scenario("demo_10k_generate_s", target=3.0)
def demo_generate() -> float:
    """Seconds to generate the large demo into a new file, best of N (imports excluded)."""
    best = float("inf")
    for attempt in range(repeat()):
        path = work_dir() / f"generate-{attempt}.ipmp"
        started = time.perf_counter()
        generate_demo(path, tasks=bench_tasks(), seed=1)
        best = min(best, time.perf_counter() - started)
        path.unlink()
    return best
