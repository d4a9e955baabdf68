"""Reschedule a stored project: read it, run the CPM, write back what changed.

Commands whose ``Changes`` name a project in ``reschedule`` get this run after them, in the same
transaction and the same undo step (see ``core.commands.runner``). The reschedule writes the
dates of automatic tasks and summaries, and rolls each summary's percent complete up from its
leaves (:mod:`~ipmp_desktop.core.scheduling.progress`). Only fields that come out different are
written, so an edit moves exactly what depends on it.

Two ways to the same result: the full pass reads and schedules the whole project; the
incremental one (:mod:`~ipmp_desktop.core.scheduling.incremental`) schedules only what the
edited tasks can move, when the caller can vouch that the stored dates are settled.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ipmp_desktop.core.db.bulk import update_rows
from ipmp_desktop.core.model import Task
from ipmp_desktop.core.scheduling.incremental import downstream_dates
from ipmp_desktop.core.scheduling.network import collector_paused
from ipmp_desktop.core.scheduling.stored import (
    Outline,
    StoredPlan,
    project_calendar,
    project_start,
)

__all__ = [
    "DATE_FIELDS",
    "SCHEDULED_FIELDS",
    "RescheduleStep",
    "compute_dates",
    "project_calendar",
]

DATE_FIELDS = ("start", "finish", "duration_days")
SCHEDULED_FIELDS = (*DATE_FIELDS, "percent_complete")
"""Every field a reschedule may write."""


def compute_dates(session: Session, project_id: int) -> dict[int, dict[str, Any]]:
    """The dates every task of the project should have: ``{id: {start, finish, duration_days}}``.

    Manually scheduled tasks keep what they have.

    Raises:
        CycleError: the project's links form a cycle.
    """
    session.flush()
    dates = StoredPlan.load(session, project_id).dates()
    return {task_id: dict(zip(DATE_FIELDS, value, strict=True)) for task_id, value in dates.items()}


@dataclass
class RescheduleStep:
    """The scheduled fields one reschedule changed, to undo and redo exactly.

    ``old`` and ``new`` map a task id to the fields that changed (some of
    :data:`SCHEDULED_FIELDS`), before and after. ``incremental`` tells which pass ran;
    ``settled_before`` is for the runner, which remembers whether the stored dates were the
    full pass's before the step (see ``core.commands.runner``).
    """

    project_id: int
    old: dict[int, dict[str, Any]] = field(default_factory=dict)
    new: dict[int, dict[str, Any]] = field(default_factory=dict)
    incremental: bool = False
    settled_before: bool = False

    def run(self, session: Session, edited: set[int] | None = None) -> set[int]:
        """Compute and write the project's schedule; return the ids that changed.

        Args:
            edited: the tasks a command changed, when it changed nothing else of the plan and
                the stored dates were settled before it (what a full pass gives them); then
                only what those tasks can move is rescheduled. None runs the full pass.

        Raises:
            CycleError: the project's links form a cycle.
        """
        session.flush()  # rows are read on the connection, past the ORM's autoflush
        with collector_paused():  # many short-lived rows and tuples, no cycles among them
            found = self._incremental(session, edited) if edited is not None else None
            self.incremental = found is not None
            if found is None:
                stored = StoredPlan.load(session, self.project_id)
                percents = {row.id: row.percent_complete for row in stored.rows}
                found = stored.dates(), stored.rows, stored.progress(), percents
            self._compare(*found)
        self._write(session, self.new)
        return set(self.new)

    def _incremental(self, session: Session, edited: set[int]) -> tuple[Any, ...] | None:
        calendar = project_calendar(session, self.project_id)
        start = project_start(session, self.project_id, calendar)
        outline = Outline.load(session, self.project_id)
        found = downstream_dates(session, self.project_id, outline, edited, calendar, start)
        if found is None:
            return None
        dates, rows = found
        return (
            dates,
            rows,
            outline.progress(),
            dict(zip(outline.ids, outline.percents, strict=True)),
        )

    def _compare(
        self,
        dates: dict[int, tuple[date, date, int]],
        dated_rows: list[Any],
        progress: dict[int, int],
        percents: dict[int, int],
    ) -> None:
        """Keep in ``old``/``new`` what differs from the stored values: ``dates`` against the
        ``dated_rows``, ``progress`` against the stored ``percents`` (by id)."""
        old, new = self.old, self.new
        for row in dated_rows:
            wanted = dates.get(row.id)
            if wanted is None:
                continue
            start, finish, days = wanted
            if start != row.start or finish != row.finish or days != row.duration_days:
                old[row.id] = {
                    "start": row.start,
                    "finish": row.finish,
                    "duration_days": row.duration_days,
                }
                new[row.id] = {"start": start, "finish": finish, "duration_days": days}
        for task_id, percent in progress.items():
            stored = percents[task_id]
            if percent != stored:
                old.setdefault(task_id, {})["percent_complete"] = stored
                new.setdefault(task_id, {})["percent_complete"] = percent

    def undo(self, session: Session) -> None:
        """Put the fields back as they were before :meth:`run`."""
        self._write(session, self.old)

    def redo(self, session: Session) -> None:
        """Write again what :meth:`run` wrote."""
        self._write(session, self.new)

    @staticmethod
    def _write(session: Session, values: dict[int, dict[str, Any]]) -> None:
        """One ``executemany`` per set of field names, for every row that changed those fields."""
        if not values:
            return
        batches: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
        for task_id, fields in values.items():
            names = tuple(sorted(fields))
            batches[names].append((task_id, *(fields[name] for name in names)))
        connection = session.connection()
        for names, rows in batches.items():
            update_rows(connection, Task.__table__, names, rows)
        session.expire_all()
