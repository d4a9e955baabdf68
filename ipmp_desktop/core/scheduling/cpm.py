"""The critical path method over working-day indices.

Inputs are plain values: tasks with a duration in working days, links with a type and a lag,
optional constraints, and the project's start index. Dates never appear here: the caller maps
them with a :class:`~ipmp_desktop.core.scheduling.calendar.WorkCalendar` (index <-> date), which
keeps the passes linear in tasks + links.

Conventions: a task occupies the working days ``[start, finish)``, so ``finish = start +
duration`` and a milestone (duration 0) has ``finish == start``. Link bounds on the successor:

    FS: start  >= pred.finish + lag        SS: start  >= pred.start + lag
    FF: finish >= pred.finish + lag        SF: finish >= pred.start + lag

Summaries are not scheduled themselves: they span their children. A link *to* a summary binds
each of its leaf descendants; a link *from* a summary uses the span of its children (and, in the
backward pass, binds each leaf below it). :mod:`~ipmp_desktop.core.scheduling.network` does this
without expanding such links leaf by leaf, so the cost stays linear in tasks + links whatever the
summaries; :func:`schedule` runs both passes, :func:`early_times` only the forward one.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from ipmp_desktop.core.scheduling.network import ALWAYS, Network, collector_paused


class Constraint(enum.StrEnum):
    """Scheduling constraints a task may carry (``constraint_index`` is the date's index)."""

    ASAP = "asap"
    START_NO_EARLIER_THAN = "snet"
    FINISH_NO_LATER_THAN = "fnlt"
    MUST_START_ON = "mso"


class PlanTask(NamedTuple):
    """One task as the engine sees it (immutable).

    Args:
        id: the task id.
        duration: working days (0 for a milestone); ignored for summaries.
        parent_id: the summary it sits under, if any.
        manual: keep ``manual_start`` whatever the links say (conflicts are reported).
        manual_start: the start index of a manually scheduled task.
        constraint: one of :class:`Constraint`; ``constraint_index`` its index: the start
            index for SNET and MSO, the (exclusive) finish index for FNLT.
    """

    id: int
    duration: int = 1
    parent_id: int | None = None
    manual: bool = False
    manual_start: int | None = None
    constraint: Constraint = Constraint.ASAP
    constraint_index: int | None = None


class PlanLink(NamedTuple):
    """``successor`` depends on ``predecessor`` by ``type`` (FS/SS/FF/SF) with ``lag`` days."""

    predecessor: int
    successor: int
    type: str = "FS"
    lag: int = 0


class TaskTimes(NamedTuple):
    """Early/late dates (indices, finish exclusive), floats, and flags of one task.

    Immutable. The engine's value types are named tuples rather than dataclasses because a
    plan holds one per task and link, and building 100,000 frozen dataclasses costs more than
    the passes themselves.
    """

    early_start: int
    early_finish: int
    late_start: int
    late_finish: int
    total_float: int
    free_float: int
    critical: bool
    conflict: bool = False


@dataclass
class ScheduleResult:
    """Times per task id, the project's finish index, and the tasks whose link or constraint
    could not be met (manual tasks pushed past, missed finish-no-later-than)."""

    times: dict[int, TaskTimes] = field(default_factory=dict)
    project_finish: int = 0

    @property
    def critical_path(self) -> list[int]:
        """Critical task ids, by early start."""
        critical = [i for i, t in self.times.items() if t.critical]
        return sorted(critical, key=lambda i: (self.times[i].early_start, i))

    @property
    def conflicts(self) -> list[int]:
        """Ids of tasks that could not honour a link or a constraint."""
        return sorted(i for i, t in self.times.items() if t.conflict)


def schedule(
    tasks: Iterable[PlanTask], links: Iterable[PlanLink], project_start: int
) -> ScheduleResult:
    """Run the forward and backward passes.

    Raises:
        CycleError: the links (through summaries too) form a cycle; the message names it.
    """
    tasks = list(tasks)
    with collector_paused():
        plan = _Plan(tasks, links)
        order = plan.topological_order()
        es, ef, conflicts = plan.forward(order, *start_rules(tasks, project_start))
        fnlt = Constraint.FINISH_NO_LATER_THAN
        deadline = [
            t.constraint_index
            if t.constraint == fnlt and t.constraint_index is not None
            else ALWAYS
            for t in tasks
        ]
        ls, lf, free, finish = plan.backward(order, es, ef, deadline)
        total = [late - early for late, early in zip(ls, es, strict=True)]
        conflict = [False] * len(tasks)
        for i in conflicts:
            conflict[i] = True
        for i, task in enumerate(tasks):
            if total[i] < 0 and task.constraint == fnlt:
                conflict[i] = True  # the deadline cannot be met
        critical = [slack <= 0 for slack in total]
        rows = zip(es, ef, ls, lf, total, free, critical, conflict, strict=True)
        times = dict(zip(plan.ids, map(TaskTimes._make, rows), strict=True))
    return ScheduleResult(times, finish)


def early_times(
    tasks: Iterable[PlanTask], links: Iterable[PlanLink], project_start: int
) -> dict[int, tuple[int, int]]:
    """Only the forward pass: ``{id: (early start, early finish)}``, for writing dates.

    The same dates as :func:`schedule` at a fraction of its cost (no late dates, no floats).

    Raises:
        CycleError: as :func:`schedule`.
    """
    tasks = list(tasks)
    with collector_paused():
        plan = _Plan(tasks, links)
        es, ef, _conflicts = plan.forward(
            plan.topological_order(), *start_rules(tasks, project_start)
        )
        return dict(zip(plan.ids, zip(es, ef, strict=True), strict=True))


class _Plan(Network):
    """The network of :class:`PlanTask` and :class:`PlanLink` values (summaries: tasks with
    children; a summary's own duration is ignored)."""

    def __init__(self, tasks: list[PlanTask], links: Iterable[PlanLink]) -> None:
        ids, durations, parents = list(zip(*tasks, strict=True))[:3] if tasks else ((), (), ())
        super().__init__(ids, parents, durations, list(links))  # a PlanLink is such a tuple


def start_rules(
    tasks: Iterable[PlanTask], project_start: int
) -> tuple[list[int], list[int | None]]:
    """Per task: the earliest start whatever its links (the project start, a start no earlier
    than), and the start it keeps whatever its links (manual, must start on) or None."""
    floor: list[int] = []
    fixed: list[int | None] = []
    snet, mso = Constraint.START_NO_EARLIER_THAN, Constraint.MUST_START_ON
    for t in tasks:
        index = t.constraint_index
        low = project_start
        if t.constraint == snet and index is not None and index > low:
            low = index
        floor.append(low)
        if t.manual and t.manual_start is not None:
            fixed.append(t.manual_start)
        elif t.constraint == mso and index is not None:
            fixed.append(index)
        else:
            fixed.append(None)
    return floor, fixed
