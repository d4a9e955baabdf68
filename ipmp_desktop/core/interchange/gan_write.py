"""GanttProject ``.gan`` files out: :func:`write_gan`.

The file has the shape GanttProject 3 saves (project attributes, the calendar with its
``default-week`` and holidays, the task tree with ``<depend>`` on each predecessor, resources,
allocations, the default role set and ``<previous>`` baselines), so GanttProject opens it as
one of its own. What a ``.gan`` holds comes back unchanged through :func:`~.gan.read_gan`:
tasks with their outline, kind, start, duration, percent, priority, colour, notes and a
start-no-earlier-than date; links with type and lag; the calendar's weekdays and holidays;
people with their e-mail and assignment units; baselines' starts and durations.

Not held, so not written: board columns, labels, checklists, comments, estimates, the manual
flag, and constraints other than start-no-earlier-than (a must-start-on date is written as an
earliest start, the nearest GanttProject has).

The format's codes (weekday attributes, link types, priorities) live here, shared with the reader.
"""

import re
import xml.etree.ElementTree as ET
from datetime import date

from ipmp_desktop.core.interchange.plan import Plan, PlanCalendar, PlanTask
from ipmp_desktop.core.interchange.workdays import work_calendar
from ipmp_desktop.core.interchange.xml_text import xml_document

WEEK_ATTRIBUTES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""``default-week`` attributes, Monday first (as ``PlanCalendar.weekdays``)."""
LINK_TYPES = {"1": "SS", "2": "FS", "3": "FF", "4": "SF"}
LINK_CODES = {name: code for code, name in LINK_TYPES.items()}
PRIORITIES = {"3": 0, "0": 1, "1": 2, "2": 3, "4": 4}
"""GanttProject's priority codes (lowest, low, normal, high, highest) -> ours (0..4); a task
without the attribute is "normal"."""
PRIORITY_CODES = {ours: code for code, ours in PRIORITIES.items()}
EARLIEST_START = "1"
"""``thirdDate-constraint`` value that makes ``thirdDate`` an earliest start."""

GAN_VERSION = "3.3.3309"
"""The GanttProject version the file claims to come from (the shape is that version's)."""

DEFAULT_PROPERTIES = (
    ("tpd0", "type", "icon"),
    ("tpd1", "priority", "icon"),
    ("tpd2", "info", "icon"),
    ("tpd3", "name", "text"),
    ("tpd4", "begindate", "date"),
    ("tpd5", "enddate", "date"),
    ("tpd6", "duration", "int"),
    ("tpd7", "completion", "int"),
    ("tpd8", "coordinator", "text"),
    ("tpd9", "predecessorsr", "text"),
)
"""The built-in task columns GanttProject lists in every file."""

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_COLOR = re.compile("#[0-9a-fA-F]{6}")


def write_gan(plan: Plan) -> bytes:
    """``plan`` as a GanttProject file (UTF-8 XML).

    Task and resource ids are the plan's keys when they are all distinct whole numbers (so a
    round trip keeps them), otherwise numbers in outline order. A task without a start takes
    its parent's, else the plan's, else the earliest start in the plan.
    """
    calendar = plan.calendar or PlanCalendar()
    starts = [task.start for task in plan.tasks if task.start is not None]
    default_start = plan.start or (min(starts) if starts else date.today())
    workdays = work_calendar(calendar, default_start, plan.name or "the plan")
    ids = _ids([task.key for task in plan.tasks])
    people = _ids([resource.key for resource in plan.resources])
    root = ET.Element("project", _attributes(plan, default_start))
    ET.SubElement(root, "description").text = _text(plan.description)
    root.append(_calendar(calendar))
    tasks = ET.SubElement(root, "tasks", {"empty-milestones": "true"})
    properties = ET.SubElement(tasks, "taskproperties")
    for key, name, value_type in DEFAULT_PROPERTIES:
        ET.SubElement(
            properties,
            "taskproperty",
            {"id": key, "name": name, "type": "default", "valuetype": value_type},
        )
    children = plan.children()
    successors: dict[str, list[tuple[str, str, int]]] = {}
    for link in plan.links:
        if link.predecessor in ids and link.successor in ids:
            successors.setdefault(link.predecessor, []).append(
                (link.successor, link.type, link.lag_days)
            )
    elements: dict[str, ET.Element] = {}
    task_starts: dict[str, date] = {}
    for task in plan.tasks:  # outline order: a parent is written before its children
        parent = elements.get(task.parent) if task.parent else None
        start = task.start or task_starts.get(task.parent or "", default_start)
        task_starts[task.key] = start
        summary = task.key in children
        duration = _duration(task, start, summary, workdays)
        element = ET.SubElement(
            parent if parent is not None else tasks,
            "task",
            _task_attributes(task, ids[task.key], start, duration),
        )
        elements[task.key] = element
        if task.notes:
            ET.SubElement(element, "notes").text = _text(task.notes)
        for successor, kind, lag in successors.get(task.key, ()):
            ET.SubElement(
                element,
                "depend",
                {
                    "id": ids[successor],
                    "type": LINK_CODES.get(kind, "2"),
                    "difference": str(int(lag)),
                    "hardness": "Strong",
                },
            )
    _resources(root, plan, ids, people)
    ET.SubElement(root, "vacations")
    _baselines(root, plan, ids, workdays)
    ET.SubElement(root, "roles", {"roleset-name": "Default"})
    return xml_document(root)  # no recursion: the task outline may nest thousands deep


def _ids(keys: list[str]) -> dict[str, str]:
    """Keys to the integer ids the file uses: the keys themselves when they can be."""
    if all(key.isdigit() and len(key) < 10 for key in keys):
        numbers = [str(int(key)) for key in keys]
        if len(set(numbers)) == len(numbers):
            return dict(zip(keys, numbers, strict=True))
    return {key: str(number) for number, key in enumerate(keys)}


def _text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", value)


def _attributes(plan: Plan, start: date) -> dict[str, str]:
    return {
        "name": _text(plan.name),
        "company": "",
        "webLink": "",
        "view-date": start.isoformat(),
        "view-index": "0",
        "gantt-divider-location": "450",
        "resource-divider-location": "300",
        "version": GAN_VERSION,
        "locale": "en",
    }


def _calendar(calendar: PlanCalendar) -> ET.Element:
    element = ET.Element("calendars")
    day_types = ET.SubElement(element, "day-types")
    ET.SubElement(day_types, "day-type", {"id": "0"})
    ET.SubElement(day_types, "day-type", {"id": "1"})
    week = {"id": "1", "name": "default"}
    for name, works in zip(WEEK_ATTRIBUTES, calendar.weekdays, strict=True):
        week[name] = "0" if works else "1"
    ET.SubElement(day_types, "default-week", week)
    ET.SubElement(day_types, "only-show-weekends", {"value": "false"})
    ET.SubElement(day_types, "overriden-day-types")
    ET.SubElement(day_types, "days")
    for holiday in calendar.holidays:
        day = ET.SubElement(
            element,
            "date",
            {
                "year": "" if holiday.yearly else str(holiday.day.year),
                "month": str(holiday.day.month),
                "date": str(holiday.day.day),
                "type": "HOLIDAY",
            },
        )
        if holiday.name:
            day.text = _text(holiday.name)
    return element


def _duration(task: PlanTask, start: date, summary: bool, workdays) -> int:
    """Working days from ``start``: a summary's span, a milestone's 0, a task's own."""
    if task.kind == "milestone" and not summary:
        return 0
    if summary and task.finish is not None and task.finish >= start:
        return max(workdays.duration_between(start, task.finish), 1)
    return max(int(task.duration_days), 1 if not summary else 0)


def _task_attributes(task: PlanTask, task_id: str, start: date, duration: int) -> dict[str, str]:
    attributes = {"id": task_id, "name": _text(task.title)}
    if task.color and _COLOR.fullmatch(task.color):
        attributes["color"] = task.color.lower()
    attributes |= {
        "meeting": "true" if task.kind == "milestone" and duration == 0 else "false",
        "start": start.isoformat(),
        "duration": str(duration),
        "complete": str(max(0, min(int(task.percent), 100))),
    }
    if task.constraint_type in ("snet", "mso") and task.constraint_date is not None:
        attributes["thirdDate"] = task.constraint_date.isoformat()
        attributes["thirdDate-constraint"] = EARLIEST_START
    code = PRIORITY_CODES.get(max(0, min(int(task.priority), 4)))
    if code != "1":  # GanttProject leaves "normal" out
        attributes["priority"] = str(code)
    attributes["expand"] = "true"
    return attributes


def _resources(root: ET.Element, plan: Plan, ids: dict[str, str], people: dict[str, str]) -> None:
    resources = ET.SubElement(root, "resources")
    for resource in plan.resources:
        ET.SubElement(
            resources,
            "resource",
            {
                "id": people[resource.key],
                "name": _text(resource.name),
                "function": "Default:0",
                "contacts": _text(resource.email),
                "phone": "",
            },
        )
    allocations = ET.SubElement(root, "allocations")
    for task in plan.tasks:
        for resource, units in task.assignments:
            if resource not in people:
                continue
            ET.SubElement(
                allocations,
                "allocation",
                {
                    "task-id": ids[task.key],
                    "resource-id": people[resource],
                    "function": "Default:0",
                    "responsible": "false",
                    "load": f"{float(units):.1f}",
                },
            )


def _baselines(root: ET.Element, plan: Plan, ids: dict[str, str], workdays) -> None:
    previous = ET.SubElement(root, "previous")
    children = plan.children()
    milestones = {task.key for task in plan.tasks if task.kind == "milestone"}
    for baseline in plan.baselines:
        saved = ET.SubElement(previous, "previous-tasks", {"name": _text(baseline.name)})
        for key, (start, finish, duration, _percent) in baseline.tasks.items():
            if key not in ids or start is None:
                continue
            if duration <= 0 and finish is not None and key not in milestones:
                duration = workdays.duration_between(start, finish)
            ET.SubElement(
                saved,
                "previous-task",
                {
                    "id": ids[key],
                    "start": start.isoformat(),
                    "duration": str(max(int(duration), 0)),
                    "meeting": "true" if key in milestones else "false",
                    "super": "true" if key in children else "false",
                },
            )
