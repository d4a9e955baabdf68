"""GanttProject ``.gan`` files: :func:`read_gan`, the sniffer :func:`looks_like_gan`, and
:func:`write_gan` (from :mod:`~ipmp_desktop.core.interchange.gan_write`, with the format's codes).

What the format hides (see the corpus guide): the outline is the nesting of ``<task>`` elements;
``id`` is an integer, neither contiguous nor in display order; a task has a ``start`` date and a
``duration`` in working days of the project calendar but no finish, so the finish is computed
here; ``<depend>`` sits on the *predecessor* and its ``id`` names the successor; the
``default-week`` marks NON-working days with 1; ``<date year="">`` is a yearly holiday.
"""

import re
from datetime import date
from xml.etree.ElementTree import Element

from ipmp_desktop.core.interchange.gan_write import (
    EARLIEST_START,
    LINK_TYPES,
    PRIORITIES,
    WEEK_ATTRIBUTES,
    write_gan,
)
from ipmp_desktop.core.interchange.link_check import keep_valid_links
from ipmp_desktop.core.interchange.plan import (
    InterchangeError,
    Plan,
    PlanBaseline,
    PlanCalendar,
    PlanHoliday,
    PlanLink,
    PlanTask,
)
from ipmp_desktop.core.interchange.safe_xml import child, descendant, local, parse_xml
from ipmp_desktop.core.interchange.workdays import (
    FIRST_DATE,
    LAST_DATE,
    LEAP_YEAR,
    checked_days,
    finish_of,
    parse_int,
    parse_iso_date,
    work_calendar,
)
from ipmp_desktop.core.interchange.xml_plan_reader import XmlPlanReader
from ipmp_desktop.core.scheduling.calendar import WorkCalendar

__all__ = ["looks_like_gan", "read_gan", "write_gan"]

WHAT = "GanttProject file"
_COLOR = re.compile("#[0-9a-fA-F]{6}")
_MARKERS = (b"gantt-divider-location", b"view-date=", b"<tasks empty-milestones", b"webLink=")


def looks_like_gan(head: bytes) -> bool:
    """Whether the first bytes of a file look like a GanttProject project."""
    return b"<project" in head and b"mrproject" not in head and any(m in head for m in _MARKERS)


def read_gan(data: bytes, source: str) -> Plan:
    """The plan in a GanttProject file.

    Args:
        data: the file's bytes.
        source: its name, for messages and the report.

    Raises:
        InterchangeError: not a GanttProject file, corrupt, or holding absurd values.
    """
    root = parse_xml(data, source, WHAT)
    if (
        local(root.tag) != "project"
        or "mrproject-version" in root.attrib
        or not any(local(child.tag) in ("tasks", "calendars") for child in root)
    ):
        raise InterchangeError(f"{source} is not a {WHAT} (no GanttProject <project> in it).")
    return _GanReader(root, source).read()


class _GanReader(XmlPlanReader):
    """One read: the plan being filled, the report, and what the passes share."""

    def __init__(self, root: Element, source: str) -> None:
        super().__init__(root, source, "GanttProject")
        self.columns: dict[str, str] = {}

    def read(self) -> Plan:
        root, plan = self.root, self.plan
        description = child(root, "description")
        plan.description = (description.text or "").strip() if description is not None else ""
        for attribute, label in (("company", "company"), ("webLink", "web link")):
            if (root.get(attribute) or "").strip() not in ("", "http://"):
                self._drop(f"the project's {label}", "projects have no such field here")
        plan.calendar = self._calendar(child(root, "calendars"))
        tasks = child(root, "tasks")
        elements = self._tasks(tasks) if tasks is not None else []
        starts = [t.start for t in plan.tasks if t.start is not None]
        plan.start = min(starts) if starts else None
        calendar = work_calendar(plan.calendar, plan.start or date(2000, 1, 1), self.source)
        for task in plan.tasks:
            if task.start is not None:
                task.finish = finish_of(calendar, task.start, task.duration_days, self.source)
        self._links(elements)
        self._resources(
            child(root, "resources"), child(root, "allocations"), email="contacts", units="load"
        )
        self._baselines(child(root, "previous"), calendar)
        for element in ("vacations", "roles"):
            count = sum(len(found) for found in root if local(found.tag) == element)
            if count:
                self._drop(f"resource {element}", "people here have no roles or vacations", count)
        self._finish_report()
        return plan

    # -- calendar ---------------------------------------------------------------------------

    def _calendar(self, calendars: Element | None) -> PlanCalendar:
        calendar = PlanCalendar(name="GanttProject calendar")
        if calendars is None:
            return calendar
        week = descendant(calendars, "default-week")
        if week is not None:
            worked = tuple(week.get(day, "0").strip() != "1" for day in WEEK_ATTRIBUTES)
            calendar.weekdays = worked  # type: ignore[assignment]
        weekends = descendant(calendars, "only-show-weekends")
        if weekends is not None and weekends.get("value") == "true" and not all(calendar.weekdays):
            calendar.weekdays = (True,) * 7
            self.report.map(
                "tasks may run on weekends in this file (only-show-weekends), so every weekday "
                "is a working day here; holidays stay non-working"
            )
        if not any(calendar.weekdays):
            calendar.weekdays = PlanCalendar().weekdays
            self.report.map("the calendar had no working weekday, so Monday to Friday is used")
        for event in calendars:
            if local(event.tag) != "date":
                continue
            kind = (event.get("type") or "HOLIDAY").strip().upper()[:40]
            if kind != "HOLIDAY":
                self._drop(f"calendar days of type {kind}", "a calendar here holds holidays only")
                continue
            holiday = self._holiday(event)
            if holiday is not None:
                calendar.holidays.append(holiday)
        self.report.counts["holidays"] = len(calendar.holidays)
        return calendar

    def _holiday(self, event: Element) -> PlanHoliday | None:
        what = "a calendar holiday"
        year_text = (event.get("year") or "").strip()
        yearly = not year_text
        year = LEAP_YEAR if yearly else parse_int(year_text, None, self.source, what)
        month = parse_int(event.get("month"), None, self.source, what)
        day = parse_int(event.get("date"), None, self.source, what)
        try:
            when = date(year, month, day)
        except (ValueError, OverflowError):
            when = None
        if when is None or not FIRST_DATE <= when <= LAST_DATE:
            self._drop("holidays", "their dates are not valid dates")
            return None
        return PlanHoliday(when, (event.text or "").strip(), yearly)

    # -- tasks ------------------------------------------------------------------------------

    def _tasks(self, tasks: Element) -> list[tuple[PlanTask, Element]]:
        """Every task in outline order, the custom columns' names learnt first."""
        properties = child(tasks, "taskproperties")
        if properties is not None:
            for prop in properties:
                if prop.get("type") == "custom" and prop.get("id"):
                    self.columns[prop.get("id", "")] = prop.get("name") or prop.get("id", "")
        return self._outline(tasks, self._task)

    def _task(self, element: Element, parent: str | None) -> PlanTask:
        key = str(parse_int(element.get("id"), None, self.source, "a task's id"))
        title = element.get("name") or ""
        what = f"task {title[:60]!r}"
        milestone = element.get("meeting") == "true"
        duration = checked_days(
            parse_int(element.get("duration"), 1, self.source, what), self.source, what
        )
        if duration < 0:
            raise InterchangeError(f"{self.source}: {what} has a negative duration.")
        task = PlanTask(
            key=key,
            title=title,
            parent=parent,
            kind="milestone" if milestone else "task",
            start=parse_iso_date(element.get("start"), self.source, what),
            duration_days=0 if milestone else duration,
            percent=self._percent(element.get("complete"), what),
        )
        code = (element.get("priority") or "1").strip()
        task.priority = PRIORITIES.get(code, 2)
        color = (element.get("color") or "").strip()
        if _COLOR.fullmatch(color):
            task.color = color.lower()
        if element.get("thirdDate-constraint") == EARLIEST_START and element.get("thirdDate"):
            task.constraint_type = "snet"
            task.constraint_date = parse_iso_date(element.get("thirdDate"), self.source, what)
        for attribute, what_dropped in (("webLink", "web links"), ("shape", "bar shapes")):
            if element.get(attribute):
                self._drop(f"task {what_dropped}", "tasks here have no such field")
        if (element.get("cost-manual-value") or "0").strip() not in ("0", "0.0", ""):
            self._drop("manual task costs", "tasks here carry no cost")
        notes = child(element, "notes")
        lines = [(notes.text or "").strip()] if notes is not None else []
        for value in element:
            if local(value.tag) == "customproperty":
                name = self.columns.get(value.get("taskproperty-id", ""), "")
                name = name or value.get("taskproperty-id", "") or "Custom field"
                lines.append(f"{name}: {value.get('value') or ''}")
                self.report.counts["custom values"] = self.report.counts.get("custom values", 0) + 1
        task.notes = "\n".join(line for line in lines if line)
        return task

    # -- links, resources, baselines --------------------------------------------------------

    def _links(self, elements: list[tuple[PlanTask, Element]]) -> None:
        """``<depend>`` on each predecessor; what a project cannot hold (missing tasks, loops,
        repeats, a summary linked to its own subtask) is left out by :func:`keep_valid_links`."""
        rubber = 0
        for task, element in elements:
            predecessor = task.key
            for depend in element:
                if local(depend.tag) != "depend":
                    continue
                what = f"a dependency of task {predecessor}"
                successor = str(parse_int(depend.get("id"), None, self.source, what))
                kind = LINK_TYPES.get((depend.get("type") or "2").strip())
                if kind is None:
                    self._drop("dependencies of an unknown type", "the type has no code here")
                    continue
                lag = checked_days(
                    parse_int(depend.get("difference"), 0, self.source, what), self.source, what
                )
                self.plan.links.append(PlanLink(predecessor, successor, kind, lag))
                rubber += (depend.get("hardness") or "").strip() == "Rubber"
        keep_valid_links(self.plan)
        if rubber:
            self.report.map(
                f"rubber dependencies ({rubber}: the successor may start later than the link "
                "requires) are ordinary links here; each successor keeps its own start"
            )

    def _check_resource(self, element: Element) -> None:
        if (element.get("phone") or "").strip():
            self._drop("resource phone numbers", "people here have an e-mail only")
        if any(local(found.tag) == "rate" for found in element):
            self._drop("resource rates", "people here carry no cost")
        if any(local(found.tag) == "custom-property" for found in element):
            self._drop("resource custom fields", "people here have no custom fields")

    def _check_allocation(self, element: Element) -> None:
        if element.get("responsible") == "true":
            self._drop("coordinator flags of allocations", "an assignment here has no coordinator")

    def _baselines(self, previous: Element | None, calendar: WorkCalendar) -> None:
        """``<previous>``: each baseline's rows hold a start and a duration, so the finish is
        computed as for tasks; GanttProject keeps no percent complete in them."""
        tasks = {task.key: task for task in self.plan.tasks}
        for saved in previous if previous is not None else ():
            if local(saved.tag) != "previous-tasks":
                continue
            baseline = PlanBaseline(saved.get("name") or "Baseline")
            for row in saved:
                if local(row.tag) != "previous-task":
                    continue
                what = f"a task of baseline {baseline.name[:60]!r}"
                key = str(parse_int(row.get("id"), None, self.source, what))
                if key not in tasks:
                    self._drop("baseline rows", "they name a missing task")
                    continue
                start = parse_iso_date(row.get("start"), self.source, what)
                duration = checked_days(
                    parse_int(row.get("duration"), 0, self.source, what), self.source, what
                )
                duration = 0 if row.get("meeting") == "true" else max(duration, 0)
                finish = finish_of(calendar, start, duration, self.source)
                baseline.tasks[key] = (start, finish, duration, 0)
            self.plan.baselines.append(baseline)
        if self.plan.baselines:
            self.report.counts["baselines"] = len(self.plan.baselines)
            self.report.map("baselines hold no percent complete in GanttProject: it is 0 here")

    # -- report -----------------------------------------------------------------------------

    def _explain(self) -> None:
        report, tasks = self.report, self.plan.tasks
        report.map("finish dates are computed: start plus duration in working days of the calendar")
        report.map(
            "priority: lowest -> none, low -> low, normal -> medium, high -> high, "
            "highest -> critical"
        )
        if any(task.color for task in tasks):
            report.map("task colours are kept as task colours")
        if report.counts.get("custom values"):
            report.map('custom column values are appended to the notes as "Name: value" lines')
        if any(task.constraint_type == "snet" for task in tasks):
            report.map("an earliest start (thirdDate) becomes a start-no-earlier-than constraint")
        if any(link.lag_days for link in self.plan.links):
            report.map("link lags (difference) are kept as working days")
