"""One generated project: calendar, board, labels, outline, links, dates, progress, rows."""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from ipmp_desktop.core.demo.content import (
    DESCRIPTIONS,
    LABEL_COLORS,
    ONE_OFF_HOLIDAYS,
    OPTIONAL_YEARLY_HOLIDAYS,
    YEARLY_HOLIDAYS,
    ProjectTemplate,
)
from ipmp_desktop.core.demo.outline import Outline, PlanNode, number
from ipmp_desktop.core.demo.rows import DemoRows
from ipmp_desktop.core.model import DependencyType, Priority, TaskKind
from ipmp_desktop.core.model.calendar import MONDAY_TO_FRIDAY
from ipmp_desktop.core.ranking import rank_sequence

_CALENDAR_YEARS = 20
_LINK_TYPES = (DependencyType.FS, DependencyType.SS, DependencyType.FF, DependencyType.SF)
_LINK_WEIGHTS = (72, 12, 11, 5)
_PRIORITIES = tuple(int(p) for p in Priority)
_PRIORITY_WEIGHTS = (15, 25, 35, 18, 7)
_ROLES = ("backlog", "ready", "active", "review", "finished")


class WorkingDays:
    """Working days (Monday to Friday, minus holidays) as consecutive indices from ``first``.

    A stand-in for the real scheduling engine, enough to lay out a plausible demo plan: with
    indices, "n working days later" is plain integer arithmetic.
    """

    def __init__(self, first: date, yearly: set[tuple[int, int]], one_off: set[date]) -> None:
        self.days: list[date] = []
        self._index: dict[date, int] = {}
        day = first
        for _ in range(366 * _CALENDAR_YEARS):
            self._index[day] = len(self.days)
            if day.weekday() < 5 and (day.month, day.day) not in yearly and day not in one_off:
                self.days.append(day)
            day += timedelta(days=1)

    def index(self, day: date) -> int:
        """Index of the first working day on or after ``day``."""
        return self._index[day]

    def day(self, index: int) -> date:
        """The working day at ``index`` (clamped to the calendar's range)."""
        return self.days[max(0, min(index, len(self.days) - 1))]


class ProjectBuilder:
    """Plans one project and queues its rows in a :class:`DemoRows`.

    Args:
        rng: the generator's random source (the call order is part of the determinism).
        rows: where rows are queued and ids come from.
        template: what kind of project it is.
        team: ids of the people who may be assigned to its tasks.
    """

    def __init__(
        self, rng: random.Random, rows: DemoRows, template: ProjectTemplate, team: list[int]
    ) -> None:
        self.rng = rng
        self.rows = rows
        self.template = template
        self.team = team
        self.project_id = rows.new_ids("project")
        self.columns: dict[str, int] = {}

    def build(self, size: int, start_day: date, *, opened: bool) -> None:
        """Queue the project with exactly ``size`` tasks, starting on or after ``start_day``.

        ``opened`` marks it as the project the app shows first.
        """
        self.calendar = self._calendar(start_day - timedelta(days=60))
        self.start = self.calendar.index(start_day)
        self.created = datetime.combine(start_day - timedelta(days=21), time(9, 0))
        self._project_row(opened)
        self._board()
        label_ids = self._labels()
        roots = Outline(self.rng, self.template).plan(size)
        ordered = number(roots, self.rows.new_ids("task", size))
        leaves = [node for node in ordered if not node.children]
        self._schedule(leaves)
        status = self.calendar.index(self.rows.status_date)
        for node in leaves:
            self._progress(node, status)
        for root in roots:
            _roll_up(root)
        self._task_rows(ordered, roots)
        self._tags_and_people(leaves, label_ids)

    # -- calendar, project, board, labels ----------------------------------------------------

    def _calendar(self, first: date) -> WorkingDays:
        self.calendar_id = self.rows.new_ids("calendar")
        self.rows.add(
            "calendar",
            {
                "id": self.calendar_id,
                "name": f"{self.template.name} calendar",
                "working_weekdays": MONDAY_TO_FRIDAY,
                "hours_per_day": 8,
            },
        )
        optional = self.rng.sample(OPTIONAL_YEARLY_HOLIDAYS, self.rng.randint(1, 3))
        one_offs = self.rng.sample(ONE_OFF_HOLIDAYS, self.rng.randint(3, len(ONE_OFF_HOLIDAYS)))
        holidays = [(d, n, True) for d, n in (*YEARLY_HOLIDAYS, *optional)]
        holidays += [(d, n, False) for d, n in one_offs]
        for day, name, yearly in sorted(holidays):
            row = {"calendar_id": self.calendar_id, "day": day, "name": name, "yearly": yearly}
            self.rows.add("holiday", {"id": self.rows.new_ids("holiday"), **row})
        yearly_days = {(d.month, d.day) for d, _n, y in holidays if y}
        return WorkingDays(first, yearly_days, {d for d, _n, y in holidays if not y})

    def _project_row(self, opened: bool) -> None:
        self.rows.add(
            "project",
            {
                "id": self.project_id,
                "name": self.template.name,
                "description": self.template.description,
                "start": self.calendar.day(self.start),
                "calendar_id": self.calendar_id,
                "created_at": self.created,
                "opened_at": self.created + timedelta(days=20) if opened else None,
            },
        )

    def _board(self) -> None:
        columns = zip(_ROLES, self.template.board.columns(), strict=True)
        for position, (role, (name, category, wip)) in enumerate(columns):
            self.columns[role] = column_id = self.rows.new_ids("board_column")
            self.rows.add(
                "board_column",
                {
                    "id": column_id,
                    "project_id": self.project_id,
                    "name": name,
                    "position": position,
                    "wip_limit": wip,
                    "category": str(category),
                },
            )

    def _labels(self) -> list[int]:
        labels = self.template.labels
        names = self.rng.sample(labels, self.rng.randint(4, len(labels)))
        offset = self.rng.randrange(len(LABEL_COLORS))
        ids = []
        for index, name in enumerate(names):
            label_id = self.rows.new_ids("label")
            color = LABEL_COLORS[(offset + index) % len(LABEL_COLORS)]
            row = {"id": label_id, "project_id": self.project_id, "name": name, "color": color}
            self.rows.add("label", row)
            ids.append(label_id)
        return ids

    # -- links and dates -----------------------------------------------------------------------

    def _schedule(self, leaves: list[PlanNode]) -> None:
        """Link leaves to earlier leaves and place each as early as its links allow.

        Only leaves are linked, and only to leaves before them in outline order, so the links
        close no cycle and never join a summary to its own subtasks. A window of about
        n**0.6 leaves keeps a big project from turning into one long chain.
        """
        window = max(6, round(len(leaves) ** 0.6))
        earlier: dict[int | None, list[int]] = {}
        for position, node in enumerate(leaves):
            siblings = earlier.setdefault(node.parent_id, [])
            start = self.start
            for pred, kind, lag in self._predecessors(leaves, position, window, siblings):
                start = max(start, earliest_start(pred, node, kind, lag))
                self.rows.add(
                    "dependency",
                    {
                        "id": self.rows.new_ids("dependency"),
                        "predecessor_id": pred.id,
                        "successor_id": node.id,
                        "type": str(kind),
                        "lag_days": lag,
                    },
                )
            node.start = start
            node.finish = start + max(node.duration - 1, 0)
            siblings.append(position)

    def _predecessors(
        self, leaves: list[PlanNode], position: int, window: int, siblings: list[int]
    ) -> list[tuple[PlanNode, str, int]]:
        """Up to three distinct earlier leaves (often siblings), each with a link type and lag.

        ``siblings`` are the positions of earlier leaves under the same parent.
        """
        rng = self.rng
        if position == 0:
            return []
        if leaves[position].kind == TaskKind.MILESTONE:
            backs = range(1, min(position, rng.randint(1, 3)) + 1)
            return [(leaves[position - back], DependencyType.FS, 0) for back in backs]
        if rng.random() < 0.02:
            return []  # a task nothing holds back
        near = [p for p in siblings if position - p <= window]
        chosen = set()
        for _ in range(rng.choices((1, 2, 3), weights=(75, 20, 5))[0]):
            if near and rng.random() < 0.6:
                chosen.add(rng.choice(near))
            else:
                chosen.add(position - rng.randint(1, min(window, position)))
        links = []
        for pred_position in sorted(chosen):
            kind = rng.choices(_LINK_TYPES, weights=_LINK_WEIGHTS)[0]
            links.append((leaves[pred_position], kind, _lag(rng, kind)))
        return links

    # -- progress --------------------------------------------------------------------------------

    def _progress(self, node: PlanNode, status: int) -> None:
        """Board column and percent complete of a leaf as of the status date (index)."""
        rng = self.rng
        is_task = node.kind == TaskKind.TASK
        if node.finish < status:
            if is_task and rng.random() < 0.08:
                node.role, node.percent = "review", 90  # late: still waiting for review
            else:
                node.role, node.percent = "finished", 100
                node.archived = is_task and node.finish < status - 20 and rng.random() < 0.25
        elif is_task and node.start <= status:
            done = round(100 * (status - node.start + 1) / (node.finish - node.start + 1))
            node.percent = min(90, max(10, done))
            node.role = "review" if node.percent >= 75 and rng.random() < 0.5 else "active"
        else:
            node.role = "ready" if node.start - status <= 10 else "backlog"

    # -- rows ------------------------------------------------------------------------------------

    def _task_rows(self, ordered: list[PlanNode], roots: list[PlanNode]) -> None:
        wbs_ranks = _sibling_ranks(roots)
        board_ranks = _board_ranks(ordered)
        for minute, node in enumerate(ordered):
            row = self._task_row(node, self.created + timedelta(minutes=minute))
            row["wbs_rank"] = wbs_ranks[node.id]
            row["board_rank"] = board_ranks[node.id]
            self.rows.add("task", row)

    def _task_row(self, node: PlanNode, created: datetime) -> dict[str, Any]:
        rng = self.rng
        is_task = node.kind == TaskKind.TASK
        last_day = min(self.calendar.day(node.finish), self.rows.status_date)
        worked = node.role not in ("backlog", "ready")
        hours = node.duration * 8 * rng.uniform(0.4, 1.1)
        finished = node.role == "finished"
        start_day = self.calendar.day(node.start)
        entered = created
        if worked:  # cards moved to their column when work started (done: when it finished)
            moved_on = last_day if finished else min(start_day, self.rows.status_date)
            entered = max(created, datetime.combine(moved_on, time(9)))
        return {
            "id": node.id,
            "project_id": self.project_id,
            "parent_id": node.parent_id,
            "column_id": self.columns[node.role],
            "title": node.title,
            "description": rng.choice(DESCRIPTIONS) if is_task and rng.random() < 0.3 else "",
            "kind": str(node.kind),
            "start": self.calendar.day(node.start),
            "finish": self.calendar.day(node.finish),
            "duration_days": node.duration,
            "percent_complete": node.percent,
            "priority": rng.choices(_PRIORITIES, weights=_PRIORITY_WEIGHTS)[0],
            "estimate_hours": round(hours * 2) / 2 if is_task and rng.random() < 0.9 else None,
            "color": node.color,
            "archived": node.archived,
            "created_at": created,
            "updated_at": max(created, datetime.combine(last_day, time(17))) if worked else created,
            "column_entered_at": entered,
            # the plan's starts are what its author typed: keep them as constraints
            "constraint_type": "snet" if node.kind != TaskKind.SUMMARY else "asap",
            "constraint_date": start_day if node.kind != TaskKind.SUMMARY else None,
            "actual_finish": last_day if finished else None,
        }

    def _tags_and_people(self, leaves: list[PlanNode], label_ids: list[int]) -> None:
        rng = self.rng
        for node in leaves:
            if node.kind != TaskKind.TASK:
                continue
            tags = rng.choices((0, 1, 2), weights=(30, 55, 15))[0]
            for label_id in sorted(rng.sample(label_ids, min(tags, len(label_ids)))):
                self.rows.add("task_label", {"task_id": node.id, "label_id": label_id})
            staff = rng.choices((0, 1, 2), weights=(10, 72, 18))[0]
            for person_id in sorted(rng.sample(self.team, min(staff, len(self.team)))):
                units = 100 if staff == 1 else rng.choice((50, 50, 100))
                row = {"task_id": node.id, "person_id": person_id, "units": units}
                self.rows.add("assignment", row)


def earliest_start(pred: PlanNode, node: PlanNode, kind: str, lag: int) -> int:
    """The earliest start index of ``node`` that a ``kind`` link from ``pred`` allows.

    Day granularity with inclusive finish days: FS starts the working day after the
    predecessor's finish; SF finishes the working day before the predecessor's start.
    """
    span = max(node.duration - 1, 0)
    if kind == DependencyType.FS:
        return pred.finish + 1 + lag
    if kind == DependencyType.SS:
        return pred.start + lag
    if kind == DependencyType.FF:
        return pred.finish + lag - span
    return pred.start - 1 + lag - span


def _lag(rng: random.Random, kind: str) -> int:
    """Mostly no lag; sometimes a delay; sometimes a lead (negative lag)."""
    roll = rng.random()
    if kind == DependencyType.SF:
        return 0 if roll < 0.7 else rng.randint(1, 3)
    if roll < (0.6 if kind == DependencyType.FS else 0.45):
        return 0
    if roll < 0.88:
        return rng.randint(1, 5)
    return -rng.randint(1, 3)


def _roll_up(node: PlanNode) -> None:
    """Dates, column and progress of a summary from its children (post-order)."""
    if not node.children:
        return
    for child in node.children:
        _roll_up(child)
    children = node.children
    node.start = min(child.start for child in children)
    node.finish = max(child.finish for child in children)
    node.duration = node.finish - node.start + 1
    roles = {child.role for child in children}
    if roles == {"finished"}:
        node.role, node.percent = "finished", 100
    elif roles <= {"backlog", "ready"}:
        node.role, node.percent = ("ready" if "ready" in roles else "backlog"), 0
    else:
        weight = sum(max(child.duration, 1) for child in children)
        done = sum(child.percent * max(child.duration, 1) for child in children) / weight
        node.role, node.percent = "active", min(90, max(10, round(done)))


def _sibling_ranks(roots: list[PlanNode]) -> dict[int, str]:
    """Outline rank keys, one sequence per sibling group."""
    ranks: dict[int, str] = {}
    groups = [roots]
    while groups:
        siblings = groups.pop()
        ranks.update(zip((n.id for n in siblings), rank_sequence(len(siblings)), strict=True))
        groups.extend(node.children for node in siblings if node.children)
    return ranks


def _board_ranks(ordered: list[PlanNode]) -> dict[int, str]:
    """Board rank keys per column: open cards by start date, finished ones newest first."""
    by_role: dict[str, list[PlanNode]] = {}
    for node in ordered:
        by_role.setdefault(node.role, []).append(node)
    ranks: dict[int, str] = {}
    for role, nodes in by_role.items():
        if role == "finished":
            nodes.sort(key=lambda n: (-n.finish, n.id))
        else:
            nodes.sort(key=lambda n: (n.start, n.id))
        ranks.update(zip((n.id for n in nodes), rank_sequence(len(nodes)), strict=True))
    return ranks
