"""The scheduling engine: the critical path method in memory, and one rescheduling edit.

``cpm_10k_ms`` and ``cpm_100k_ms`` run :func:`schedule` (forward and backward pass, floats) on
generated plans of 10,000 and 100,000 tasks; ``reschedule_edit_10k_ms`` moves the start of an
early task of a 10,000-task one-project demo through the command runner, commit included (an
incremental reschedule), and ``reschedule_full_edit_10k_ms`` the same edit with the full pass.
"""

import functools
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from ipmp_desktop.core.scheduling.cpm import Constraint, PlanLink, PlanTask, schedule
from tests.benchmarks import bench_tasks, repeat, scenario, work_dir

GROUP = 200
"""Leaf tasks per summary of the generated plans (nested two levels: phases and packages)."""

_LINK_TYPES = ("FS", "FS", "FS", "FS", "FS", "FS", "SS", "SS", "FF", "SF")


def synthetic_plan(tasks: int, seed: int = 1) -> tuple[list[PlanTask], list[PlanLink]]:
    """A plan of exactly ``tasks`` tasks, the same for the same seed.

    Phases hold five packages (summaries) of ``GROUP`` leaves each; about one link per leaf of
    mixed types and lags to one of the 50 leaves before it, plus summary-to-summary links; some
    milestones and start-no-earlier-than constraints. Links point forward, so there is no cycle.
    """
    rng = random.Random(seed)
    plan: list[PlanTask] = []
    links: list[PlanLink] = []
    leaves: list[int] = []
    packages: list[int] = []
    phase = package = 0
    in_package = GROUP
    while len(plan) < tasks:
        task_id = len(plan) + 1
        if in_package == GROUP:
            if len(packages) % 5 == 0 and phase != task_id - 1:
                phase = task_id
                plan.append(PlanTask(task_id))
                continue
            package, in_package = task_id, 0
            packages.append(package)
            plan.append(PlanTask(task_id, parent_id=phase))
            continue
        snet = rng.random() < 0.1
        plan.append(
            PlanTask(
                task_id,
                0 if rng.random() < 0.05 else rng.randint(1, 10),
                parent_id=package,
                constraint=Constraint.START_NO_EARLIER_THAN if snet else Constraint.ASAP,
                constraint_index=rng.randint(0, tasks // 20) if snet else None,
            )
        )
        if leaves:
            before = leaves[-1 - rng.randrange(min(50, len(leaves)))]
            links.append(PlanLink(before, task_id, rng.choice(_LINK_TYPES), rng.randint(-2, 3)))
        leaves.append(task_id)
        in_package += 1
    for earlier, later in zip(packages, packages[2:], strict=False):
        links.append(PlanLink(earlier, later, "FS", 0))
    return plan, links


@functools.cache
def _plan(tasks: int) -> tuple[list[PlanTask], list[PlanLink]]:
    return synthetic_plan(tasks)


def _median_ms(tasks: int, runs: int) -> float:
    plan, links = _plan(tasks)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        schedule(plan, links, project_start=0)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


@scenario("cpm_10k_ms", target=100)
def cpm_10k() -> float:
    """Median milliseconds of a full CPM on a 10,000-task plan (links and summaries)."""
    return _median_ms(10_000, max(5, repeat()))


@scenario("cpm_100k_ms", target=1500)
def cpm_100k() -> float:
    """Median milliseconds of a full CPM on a 100,000-task plan (links and summaries)."""
    return _median_ms(100_000, max(3, repeat()))


@functools.cache
def _edit_target() -> tuple[Path, int, date]:
    """The one-project demo the edit scenarios share, and an early task of it with its start."""
    from sqlalchemy import select

    from ipmp_desktop.core.db import Workspace
    from ipmp_desktop.core.demo import generate_demo
    from ipmp_desktop.core.model import Task, TaskKind

    path = work_dir() / f"reschedule-{bench_tasks()}.ipmp"
    generate_demo(path, tasks=bench_tasks(), projects=1, seed=1)
    with Workspace.open(path) as workspace, workspace.reading() as session:
        task_id, start = session.execute(
            select(Task.id, Task.start)
            .where(Task.kind == TaskKind.TASK, Task.manual.is_(False))
            .order_by(Task.start, Task.id)
            .limit(1)
            .offset(5)
        ).one()
    return path, task_id, start


def _edit_ms(*, full: bool) -> float:
    """Median milliseconds of start edits of the early task through the runner, commit
    included, in one session. The first edit (a full pass that settles the generated plan) is
    not counted; the others reschedule incrementally, or with ``full`` as a full pass."""
    from ipmp_desktop.core.commands import UpdateTask, apply
    from ipmp_desktop.core.commands.runner import forget_settled
    from ipmp_desktop.core.db import Workspace

    path, task_id, start = _edit_target()
    times = []
    with Workspace.open(path) as workspace:
        for attempt in range(max(7, repeat()) + 1):
            if full:
                forget_settled(workspace)
            shift = timedelta(days=7 * (attempt % 2 + 1))
            command = UpdateTask(task_id=task_id, start=start + shift)
            started = time.perf_counter()
            apply(workspace, command)
            times.append((time.perf_counter() - started) * 1000)
            assert command.schedule_steps[0].incremental == (attempt > 0 and not full)
    return statistics.median(times[1:])


@scenario("reschedule_edit_10k_ms")
def reschedule_edit_10k() -> float:
    """A start edit of an early task of a 10,000-task project, as the user makes it: after the
    session's first edit, so the reschedule runs incrementally (milliseconds, median)."""
    return _edit_ms(full=False)


@scenario("reschedule_full_edit_10k_ms")
def reschedule_full_edit_10k() -> float:
    """The same edit with the full pass (as the first edit of a session, or any edit of links,
    hierarchy or calendars runs it), milliseconds, median."""
    return _edit_ms(full=True)
