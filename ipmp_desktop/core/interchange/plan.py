"""The one shape every importer produces and every exporter consumes: a :class:`Plan`.

Importers turn another tool's file into a Plan (bytes in, no database); exporters turn a Plan into
a file (no database); :mod:`~ipmp_desktop.core.interchange.store` writes a Plan into a new project
and reads a project back into a Plan. So a format is two pure functions, tested on their own,
and a round trip is ``read_project -> export -> import -> write_plan``.

Conventions, whatever the source format said:
    * dates are calendar days; ``finish`` is the last working day (inclusive);
    * ``duration_days`` is in working days of the plan's calendar (0 for a milestone);
    * ``lag_days`` is in working days (negative: a lead);
    * tasks come in outline order (a parent before its children); ``parent`` names the parent's
      ``key``; keys are the source's ids as text, unique within the plan;
    * every importer notes in ``report`` what it mapped and what it dropped, and why.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from ipmp_desktop.core.errors import DomainError


class InterchangeError(DomainError):
    """A file that cannot be imported or a project that cannot be exported as asked; the
    message is one sentence, and nothing was written."""


MAX_IMPORT_BYTES = 200 * 1024 * 1024
"""Files larger than this are refused before they are read."""

LINK_TYPES = ("FS", "SS", "FF", "SF")
CONSTRAINTS = ("asap", "snet", "fnlt", "mso")
"""Constraint types the scheduler knows (as stored in ``task.constraint_type``)."""


@dataclass
class PlanTask:
    """One task, milestone or summary of a plan."""

    key: str
    title: str
    parent: str | None = None
    kind: str = "task"
    """"task", "milestone" or "summary" (a task with children is a summary whatever it says);
    roadmap kinds ("initiative", "epic", "feature") pass through our own formats."""
    start: date | None = None
    finish: date | None = None
    duration_days: int = 1
    percent: int = 0
    manual: bool = False
    constraint_type: str = "asap"
    constraint_date: date | None = None
    priority: int = 0
    """0 none, 1 low, 2 medium, 3 high, 4 critical (``core.model.Priority``)."""
    notes: str = ""
    estimate_hours: float | None = None
    color: str | None = None
    column: str | None = None
    """The board column the card sits in, by name (None: the project's first column)."""
    labels: list[str] = field(default_factory=list)
    checklist: list[tuple[str, bool]] = field(default_factory=list)
    comments: list[tuple[str, str, datetime | None]] = field(default_factory=list)
    """``(author, body, created_at)`` in order."""
    archived: bool = False
    assignments: list[tuple[str, int]] = field(default_factory=list)
    """``(resource key, units in percent)``."""


@dataclass
class PlanLink:
    """``successor`` waits for ``predecessor`` by ``type`` with ``lag_days`` working days."""

    predecessor: str
    successor: str
    type: str = "FS"
    lag_days: int = 0


@dataclass
class PlanHoliday:
    day: date
    name: str = ""
    yearly: bool = False


@dataclass
class PlanCalendar:
    """Working weekdays (Monday first) and hours of the plan's calendar, with its holidays."""

    name: str = "Standard"
    weekdays: tuple[bool, bool, bool, bool, bool, bool, bool] = (
        True, True, True, True, True, False, False,
    )  # fmt: skip
    hours_per_day: int = 8
    holidays: list[PlanHoliday] = field(default_factory=list)


@dataclass
class PlanResource:
    key: str
    name: str
    email: str = ""


@dataclass
class PlanColumn:
    """A board column: ``category`` is "todo", "doing" or "done"."""

    name: str
    category: str = "todo"
    wip_limit: int | None = None


@dataclass
class PlanBaseline:
    """A saved baseline: per task key, ``(start, finish, duration_days, percent)``."""

    name: str
    tasks: dict[str, tuple[date | None, date | None, int, int]] = field(default_factory=dict)


@dataclass
class DateShift:
    """A task whose dates differ once our scheduler has run, and why."""

    title: str
    before: tuple[date | None, date | None]
    after: tuple[date | None, date | None]
    reason: str


@dataclass
class ImportReport:
    """What an import did: counts, what was mapped, what was dropped and why, and every task
    whose dates our scheduler changed."""

    source: str = ""
    format: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    shifted: list[DateShift] = field(default_factory=list)

    def map(self, sentence: str) -> None:
        if sentence not in self.mapped:
            self.mapped.append(sentence)

    def drop(self, sentence: str) -> None:
        if sentence not in self.dropped:
            self.dropped.append(sentence)

    def lines(self) -> list[str]:
        """The report as text lines (the CLI prints them, the GUI shows them)."""
        out = [f"Imported {self.source} ({self.format})."]
        if self.counts:
            out.append(
                "Counts: " + ", ".join(f"{value} {name}" for name, value in self.counts.items())
            )
        out += [f"Mapped: {line}" for line in self.mapped]
        out += [f"Dropped: {line}" for line in self.dropped]
        if self.shifted:
            out.append(f"{len(self.shifted)} tasks have other dates after scheduling:")
            for shift in self.shifted:
                out.append(
                    f"  {shift.title}: {_span(shift.before)} -> {_span(shift.after)} "
                    f"({shift.reason})"
                )
        else:
            out.append("Every task kept its dates after scheduling.")
        return out


def _span(dates: tuple[date | None, date | None]) -> str:
    start, finish = dates
    return f"{start or '?'}..{finish or '?'}"


@dataclass
class Plan:
    """A project as files carry it (see the module docstring for the conventions)."""

    name: str
    start: date | None = None
    description: str = ""
    tasks: list[PlanTask] = field(default_factory=list)
    links: list[PlanLink] = field(default_factory=list)
    calendar: PlanCalendar | None = None
    resources: list[PlanResource] = field(default_factory=list)
    columns: list[PlanColumn] = field(default_factory=list)
    label_colors: dict[str, str] = field(default_factory=dict)
    baselines: list[PlanBaseline] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)

    def task(self, key: str) -> PlanTask:
        """The task with ``key`` (KeyError if none)."""
        for task in self.tasks:
            if task.key == key:
                return task
        raise KeyError(key)

    def children(self) -> dict[str | None, list[PlanTask]]:
        """Tasks by parent key, in order."""
        out: dict[str | None, list[PlanTask]] = {}
        for task in self.tasks:
            out.setdefault(task.parent, []).append(task)
        return out
