"""iCalendar files in (RFC 5545): to-dos and events as tasks, with their outline and dependencies.

The writer is :mod:`~ipmp_desktop.core.interchange.ical`; this reads its files back and those of
calendar and task apps:
    * every ``VTODO`` is a task; a ``VEVENT`` is a milestone when it lasts one whole day or no
      time at all, else a task (timed events keep the days they touch);
    * all-day ``DTEND``/``DUE`` are EXCLUSIVE (the finish is the day before), and so is a timed
      end at midnight; a missing end comes from ``DURATION``, else the item lasts its start day;
    * a date-time counts on the day its own time zone shows; a ``TZID`` without a ``VTIMEZONE``
      is tolerated (the ``icalendar`` package resolves well-known names);
    * ``RELATED-TO`` with ``RELTYPE=PARENT`` (the default) or ``CHILD`` builds the outline; RFC
      9253's ``FINISHTOSTART``, ``STARTTOSTART``, ``FINISHTOFINISH``, ``STARTTOFINISH`` (and
      ``DEPENDS-ON``, as finish-to-start) become dependencies, their ``GAP`` a lag of that many
      days;
    * ``PERCENT-COMPLETE``, ``STATUS`` (``COMPLETED`` without a percent is 100 %, ``CANCELLED``
      is archived), ``PRIORITY`` (1 critical, 2-4 high, 5 medium, 6-9 low), ``CATEGORIES`` as
      labels, ``DESCRIPTION`` as notes.

A file the ``icalendar`` package cannot parse, or one with no to-do or event at all, is refused
with one sentence; a line it cannot parse inside an entry is skipped and reported.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar, vBroken, vDDDTypes, vDuration
from icalendar.cal import Component

from ipmp_desktop.core.interchange.ical import ONE_DAY, RELTYPES
from ipmp_desktop.core.interchange.link_check import keep_valid_links
from ipmp_desktop.core.interchange.loose_dates import working_days
from ipmp_desktop.core.interchange.plan import (
    MAX_IMPORT_BYTES,
    InterchangeError,
    Plan,
    PlanLink,
    PlanTask,
)
from ipmp_desktop.core.interchange.workdays import checked_date, checked_days

WHAT = "iCalendar file"
LINK_TYPES = {name: code for code, name in RELTYPES.items()} | {"DEPENDS-ON": "FS"}
_ITEMS = ("VTODO", "VEVENT")
_STARTS = (b"BEGIN:VCALENDAR", b"BEGIN:VTODO", b"BEGIN:VEVENT")


def looks_like_ical(head: bytes) -> bool:
    """Whether the first bytes of a file start an iCalendar stream."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:20].upper().startswith(_STARTS)


def read_ical(data: bytes, source: str) -> Plan:
    """The to-dos and events of an iCalendar file as a plan.

    Args:
        data: the file's bytes.
        source: its name, for messages and the report.

    Raises:
        InterchangeError: not iCalendar, unparseable, without any to-do or event, or holding
            absurd dates.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise InterchangeError(f"{source} is too large to import.")
    try:
        streams = Calendar.from_ical(data, multiple=True)
    except Exception as error:  # the parser raises ValueError, KeyError, ... on broken input
        detail = (str(error).splitlines() or [type(error).__name__])[0][:120]
        raise InterchangeError(f"{source} is not a readable {WHAT} ({detail}).") from None
    return _IcalReader(source).read(streams)


class _IcalReader:
    """One read: the plan being filled and what the passes share."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.plan = Plan(name=Path(source).stem or "Calendar")
        self.report = self.plan.report
        self.report.source, self.report.format = source, "iCalendar"
        self.parents: dict[str, str] = {}
        self.skipped: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()

    def read(self, streams: list[Component]) -> Plan:
        items = self._items(streams)
        if not items:
            raise InterchangeError(f"{self.source} holds no to-do or event to import.")
        keys: set[str] = set()
        for number, component in enumerate(items, start=1):
            task = self._task(component, number, keys)
            if task is not None:
                keys.add(task.key)
                self.plan.tasks.append(task)
        self._outline()
        self._report()
        keep_valid_links(self.plan)
        return self.plan

    def _items(self, streams: list[Component]) -> list[Component]:
        """The to-dos and events in file order; names the calendar; counts what is left out."""
        items: list[Component] = []
        for stream in streams:
            if stream.name == "VCALENDAR":
                if name := _text(stream, "X-WR-CALNAME") or _text(stream, "NAME"):
                    self.plan.name = name
                if notes := _text(stream, "X-WR-CALDESC") or _text(stream, "DESCRIPTION"):
                    self.plan.description = notes
                children = stream.subcomponents
            else:
                children = [stream]
            for child in children:
                if child.name in _ITEMS:
                    items.append(child)
                    self.kinds[child.name] += 1
                elif child.name != "VTIMEZONE":
                    self.skipped[f"{child.name or 'unnamed'} entries"] += 1
        return items

    def _task(self, component: Component, number: int, keys: set[str]) -> PlanTask | None:
        uid = _text(component, "UID") or f"item-{number}"
        if uid in keys:
            if "RECURRENCE-ID" in component:
                self.skipped["changed occurrences of recurring entries"] += 1
                return None
            self.report.map("Entries sharing a UID were kept apart under new keys.")
            uid = f"{uid}#{number}"
        if component.errors:
            self.skipped["lines that could not be parsed"] += len(component.errors)
        if any(name in component for name in ("RRULE", "RDATE")):
            self.report.map("Recurring entries were imported once, at their first date.")
        task = PlanTask(key=uid, title=_text(component, "SUMMARY") or "Untitled")
        task.notes = _text(component, "DESCRIPTION")
        self._dates(component, task)
        self._progress(component, task)
        for value in _values(component, "CATEGORIES"):
            for label in getattr(value, "cats", [value]):
                if str(label).strip() and str(label).strip() not in task.labels:
                    task.labels.append(str(label).strip())
        self._relations(component, task)
        return task

    def _dates(self, component: Component, task: PlanTask) -> None:
        start = self._moment(component, "DTSTART")
        end = self._moment(component, "DUE" if component.name == "VTODO" else "DTEND")
        if start is None and end is None:
            return
        first = last = None
        if start is not None:
            first = checked_date(_day(start), self.source, f"the start of {task.title!r}")
            length = _decoded(component, "DURATION")
            if end is None and isinstance(length, timedelta):
                days = checked_days(length.days, self.source, f"the length of {task.title!r}")
                end = start + timedelta(days=days, seconds=length.seconds)
        if end is not None:
            checked_date(_day(end), self.source, f"the end of {task.title!r}")
            last = checked_date(_last_day(end, first), self.source, f"the end of {task.title!r}")
        first = first or last
        last = last or first
        assert first is not None and last is not None
        if last < first:
            if end != start:
                self.report.map("Entries ending before they start were given one day.")
            last = first
        task.start, task.finish = first, last
        all_day = start is not None and not isinstance(start, datetime)
        if component.name == "VEVENT" and first == last and (all_day or end in (None, start)):
            task.kind, task.duration_days = "milestone", 0
            self.report.map("Events of one whole day (or of no length) became milestones.")
        else:
            task.duration_days = working_days(first, last)

    def _moment(self, component: Component, name: str) -> date | None:
        value = _decoded(component, name)
        if isinstance(value, datetime):
            self.report.map("Times of day were dropped: an entry keeps the days its zone shows.")
        if isinstance(value, date):
            return value
        if value is not None:
            self.skipped[f"{name} values that are not dates"] += 1
        return None

    def _progress(self, component: Component, task: PlanTask) -> None:
        percent = _decoded(component, "PERCENT-COMPLETE")
        status = _text(component, "STATUS").upper()
        if type(percent) is int:
            task.percent = min(max(percent, 0), 100)
        elif status == "COMPLETED":
            task.percent = 100
        if status == "CANCELLED":
            task.archived = True
            self.report.map("Cancelled entries were imported as archived tasks.")
        priority = _decoded(component, "PRIORITY")
        if type(priority) is int and 1 <= priority <= 9:
            task.priority = 4 if priority == 1 else 3 if priority < 5 else 2 if priority == 5 else 1
            self.report.map("PRIORITY 1 -> critical, 2-4 -> high, 5 -> medium, 6-9 -> low.")

    def _relations(self, component: Component, task: PlanTask) -> None:
        for value in _values(component, "RELATED-TO"):
            params = getattr(value, "params", {})
            kind = str(params.get("RELTYPE", "PARENT")).upper()
            target = str(value).strip()
            if str(params.get("VALUE", "")).upper() == "URI" or not target:
                self.skipped["relations to entries outside the file (by URI)"] += 1
            elif kind in ("PARENT", "CHILD"):
                child, parent = (task.key, target) if kind == "PARENT" else (target, task.key)
                if self.parents.setdefault(child, parent) != parent:
                    self.skipped["second parents of an entry (a task has one)"] += 1
            elif kind in LINK_TYPES:
                lag = self._gap(params.get("GAP"), task)
                self.plan.links.append(PlanLink(target, task.key, LINK_TYPES[kind], lag))
            else:
                self.skipped[f"{kind} relations (no counterpart in a plan)"] += 1

    def _gap(self, text: Any, task: PlanTask) -> int:
        if text is None:
            return 0
        length = _duration(str(text))
        if length is None:
            self.skipped["GAP values that are not durations"] += 1
            return 0
        self.report.map("A GAP of n days became a lag of n working days.")
        days = round(length.total_seconds() / 86_400)
        return checked_days(days, self.source, f"the gap before {task.title!r}")

    def _outline(self) -> None:
        """Set parents from the relations and put every parent before its children."""
        keys = {task.key for task in self.plan.tasks}
        unknown = 0
        for task in self.plan.tasks:
            parent = self.parents.get(task.key)
            if parent is not None and parent not in keys:
                unknown += 1
                parent = None
            task.parent = parent
        if unknown:
            self.skipped["parent relations to entries not in the file"] += unknown
        by_key = {task.key: task for task in self.plan.tasks}
        position = {task.key: index for index, task in enumerate(self.plan.tasks)}
        checked: set[str] = set()  # tasks whose chain of parents is known to end
        for task in self.plan.tasks:  # cut each circle at its first member in file order
            path: list[str] = []
            on_path: set[str] = set()
            current: str | None = task.key
            while current is not None and current not in checked and current not in on_path:
                path.append(current)
                on_path.add(current)
                current = by_key[current].parent
            if current is not None and current in on_path:  # this walk closed a circle
                circle = path[path.index(current) :]
                by_key[min(circle, key=position.__getitem__)].parent = None
                self.skipped["parent relations that would make a circle"] += 1
            checked.update(path)  # each task is walked once, however long the chains
        children = self.plan.children()
        ordered: list[PlanTask] = []
        stack = list(reversed(children.get(None, [])))
        while stack:
            task = stack.pop()
            ordered.append(task)
            stack.extend(reversed(children.get(task.key, [])))
        self.plan.tasks = ordered

    def _report(self) -> None:
        counts = Counter(task.kind for task in self.plan.tasks)
        self.report.counts["tasks"] = len(self.plan.tasks)
        self.report.counts["milestones"] = counts["milestone"]
        self.report.map(
            f"{self.kinds['VTODO']} to-dos (VTODO) and {self.kinds['VEVENT']} events (VEVENT) "
            "became tasks and milestones."
        )
        for what, count in self.skipped.items():
            self.report.drop(f"{count} {what} were not imported.")


def _values(component: Component, name: str) -> list[Any]:
    """Every parsed value of property ``name`` (a repeated property is a list); values the
    parser could not read are left out (``component.errors`` counts them)."""
    value = component.get(name)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [item for item in values if not isinstance(item, vBroken)]


def _text(component: Component, name: str) -> str:
    """The first value of ``name`` as text ("" when absent)."""
    values = _values(component, name)
    return str(values[0]).strip() if values else ""


def _decoded(component: Component, name: str) -> Any:
    """The first value of ``name`` as Python: a date, date-time, duration or integer; None when
    absent, broken or of another type."""
    values = _values(component, name)
    if not values:
        return None
    value = values[0]
    if isinstance(value, vDDDTypes):
        return value.dt
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    return None


def _day(moment: date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _last_day(end: date, first: date | None) -> date:
    """The inclusive last day of an item ending at ``end`` (exclusive for dates and midnight)."""
    if not isinstance(end, datetime):
        return end - ONE_DAY
    day = end.date()
    if end.time() == time(0) and (first is None or day > first):
        return day - ONE_DAY
    return day


def _duration(text: str) -> timedelta | None:
    try:
        value = vDuration.from_ical(text.strip())
    except Exception:  # not an RFC 5545 duration
        return None
    return value if isinstance(value, timedelta) else None
