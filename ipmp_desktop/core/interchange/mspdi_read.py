"""Reading MS Project XML (MSPDI) into a :class:`Plan`.

Tasks are keyed on ``UID`` (``ID`` is only the row number); UID 0 (the project summary), blank
(``IsNull``) rows and external placeholders are skipped. The outline is document order plus
``OutlineLevel``. Durations become working days at the file's ``MinutesPerDay``; elapsed ones
are laid on the project calendar from the task's start. ``Finish`` is the end of the last
working hour, so a finish at or before the working day's first hour is the previous day.
Everything the plan cannot hold is named in the report.
"""

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import PurePath
from xml.etree.ElementTree import Element

from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.interchange.link_check import keep_valid_links
from ipmp_desktop.core.interchange.mspdi_calendar import clock_minutes, read_calendar
from ipmp_desktop.core.interchange.mspdi_read_notes import report_extras, report_mappings
from ipmp_desktop.core.interchange.mspdi_read_resources import read_resources
from ipmp_desktop.core.interchange.mspdi_schema import (
    ELAPSED_FORMATS,
    FORMAT_NAME,
    LINK_TYPE_BY_CODE,
    MAX_WORKING_DAYS,
    NS,
    PERCENT_FORMATS,
    WHAT,
    check_root,
    checked_day,
    fields_of,
    float_field,
    int_field,
    parse_datetime,
    parse_duration_minutes,
    round_days,
    work_calendar,
)
from ipmp_desktop.core.interchange.plan import (
    ImportReport,
    InterchangeError,
    Plan,
    PlanBaseline,
    PlanLink,
    PlanTask,
)
from ipmp_desktop.core.interchange.safe_xml import parse_xml

_CONSTRAINTS = {2: "mso", 4: "snet", 7: "fnlt", 3: "mso", 5: "fnlt", 6: "snet"}
"""Our constraint for each MSPDI code; 3, 5 and 6 move their date (see ``_constraint``)."""


def read_mspdi(data: bytes, source: str) -> Plan:
    """The plan in an MS Project XML document.

    Args:
        data: the file's bytes.
        source: the file's name, for messages and the report.

    Raises:
        InterchangeError: not XML, not MSPDI (a Primavera file, say), unsafe XML, or values
            that cannot be read or are absurd; the message is one sentence naming ``source``.
    """
    root = parse_xml(data, source, WHAT)
    check_root(root, source)
    try:
        return _Reader(root, source).read()
    except (ValueError, OverflowError, IndexError, ValidationError) as error:
        raise InterchangeError(f"{source} is not a readable {WHAT}: {error}.") from None


def _minutes(fields: dict[str, str], name: str) -> float:
    """Minutes of a duration field (0 when absent)."""
    text = fields.get(name)
    try:
        return parse_duration_minutes(text) if text else 0.0
    except ValueError:
        raise ValueError(f"<{name}> is {text[:40]!r}, which is not a duration") from None


class _Reader:
    """One reading of one document; ``counts`` gathers what the report will say."""

    def __init__(self, root: Element, source: str) -> None:
        self.root = root
        self.source = source
        self.header = fields_of(root)
        self.report = ImportReport(source=source, format=FORMAT_NAME)
        self.counts: Counter[str] = Counter()
        default_start = clock_minutes(self.header.get("DefaultStartTime")) or 480
        self.project = read_calendar(root, self.report, default_start)
        calendar = self.project.calendar
        self.minutes_per_day = int_field(self.header, "MinutesPerDay", 0)
        if not 0 < self.minutes_per_day <= 1440:
            self.minutes_per_day = calendar.hours_per_day * 60
            self.report.map(
                f"The file gives no usable minutes per day; {calendar.hours_per_day} hours a "
                "day are used to turn hours into days."
            )
        self.worked_per_week = sum(calendar.weekdays) or 5
        start = self._datetime(self.header, "StartDate")
        self.start = start.date() if start else None
        self.work = work_calendar(calendar, self.start or date(2000, 1, 3))
        self.tasks: list[PlanTask] = []
        self.by_uid: dict[int, PlanTask] = {}
        self.elements: dict[int, Element] = {}

    def read(self) -> Plan:
        """The plan, its report filled."""
        self._tasks()
        plan = Plan(
            name=self._name(),
            start=self.start or min((t.start for t in self.tasks if t.start), default=None),
            tasks=self.tasks,
            calendar=self.project.calendar,
            report=self.report,
        )
        plan.links = self._links()
        keep_valid_links(plan)  # self-links, repeats, summary-subtask links, cycles
        plan.resources = read_resources(self.root, self.by_uid, self.counts)
        plan.baselines = self._baselines()
        report_mappings(self.counts, self.report, self.minutes_per_day)
        report_extras(self.root, self.elements, self.project.ignored, self.report)
        self.report.counts = {
            "tasks": len(plan.tasks),
            "summaries": sum(task.kind == "summary" for task in plan.tasks),
            "milestones": sum(task.kind == "milestone" for task in plan.tasks),
            "links": len(plan.links),
            "resources": len(plan.resources),
            "assignments": sum(len(task.assignments) for task in plan.tasks),
            "holidays": len(plan.calendar.holidays) if plan.calendar else 0,
            "baselines": len(plan.baselines),
        }
        return plan

    def _name(self) -> str:
        for tag in ("Title", "Name"):
            text = self.header.get(tag, "")
            if text.lower().endswith((".xml", ".mpp")):
                text = text[:-4].strip()
            if text:
                return text
        return PurePath(self.source).stem or "Imported project"

    # -- tasks --

    def _tasks(self) -> None:
        stack: list[tuple[int, PlanTask]] = []
        seen: set[int] = set()
        for element in self.root.iterfind(f"{NS}Tasks/{NS}Task"):
            fields = fields_of(element)
            if not fields.get("UID"):
                raise InterchangeError(
                    f"{self.source} has a task without a UID; it is not imported."
                )
            uid = int_field(fields, "UID", 0)
            if uid in seen:
                raise InterchangeError(
                    f"{self.source} has two tasks with UID {uid}, so its links are ambiguous; it "
                    "is not imported."
                )
            seen.add(uid)
            if uid == 0:
                continue
            if fields.get("IsNull") == "1" or fields.get("ExternalTask") == "1":
                self.counts["blank" if fields.get("IsNull") == "1" else "external"] += 1
                continue
            try:
                task = self._task(fields, uid)
            except ValueError as error:
                raise ValueError(f"task {uid}: {error}") from None
            level = max(
                1, int_field(fields, "OutlineLevel", fields.get("OutlineNumber", "").count(".") + 1)
            )
            while stack and stack[-1][0] >= level:
                stack.pop()
            if level > len(stack) + 1:
                self.counts["level_jump"] += 1
            task.parent = stack[-1][1].key if stack else None
            stack.append((level, task))
            self.tasks.append(task)
            self.by_uid[uid] = task
            self.elements[uid] = element
        parents = {task.parent for task in self.tasks}
        for task in self.tasks:
            if task.key in parents:
                if task.kind == "milestone":
                    self.counts["milestone_parent"] += 1
                task.kind, task.estimate_hours = "summary", None

    def _task(self, fields: dict[str, str], uid: int) -> PlanTask:
        title = fields.get("Name", "")
        if not title:
            title = f"Task {uid}"
            self.counts["untitled"] += 1
        start_at = self._datetime(fields, "Start")
        finish_at = self._datetime(fields, "Finish")
        start = start_at.date() if start_at else None
        milestone = fields.get("Milestone") == "1"
        if "Duration" in fields:
            elapsed = int_field(fields, "DurationFormat", 7) in ELAPSED_FORMATS
            minutes = _minutes(fields, "Duration")
            days = self._days(minutes, elapsed, start)
        else:
            minutes, days = None, 1
        if milestone and days:
            self.counts["long_milestone"] += 1
        elif not milestone and minutes == 0:
            milestone = True
            self.counts["zero_duration"] += 1
        percent = round(float_field(fields, "PercentComplete", 0))
        if not 0 <= percent <= 100:
            self.counts["percent"] += 1
        work = _minutes(fields, "Work") / 60
        task = PlanTask(
            key=str(uid),
            title=title,
            kind="milestone" if milestone else "task",
            start=start,
            finish=start if milestone else self._finish(start_at, finish_at),
            duration_days=0 if milestone else days,
            percent=max(0, min(100, percent)),
            manual=fields.get("Manual") == "1",
            priority=self._priority(fields),
            notes=fields.get("Notes", ""),
            estimate_hours=round(work, 2) if 0 < work < 1e7 else None,
            archived=fields.get("Active") == "0",
        )
        if task.kind == "task" and not task.manual and task.start and task.finish:
            self.counts["span"] += self.work.working_days(task.start, task.finish) != days
        self.counts["manual"] += task.manual
        self.counts["inactive"] += task.archived
        self._constraint(fields, task)
        return task

    def _datetime(self, fields: dict[str, str], name: str) -> datetime | None:
        text = fields.get(name)
        try:
            return parse_datetime(text) if text else None
        except ValueError as error:
            raise ValueError(f"<{name}> {error}") from None

    def _days(
        self, minutes: float, elapsed: bool, start: date | None, *, count: bool = True
    ) -> int:
        """Working days of a duration of ``minutes`` (elapsed: calendar minutes from ``start``)."""
        if minutes < 0:
            raise ValueError(f"a duration is negative ({minutes:g} minutes)")
        if elapsed:
            span = max(1, round_days(minutes / 1440)) if minutes > 0 else 0
            if span > MAX_WORKING_DAYS * 2:
                raise ValueError(f"a duration of {span} calendar days is absurd")
            self.counts["elapsed"] += count
            if span and start is not None:
                return max(1, self.work.working_days(start, start + timedelta(days=span - 1)))
            return max(1, round_days(span * self.worked_per_week / 7)) if span else 0
        value = minutes / self.minutes_per_day
        if value > MAX_WORKING_DAYS:
            raise ValueError(f"a duration of {value:.0f} working days is absurd")
        days = round_days(value)
        if value > 0 and days == 0:
            days = 1
            self.counts["short"] += count
        elif abs(value - days) > 1e-6:
            self.counts["fraction"] += count
        return days

    def _finish(self, start_at: datetime | None, finish_at: datetime | None) -> date | None:
        """The last working day of a task that ends at ``finish_at`` (see the module doc)."""
        if finish_at is None:
            return None
        day = finish_at.date()
        at = finish_at.hour * 60 + finish_at.minute
        if at <= self.project.day_start and (start_at is None or finish_at > start_at):
            day -= timedelta(days=1)
        start = start_at.date() if start_at else None
        if start is not None and day <= start:
            return start
        if not self.work.is_working(day):
            day = self.work.previous_working(day)
        return max(day, start) if start else day

    def _priority(self, fields: dict[str, str]) -> int:
        value = int_field(fields, "Priority", 500)
        if value == 500:
            return 0
        self.counts["priority"] += 1
        return 1 if value < 500 else 2 if value < 700 else 3 if value < 900 else 4

    def _constraint(self, fields: dict[str, str], task: PlanTask) -> None:
        """MSO, SNET and FNLT as they are; MFO, FNET and SNLT moved to the start (or finish)
        that keeps their meaning for a task of this duration; ALAP as soon as possible."""
        code = int_field(fields, "ConstraintType", 0)
        if code == 0:
            return
        self.counts[f"constraint_{code}"] += 1
        day_text = fields.get("ConstraintDate")
        if code not in _CONSTRAINTS or not day_text:
            if code in _CONSTRAINTS:
                self.counts["constraint_no_date"] += 1
            return
        day = self._datetime(fields, "ConstraintDate").date()  # type: ignore[union-attr]
        span = max(0, task.duration_days - 1)
        if code in (3, 6) and span:  # a finish date: the start that finishes then
            day = self.work.day(self.work.index_before(day) - span)
        elif code == 5 and span:  # a latest start: the finish of a task starting then
            day = self.work.finish_for(day, task.duration_days)
        task.constraint_type, task.constraint_date = _CONSTRAINTS[code], checked_day(day)

    # -- links, resources, assignments, baselines --

    def _links(self) -> list[PlanLink]:
        links: list[PlanLink] = []
        for uid, element in self.elements.items():
            successor = self.by_uid[uid]
            for link in element.iterfind(f"{NS}PredecessorLink"):
                fields = fields_of(link)
                predecessor = self.by_uid.get(int_field(fields, "PredecessorUID", 0))
                if fields.get("CrossProject") == "1":
                    self.counts["cross_project"] += 1
                    continue
                if predecessor is None:
                    self.counts["dangling"] += 1
                    continue
                kind = LINK_TYPE_BY_CODE.get(int_field(fields, "Type", 1))
                if kind is None:
                    self.counts["link_type"] += 1
                lag = self._lag(fields, predecessor)
                links.append(PlanLink(predecessor.key, successor.key, kind or "FS", lag))
        return links

    def _lag(self, fields: dict[str, str], predecessor: PlanTask) -> int:
        """Working days of ``LinkLag`` (tenths of a minute, or a percent of the predecessor)."""
        value = float_field(fields, "LinkLag", 0)
        lag_format = int_field(fields, "LagFormat", 7)
        if value and lag_format in PERCENT_FORMATS:
            self.counts["percent_lag"] += 1
            days = value / 100 * predecessor.duration_days
        elif value and lag_format in ELAPSED_FORMATS:
            self.counts["elapsed_lag"] += 1
            days = value / 10 / 1440 * self.worked_per_week / 7
        else:
            days = value / 10 / self.minutes_per_day
        if abs(days) > MAX_WORKING_DAYS:
            raise ValueError(f"a lag of {days:.0f} working days is absurd")
        if abs(days - round_days(days)) > 1e-6:
            self.counts["lag_fraction"] += 1
        return round_days(days)

    def _baselines(self) -> list[PlanBaseline]:
        """Baseline 0 (MS Project's "Baseline") and Baselines 1-10, in that order."""
        by_number: dict[int, PlanBaseline] = {}
        for uid, element in self.elements.items():
            task = self.by_uid[uid]
            for saved in element.iterfind(f"{NS}Baseline"):
                fields = fields_of(saved)
                number = int_field(fields, "Number", 0)
                start_at = self._datetime(fields, "Start")
                finish_at = self._datetime(fields, "Finish")
                if not 0 <= number <= 10 or (start_at is None and finish_at is None):
                    continue
                start = start_at.date() if start_at else None
                minutes = _minutes(fields, "Duration")
                days = (
                    0
                    if task.kind == "milestone"
                    else self._days(minutes, False, start, count=False)
                )
                finish = start if task.kind == "milestone" else self._finish(start_at, finish_at)
                name = "Baseline" if number == 0 else f"Baseline {number}"
                baseline = by_number.setdefault(number, PlanBaseline(name))
                baseline.tasks[task.key] = (start, finish, days, 0)
        return [by_number[number] for number in sorted(by_number)]
