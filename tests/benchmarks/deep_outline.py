"""Deep outlines against flat ones: ``deep_outline_import_20k_s``, ``flat_outline_import_20k_s``,
``deep_outline_gantt_pdf_20k_s`` and ``flat_outline_gantt_pdf_20k_s``.

The deep file is a GanttProject ``.gan`` of 20,000 one-day tasks, each nested in the one before
it (:func:`tests.deep_outline.outline_gan`); the flat file holds the same tasks side by side.
The imports time :func:`read_gan` plus :func:`write_plan` as a new project of a new workspace
(which reschedules and compares every task's dates), in this process, best of N. The PDFs are
exported as ``ipmp export --view gantt`` does, in a fresh offscreen interpreter (the script of
:mod:`tests.benchmarks.export`), from a workspace the file was imported into beforehand. Every
pass over the outline is linear in its depth, so the deep figures should stay close to the flat
ones.
"""

import functools
from pathlib import Path

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.gan import read_gan
from ipmp_desktop.core.interchange.store import write_plan
from tests.benchmarks import repeat, run_offscreen, scenario, work_dir
from tests.benchmarks.export import SCRIPT
from tests.benchmarks.interchange_timing import best_import_seconds
from tests.deep_outline import outline_gan

TASKS = 20_000


@functools.cache
def _file(nested: bool) -> bytes:
    return outline_gan(TASKS, nested=nested)


@functools.cache
def _workspace(nested: bool) -> Path:
    path = work_dir() / f"{'deep' if nested else 'flat'}-outline.ipmp"
    with Workspace.create(path) as workspace:
        write_plan(workspace, read_gan(_file(nested), "outline.gan"))
    return path


def _pdf_seconds(nested: bool) -> float:
    output = work_dir() / f"{'deep' if nested else 'flat'}-outline.pdf"
    runs = [run_offscreen(SCRIPT, str(_workspace(nested)), str(output)) for _ in range(repeat())]
    assert all(run["files"] for run in runs), "nothing was written"
    return min(run["seconds"] for run in runs)


@scenario("deep_outline_import_20k_s")
def deep_import() -> float:
    """Seconds to read a .gan of 20,000 tasks nested 20,000 deep and write it as a project."""
    return best_import_seconds(read_gan, _file(True), "deep.gan", TASKS)


@scenario("flat_outline_import_20k_s")
def flat_import() -> float:
    """Seconds to read a .gan of 20,000 top-level tasks and write it as a project."""
    return best_import_seconds(read_gan, _file(False), "flat.gan", TASKS)


@scenario("deep_outline_gantt_pdf_20k_s")
def deep_pdf() -> float:
    """Seconds to export the Gantt chart of the 20,000-deep project to PDF."""
    return _pdf_seconds(True)


@scenario("flat_outline_gantt_pdf_20k_s")
def flat_pdf() -> float:
    """Seconds to export the Gantt chart of the 20,000 flat tasks to PDF."""
    return _pdf_seconds(False)
