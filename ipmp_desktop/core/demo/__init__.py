"""A realistic generated workspace for demos, screenshots and performance budgets.

:func:`generate_demo` writes a *new* workspace file with several projects: working calendars with
holidays, board columns with WIP limits, a WBS outline of phases, work packages and tasks,
milestones, dependencies of all four types (some with leads), labels, people and assignments;
and one or two products whose roadmaps are made of those projects' phases (epics) and work
packages (features), with themes, releases, scores, target dates and ideas
(:mod:`~ipmp_desktop.core.demo.roadmap`).
Dates follow a small forward pass over the dependencies on working days, so the Gantt chart
shows a plausible plan; progress matches each task's board column at a fixed status date.

This is data generation, not user editing: every row is written with bulk Core inserts in one
transaction, without commands or undo. The same seed always gives the same workspace.
"""

import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import bindparam, insert, update

from ipmp_desktop.core.db.workspace import Workspace
from ipmp_desktop.core.demo.content import EMAIL_DOMAIN, FIRST_NAMES, LAST_NAMES, TEMPLATES
from ipmp_desktop.core.demo.outline import split
from ipmp_desktop.core.demo.project_builder import ProjectBuilder
from ipmp_desktop.core.demo.roadmap import add_roadmaps
from ipmp_desktop.core.demo.rows import DemoRows
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import ROADMAP_KINDS, TaskKind

MAX_TASKS = 200_000
_PROJECTS_BY_SIZE = ((8, 1), (40, 2), (200, 3), (1000, 4), (5000, 5))
"""``(fewer than n tasks, projects)``; 6 projects from 5,000 tasks on."""

__all__ = ["MAX_TASKS", "DemoSummary", "generate_demo"]


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`generate_demo` wrote; ``str()`` is a one-paragraph report for people."""

    path: Path
    seed: int
    projects: int
    tasks: int
    summaries: int
    milestones: int
    archived: int
    dependencies: int
    labels: int
    labelled_tasks: int
    people: int
    assignments: int
    calendars: int
    holidays: int
    status_date: date
    products: int = 0
    roadmap_items: int = 0
    ideas: int = 0

    def __str__(self) -> str:
        return (
            f"Wrote {self.path} (seed {self.seed}): {self.projects} "
            f"{'project' if self.projects == 1 else 'projects'} with {self.tasks} tasks in all "
            f"({self.summaries} summaries, {self.milestones} milestones, {self.archived} "
            f"archived), {self.dependencies} dependencies, {self.labels} labels on "
            f"{self.labelled_tasks} tasks, {self.people} people with {self.assignments} "
            f"assignments, {self.calendars} working calendars with {self.holidays} "
            f"holidays, and {self.products} "
            f"{'product' if self.products == 1 else 'products'} with {self.roadmap_items} "
            f"roadmap items and {self.ideas} ideas. Progress is as of "
            f"{self.status_date.isoformat()}."
        )


def generate_demo(
    path: Path,
    *,
    tasks: int = 600,
    seed: int = 1,
    today: date | None = None,
    projects: int | None = None,
    roadmap_items: int | None = None,
) -> DemoSummary:
    """Create a new workspace at ``path`` filled with a generated, realistic plan.

    The rows are planned in memory first and then written in one transaction; if writing
    fails, the new file is removed again.

    Args:
        path: the workspace file to create; it must not exist yet.
        tasks: the exact number of task rows of all projects together (summaries and
            milestones included), 1 to ``MAX_TASKS``.
        seed: the same seed gives the same workspace, row for row (timestamps included).
        projects: how many projects to spread the tasks over (default: by size, 1 to 6).
        today: move the plan by whole weeks so that its progress is as of about this date
            (the CLI passes the real date so a demo looks current); None keeps the seed's dates.
        roadmap_items: how many of its projects' summaries each product makes roadmap items
            at most, phases first, then work packages, then their stages (for large roadmaps);
            None makes every phase and work package one.

    Returns:
        Counts of what was written.

    Raises:
        ValidationError: ``tasks`` or ``roadmap_items`` is out of range.
        WorkspaceError: ``path`` exists or cannot be created.
    """
    if isinstance(tasks, bool) or not isinstance(tasks, int) or not 1 <= tasks <= MAX_TASKS:
        raise ValidationError(f"A demo needs between 1 and {MAX_TASKS} tasks, not {tasks!r}.")
    if projects is not None and not 1 <= projects <= min(len(TEMPLATES), tasks):
        limit = min(len(TEMPLATES), tasks)
        raise ValidationError(f"A demo of {tasks} tasks has 1 to {limit} projects, not {projects}.")
    if roadmap_items is not None and (
        isinstance(roadmap_items, bool) or not isinstance(roadmap_items, int) or roadmap_items < 0
    ):
        raise ValidationError(f"Roadmap items must be 0 or more, not {roadmap_items!r}.")
    rows = _plan(random.Random(seed), tasks, today, projects, roadmap_items)
    path = Path(path)
    workspace = Workspace.create(path)
    try:
        with workspace.unit_of_work() as uow:
            for table, table_rows in rows.tables():
                if table_rows:
                    uow.session.execute(insert(table), table_rows)
            for table, values in rows.amendments():
                _amend(uow.session, table, values)
    except BaseException:
        workspace.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    workspace.close()
    return _summary(rows, path, seed)


def _amend(session, table, values: list[dict]) -> None:
    """Update rows of ``table`` by id with ``values`` (all with the same keys)."""
    names = [name for name in values[0] if name != "id"]
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(f"v_{name}") for name in names})
    )
    params = [{"row_id": row["id"], **{f"v_{n}": row[n] for n in names}} for row in values]
    session.connection().execute(statement, params)


def _plan(
    rng: random.Random,
    tasks: int,
    today: date | None = None,
    projects: int | None = None,
    roadmap_items: int | None = None,
) -> DemoRows:
    """Every row of the demo, in memory."""
    sizes = _project_sizes(rng, tasks, projects)
    starts = [date(2026, 1, 5) + timedelta(weeks=rng.randint(0, 24)) for _ in sizes]
    status = max(starts) + timedelta(weeks=rng.randint(3, 8))
    if today is not None:  # whole weeks keep Monday starts on Mondays
        shift = timedelta(weeks=(today - status).days // 7)
        starts = [start + shift for start in starts]
        status += shift
    rows = DemoRows(status_date=status)
    people = _people(rng, rows, min(30, 8 + tasks // 500))
    templates = rng.sample(TEMPLATES, len(sizes))
    largest = sizes.index(max(sizes))
    built = []
    for index, (template, size, start) in enumerate(zip(templates, sizes, starts, strict=True)):
        team = sorted(rng.sample(people, min(len(people), rng.randint(4, 10))))
        builder = ProjectBuilder(rng, rows, template, team)
        builder.build(size, start, opened=index == largest)
        built.append((builder.project_id, template.name))
    add_roadmaps(rng, rows, built, roadmap_items)
    return rows


def _project_sizes(rng: random.Random, tasks: int, projects: int | None = None) -> list[int]:
    """Tasks per project: more projects for bigger demos, at least one task each."""
    count = projects or next((n for limit, n in _PROJECTS_BY_SIZE if tasks < limit), 6)
    return split(rng, tasks, count, minimum=1)


def _people(rng: random.Random, rows: DemoRows, count: int) -> list[int]:
    """Queue ``count`` people with distinct names; return their ids."""
    names = rng.sample(list(itertools.product(FIRST_NAMES, LAST_NAMES)), count)
    ids = []
    for first, last in names:
        person_id = rows.new_ids("person")
        local = f"{first}.{last}".lower().replace("'", "")
        email = f"{local}@{EMAIL_DOMAIN}"
        rows.add("person", {"id": person_id, "name": f"{first} {last}", "email": email})
        ids.append(person_id)
    return ids


def _summary(rows: DemoRows, path: Path, seed: int) -> DemoSummary:
    tagged = {row["task_id"] for row in rows.by_table.get("task_label", [])}
    return DemoSummary(
        path=path,
        seed=seed,
        projects=rows.count("project"),
        tasks=rows.count("task"),
        # a summary is a task with subtasks, whatever its kind (phases, epics, features)
        summaries=len({r["parent_id"] for r in rows.by_table.get("task", []) if r["parent_id"]}),
        milestones=rows.count("task", kind=TaskKind.MILESTONE),
        archived=rows.count("task", archived=True),
        dependencies=rows.count("dependency"),
        labels=rows.count("label"),
        labelled_tasks=len(tagged),
        people=rows.count("person"),
        assignments=rows.count("assignment"),
        calendars=rows.count("calendar"),
        holidays=rows.count("holiday"),
        status_date=rows.status_date,
        products=rows.count("product"),
        roadmap_items=sum(row["kind"] in ROADMAP_KINDS for row in rows.by_table.get("task", [])),
        ideas=rows.count("idea"),
    )
