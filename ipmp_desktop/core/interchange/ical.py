"""iCalendar export (RFC 5545): a plan as to-dos and all-day events any calendar app can show.

What a plan becomes:
    * every task, summary and roadmap item is a ``VTODO``; a milestone with a date is an all-day
      ``VEVENT`` (a milestone without one stays a ``VTODO``, as an event needs a date);
    * dates are all-day ``DATE`` values. The end is EXCLUSIVE, as RFC 5545 defines it for
      all-day values: ``DUE`` (and a milestone's ``DTEND``) is the day after the plan's
      (inclusive) finish, so a task from Monday to Wednesday has ``DUE`` on Thursday;
    * ``UID`` is ``task-<key>@<plan name slug>.ipmp``, the same for a task at every export, so a
      calendar that subscribed to the file updates its entries instead of duplicating them;
    * ``PERCENT-COMPLETE`` is the task's percent; ``STATUS`` is ``COMPLETED`` at 100 % or in a
      board column of the "done" category, ``IN-PROCESS`` when started (above 0 % or in a
      "doing" column), else ``NEEDS-ACTION``;
    * ``PRIORITY`` follows RFC 5545's scale, 1 highest: critical 1, high 3, medium 5, low 7,
      none 0 (undefined);
    * labels are ``CATEGORIES``; notes are ``DESCRIPTION``;
    * the outline is ``RELATED-TO;RELTYPE=PARENT`` on each child, naming its parent's UID;
    * a dependency is an RFC 9253 ``RELATED-TO`` on the successor naming the predecessor, with
      ``RELTYPE`` ``FINISHTOSTART``, ``STARTTOSTART``, ``FINISHTOFINISH`` or ``STARTTOFINISH``
      and the lag as ``GAP`` (``GAP=P2D``; a lead is ``GAP=-P1D``).

    A lag is counted in WORKING days in the plan, but ``GAP`` is a duration on the calendar, which
    knows no working days: a lag of N working days is written as ``PnD`` (N calendar days). An
    application that schedules by ``GAP`` may therefore place a successor earlier than our
    scheduler does when the lag spans a weekend or a holiday; reading the file back here gives the
    same N working days.

Text is escaped and long lines folded by the ``icalendar`` package.
"""

import re
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Todo, vDuration

from ipmp_desktop import __version__
from ipmp_desktop.core.interchange.plan import Plan, PlanTask

PRODID = f"-//IPMP//IPMP desktop {__version__}//EN"

RELTYPES = {
    "FS": "FINISHTOSTART",
    "SS": "STARTTOSTART",
    "FF": "FINISHTOFINISH",
    "SF": "STARTTOFINISH",
}
"""Our link types and RFC 9253's relation types."""

PRIORITIES = {4: 1, 3: 3, 2: 5, 1: 7, 0: 0}
"""Our priority (0 none ... 4 critical) and RFC 5545's (1 highest, 9 lowest, 0 undefined)."""

ONE_DAY = timedelta(days=1)


def plan_slug(name: str) -> str:
    """The plan's name as a host-like label for UIDs: ``"Q3 Launch!"`` -> ``"q3-launch"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60].strip("-") or "plan"


def task_uid(plan: Plan, key: str) -> str:
    """The UID of the task ``key`` of ``plan``; stable as long as the plan keeps its name."""
    return f"task-{key}@{plan_slug(plan.name)}.ipmp"


def gap(lag_days: int) -> str:
    """A lag in days as an RFC 9253 ``GAP`` duration: ``P2D``, ``-P1D``."""
    return vDuration(timedelta(days=lag_days)).to_ical().decode("ascii")


def write_ical(plan: Plan, *, stamp: datetime | None = None) -> bytes:
    """``plan`` as an iCalendar file (see the module docstring for the mapping).

    Args:
        plan: the plan to write; its tasks' keys must be unique.
        stamp: the ``DTSTAMP`` of every entry (UTC); now when None. Tests pass a fixed one to
            get the same bytes twice.

    Returns:
        The file, UTF-8, CRLF line ends, lines folded at 75 octets.
    """
    moment = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", plan.name)
    calendar.add("x-wr-calname", plan.name)
    if plan.description:
        calendar.add("description", plan.description)
        calendar.add("x-wr-caldesc", plan.description)
    categories = {column.name: column.category for column in plan.columns}
    links: dict[str, list[tuple[str, str, int]]] = {}
    for link in plan.links:
        links.setdefault(link.successor, []).append((link.predecessor, link.type, link.lag_days))
    for task in plan.tasks:
        component = _component(task, categories.get(task.column or "", ""))
        component.add("uid", task_uid(plan, task.key))
        component.add("dtstamp", moment)
        component.add("summary", task.title)
        if task.notes:
            component.add("description", task.notes)
        if task.labels:
            component.add("categories", list(task.labels))
        if task.parent is not None:
            component.add(
                "related-to", task_uid(plan, task.parent), parameters={"RELTYPE": "PARENT"}
            )
        for predecessor, kind, lag in links.get(task.key, []):
            parameters = {"VALUE": "UID", "RELTYPE": RELTYPES[kind]}
            if lag:
                parameters["GAP"] = gap(lag)
            component.add("related-to", task_uid(plan, predecessor), parameters=parameters)
        calendar.add_component(component)
    return calendar.to_ical()


def _component(task: PlanTask, category: str) -> Todo | Event:
    """The VEVENT of a dated milestone, else the VTODO of the task, with dates and progress."""
    day = task.start or task.finish
    if task.kind == "milestone" and day is not None:
        event = Event()
        event.add("dtstart", day)
        event.add("dtend", day + ONE_DAY)
        event.add("transp", "TRANSPARENT")  # a milestone does not make anyone busy
        event.add("priority", PRIORITIES.get(task.priority, 0))
        return event
    todo = Todo()
    if task.start is not None:
        todo.add("dtstart", task.start)
    if task.finish is not None and (task.start is None or task.finish >= task.start):
        todo.add("due", _exclusive(task.finish))
    percent = min(max(task.percent, 0), 100)
    todo.add("percent-complete", percent)
    if percent >= 100 or category == "done":
        todo.add("status", "COMPLETED")
    elif percent > 0 or category == "doing":
        todo.add("status", "IN-PROCESS")
    else:
        todo.add("status", "NEEDS-ACTION")
    todo.add("priority", PRIORITIES.get(task.priority, 0))
    return todo


def _exclusive(finish: date) -> date:
    """The all-day end value of an inclusive ``finish``: the next day."""
    return finish + ONE_DAY
