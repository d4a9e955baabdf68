"""GNOME Planner ``.planner`` files in: :func:`read_planner` and :func:`looks_like_planner`.

What the format hides (see the corpus guide): the outline is the nesting of ``<task>``;
predecessors sit on the successor with type letters; ``work``, ``duration`` and ``lag`` are
seconds, and a lag is elapsed (calendar) time; timestamps read ``yyyymmddThhmmssZ`` where the Z
is literal and the time local; calendars nest, a derived calendar using its base's day for the
day type 2 ("use base"); ``work-start`` (when work begins) may differ from ``start`` (which can be
the predecessor's end, or midnight).

Dates here are the ones Planner computed: a task starts on its ``work-start`` day and finishes on
the last working day its ``end`` reaches (an end at or before the start of a working day, such
as 08:00 or midnight, closes the previous working day); its duration is the working days between.
"""

from datetime import date, timedelta
from xml.etree.ElementTree import Element

from ipmp_desktop.core.interchange.link_check import keep_valid_links
from ipmp_desktop.core.interchange.plan import InterchangeError, Plan, PlanLink, PlanTask
from ipmp_desktop.core.interchange.planner_calendar import SECONDS_PER_DAY, read_calendar
from ipmp_desktop.core.interchange.safe_xml import child, children, local, parse_xml
from ipmp_desktop.core.interchange.workdays import (
    checked_days,
    parse_int,
    parse_stamp,
    work_calendar,
)
from ipmp_desktop.core.interchange.xml_plan_reader import XmlPlanReader
from ipmp_desktop.core.scheduling.calendar import WorkCalendar

WHAT = "GNOME Planner file"
LINK_TYPES = ("FS", "SS", "FF", "SF")
CONSTRAINTS = {"start-no-earlier-than": "snet", "must-start-on": "mso"}


def looks_like_planner(head: bytes) -> bool:
    """Whether the first bytes of a file look like a Planner (formerly MrProject) project."""
    return b"<project" in head and b"mrproject" in head


def planner_priority(value: int) -> int:
    """Planner's priority (0..9999) -> ours: 0 none, below 3334 low, below 6667 medium,
    below 9999 high, 9999 and above critical."""
    if value <= 0:
        return 0
    return 1 if value < 3334 else 2 if value < 6667 else 3 if value < 9999 else 4


def read_planner(data: bytes, source: str) -> Plan:
    """The plan in a GNOME Planner file.

    Args:
        data: the file's bytes.
        source: its name, for messages and the report.

    Raises:
        InterchangeError: not a Planner file, corrupt, or holding absurd values.
    """
    root = parse_xml(data, source, WHAT)
    if local(root.tag) != "project" or not (
        "mrproject-version" in root.attrib or "project-start" in root.attrib
    ):
        raise InterchangeError(f"{source} is not a {WHAT} (no Planner <project> in it).")
    return _PlannerReader(root, source).read()


class _PlannerReader(XmlPlanReader):
    """One read: the plan being filled, the report, and what the passes share."""

    def __init__(self, root: Element, source: str) -> None:
        super().__init__(root, source, "GNOME Planner")
        self.day_start = 8 * 3600
        """Seconds after midnight when a working day begins (an end at or before it closes the
        previous working day)."""

    def read(self) -> Plan:
        root, plan = self.root, self.plan
        if root.get("project-start"):
            plan.start = parse_stamp(root.get("project-start"), self.source, "the project").date()
        for attribute in ("company", "manager", "phase"):
            if (root.get(attribute) or "").strip():
                self._drop(f"the project's {attribute}", "projects have no such field here")
        reading = read_calendar(child(root, "calendars"), root.get("calendar"), self.source)
        plan.calendar, self.day_start = reading.calendar, reading.day_start
        for sentence in reading.mapped:
            self.report.map(sentence)
        for what, why, count in reading.dropped:
            self._drop(what, why, count)
        self.report.counts["holidays"] = len(plan.calendar.holidays)
        calendar = work_calendar(plan.calendar, plan.start or date(2000, 1, 1), self.source)
        labels = {
            p.get("name", ""): p.get("label") or p.get("name", "")
            for p in children(child(root, "properties"), "property")
        }
        elements = self._outline(
            child(root, "tasks"),
            lambda element, parent: self._task(element, parent, calendar, labels),
        )
        if plan.start is None and plan.tasks:
            plan.start = min(t.start for t in plan.tasks if t.start is not None)
        self._links(elements, calendar)
        self._resources(
            child(root, "resources"), child(root, "allocations"), email="email", units="units"
        )
        phases = children(child(root, "phases"), "phase")
        if phases:
            self._drop("project phases", "projects here have no phases", len(phases))
        groups = children(child(root, "resource-groups"), "group")
        if groups:
            self._drop("resource groups", "people here are not grouped", len(groups))
        self._finish_report()
        return plan

    # -- tasks ------------------------------------------------------------------------------

    def _task(
        self, element: Element, parent: str | None, calendar: WorkCalendar, labels: dict[str, str]
    ) -> PlanTask:
        key = str(parse_int(element.get("id"), None, self.source, "a task's id"))
        title = element.get("name") or ""
        what = f"task {title[:60]!r}"
        began = parse_stamp(element.get("work-start") or element.get("start"), self.source, what)
        start = began.date()
        task = PlanTask(key=key, title=title, parent=parent, start=start)
        if element.get("type") == "milestone":
            task.kind, task.duration_days, task.finish = "milestone", 0, start
        else:
            task.duration_days = self._duration(element, start, calendar, what)
            task.finish = calendar.finish_for(start, task.duration_days)
        task.percent = self._percent(element.get("percent-complete"), what)
        task.priority = planner_priority(parse_int(element.get("priority"), 0, self.source, what))
        work = parse_int(element.get("work"), 0, self.source, what)
        if work > 0:
            task.estimate_hours = round(work / 3600, 2)
        constraint = child(element, "constraint")
        if constraint is not None:
            kind = CONSTRAINTS.get((constraint.get("type") or "").strip())
            if kind is None:
                self._drop("task constraints of other types", "the scheduler here has no such type")
            else:
                task.constraint_type = kind
                task.constraint_date = parse_stamp(constraint.get("time"), self.source, what).date()
        lines = [(element.get("note") or "").strip()]
        for value in children(child(element, "properties"), "property"):
            name = value.get("name") or ""
            lines.append(
                f"{labels.get(name) or name or 'Custom field'}: {value.get('value') or ''}"
            )
            self.report.counts["custom values"] = self.report.counts.get("custom values", 0) + 1
        task.notes = "\n".join(line for line in lines if line)
        return task

    def _duration(self, element: Element, start: date, calendar: WorkCalendar, what: str) -> int:
        """Working days from ``start`` to the day the task's ``end`` closes (at least 1)."""
        if element.get("end"):
            end = parse_stamp(element.get("end"), self.source, what)
            day = end.date()
            seconds = end.hour * 3600 + end.minute * 60 + end.second
            if seconds <= self.day_start and day > start:
                day -= timedelta(days=1)  # ended before work began that day: the day before
            return max(calendar.working_days(start, day), 1)
        seconds = parse_int(element.get("duration") or element.get("work"), 0, self.source, what)
        hours = (self.plan.calendar.hours_per_day if self.plan.calendar else 8) * 3600
        return checked_days(max(-(-seconds // hours), 1), self.source, what)

    # -- links and resources ----------------------------------------------------------------

    def _links(self, elements: list[tuple[PlanTask, Element]], calendar: WorkCalendar) -> None:
        """Predecessors on each successor; what a project cannot hold (missing tasks, loops,
        repeats, a summary linked to its own subtask) is left out by :func:`keep_valid_links`."""
        tasks = {task.key: task for task, _element in elements}
        for successor, element in elements:
            for row in children(child(element, "predecessors"), "predecessor"):
                what = f"a predecessor of task {successor.title[:60]!r}"
                key = str(parse_int(row.get("predecessor-id"), None, self.source, what))
                kind = (row.get("type") or "FS").strip().upper()
                if kind not in LINK_TYPES:
                    self._drop("dependencies of an unknown type", "the type has no letters here")
                    continue
                seconds = parse_int(row.get("lag"), 0, self.source, what)
                predecessor = tasks.get(key)
                lag = self._lag(predecessor, kind, seconds, calendar, what) if predecessor else 0
                if seconds:
                    self.report.counts["lags"] = self.report.counts.get("lags", 0) + 1
                self.plan.links.append(PlanLink(key, successor.key, kind, lag))
        keep_valid_links(self.plan)

    def _lag(
        self, predecessor: PlanTask, kind: str, seconds: int, calendar: WorkCalendar, what: str
    ) -> int:
        """An elapsed lag as the working days it spans from the predecessor's finish (FS, FF)
        or start (SS, SF): the working days in ``(anchor, anchor + days]``; a lead of ``n``
        days is minus the working days in ``(anchor - n, anchor]``."""
        days = checked_days(round(seconds / SECONDS_PER_DAY), self.source, what)
        anchor = predecessor.finish if kind in ("FS", "FF") else predecessor.start
        if days == 0 or anchor is None:
            return days
        if days > 0:
            return calendar.working_days(anchor + timedelta(days=1), anchor + timedelta(days=days))
        return -calendar.working_days(anchor + timedelta(days=days + 1), anchor)

    def _check_resource(self, element: Element) -> None:
        if element.get("type") == "2":
            self.report.map("material resources become people like the others")
        if (element.get("note") or "").strip():
            self._drop("resource notes", "people here have no notes")
        if parse_int(element.get("std-rate"), 0, self.source, "a resource's rate"):
            self._drop("resource rates", "people here carry no cost")

    # -- report -----------------------------------------------------------------------------

    def _explain(self) -> None:
        report, tasks = self.report, self.plan.tasks
        report.map(
            "dates: a task starts on its work-start day and finishes on the last working day "
            "its end reaches; its duration is the working days between on the project calendar"
        )
        if report.counts.pop("lags", 0):
            report.map(
                "lags are elapsed time in Planner: each becomes the working days it spans from "
                "the predecessor's finish (start for SS and SF), rounded to whole days"
            )
        if any(task.estimate_hours for task in tasks):
            report.map("work (effort in seconds) becomes the estimate in hours")
        report.map(
            "priority 0..9999: 0 -> none, below 3334 -> low, below 6667 -> medium, "
            "below 9999 -> high, 9999 -> critical"
        )
        if report.counts.get("custom values"):
            report.map('custom property values are appended to the notes as "Name: value" lines')
        if report.counts.get("assignments"):
            report.map("allocation units (percent) become assignment units")
