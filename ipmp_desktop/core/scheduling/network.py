"""The CPM's working graph: tasks and links as dense integer arrays, their order, the passes.

This is the engine room of :mod:`~ipmp_desktop.core.scheduling.cpm`; callers use ``schedule()``
or ``early_times()`` there.

**Summaries without expansion.** A link to a summary binds every leaf below it, and a link from a
summary binds every leaf below it too in the backward pass. Expanding those links leaf by leaf
costs leaves x leaves for a summary-to-summary link (two packages of 200 tasks: 40,000 edges).
Instead each summary is two nodes: its *entry* gathers the bounds of the links into it (and its
parent's entry) and hands them down to its children; its *exit* is the span of its children and
the source of the links out of it. Bounds split by side: FS/SS links bound the successor's start,
FF/SF links its finish (``start >= bound - duration``), so one pair of numbers per summary carries
every link into it, whatever the durations of the leaves it binds. The backward pass mirrors this.
The graph stays linear in tasks + links.

Node numbering: task ``i`` (its position in the input) is node ``i``, which for a summary is its
exit; the entry of the ``k``-th summary is node ``n + k``.
"""

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from ipmp_desktop.core.errors import CycleError

NEVER = -(1 << 62)
"""A bound that binds nothing in the forward pass (far below any index)."""
ALWAYS = 1 << 62
"""A bound that binds nothing in the backward pass."""

_FS = (True, False)
_SIDES = {"FS": _FS, "SS": (False, False), "FF": (True, True), "SF": (False, True)}
"""Per link type: does it read its predecessor's finish (else its start), and does it bound
its successor's finish (else its start). Unknown types count as FS."""

Edge = tuple[int, int, bool, bool, int]
"""``(predecessor, successor, reads the predecessor's finish, bounds the successor's finish,
lag)``, tasks by index; one tuple serves both the incoming and the outgoing lists."""


class Network:
    """Dense arrays of one plan; see the module docstring for the node numbering.

    Args:
        ids: task ids, in input order (must be unique).
        parents: the parent id of each task (None, or an id not in ``ids``: top level).
        durations: working days of each task (ignored for summaries).
        links: ``(predecessor id, successor id, type, lag)``; links naming an unknown task are
            ignored.
    """

    def __init__(
        self,
        ids: Sequence[int],
        parents: Sequence[int | None],
        durations: Sequence[int],
        links: Sequence[tuple[int, int, str, int]],
    ) -> None:
        self.ids = list(ids)
        self.n = n = len(self.ids)
        self.index = index = {task_id: i for i, task_id in enumerate(self.ids)}
        self.duration = list(durations)
        self.parent = [-1 if p is None else index.get(p, -1) for p in parents]
        # Most tasks have no children and few links: they share one empty tuple instead of
        # owning empty lists (at 100,000 tasks the allocations alone would dominate).
        self.children: list[Sequence[int]] = [()] * n
        self.entry = [-1] * n  # node of each summary's entry
        self.entry_of: list[int] = []  # summary index of entry node n + k
        for i, p in enumerate(self.parent):
            if p >= 0:
                kids = self.children[p]
                if kids:
                    kids.append(i)  # type: ignore[attr-defined]
                else:
                    self.children[p] = [i]
                    self.entry[p] = n + len(self.entry_of)
                    self.entry_of.append(p)
        self.incoming: list[Sequence[Edge]] = [()] * n  # by successor
        self.outgoing: list[Sequence[Edge]] = [()] * n  # by predecessor
        incoming, outgoing, sides = self.incoming, self.outgoing, _SIDES
        for pred_id, succ_id, kind, lag in links:
            pred, succ = index.get(pred_id), index.get(succ_id)
            if pred is None or succ is None:
                continue
            edge = (pred, succ, *sides.get(kind, _FS), lag)
            found = incoming[succ]
            if found:
                found.append(edge)  # type: ignore[attr-defined]
            else:
                incoming[succ] = [edge]
            found = outgoing[pred]
            if found:
                found.append(edge)  # type: ignore[attr-defined]
            else:
                outgoing[pred] = [edge]

    # -- order --------------------------------------------------------------------------------

    def after(self, node: int) -> list[int]:
        """The nodes that must come after ``node`` (that read its value)."""
        n = self.n
        if node >= n:  # an entry binds the children of its summary
            return [self._target(k) for k in self.children[self.entry_of[node - n]]]
        after = [self._target(edge[1]) for edge in self.outgoing[node]]
        if self.parent[node] >= 0:
            after.append(self.parent[node])  # a summary's exit spans its children
        return after

    def _target(self, task: int) -> int:
        """The node a link to ``task`` binds: a summary's entry, else the task."""
        entry = self.entry[task]
        return entry if entry >= 0 else task

    def topological_order(self) -> list[int]:
        """Every node once, each after all it depends on.

        Raises:
            CycleError: the links (through summaries too) form a cycle; the message names it.
        """
        n, parent, entry, children = self.n, self.parent, self.entry, self.children
        incoming, outgoing = self.incoming, self.outgoing
        waiting = [len(incoming[i]) + (parent[i] >= 0) for i in range(n)]
        for i in self.entry_of:  # a summary's entry waits for what was counted on its node
            waiting.append(waiting[i])  # (links into it, its parent's entry); its exit waits
            waiting[i] = len(children[i])  # for its children
        order = [node for node, count in enumerate(waiting) if count == 0]
        entry_of = self.entry_of
        for node in order:  # the list grows while it is walked: a queue without popping
            if node >= n:
                bound: Iterable[int] = children[entry_of[node - n]]
            else:
                bound = [edge[1] for edge in outgoing[node]]
                p = parent[node]
                if p >= 0:  # a summary's exit spans its children
                    waiting[p] -= 1
                    if waiting[p] == 0:
                        order.append(p)
            for task in bound:  # a link to a summary (or its parent's entry) binds its entry
                nxt = entry[task] if entry[task] >= 0 else task
                waiting[nxt] -= 1
                if waiting[nxt] == 0:
                    order.append(nxt)
        if len(order) != len(waiting):
            raise CycleError(self._describe_cycle(waiting))
        return order

    def _describe_cycle(self, waiting: list[int]) -> str:
        """Name the tasks of one cycle among the nodes left waiting, in link order."""
        stuck = {node for node, count in enumerate(waiting) if count > 0}
        before: dict[int, list[int]] = {node: [] for node in stuck}
        for node in stuck:
            for nxt in self.after(node):
                if nxt in stuck:
                    before[nxt].append(node)
        # Every stuck node waits for a stuck one, so walking backwards must come round.
        current = min(stuck, key=lambda node: (self.ids[self._task_of(node)], node))
        path, seen = [current], {current}
        while True:
            current = before[current][0]
            if current in seen:
                loop = [*path[path.index(current) :], current]
                break
            seen.add(current)
            path.append(current)
        names: list[int] = []
        for node in reversed(loop):
            task_id = self.ids[self._task_of(node)]
            if not names or names[-1] != task_id:  # entry and exit of one summary: one name
                names.append(task_id)
        if len(names) > 1 and names[0] != names[-1]:
            names.append(names[0])
        steps = " → ".join(f"#{i}" for i in names)
        return f"The links form a cycle: {steps}; remove one of them."

    def _task_of(self, node: int) -> int:
        return node if node < self.n else self.entry_of[node - self.n]

    # -- passes -------------------------------------------------------------------------------

    def forward(
        self,
        order: list[int],
        floor: Sequence[int],
        fixed: Sequence[int | None],
    ) -> tuple[list[int], list[int], list[int]]:
        """Early start and finish of every task (a summary spans its children), and the tasks
        whose fixed start breaks a link or their floor.

        Args:
            order: from :meth:`topological_order`.
            floor: the earliest start of each leaf whatever its links (project start, SNET).
            fixed: the start a leaf keeps whatever its links (manual or must-start-on), or None.
        """
        n, parent, children, duration = self.n, self.parent, self.children, self.duration
        incoming, entry_of = self.incoming, self.entry_of
        es, ef = [0] * n, [0] * n
        start_bound, finish_bound = [NEVER] * n, [NEVER] * n  # from links into each summary
        conflicts: list[int] = []
        for node in order:
            if node >= n:  # a summary's entry: gather what binds everything below it
                s = entry_of[node - n]
                p = parent[s]
                above = (start_bound[p], finish_bound[p]) if p >= 0 else (NEVER, NEVER)
                bounds = self.summary_bounds(s, lambda i: (es[i], ef[i]), above)
                start_bound[s], finish_bound[s] = bounds
                continue
            kids = children[node]
            if kids:  # a summary's exit: it spans its children
                es[node] = min([es[k] for k in kids])
                ef[node] = max([ef[k] for k in kids])
                continue
            d = duration[node]
            required = floor[node]
            for pred, _s, reads_finish, binds_finish, lag in incoming[node]:
                bound = (ef[pred] if reads_finish else es[pred]) + lag
                if binds_finish:
                    bound -= d
                if bound > required:
                    required = bound
            p = parent[node]
            if p >= 0:
                required = max(required, start_bound[p], finish_bound[p] - d)
            start = fixed[node]
            if start is None:
                start = required
            elif start < required:
                conflicts.append(node)
            es[node], ef[node] = start, start + d
        return es, ef, conflicts

    def summary_bounds(
        self, s: int, early: Callable[[int], tuple[int, int]], above: tuple[int, int]
    ) -> tuple[int, int]:
        """The start and finish bounds that the links into summary ``s`` and ``above`` (its
        parent's bounds) put on every leaf below ``s``; ``early(i)`` gives the early start and
        finish of predecessor ``i``."""
        low_start, low_finish = above
        for pred, _s, reads_finish, binds_finish, lag in self.incoming[s]:
            start, finish = early(pred)
            bound = (finish if reads_finish else start) + lag
            if binds_finish:
                low_finish = max(low_finish, bound)
            else:
                low_start = max(low_start, bound)
        return low_start, low_finish

    def backward(
        self, order: list[int], es: list[int], ef: list[int], deadline: Sequence[int]
    ) -> tuple[list[int], list[int], list[int], int]:
        """Late start and finish and free float of every task, and the project finish.

        Args:
            order, es, ef: as :meth:`forward` used and returned.
            deadline: the latest finish of each leaf whatever its links (FNLT), or ``ALWAYS``.
        """
        n, parent, children, duration = self.n, self.parent, self.children, self.duration
        outgoing, entry_of = self.outgoing, self.entry_of
        finish = max(ef, default=0)
        ef_low = self._lowest_early_finish(order, ef)
        ls, lf, lf_low = [0] * n, [0] * n, [0] * n  # lf_low: lowest late finish of the leaves
        free = [0] * n
        # per summary, what links out of it (and out of its ancestors) ask of every leaf below
        late_finish_cap, late_start_cap = [ALWAYS] * n, [ALWAYS] * n
        slack_finish, slack_start = [ALWAYS] * n, [ALWAYS] * n
        for node in reversed(order):
            if node >= n:  # a summary's entry: its late span, once every child has one
                s = entry_of[node - n]
                kids = children[s]
                ls[s] = min([ls[k] for k in kids])
                lf[s] = max([lf[k] for k in kids])
                lf_low[s] = min([lf_low[k] for k in kids])
                continue
            p = parent[node]
            if p >= 0:
                cap_f, cap_s = late_finish_cap[p], late_start_cap[p]
                room_f, room_s = slack_finish[p], slack_start[p]
            else:
                cap_f = cap_s = room_f = room_s = ALWAYS
            for _p, succ, reads_finish, binds_finish, lag in outgoing[node]:
                if binds_finish:
                    cap, room = lf_low[succ] - lag, ef_low[succ] - lag
                else:
                    cap, room = ls[succ] - lag, es[succ] - lag
                if reads_finish:
                    cap_f, room_f = min(cap_f, cap), min(room_f, room)
                else:
                    cap_s, room_s = min(cap_s, cap), min(room_s, room)
            if children[node]:  # a summary's exit: hand the caps down to its children
                late_finish_cap[node], late_start_cap[node] = cap_f, cap_s
                slack_finish[node], slack_start[node] = room_f, room_s
                continue
            d = duration[node]
            latest = min(finish, cap_f, cap_s + d, deadline[node])
            ls[node], lf[node], lf_low[node] = latest - d, latest, latest
            free[node] = max(0, min(finish - ef[node], room_f - ef[node], room_s - es[node]))
        return ls, lf, free, finish

    def _lowest_early_finish(self, order: list[int], ef: list[int]) -> list[int]:
        """``ef`` with each summary's value replaced by the lowest early finish below it (what
        a finish-bound link into the summary leaves the least room to)."""
        low = list(ef)
        children = self.children
        for node in order:
            if node < self.n and children[node]:
                low[node] = min([low[k] for k in children[node]])
        return low


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a schedule is built.

    A schedule of 100,000 tasks allocates a few hundred thousand small lists and tuples, none in
    a cycle; each allocation burst makes the collector walk the whole heap again, which took a
    third of the time. Reference counting still frees everything; the collector resumes (if it
    was running) on the way out, even on an error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
