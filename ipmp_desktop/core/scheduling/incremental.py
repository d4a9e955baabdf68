"""Reschedule only what an edit of a few tasks actually moves.

When the stored dates of a project are what a full pass gives them (the runner tracks this: see
``core.commands.runner``) and a command changed nothing but fields of some tasks (dates,
durations, constraints, mode, progress; no link, no hierarchy, no calendar), only those tasks
and what depends on them can move, and a dependent task whose early dates come out unchanged
moves nothing after it either. So the forward pass starts at the edited tasks and spreads, in
dependency order, only from tasks whose dates changed, reading the stored dates of everything
else. Its result is the full pass's. When the spread reaches a large part of the plan (an early
task pushes everything after it), it stops and leaves the work to the full pass, which does a
whole plan faster than the spread does it node by node.

Reading follows the same idea: the outline and the links (integers, cheap) of the whole project,
and dated rows only for the tasks the pass visits and those they read, fetched in a few batches
(all at once when the edit reaches far: then one query is cheaper than many).
"""

import heapq
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from ipmp_desktop.core.scheduling.cpm import start_rules
from ipmp_desktop.core.scheduling.network import NEVER, Network
from ipmp_desktop.core.scheduling.stored import (
    DATED_COLUMNS,
    TASK,
    Outline,
    keeps_dates,
    plan_tasks,
    written_dates,
)

_CHUNK = 500
"""Ids per ``IN (...)`` list: well under every backend's limit on bound parameters."""
_BATCHES = 6
"""Dated rows are fetched in at most this many batches; the next need reads all the rest."""
_LOOKAHEAD = 400
"""Rows a batch asks for ahead of need, at most (plus those of one whole level of nodes)."""
_ALL_ROWS_SHARE = 4
"""Read every dated row at once when the pass would need more than one task in this many."""


_FAR = 32
"""Give up and leave it to the full pass once the spread has visited one node in this many:
past that, visiting node by node costs more than one pass over everything."""


class FullPassNeeded(Exception):
    """The incremental pass cannot help: the stored plan cannot seed it (a task it reads was
    never given dates), or the edit reaches too far for it to pay off."""


def downstream_dates(
    session: Session,
    project_id: int,
    outline: Outline,
    edited: Iterable[int],
    calendar: WorkCalendar,
    project_start: int,
) -> tuple[dict[int, tuple[date, date, int]], list[Any]] | None:
    """The dates an edit of the ``edited`` tasks moves, as a full pass gives them.

    The caller vouches that the stored dates were the full pass's before the edit and that the
    edit changed nothing but fields of the ``edited`` tasks.

    Returns:
        ``({id: (start, finish, duration_days)}, rows)``: the dates of the automatic tasks and
        summaries the pass recomputed (manual tasks keep theirs) and their stored rows; or None
        when the stored plan cannot seed the pass or the edit reaches so far that the full pass
        is cheaper: run the full pass then.

    Raises:
        CycleError: the links form a cycle (a stored plan never does).
    """
    spread = _Spread(session, project_id, outline, calendar, project_start)
    try:
        changed = spread.run(edited)
    except FullPassNeeded:
        return None
    rows = [spread.rows[i] for i in changed]
    dates = {
        row.id: written_dates(calendar, *changed[i])
        for i, row in zip(changed, rows, strict=True)
        if not keeps_dates(row, bool(spread.network.children[i]))
    }
    return dates, rows


class _Spread:
    """One incremental forward pass; node numbering as in :class:`Network`."""

    def __init__(
        self,
        session: Session,
        project_id: int,
        outline: Outline,
        calendar: WorkCalendar,
        project_start: int,
    ) -> None:
        self.session, self.project_id = session, project_id
        self.calendar, self.project_start = calendar, project_start
        self.network = Network(outline.ids, outline.parents, outline.durations, outline.links)
        self.rows: dict[int, Any] = {}  # dated rows by task index
        self.floor: dict[int, int] = {}
        self.fixed: dict[int, int | None] = {}
        self.batches = 0
        self.new: dict[int, tuple[int, int]] = {}  # recomputed early dates by task index
        self.stored: dict[int, tuple[int, int]] = {}
        self.bounds: dict[int, tuple[int, int]] = {}  # entry bounds by summary index

    def run(self, edited: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Spread from the ``edited`` task ids; return the recomputed tasks' early dates."""
        net = self.network
        order = net.topological_order()
        rank = [0] * len(order)
        for position, node in enumerate(order):
            rank[node] = position
        starts = {net.index[t] for t in edited if t in net.index}
        heap = [(rank[i], i) for i in starts]
        heapq.heapify(heap)
        queued = set(starts)
        budget = max(len(order) // _FAR, len(starts) + 16)
        while heap:
            if len(queued) > budget:
                raise FullPassNeeded("the edit moves too much of the plan")
            _rank, node = heapq.heappop(heap)
            self._fetch(node, heap)
            if node >= net.n:  # an entry: its bounds may have moved, so may every child
                self._entry(net.entry_of[node - net.n])
            else:
                value = self._exit(node) if net.children[node] else self._leaf(node)
                if node not in starts and value == self._stored(node):
                    continue  # nothing after it moves because of it
                self.new[node] = value
            for nxt in net.after(node):
                if nxt not in queued:
                    queued.add(nxt)
                    heapq.heappush(heap, (rank[nxt], nxt))
        return self.new

    # -- values -------------------------------------------------------------------------------

    def value(self, i: int) -> tuple[int, int]:
        """Early start and finish of task ``i``: recomputed, else as stored."""
        found = self.new.get(i)
        return found if found is not None else self._stored(i)

    def _stored(self, i: int) -> tuple[int, int]:
        """Early start and finish as stored (a full pass's, by the caller's word)."""
        found = self.stored.get(i)
        if found is None:
            self._fetch_tasks([i])
            row, summary = self.rows[i], bool(self.network.children[i])
            if row.start is None or (summary and keeps_dates(row)):
                raise FullPassNeeded(f"task {row.id} has no stored place")
            start = self.calendar.index(row.start)
            span = row.duration_days if summary else self.network.duration[i]
            found = self.stored[i] = (start, start + span)
        return found

    def _leaf(self, i: int) -> tuple[int, int]:
        """As :meth:`Network.forward` computes a leaf."""
        net, d = self.network, self.network.duration[i]
        required = self.floor[i]
        for pred, _succ, reads_finish, binds_finish, lag in net.incoming[i]:
            start, finish = self.value(pred)
            bound = (finish if reads_finish else start) + lag - (d if binds_finish else 0)
            required = max(required, bound)
        if net.parent[i] >= 0:
            low_start, low_finish = self._entry(net.parent[i])
            required = max(required, low_start, low_finish - d)
        start = self.fixed[i]
        if start is None:
            start = required
        return start, start + d

    def _exit(self, i: int) -> tuple[int, int]:
        """A summary spans its children."""
        spans = [self.value(k) for k in self.network.children[i]]
        return min(s for s, _f in spans), max(f for _s, f in spans)

    def _entry(self, s: int) -> tuple[int, int]:
        """The bounds the links into summary ``s`` and its ancestors put on every leaf below
        (:meth:`Network.summary_bounds`). Asked only once every predecessor is final, so it is
        computed once."""
        found = self.bounds.get(s)
        if found is not None:
            return found
        net = self.network
        unbounded = [s]  # s and the summaries above it not bounded yet, nearest first
        p = net.parent[s]
        while p >= 0 and p not in self.bounds:
            unbounded.append(p)
            p = net.parent[p]
        above = self.bounds[p] if p >= 0 else (NEVER, NEVER)
        for summary in reversed(unbounded):  # top down, each from the one above it
            self._fetch_tasks([edge[0] for edge in net.incoming[summary]])
            above = self.bounds[summary] = net.summary_bounds(summary, self.value, above)
        return above

    # -- reading ------------------------------------------------------------------------------

    def _needs(self, node: int) -> list[int]:
        """The tasks whose rows computing ``node`` reads: its own, its children's (an exit),
        its link predecessors' and those of the summaries above it not yet bounded."""
        net = self.network
        if node < net.n and net.children[node]:
            return [node, *net.children[node]]
        task = node if node < net.n else net.entry_of[node - net.n]
        needs = [edge[0] for edge in net.incoming[task]]
        if node < net.n:
            needs.append(node)
        above = net.parent[task]
        while above >= 0 and above not in self.bounds:
            needs.extend(edge[0] for edge in net.incoming[above])
            above = net.parent[above]
        return needs

    def _fetch(self, node: int, pending: list[tuple[int, int]]) -> None:
        """Make sure the rows ``node`` reads are here. When some are not, fetch in the same
        batch what the ``pending`` nodes (the heap) will read, and what the nodes after all
        of them would read should they move too, up to :data:`_LOOKAHEAD` rows: one query
        for a few hundred rows costs about what one for a single row does."""
        rows = self.rows
        if all(i in rows for i in self._needs(node)):
            return
        frontier = [node, *(other for _rank, other in pending)]
        seen, wanted = set(frontier), []
        while frontier and len(wanted) < _LOOKAHEAD:
            later = []
            for current in frontier:
                wanted.extend(self._needs(current))
                for nxt in self.network.after(current):
                    if nxt not in seen:
                        seen.add(nxt)
                        later.append(nxt)
                if len(wanted) >= _LOOKAHEAD:
                    break
            frontier = later
        self._fetch_tasks(wanted)

    def _fetch_tasks(self, indices: list[int]) -> None:
        """Read the dated rows of the tasks at ``indices`` that are not here yet."""
        missing = {i for i in indices if i not in self.rows}
        if not missing:
            return
        net, connection = self.network, self.session.connection()
        self.batches += 1
        if self.batches > _BATCHES or (len(self.rows) + len(missing)) * _ALL_ROWS_SHARE > net.n:
            statement = select(*DATED_COLUMNS).where(TASK.project_id == self.project_id)
            every = connection.execute(statement).all()
            found = [row for row in every if net.index[row.id] not in self.rows]
        else:
            ids = sorted(net.ids[i] for i in missing)
            found = []
            for at in range(0, len(ids), _CHUNK):
                chunk = select(*DATED_COLUMNS).where(TASK.id.in_(ids[at : at + _CHUNK]))
                found.extend(connection.execute(chunk).all())
        floors, keeps = start_rules(plan_tasks(found, self.calendar), self.project_start)
        for row, low, keep in zip(found, floors, keeps, strict=True):
            i = net.index[row.id]
            self.rows[i], self.floor[i], self.fixed[i] = row, low, keep
