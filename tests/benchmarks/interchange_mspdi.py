"""MS Project XML: ``export_mspdi_10k_s`` and ``import_mspdi_10k_s``.

The plan is a one-project demo workspace of ``IPMP_BENCH_TASKS`` tasks (10,000 by default; phases,
work packages, milestones, links of every type, people and assignments, a calendar with
holidays), read back once as a Plan with :func:`read_project`. The export times
:func:`write_mspdi` of that plan; the import times :func:`read_mspdi` of the exported document
plus :func:`write_plan` of the result as a new project of a new workspace (which reschedules and
compares every task's dates). Both run in this process, best of N; generating the demo, reading
it back and exporting the file to import are done once beforehand and not timed.
"""

import functools
import time

from sqlalchemy import select

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.core.interchange.mspdi import read_mspdi, write_mspdi
from ipmp_desktop.core.interchange.plan import Plan
from ipmp_desktop.core.interchange.store import read_project
from ipmp_desktop.core.model import Project
from tests.benchmarks import bench_tasks, repeat, scenario, work_dir
from tests.benchmarks.interchange_timing import best_import_seconds


@functools.cache
def demo_plan(tasks: int) -> Plan:
    """The one project of a ``tasks``-task demo workspace, as a Plan."""
    path = work_dir() / f"mspdi-demo-{tasks}.ipmp"
    generate_demo(path, tasks=tasks, seed=1, projects=1)
    with Workspace.open(path) as workspace, workspace.reading() as session:
        project_id = session.scalars(select(Project.id)).one()
        return read_project(session, project_id)


@functools.cache
def exported(tasks: int) -> bytes:
    """The demo plan as an MSPDI document."""
    return write_mspdi(demo_plan(tasks))


@scenario("export_mspdi_10k_s")
def export_mspdi_10k() -> float:
    """Seconds to write a 10,000-task plan as MS Project XML."""
    plan = demo_plan(bench_tasks())
    best = float("inf")
    for _ in range(repeat()):
        started = time.perf_counter()
        data = write_mspdi(plan)
        best = min(best, time.perf_counter() - started)
    assert data.count(b"<Task>") == len(plan.tasks) + 1  # and MS Project's summary task
    return best


@scenario("import_mspdi_10k_s")
def import_mspdi_10k() -> float:
    """Seconds to read a 10,000-task MS Project XML file and write it as a new project."""
    tasks = bench_tasks()
    return best_import_seconds(read_mspdi, exported(tasks), "demo.xml", tasks)
