"""Writing a :class:`Plan` as MS Project XML (MSPDI) that MS Project and MPXJ read.

The document follows the MSPDI schema's element order. Tasks are written depth first (children
directly after their parent, levels rising by one at most), after MS Project's project summary
task (UID 0). A task starts at the first working hour of its start day and finishes at the last
working hour of its finish day; durations and lags are working hours of the plan's calendar.
Task UIDs are the plan's keys when those are distinct positive numbers, else 1, 2, 3, ...
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date

from ipmp_desktop.core.interchange.mspdi_schema import (
    CONSTRAINT_CODES,
    DAYS_FORMAT,
    LINK_CODE_BY_TYPE,
    NS_URI,
    PRIORITY_CODES,
    format_datetime,
    format_duration,
    work_calendar,
    work_periods,
)
from ipmp_desktop.core.interchange.mspdi_write_calendar import XmlText, clock, write_calendar
from ipmp_desktop.core.interchange.plan import Plan, PlanCalendar, PlanTask

_MAX_UID = 2**31 - 1
_BASELINE_NAME = re.compile(r"Baseline(?: (\d{1,2}))?")


def write_mspdi(plan: Plan) -> bytes:
    """``plan`` as an MSPDI document (UTF-8 bytes).

    Holds the project header, the plan's calendar (weekdays, hours and holidays, in both the old
    and the Project 2007 exception styles), tasks with their outline, dates, durations,
    milestones, summaries, progress, constraints, manual scheduling, notes, links and baselines,
    resources and assignments. What MSPDI has no place for (board columns, labels, checklists,
    comments, colours) is not written.
    """
    return _Writer(plan).document()


def _numbering(keys: Sequence[str]) -> dict[str, int]:
    """UIDs for ``keys``: the keys themselves when they are distinct numbers in range."""
    if all(key.isascii() and key.isdigit() and 0 < int(key) <= _MAX_UID for key in keys):
        numbers = [int(key) for key in keys]
        if len(set(numbers)) == len(numbers):
            return dict(zip(keys, numbers, strict=True))
    return {key: index for index, key in enumerate(keys, start=1)}


def outline(tasks: Iterable[PlanTask]) -> list[tuple[PlanTask, int, str]]:
    """``(task, level, outline number)`` depth first: each parent directly before its children.

    A task whose parent is unknown is placed at the top level, and so is the first task of a
    parent loop (a corrupt plan), so every task is written once.
    """
    tasks = list(tasks)
    keys = {task.key for task in tasks}
    children: dict[str | None, list[PlanTask]] = {}
    for task in tasks:
        parent = task.parent if task.parent in keys and task.parent != task.key else None
        children.setdefault(parent, []).append(task)
    out: list[tuple[PlanTask, int, str]] = []
    placed: set[str] = set()
    pending = children.get(None, [])
    tops = 0
    while True:
        for top in pending:
            if top.key in placed:
                continue
            tops += 1
            stack = [(top, 1, str(tops))]
            while stack:
                task, level, number = stack.pop()
                if task.key in placed:
                    continue
                placed.add(task.key)
                out.append((task, level, number))
                kids = [kid for kid in children.get(task.key, []) if kid.key not in placed]
                for index in range(len(kids), 0, -1):
                    stack.append((kids[index - 1], level + 1, f"{number}.{index}"))
        left = [task for task in tasks if task.key not in placed]
        if not left:
            return out
        pending = left[:1]


class _Writer:
    """One export of one plan."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.calendar = plan.calendar or PlanCalendar()
        self.hours = max(1, min(24, self.calendar.hours_per_day))
        self.periods = work_periods(self.hours)
        self.day_start, self.day_end = self.periods[0][0], self.periods[-1][1]
        self.minutes_per_day = self.hours * 60
        self.rows = outline(plan.tasks)
        starts = [task.start for task in plan.tasks if task.start]
        self.start = plan.start or (min(starts) if starts else None)
        self.work = work_calendar(self.calendar, self.start or date(2000, 1, 3))
        self.uids = _numbering([task.key for task, _, _ in self.rows])
        self.resource_uids = _numbering([resource.key for resource in plan.resources])
        self.summaries = {
            task.parent for task, level, _ in self.rows if level > 1 and task.parent is not None
        }
        self.dates = {task.key: self._dates(task) for task, _, _ in self.rows}

    def document(self) -> bytes:
        out = XmlText()
        out.parts.append('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
        out.parts.append(f'<Project xmlns="{NS_URI}">\n')
        self._header(out)
        out.open("Calendars")
        write_calendar(out, self.calendar, self.periods)
        out.close("Calendars", newline=True)
        out.open("Tasks")
        self._project_task(out)
        links = self._links_by_successor()
        baselines = self._baseline_numbers()
        for row, (task, level, number) in enumerate(self.rows, start=1):
            self._task(out, task, row, level, number, links.get(task.key, []), baselines)
        out.close("Tasks", newline=True)
        self._resources(out)
        out.close("Project", newline=True)
        return "".join(out.parts).encode()

    # -- header and calendar --

    def _header(self, out: XmlText) -> None:
        finishes = [finish for _, finish in self.dates.values() if finish]
        out.add("SaveVersion", 14)
        out.add("Name", self.plan.name)
        out.add("Title", self.plan.name)
        out.add("ScheduleFromStart", 1)
        if self.start:
            out.add("StartDate", format_datetime(self.start, self.day_start))
        if finishes:
            out.add("FinishDate", format_datetime(max(finishes), self.day_end))
        out.add("CalendarUID", 1)
        out.add("DefaultStartTime", clock(self.day_start))
        out.add("DefaultFinishTime", clock(self.day_end))
        out.add("MinutesPerDay", self.minutes_per_day)
        out.add("MinutesPerWeek", self.minutes_per_day * (sum(self.calendar.weekdays) or 5))
        out.add("DaysPerMonth", 20)
        out.add("DurationFormat", DAYS_FORMAT)
        out.add("WorkFormat", 2)

    # -- tasks --

    def _dates(self, task: PlanTask) -> tuple[date | None, date | None]:
        """``(start, finish)`` of a task as written: a missing end follows from the other."""
        start, finish = task.start, task.finish
        days = max(task.duration_days, 0)
        if self._milestone(task):
            start = start or finish
            return start, start
        if start is None and finish is not None:
            start = self.work.day(self.work.index_before(finish) - max(days - 1, 0))
        if finish is None and start is not None:
            finish = self.work.finish_for(start, max(days, 1))
        return start, finish

    def _milestone(self, task: PlanTask) -> bool:
        return task.kind == "milestone" and task.key not in self.summaries

    def _project_task(self, out: XmlText) -> None:
        """MS Project's project summary task (UID 0, outline level 0)."""
        out.open("Task")
        starts = [start for start, _ in self.dates.values() if start]
        finishes = [finish for _, finish in self.dates.values() if finish]
        for tag, value in (("UID", 0), ("ID", 0), ("Name", self.plan.name), ("Type", 1)):
            out.add(tag, value)
        for tag, value in (("IsNull", 0), ("WBS", 0), ("OutlineNumber", 0), ("OutlineLevel", 0)):
            out.add(tag, value)
        if starts and finishes:
            out.add("Start", format_datetime(min(starts), self.day_start))
            out.add("Finish", format_datetime(max(finishes), self.day_end))
            span = self.work.working_days(min(starts), max(finishes))
            out.add("Duration", format_duration(span * self.minutes_per_day))
            out.add("DurationFormat", DAYS_FORMAT)
        out.add("Milestone", 0)
        out.add("Summary", 1)
        out.close("Task", newline=True)

    def _task(
        self,
        out: XmlText,
        task: PlanTask,
        row: int,
        level: int,
        number: str,
        links: list[tuple[int, int, int]],
        baselines: dict[str, int],
    ) -> None:
        out.open("Task")
        milestone, summary = self._milestone(task), task.key in self.summaries
        days = 0 if milestone else max(task.duration_days, 0)
        start, finish = self.dates[task.key]
        out.add("UID", self.uids[task.key])
        out.add("ID", row)
        out.add("Name", task.title)
        out.add("Active", 0 if task.archived else 1)
        out.add("Manual", int(task.manual))
        out.add("Type", 1)  # fixed duration: assignments do not stretch our durations
        out.add("IsNull", 0)
        out.add("WBS", number)
        out.add("OutlineNumber", number)
        out.add("OutlineLevel", level)
        out.add("Priority", PRIORITY_CODES[max(0, min(4, task.priority))])
        timed = []
        if start is not None and finish is not None:
            end = self.day_start if milestone else self.day_end
            timed = [format_datetime(start, self.day_start), format_datetime(finish, end)]
            out.add("Start", timed[0])
            out.add("Finish", timed[1])
        duration = format_duration(days * self.minutes_per_day)
        out.add("Duration", duration)
        if task.manual and timed:
            out.add("ManualStart", timed[0])
            out.add("ManualFinish", timed[1])
            out.add("ManualDuration", duration)
        out.add("DurationFormat", DAYS_FORMAT)
        if task.estimate_hours and not summary:
            out.add("Work", format_duration(round(task.estimate_hours * 60)))
        out.add("Estimated", 0)
        out.add("Milestone", int(milestone))
        out.add("Summary", int(summary))
        out.add("PercentComplete", max(0, min(100, task.percent)))
        constraint = CONSTRAINT_CODES.get(task.constraint_type, 0)
        if task.constraint_date is None:
            constraint = 0
        out.add("ConstraintType", constraint)
        out.add("CalendarUID", -1)
        if constraint and task.constraint_date is not None:
            at = self.day_end if task.constraint_type == "fnlt" else self.day_start
            out.add("ConstraintDate", format_datetime(task.constraint_date, at))
        if task.notes:
            out.add("Notes", task.notes)
        for predecessor, code, lag in links:
            out.open("PredecessorLink")
            for tag, value in (("PredecessorUID", predecessor), ("Type", code)):
                out.add(tag, value)
            for tag, value in (("CrossProject", 0), ("LinkLag", lag), ("LagFormat", DAYS_FORMAT)):
                out.add(tag, value)
            out.close("PredecessorLink")
        self._task_baselines(out, task, baselines)
        out.close("Task", newline=True)

    def _links_by_successor(self) -> dict[str, list[tuple[int, int, int]]]:
        """Successor key -> ``(predecessor UID, type code, lag in tenths of a minute)``."""
        out: dict[str, list[tuple[int, int, int]]] = {}
        for link in self.plan.links:
            if link.predecessor not in self.uids or link.successor not in self.uids:
                continue
            lag = link.lag_days * self.minutes_per_day * 10
            code = LINK_CODE_BY_TYPE.get(link.type, 1)
            out.setdefault(link.successor, []).append((self.uids[link.predecessor], code, lag))
        return out

    def _baseline_numbers(self) -> dict[str, int]:
        """Baseline name -> MSPDI number (0-10): "Baseline" is 0, "Baseline N" is N, others
        take the first free number; baselines beyond eleven are not written."""
        numbers: dict[str, int] = {}
        rest = []
        for baseline in self.plan.baselines:
            match = _BASELINE_NAME.fullmatch(baseline.name)
            wanted = int(match.group(1) or 0) if match else -1
            if 0 <= wanted <= 10 and wanted not in numbers.values():
                numbers[baseline.name] = wanted
            else:
                rest.append(baseline.name)
        free = [n for n in range(11) if n not in numbers.values()]
        numbers.update(zip(rest, free, strict=False))
        return numbers

    def _task_baselines(self, out: XmlText, task: PlanTask, numbers: dict[str, int]) -> None:
        for baseline in self.plan.baselines:
            saved = baseline.tasks.get(task.key)
            if saved is None or baseline.name not in numbers:
                continue
            start, finish, days, _ = saved
            if start is None and finish is None:
                continue
            out.open("Baseline")
            out.add("Number", numbers[baseline.name])
            if start is not None:
                out.add("Start", format_datetime(start, self.day_start))
            if finish is not None:
                end = self.day_start if self._milestone(task) else self.day_end
                out.add("Finish", format_datetime(finish, end))
            out.add("Duration", format_duration(max(days, 0) * self.minutes_per_day))
            out.add("DurationFormat", DAYS_FORMAT)
            out.close("Baseline")

    # -- resources and assignments --

    def _resources(self, out: XmlText) -> None:
        out.open("Resources")
        for row, resource in enumerate(self.plan.resources, start=1):
            out.open("Resource")
            out.add("UID", self.resource_uids[resource.key])
            out.add("ID", row)
            out.add("Name", resource.name)
            out.add("Type", 1)
            out.add("IsNull", 0)
            if resource.email:
                out.add("EmailAddress", resource.email)
            out.close("Resource", newline=True)
        out.close("Resources", newline=True)
        out.open("Assignments")
        uid = 0
        for task, _, _ in self.rows:
            days = 0 if self._milestone(task) else max(task.duration_days, 0)
            for key, units in task.assignments:
                if key not in self.resource_uids:
                    continue
                uid += 1
                out.open("Assignment")
                out.add("UID", uid)
                out.add("TaskUID", self.uids[task.key])
                out.add("ResourceUID", self.resource_uids[key])
                out.add("Units", f"{max(units, 0) / 100:g}")
                work = round(days * self.minutes_per_day * max(units, 0) / 100)
                out.add("Work", format_duration(work))
                out.close("Assignment", newline=True)
        out.close("Assignments", newline=True)
