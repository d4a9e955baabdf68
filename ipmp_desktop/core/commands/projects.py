"""Project commands: create (with a calendar and default board columns), edit, delete."""

from datetime import date
from typing import Any

from sqlalchemy import select

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.patterns import (
    CreateRowsCommand,
    DeleteRowsCommand,
    EditFieldsCommand,
)
from ipmp_desktop.core.commands.task_rows import capture_tasks, idea_links, relink_ideas
from ipmp_desktop.core.db.snapshot import Snapshot, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import (
    Base,
    Baseline,
    BoardColumn,
    Calendar,
    ColumnCategory,
    Label,
    LaneWipLimit,
    Project,
    RecycledTasks,
    SavedView,
    Task,
)
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.model.calendar import MONDAY_TO_FRIDAY
from ipmp_desktop.core.services.changes import TASK_AREAS, Area, Changes

DEFAULT_COLUMNS: tuple[tuple[str, ColumnCategory, int | None], ...] = (
    ("To do", ColumnCategory.TODO, None),
    ("In progress", ColumnCategory.DOING, 5),
    ("Done", ColumnCategory.DONE, None),
)


class CreateProject(CreateRowsCommand):
    """A new project with its own working calendar (Mon-Fri) and To do / In progress / Done."""

    label = "New project"

    def __init__(self, *, name: str, start: date, calendar_id: int | None = None) -> None:
        super().__init__()
        self.name = name
        self.start = start
        self.calendar_id = calendar_id
        self.project_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        name = validate.title(self.name, what="project name", limit=validate.MAX_NAME)
        start = validate.optional_date(self.start, what="project start")
        if start is None:
            raise ValidationError("A project needs a start date.")
        snapshot = Snapshot()
        calendar_id = self.calendar_id
        if calendar_id is None:
            calendar = Calendar(
                name=f"{name} calendar", working_weekdays=MONDAY_TO_FRIDAY, hours_per_day=8
            )
            session.add(calendar)
            session.flush()
            calendar_id = calendar.id
            snapshot.add(
                Calendar.__table__,
                rows_where(session, Calendar.__table__, Calendar.id == calendar_id),
            )
        else:
            uow.get(Calendar, calendar_id, "calendar")
        project = Project(
            name=name, description="", start=start, calendar_id=calendar_id, created_at=utcnow()
        )
        session.add(project)
        session.flush()
        self.project_id = project.id
        for position, (title, category, wip) in enumerate(DEFAULT_COLUMNS):
            session.add(
                BoardColumn(
                    project_id=project.id,
                    name=title,
                    position=position,
                    wip_limit=wip,
                    category=category,
                )
            )
        session.flush()
        snapshot.add(
            Project.__table__, rows_where(session, Project.__table__, Project.id == project.id)
        )
        snapshot.add(
            BoardColumn.__table__,
            rows_where(session, BoardColumn.__table__, BoardColumn.project_id == project.id),
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        assert self.project_id is not None
        return Changes(
            projects=frozenset({self.project_id}),
            structure=frozenset({self.project_id}),
            areas=frozenset({Area.PROJECTS}),
        )


class UpdateProject(EditFieldsCommand):
    """Rename a project or change its description, start or calendar."""

    label = "Edit project"
    entity = Project
    noun = "project"

    def __init__(self, *, project_id: int, **values: Any) -> None:
        unknown = set(values) - {"name", "description", "start", "calendar_id"}
        if unknown:
            raise ValidationError(f"A project has no editable field {sorted(unknown)[0]!r}.")
        super().__init__(project_id, values)

    @property
    def text(self) -> str:
        return "Rename project" if set(self.requested) == {"name"} else self.label

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        cleaned: dict[str, Any] = {}
        for name, value in values.items():
            if name == "name":
                cleaned[name] = validate.title(value, what="project name", limit=validate.MAX_NAME)
            elif name == "description":
                cleaned[name] = validate.text(value, what="description")
            elif name == "start":
                start = validate.optional_date(value, what="project start")
                if start is None:
                    raise ValidationError("A project needs a start date.")
                cleaned[name] = start
            else:
                if value is not None:
                    uow.get(Calendar, value, "calendar")
                cleaned[name] = value
        return cleaned

    def changes_for(self, row: Any) -> Changes:
        dated = bool({"start", "calendar_id"} & set(self.new))
        areas = {Area.PROJECTS} | (set(TASK_AREAS) if dated else set())
        return Changes(
            projects=frozenset({row.id}),
            reschedule=frozenset({row.id}) if dated else frozenset(),
            areas=frozenset(areas),
        )


class DeleteProject(DeleteRowsCommand):
    """Delete a project with everything in it; undo brings all of it back.

    Ideas promoted to its tasks stay, unmarked (the foreign key clears the mark); undo marks them
    again.
    """

    label = "Delete project"

    def __init__(self, *, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.idea_links: dict[int, int] = {}

    def capture(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        uow.get(Project, self.project_id, "project")
        task_ids = select(Task.id).where(Task.project_id == self.project_id)
        snapshot = Snapshot()
        snapshot.add(
            Project.__table__, rows_where(session, Project.__table__, Project.id == self.project_id)
        )
        snapshot.add(
            BoardColumn.__table__,
            rows_where(session, BoardColumn.__table__, BoardColumn.project_id == self.project_id),
        )
        column_ids = select(BoardColumn.id).where(BoardColumn.project_id == self.project_id)
        snapshot.add(
            LaneWipLimit.__table__,
            rows_where(session, LaneWipLimit.__table__, LaneWipLimit.column_id.in_(column_ids)),
        )
        snapshot.add(
            Label.__table__,
            rows_where(session, Label.__table__, Label.project_id == self.project_id),
        )
        # Before the tasks: their baseline_task rows point at these baselines.
        snapshot.add(
            Baseline.__table__,
            rows_where(session, Baseline.__table__, Baseline.project_id == self.project_id),
        )
        ids = list(session.scalars(task_ids))
        for name, rows in capture_tasks(session, ids).tables:
            snapshot.add(Base.metadata.tables[name], rows)
        self.idea_links = idea_links(session, ids)
        for table in (SavedView.__table__, RecycledTasks.__table__):
            snapshot.add(table, rows_where(session, table, table.c.project_id == self.project_id))
        return snapshot

    def undo(self, uow: UnitOfWork) -> Changes:
        changes = super().undo(uow)
        relink_ideas(uow.session, self.idea_links)
        return changes

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return Changes(
            projects=frozenset({self.project_id}),
            structure=frozenset({self.project_id}),
            areas=frozenset({Area.PROJECTS} | TASK_AREAS),
        )
