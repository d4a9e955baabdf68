"""Printable exports: ``pdf_export_1k_s``, ``pdf_export_10k_s``, ``svg_export_1k_s`` and
``export_peak_rss_10k_mb``.

Each export runs as ``ipmp export`` does, in a fresh offscreen interpreter: open the workspace,
read the Gantt chart of its one project, paginate it with the default page setup (A4 landscape,
weeks scale, overview page, legend) and write every page. The 1k plan is a one-project demo of
1,000 tasks; the 10k plan a one-project demo of ``IPMP_BENCH_TASKS`` tasks. The peak resident
memory is the 10k PDF process's high-water mark, interpreter and Qt included. The times leave
out Python's start-up and module imports (about a second on this machine), which every ``ipmp``
command pays alike.
"""

import functools
from pathlib import Path

from tests.benchmarks import bench_tasks, repeat, run_offscreen, scenario, work_dir

SCRIPT = r"""
import json, os, resource, sys, time
from pathlib import Path

from ipmp_desktop.qt.render.export_job import ExportRequest, ensure_gui_application, run_export

ensure_gui_application()
# Module imports are the interpreter's start-up, not the export's: load them first.
import ipmp_desktop.core.db.workspace, ipmp_desktop.qt.render.documents  # noqa: E401,F401

workspace, output = sys.argv[1], Path(sys.argv[2])
started = time.perf_counter()
files = run_export(ExportRequest(workspace=workspace, view="gantt", output=output,
                                 landscape=True))
seconds = time.perf_counter() - started
from ipmp_desktop.qt.first_paint import peak_rss_mb
peak_mb = peak_rss_mb()  # VmHWM: ru_maxrss keeps the harness's peak across exec
print(json.dumps({"seconds": seconds, "files": len(files), "peak_mb": peak_mb}))
sys.stdout.flush()
os._exit(0)
"""


@functools.cache
def plan_file(tasks: int) -> Path:
    from ipmp_desktop.core.demo import generate_demo

    path = work_dir() / f"export-{tasks}.ipmp"
    generate_demo(path, tasks=tasks, seed=1, projects=1)
    return path


def best(tasks: int, suffix: str) -> dict[str, float]:
    runs = [
        run_offscreen(SCRIPT, str(plan_file(tasks)), str(work_dir() / f"out-{tasks}.{suffix}"))
        for _ in range(repeat())
    ]
    assert all(run["files"] for run in runs), "nothing was written"
    return min(runs, key=lambda run: run["seconds"])


@scenario("pdf_export_1k_s", target=1.0)
def pdf_1k() -> float:
    """Seconds to export a 1,000-task Gantt chart to PDF (best of N processes)."""
    return best(1000, "pdf")["seconds"]


@scenario("svg_export_1k_s")
def svg_1k() -> float:
    """Seconds to export a 1,000-task Gantt chart to SVG, one file per page."""
    return best(1000, "svg")["seconds"]


@functools.cache
def pdf_10k() -> dict[str, float]:
    return best(bench_tasks(), "pdf")


@scenario("pdf_export_10k_s", target=10.0)
def pdf_10k_seconds() -> float:
    """Seconds to export a 10,000-task Gantt chart to PDF."""
    return pdf_10k()["seconds"]


@scenario("export_peak_rss_10k_mb")
def pdf_10k_memory() -> float:
    """Peak resident memory (MB) of the process exporting the 10,000-task PDF."""
    return pdf_10k()["peak_mb"]
