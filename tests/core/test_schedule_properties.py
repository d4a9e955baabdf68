"""Property: after every command, the stored dates of a plan honour its links and constraints.

Each example builds a small random project through real commands (tasks with durations and
subtasks, links of every type with leads and lags, typed starts that become "start no earlier
than" constraints, tasks switched to manual scheduling, indents) and, after every command, reads
the stored rows and checks them in working days of the project calendar:

* every link into an automatically scheduled task is met (a link to a summary binds each of
  its subtasks; a link from a summary uses the span of its children; a manual predecessor
  occupies its start plus its duration, as the scheduler sees it);
* no automatically scheduled task starts before its constraint date or the project start;
* an automatic task's finish matches its start and duration, and every summary spans exactly
  its children.

Refused commands (a link that would close a cycle, directly or through a summary) are skipped.
"""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from ipmp_desktop.core.commands import (
    AddDependency,
    Command,
    CreateProject,
    CreateTask,
    IndentTask,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import DomainError
from ipmp_desktop.core.model import Dependency, Holiday, Project, Task, TaskKind
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from ipmp_desktop.core.scheduling.service import project_calendar
from tests.support import new_workspace

PROJECT_STARTS = [date(2026, 1, 5), date(2026, 1, 7), date(2026, 1, 10)]  # Mon, Wed, Sat
DAYS = st.dates(date(2025, 12, 29), date(2026, 2, 20))
LINK_TYPES = ["FS", "SS", "FF", "SF"]

# -- reading the stored plan ---------------------------------------------------------------------


def stored_plan(workspace: Workspace, project_id: int) -> tuple[Any, dict[int, Any], list[Any]]:
    """The project row, its tasks by id and its links, as stored."""
    with workspace.reading() as session:
        project = session.execute(select(Project.start).where(Project.id == project_id)).one()
        tasks = {
            row.id: row
            for row in session.execute(
                select(
                    Task.id,
                    Task.parent_id,
                    Task.kind,
                    Task.start,
                    Task.finish,
                    Task.duration_days,
                    Task.manual,
                    Task.constraint_type,
                    Task.constraint_date,
                ).where(Task.project_id == project_id)
            )
        }
        links = session.execute(
            select(
                Dependency.predecessor_id,
                Dependency.successor_id,
                Dependency.type,
                Dependency.lag_days,
            )
            .join(Task, Task.id == Dependency.successor_id)
            .where(Task.project_id == project_id)
        ).all()
    return project, tasks, links


def span(row: Any, calendar: WorkCalendar) -> tuple[int, int]:
    """``[start, finish)`` of a stored leaf in working-day indices (the CPM's convention):
    start plus duration, which for an automatic task :func:`check_auto_task` ties to its
    stored finish, and for a manual one is what the scheduler assumes."""
    start = calendar.index(row.start)
    return start, start + (0 if row.kind == TaskKind.MILESTONE else row.duration_days)


def check_plan(workspace: Workspace, project_id: int) -> None:
    """Links, constraints and summaries hold on the stored rows (see the module docstring)."""
    project, tasks, links = stored_plan(workspace, project_id)
    with workspace.reading() as session:
        calendar = project_calendar(session, project_id)
    children: dict[int, list[int]] = {}
    for row in tasks.values():
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row.id)
    spans: dict[int, tuple[int, int]] = {}

    def span_of(task_id: int) -> tuple[int, int]:
        if task_id not in spans:
            kids = children.get(task_id)
            if kids:
                starts, finishes = zip(*(span_of(k) for k in kids), strict=True)
                spans[task_id] = (min(starts), max(finishes))
            else:
                spans[task_id] = span(tasks[task_id], calendar)
        return spans[task_id]

    for row in tasks.values():
        assert row.start is not None and row.finish is not None, f"task {row.id} has no dates"
        first, last = span_of(row.id)
        if row.id in children:  # a summary (whatever its kind says) spans its children
            assert (calendar.index(row.start), row.duration_days) == (first, last - first), row
            assert row.finish == (calendar.day(last - 1) if last > first else row.start), row
        elif not row.manual:
            check_auto_task(row, calendar, project.start)
    for pred, succ, link_type, lag in links:
        if pred not in tasks:
            continue
        pred_start, pred_finish = span_of(pred)
        for leaf in leaves(succ, children):
            if tasks[leaf].manual:
                continue  # a manual task keeps its dates; the scheduler reports the conflict
            start, finish = span_of(leaf)
            bound = {
                "FS": (start, pred_finish),
                "SS": (start, pred_start),
                "FF": (finish, pred_finish),
                "SF": (finish, pred_start),
            }[link_type]
            assert bound[0] >= bound[1] + lag, f"link {pred}->{succ} {link_type}{lag:+d} unmet"


def check_auto_task(row: Any, calendar: WorkCalendar, project_start: date) -> None:
    """An automatic leaf task: starts on a working day, after the project start and its SNET
    date, and its finish is its start plus its duration (a finish date is inclusive)."""
    start, finish = span(row, calendar)
    assert calendar.is_working(row.start), row
    assert start >= calendar.index(project_start), f"task {row.id} starts before the project"
    if row.constraint_type == "snet" and row.constraint_date is not None:
        assert row.start >= row.constraint_date, f"task {row.id} starts before its SNET date"
    if finish > start:
        assert calendar.index(row.finish) + 1 == finish, row
    else:
        assert row.finish == row.start, row


def leaves(task_id: int, children: dict[int, list[int]]) -> list[int]:
    """The task itself, or the leaf tasks under it when it is a summary."""
    kids = children.get(task_id)
    if not kids:
        return [task_id]
    return [leaf for kid in kids for leaf in leaves(kid, children)]


# -- building a random plan ------------------------------------------------------------------


KINDS = ["create", "link", "link", "link", "start", "manual", "length", "indent"]


def draw_command(data: st.DataObject, project_id: int, tasks: list[int]) -> Command:
    """One command on the growing plan; tasks first, then a mix of links and edits.

    Subtasks are drawn one time in four and links join two different tasks, so most links
    are accepted rather than refused as lying within one branch of the outline.
    """
    kind = "create" if len(tasks) < 3 else data.draw(st.sampled_from(KINDS))
    if kind == "create":
        nested = bool(tasks) and data.draw(st.integers(0, 3)) == 0
        return CreateTask(
            project_id=project_id,
            title=f"t{len(tasks)}",
            parent_id=data.draw(st.sampled_from(tasks)) if nested else None,
            kind=data.draw(st.sampled_from(["task", "task", "task", "milestone"])),
            start=data.draw(st.none() | DAYS),
            duration_days=data.draw(st.integers(0, 5)),
        )
    task = data.draw(st.sampled_from(tasks))
    if kind == "link":
        return AddDependency(
            predecessor_id=task,
            successor_id=data.draw(st.sampled_from([t for t in tasks if t != task])),
            type=data.draw(st.sampled_from(LINK_TYPES)),
            lag_days=data.draw(st.integers(-3, 5)),
        )
    if kind == "start":
        return UpdateTask(task_id=task, start=data.draw(DAYS))
    if kind == "manual":
        return UpdateTask(task_id=task, manual=data.draw(st.booleans()))
    if kind == "length":
        return UpdateTask(task_id=task, duration_days=data.draw(st.integers(0, 5)))
    return IndentTask(task_id=task)


def build_plan(workspace: Workspace, data: st.DataObject) -> None:
    project = CreateProject(name="Plan", start=data.draw(st.sampled_from(PROJECT_STARTS)))
    apply(workspace, project)
    project_id = project.project_id
    assert project_id is not None
    holidays = data.draw(st.lists(DAYS, max_size=3, unique=True), label="holidays")
    with workspace.unit_of_work() as uow:  # before any task, so no stored date predates them
        calendar_id = uow.session.get(Project, project_id).calendar_id
        for day in holidays:
            uow.session.execute(
                insert(Holiday).values(calendar_id=calendar_id, day=day, name="", yearly=False)
            )
    tasks: list[int] = []
    for number in range(data.draw(st.integers(3, 14), label="commands")):
        command = draw_command(data, project_id, tasks)
        shown = {k: v for k, v in vars(command).items() if k not in {"snapshot", "old_kinds"}}
        note(f"{number}: {type(command).__name__} {shown}")
        try:
            apply(workspace, command)
        except DomainError as error:  # a cycle, a link within one branch, an impossible indent
            note(f"   refused: {error}")
            continue
        if isinstance(command, CreateTask):
            assert command.task_id is not None
            tasks.append(command.task_id)
        check_plan(workspace, project_id)


def test_stored_dates_honour_links_and_constraints(tmp_path: Path) -> None:
    with new_workspace("sqlite", tmp_path) as workspace:  # one file; a new project per example

        @settings(
            max_examples=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(data=st.data())
        def plans(data: st.DataObject) -> None:
            build_plan(workspace, data)

        plans()


def test_check_plan_catches_an_unmet_link(tmp_path: Path) -> None:
    """The checker itself: a link whose successor was moved behind the scheduler's back."""
    with new_workspace("sqlite", tmp_path) as workspace:
        project = CreateProject(name="Plan", start=date(2026, 1, 5))
        apply(workspace, project)
        first = CreateTask(project_id=project.project_id, title="a", duration_days=3)
        second = CreateTask(project_id=project.project_id, title="b", duration_days=1)
        apply(workspace, first)
        apply(workspace, second)
        apply(workspace, AddDependency(predecessor_id=first.task_id, successor_id=second.task_id))
        check_plan(workspace, project.project_id)
        with workspace.unit_of_work() as uow:
            row = uow.session.get(Task, second.task_id)
            row.start = row.finish = row.start - timedelta(days=1)
        with pytest.raises(AssertionError, match="unmet"):
            check_plan(workspace, project.project_id)
