"""A project of the workspace read back as a :class:`Plan`: what every exporter writes from."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.interchange.plan import (
    ImportReport,
    InterchangeError,
    Plan,
    PlanBaseline,
    PlanCalendar,
    PlanColumn,
    PlanHoliday,
    PlanLink,
    PlanResource,
    PlanTask,
)
from ipmp_desktop.core.model import (
    Assignment,
    Baseline,
    BaselineTask,
    BoardColumn,
    Calendar,
    ChecklistItem,
    Comment,
    Dependency,
    Label,
    Person,
    Project,
    Task,
    task_labels,
)
from ipmp_desktop.core.services.outline import OutlineTree
from ipmp_desktop.core.services.queries import project_tasks


def read_project(session: Session, project_id: int) -> Plan:
    """The project as a :class:`Plan` (what exporters write)."""
    project = session.get(Project, project_id)
    if project is None:
        raise InterchangeError("That project no longer exists.")
    plan = Plan(name=project.name, start=project.start, description=project.description)
    if project.calendar_id is not None:
        calendar = session.get(Calendar, project.calendar_id)
        assert calendar is not None
        plan.calendar = PlanCalendar(
            name=calendar.name,
            weekdays=tuple(bool((calendar.working_weekdays >> d) & 1) for d in range(7)),  # type: ignore[arg-type]
            hours_per_day=calendar.hours_per_day,
            holidays=[
                PlanHoliday(h.day, h.name, h.yearly)
                for h in sorted(calendar.holidays, key=lambda h: h.day)
            ],
        )
    columns = {
        column.id: column
        for column in session.scalars(
            select(BoardColumn)
            .where(BoardColumn.project_id == project_id)
            .order_by(BoardColumn.position)
        )
    }
    plan.columns = [PlanColumn(c.name, c.category, c.wip_limit) for c in columns.values()]
    labels = {
        label.id: label
        for label in session.scalars(select(Label).where(Label.project_id == project_id))
    }
    plan.label_colors = {label.name: label.color for label in labels.values()}
    tree = OutlineTree.from_rows(project_tasks(session, project_id))
    # Plain rows rather than ORM objects: a 10,000-task project reads several times faster.
    in_project = select(Task.id).where(Task.project_id == project_id)
    tasks = {
        row["id"]: row
        for row in session.execute(
            select(Task.__table__).where(Task.project_id == project_id)
        ).mappings()
    }
    by_task: dict[str, dict[int, list[Any]]] = {
        "labels": {},
        "people": {},
        "items": {},
        "notes": {},
    }
    for task_id, label_id in session.execute(
        select(task_labels.c.task_id, task_labels.c.label_id).where(
            task_labels.c.task_id.in_(in_project)
        )
    ):
        by_task["labels"].setdefault(task_id, []).append(labels[label_id].name)
    people: dict[int, tuple[str, str]] = {}
    for task_id, units, person_id, name, email in session.execute(
        select(Assignment.task_id, Assignment.units, Person.id, Person.name, Person.email)
        .join(Person, Person.id == Assignment.person_id)
        .where(Assignment.task_id.in_(in_project))
        .order_by(Assignment.task_id, Person.id)
    ):
        people[person_id] = (name, email)
        by_task["people"].setdefault(task_id, []).append((str(person_id), units))
    for task_id, text, done in session.execute(
        select(ChecklistItem.task_id, ChecklistItem.text, ChecklistItem.done)
        .where(ChecklistItem.task_id.in_(in_project))
        .order_by(ChecklistItem.task_id, ChecklistItem.rank)
    ):
        by_task["items"].setdefault(task_id, []).append((text, done))
    for task_id, author, body, created in session.execute(
        select(Comment.task_id, Comment.author, Comment.body, Comment.created_at)
        .where(Comment.task_id.in_(in_project))
        .order_by(Comment.task_id, Comment.created_at, Comment.id)
    ):
        by_task["notes"].setdefault(task_id, []).append((author, body, created))
    plan.resources = [
        PlanResource(str(person_id), name, email)
        for person_id, (name, email) in sorted(people.items())
    ]
    for task_id, _depth in tree.depth_first():
        task = tasks[task_id]
        plan.tasks.append(
            PlanTask(
                key=str(task_id),
                title=task["title"],
                parent=str(task["parent_id"]) if task["parent_id"] in tasks else None,
                kind=task["kind"],
                start=task["start"],
                finish=task["finish"],
                duration_days=task["duration_days"],
                percent=task["percent_complete"],
                manual=task["manual"],
                constraint_type=task["constraint_type"],
                constraint_date=task["constraint_date"],
                priority=task["priority"],
                notes=task["description"],
                estimate_hours=task["estimate_hours"],
                color=task["color"],
                column=columns[task["column_id"]].name if task["column_id"] in columns else None,
                labels=sorted(by_task["labels"].get(task_id, [])),
                checklist=by_task["items"].get(task_id, []),
                comments=by_task["notes"].get(task_id, []),
                archived=task["archived"],
                assignments=by_task["people"].get(task_id, []),
            )
        )
    for pred, succ, kind, lag in session.execute(
        select(
            Dependency.predecessor_id, Dependency.successor_id, Dependency.type, Dependency.lag_days
        )
        .where(Dependency.successor_id.in_(in_project))
        .order_by(Dependency.id)
    ):
        plan.links.append(PlanLink(str(pred), str(succ), kind, lag))
    for baseline in session.scalars(
        select(Baseline).where(Baseline.project_id == project_id).order_by(Baseline.created_at)
    ):
        saved = PlanBaseline(baseline.name)
        for row in session.scalars(
            select(BaselineTask).where(BaselineTask.baseline_id == baseline.id)
        ):
            saved.tasks[str(row.task_id)] = (
                row.start,
                row.finish,
                row.duration_days,
                row.percent_complete,
            )
        plan.baselines.append(saved)
    plan.report = ImportReport(source=project.name, format="IPMP workspace")
    return plan
