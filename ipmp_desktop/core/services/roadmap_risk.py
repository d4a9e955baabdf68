"""Delivery risk of roadmap items: critical work without float, and the sentence that says why.

An item is at risk when the schedule forecasts its finish after its target date, or when it
has a target and critical work below it (or it itself, without children) has no float left: any
slip there moves the finish. The floats come from the critical path analysis the Gantt chart
shows, run once per project.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date

from ipmp_desktop.core.errors import CycleError
from ipmp_desktop.core.scheduling.cpm import TaskTimes, schedule
from ipmp_desktop.core.scheduling.progress import deepest_first
from ipmp_desktop.core.scheduling.stored import StoredPlan, plan_tasks

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Critical = tuple[int, int]
"""How many critical leaves without float lie at or below a task, and the earliest of them."""


def critical_work(
    stored: StoredPlan, parent: dict[int, int | None], has_children: set[int]
) -> tuple[dict[int, Critical], str]:
    """For every task of the project with critical leaves at or below it: their count and the
    earliest (by early start, then id). Also the reason the plan could not be analysed ("" when
    it could; then the first part is empty).

    The same engine and inputs as ``services.gantt.load_gantt``, read the lean way the
    reschedule reads them: a roadmap over 10,000 tasks needs the floats, not the chart rows.

    Args:
        stored: the project's tasks and links as ``StoredPlan.load`` reads them.
        parent: the parent of every task of the project.
        has_children: the tasks that are parents (they are not leaves).
    """
    try:
        plan = plan_tasks((row[:9] for row in stored.rows), stored.calendar)
        times = schedule(plan, stored.links, stored.start).times
    except CycleError as error:  # stored plans never hold a cycle; say so rather than fail
        return {}, str(error)
    return critical_leaves(times, parent, has_children), ""


def critical_leaves(
    times: Mapping[int, TaskTimes], parent: dict[int, int | None], has_children: set[int]
) -> dict[int, Critical]:
    """:func:`critical_work` from the times of a schedule already run (a drag's preview runs
    one on an edited plan)."""
    count: dict[int, int] = defaultdict(int)
    first: dict[int, tuple[int, int]] = {}
    for task_id, timing in times.items():
        if timing.critical and timing.total_float <= 0 and task_id not in has_children:
            count[task_id] = 1
            first[task_id] = (timing.early_start, task_id)
    # each task adds into its parent after everything below it has: one pass, however deep
    for task_id in deepest_first(set(parent) | set(times), parent):
        above = parent.get(task_id)
        if above is None or task_id not in count:
            continue
        count[above] += count[task_id]
        if above not in first or first[task_id] < first[above]:
            first[above] = first[task_id]
    return {task_id: (count[task_id], first[task_id][1]) for task_id in count}


def risk_reason(
    task_id: int,
    finish: date | None,
    target: date | None,
    critical: Critical | None,
    title_of: Callable[[int], str],
) -> str:
    """One sentence on why an item is at risk, or "" when it is not.

    Args:
        finish: the forecast finish; target: the target date (no target: no risk).
        critical: :func:`critical_work` of the item, if it has critical work.
        title_of: the title of a task by id (to name the critical leaf).
    """
    if target is None:
        return ""
    if finish is not None and finish > target:
        late, due = day_text(finish, target), day_text(target, finish)
        return f"Forecast finish {late} is after the target {due}."
    if critical is None:
        return ""
    count, leaf = critical
    if leaf == task_id:
        return "It is on the critical path with no float left before the target."
    title = title_of(leaf)
    if count == 1:
        return f"“{title}” below it is on the critical path with no float left."
    more = f"{count - 1} more task{'s' if count > 2 else ''}"
    return f"“{title}” and {more} below it are on the critical path with no float left."


def day_text(day: date, other: date) -> str:
    """A date as "12 May", with the year only when ``other`` is in another year (any locale)."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == other.year else f"{text} {day.year}"
