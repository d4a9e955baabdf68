"""GNOME Planner import: ``import_planner_11k_s``.

A generated 11,000-task Planner file (1,000 summary groups of ten tasks; inside each group the
tasks follow one another finish-to-start, and each group's first task waits for the last task
of the group twenty before it, so twenty streams run side by side) is read with
:func:`read_planner` and written as a new project of a new workspace with :func:`write_plan`
(which reschedules and compares every task's dates). The time covers both steps, in this
process, best of N; the file is generated once beforehand.
"""

import functools
from datetime import date, datetime, timedelta
from xml.sax.saxutils import quoteattr

from ipmp_desktop.core.interchange.planner import read_planner
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from tests.benchmarks import scenario
from tests.benchmarks.interchange_timing import best_import_seconds

GROUP = 10
"""Tasks under each summary (the last one a milestone)."""
STREAMS = 20
"""Groups that run side by side: a group waits for the one ``STREAMS`` before it."""
START = date(2027, 1, 4)  # a Monday


def _stamp(day: date, hour: int) -> str:
    return datetime(day.year, day.month, day.day, hour).strftime("%Y%m%dT%H%M%SZ")


def planner_file(tasks: int) -> bytes:
    """A Planner file of ``tasks`` tasks (rounded down to whole groups of eleven), dated as
    Planner dates them on a Monday-to-Friday calendar with work from 08:00 to 17:00."""
    calendar = WorkCalendar(0b0011111, first=START, last=START + timedelta(days=3650))
    milestone_days: list[date] = []
    rows: list[str] = []
    for group in range(max(1, tasks // (GROUP + 1))):
        summary = group * (GROUP + 1) + 1
        waits_for = summary - STREAMS * (GROUP + 1) + GROUP if group >= STREAMS else None
        day = milestone_days[group - STREAMS] if group >= STREAMS else START
        first, last, previous = day, day, waits_for
        children = []
        for step in range(GROUP):
            task_id = summary + 1 + step
            milestone = step == GROUP - 1
            duration = 0 if milestone else 1 + task_id % 3
            if milestone:
                end = _stamp(day, 8)
                milestone_days.append(day)
            else:
                last = calendar.finish_for(day, duration)
                end = _stamp(last, 17)
            link = (
                f'<predecessor id="1" predecessor-id="{previous}" type="FS"/>' if previous else ""
            )
            percent = (task_id * 7) % 101 if group < 100 else 0
            children.append(
                f'<task id="{task_id}" name="Task {task_id}" note="" work="{duration * 28800}" '
                f'start="{_stamp(day, 0)}" end="{end}" work-start="{_stamp(day, 8)}" '
                f'percent-complete="{percent}" priority="0" '
                f'type="{"milestone" if milestone else "normal"}" scheduling="fixed-work">'
                f"<predecessors>{link}</predecessors></task>"
            )
            previous = task_id
            day = day if milestone else calendar.add(last, 1)
        rows.append(
            f'<task id="{summary}" name={quoteattr(f"Group {group + 1}")} note="" work="0" '
            f'start="{_stamp(first, 0)}" end="{_stamp(last, 17)}" work-start="{_stamp(first, 8)}" '
            f'percent-complete="0" priority="0" type="normal" scheduling="fixed-work">'
            + "".join(children)
            + "</task>"
        )
    body = "".join(rows)
    return (
        '<?xml version="1.0"?>\n'
        f'<project name="Generated" company="" manager="" phase="" '
        f'project-start="{_stamp(START, 0)}" mrproject-version="2" calendar="1">'
        '<calendars><day-types><day-type id="0" name="Working" description=""/>'
        '<day-type id="1" name="Nonworking" description=""/>'
        '<day-type id="2" name="Use base" description=""/></day-types>'
        '<calendar id="1" name="Default">'
        '<default-week mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"/>'
        '<overridden-day-types><overridden-day-type id="0">'
        '<interval start="0800" end="1200"/><interval start="1300" end="1700"/>'
        "</overridden-day-type></overridden-day-types><days/></calendar></calendars>"
        f"<tasks>{body}</tasks><resource-groups/><resources/><allocations/></project>"
    ).encode()


@functools.cache
def _file(tasks: int) -> bytes:
    return planner_file(tasks)


@scenario("import_planner_11k_s")
def import_planner_11k() -> float:
    """Seconds to read an 11,000-task Planner file and write it as a new project."""
    return best_import_seconds(read_planner, _file(11_000), "generated.planner", 11_000)
