"""What the import scenarios share: timing a read plus the write of its plan as a new project.

This module registers no scenario; :func:`best_import_seconds` serves the format modules.
"""

import time
from collections.abc import Callable
from pathlib import Path

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.plan import Plan
from ipmp_desktop.core.interchange.store import write_plan
from tests.benchmarks import repeat, work_dir


def best_import_seconds(
    read: Callable[[bytes, str], Plan], data: bytes, source: str, tasks: int
) -> float:
    """Best of N seconds to read ``data`` (a file named ``source``) with ``read`` and write the
    plan as a new project of a new workspace (which reschedules and compares every task's
    dates). Each run checks that ``tasks`` tasks were imported."""
    best = float("inf")
    for run in range(repeat()):
        path = work_dir() / f"{Path(source).stem}-import-{run}.ipmp"
        with Workspace.create(path) as workspace:
            started = time.perf_counter()
            plan = read(data, source)
            result = write_plan(workspace, plan)
            best = min(best, time.perf_counter() - started)
        assert result.report.counts["tasks"] == tasks, result.report.counts
    return best
