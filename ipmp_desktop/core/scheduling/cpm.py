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
each of its leaf descendants; a link *from* a summary uses the span of its children.
"""

import enum
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from ipmp_desktop.core.errors import CycleError


class Constraint(enum.StrEnum):
    """Scheduling constraints a task may carry (``constraint_index`` is the date's index)."""

    ASAP = "asap"
    START_NO_EARLIER_THAN = "snet"
    FINISH_NO_LATER_THAN = "fnlt"
    MUST_START_ON = "mso"


@dataclass(frozen=True, slots=True)
class PlanTask:
    """One task as the engine sees it.

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


@dataclass(frozen=True, slots=True)
class PlanLink:
    """``successor`` depends on ``predecessor`` by ``type`` (FS/SS/FF/SF) with ``lag`` days."""

    predecessor: int
    successor: int
    type: str = "FS"
    lag: int = 0


@dataclass(frozen=True, slots=True)
class TaskTimes:
    """Early/late dates (indices, finish exclusive), floats, and flags of one task."""

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
        CycleError: the links (with summaries expanded) form a cycle; the message names it.
    """
    plan = _Plan(list(tasks), list(links))
    order = plan.topological_order()
    early = plan.forward(order, project_start)
    return plan.backward(order, early)


class _Plan:
    def __init__(self, tasks: list[PlanTask], links: list[PlanLink]) -> None:
        self.tasks = {t.id: t for t in tasks}
        self.children: dict[int, list[int]] = defaultdict(list)
        for task in tasks:
            if task.parent_id is not None and task.parent_id in self.tasks:
                self.children[task.parent_id].append(task.id)
        self.leaves_below: dict[int, list[int]] = {}
        self.edges: dict[int, list[PlanLink]] = defaultdict(list)  # by predecessor
        self.incoming: dict[int, list[PlanLink]] = defaultdict(list)
        for link in links:
            if link.predecessor not in self.tasks or link.successor not in self.tasks:
                continue
            for successor in self._targets(link.successor):
                expanded = PlanLink(link.predecessor, successor, link.type, link.lag)
                self.edges[link.predecessor].append(expanded)
                self.incoming[successor].append(expanded)

    def outgoing(self, task_id: int) -> list[PlanLink]:
        """Links leaving a leaf task, counting those that leave any summary above it: a
        summary's successor waits for each of its children."""
        links = list(self.edges.get(task_id, []))
        parent = self.tasks[task_id].parent_id
        while parent is not None and parent in self.tasks:
            links += [
                PlanLink(task_id, link.successor, link.type, link.lag)
                for link in self.edges.get(parent, [])
            ]
            parent = self.tasks[parent].parent_id
        return links

    def is_summary(self, task_id: int) -> bool:
        return bool(self.children.get(task_id))

    def _targets(self, task_id: int) -> list[int]:
        """A link to a summary binds its leaf descendants."""
        if not self.is_summary(task_id):
            return [task_id]
        if task_id not in self.leaves_below:
            found, stack = [], [task_id]
            while stack:
                current = stack.pop()
                kids = self.children.get(current, [])
                if kids:
                    stack.extend(kids)
                elif current != task_id:
                    found.append(current)
            self.leaves_below[task_id] = found
        return self.leaves_below[task_id]

    def _dependencies(self, task_id: int) -> list[int]:
        """What must be computed before ``task_id``: link predecessors, and for a summary its
        children (it spans them)."""
        before = [link.predecessor for link in self.incoming.get(task_id, [])]
        return before + list(self.children.get(task_id, []))

    def topological_order(self) -> list[int]:
        waiting = {task_id: 0 for task_id in self.tasks}
        after: dict[int, list[int]] = defaultdict(list)
        for task_id in self.tasks:
            for before in self._dependencies(task_id):
                waiting[task_id] += 1
                after[before].append(task_id)
        ready = deque(sorted(t for t, n in waiting.items() if n == 0))
        order: list[int] = []
        while ready:
            current = ready.popleft()
            order.append(current)
            for nxt in after[current]:
                waiting[nxt] -= 1
                if waiting[nxt] == 0:
                    ready.append(nxt)
        if len(order) != len(self.tasks):
            raise CycleError(self._describe_cycle({t for t, n in waiting.items() if n > 0}))
        return order

    def _describe_cycle(self, stuck: set[int]) -> str:
        start = min(stuck)
        path, seen = [start], {start}
        current = start
        while True:
            current = next(b for b in self._dependencies(current) if b in stuck)
            if current in seen:
                loop = [*path[path.index(current) :], current]
                names = " → ".join(f"#{i}" for i in reversed(loop))
                return f"The links form a cycle: {names}; remove one of them."
            seen.add(current)
            path.append(current)

    def _bound(self, link: PlanLink, times: dict[int, tuple[int, int]], duration: int) -> int:
        """The earliest start the link allows its successor."""
        pred_start, pred_finish = times[link.predecessor]
        match link.type:
            case "SS":
                return pred_start + link.lag
            case "FF":
                return pred_finish + link.lag - duration
            case "SF":
                return pred_start + link.lag - duration
        return pred_finish + link.lag

    def forward(self, order: list[int], project_start: int) -> dict[int, tuple[int, int]]:
        self.conflict: set[int] = set()
        early: dict[int, tuple[int, int]] = {}
        for task_id in order:
            task = self.tasks[task_id]
            kids = self.children.get(task_id)
            if kids:
                early[task_id] = (min(early[k][0] for k in kids), max(early[k][1] for k in kids))
                continue
            required = max(
                [project_start]
                + [
                    self._bound(link, early, task.duration)
                    for link in self.incoming.get(task_id, [])
                ]
            )
            if (
                task.constraint == Constraint.START_NO_EARLIER_THAN
                and task.constraint_index is not None
            ):
                required = max(required, task.constraint_index)
            start = required
            if task.constraint == Constraint.MUST_START_ON and task.constraint_index is not None:
                start = task.constraint_index
            if task.manual and task.manual_start is not None:
                start = task.manual_start
            if start < required:
                self.conflict.add(task_id)
            early[task_id] = (start, start + task.duration)
        return early

    def backward(self, order: list[int], early: dict[int, tuple[int, int]]) -> ScheduleResult:
        finish = max((f for _s, f in early.values()), default=0)
        late: dict[int, tuple[int, int]] = {}
        for task_id in reversed(order):
            task = self.tasks[task_id]
            if self.children.get(task_id):
                continue
            latest = finish
            for link in self.outgoing(task_id):
                if link.successor not in late:
                    continue
                succ_start, succ_finish = late[link.successor]
                latest = min(
                    latest, self._latest_finish(link, succ_start, succ_finish, task.duration)
                )
            if (
                task.constraint == Constraint.FINISH_NO_LATER_THAN
                and task.constraint_index is not None
            ):
                latest = min(latest, task.constraint_index)
            late[task_id] = (latest - task.duration, latest)
        for task_id in order:  # summaries span their children's late dates (children first)
            kids = self.children.get(task_id)
            if kids:
                late[task_id] = (min(late[k][0] for k in kids), max(late[k][1] for k in kids))
        result = ScheduleResult(project_finish=finish)
        for task_id in order:
            es, ef = early[task_id]
            ls, lf = late[task_id]
            total = ls - es
            missed = self.tasks[task_id].constraint == Constraint.FINISH_NO_LATER_THAN and total < 0
            result.times[task_id] = TaskTimes(
                early_start=es,
                early_finish=ef,
                late_start=ls,
                late_finish=lf,
                total_float=total,
                free_float=self._free_float(task_id, early, finish),
                critical=total <= 0,
                conflict=task_id in self.conflict or missed,
            )
        return result

    @staticmethod
    def _latest_finish(link: PlanLink, succ_start: int, succ_finish: int, duration: int) -> int:
        """The latest finish a predecessor may have without delaying this successor."""
        match link.type:
            case "SS":
                return succ_start - link.lag + duration
            case "FF":
                return succ_finish - link.lag
            case "SF":
                return succ_finish - link.lag + duration
        return succ_start - link.lag

    def _free_float(self, task_id: int, early: dict[int, tuple[int, int]], finish: int) -> int:
        """How far the task can slip without moving any successor's early start."""
        if self.children.get(task_id):
            return 0
        end = early[task_id][1]
        slack = finish - end
        for link in self.outgoing(task_id):
            successor = self.tasks[link.successor]
            bound = self._bound(link, early, successor.duration)
            slack = min(slack, early[link.successor][0] - bound)
        return max(0, slack)
