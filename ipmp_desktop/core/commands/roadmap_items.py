"""Roadmap item commands: add an item to a theme, move it between lanes, horizons and releases.

A roadmap item is a task of kind initiative, epic or feature (``ROADMAP_KINDS``) with a theme;
delivery tasks hang under it through the outline. Its score inputs, texts, horizon and target
date are edited with :class:`~ipmp_desktop.core.commands.tasks.UpdateTask` like any task field;
shifting it in time is :class:`~ipmp_desktop.core.commands.roadmap_shift.ShiftRoadmapItem`.
"""

from datetime import date
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.patterns import EditFieldsCommand
from ipmp_desktop.core.commands.tasks import CreateTask
from ipmp_desktop.core.db.snapshot import Snapshot, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import ROADMAP_KINDS, Release, Task, Theme
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.services.changes import TASK_AREAS, Changes

DEFAULT_ITEM_DAYS = 10
"""Working days a new item without children is planned for when no duration is given: a bar
of two weeks reads as a roadmap item, a one-day bar hardly shows."""
MOVABLE = frozenset({"theme_id", "horizon", "release_id"})


def roadmap_kind(value: Any) -> str:
    """initiative, epic or feature."""
    kind = validate.task_field("kind", value)
    if kind not in ROADMAP_KINDS:
        options = ", ".join(sorted(ROADMAP_KINDS))
        raise ValidationError(f"A roadmap item is one of {options}, not {kind!r}.")
    return kind


def product_of_task(session: Session, task: Task) -> int | None:
    """The product whose roadmap shows ``task``: its theme's or release's, else its nearest
    roadmap item ancestor's; None when it is on no roadmap."""
    current: Task | None = task
    seen: set[int] = set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.kind in ROADMAP_KINDS:
            for entity, ref in ((Theme, current.theme_id), (Release, current.release_id)):
                row = session.get(entity, ref) if ref is not None else None
                if row is not None:
                    return row.product_id
        current = session.get(Task, current.parent_id) if current.parent_id else None
    return None


class CreateRoadmapItem(CreateTask):
    """Add a roadmap item (a task of an item kind) to a project, in lane ``theme_id``.

    Placed last in the outline under ``parent_id`` (another item or any summary) or at the top
    level. A ``start`` becomes a start-no-earlier-than date like a typed start; without
    ``duration_days`` an item is planned for :data:`DEFAULT_ITEM_DAYS` until it gets children.
    After ``do``, ``task_id`` names the new task.

    Raises:
        NotFoundError: the project, theme or parent is gone.
        ValidationError: a kind that is not an item kind, a bad field, or a parent on the
            roadmap of another product than the theme's.
    """

    label = "Add roadmap item"

    def __init__(
        self,
        *,
        project_id: int,
        theme_id: int,
        title: str,
        kind: str = "feature",
        horizon: str | None = None,
        start: date | None = None,
        duration_days: int | None = None,
        target_date: date | None = None,
        parent_id: int | None = None,
        description: str = "",
    ) -> None:
        super().__init__(
            project_id=project_id,
            title=title,
            parent_id=parent_id,
            kind=kind,
            start=start,
            duration_days=DEFAULT_ITEM_DAYS if duration_days is None else duration_days,
            description=description,
        )
        self.theme_id = theme_id
        self.roadmap = {"horizon": horizon, "target_date": target_date}

    def create(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        self.values["kind"] = roadmap_kind(self.values["kind"])
        theme = uow.get(Theme, self.theme_id, "theme")
        fields = {name: validate.roadmap_field(name, v) for name, v in self.roadmap.items()}
        if self.parent_id is not None:
            parent = uow.get(Task, self.parent_id, "parent task")
            owner = product_of_task(session, parent)
            if owner is not None and owner != theme.product_id:
                raise ValidationError(
                    f"“{parent.title}” is on the roadmap of another product than the theme "
                    f"“{theme.name}”."
                )
        super().create(uow)
        session.execute(
            update(Task.__table__)
            .where(Task.__table__.c.id == self.task_id)
            .values(theme_id=theme.id, **fields)
        )
        session.expire_all()
        snapshot = Snapshot()
        snapshot.add(Task.__table__, rows_where(session, Task.__table__, Task.id == self.task_id))
        return snapshot


class MoveRoadmapItem(EditFieldsCommand):
    """Put a roadmap item in another lane, horizon or release (a drag on the roadmap):
    ``MoveRoadmapItem(task_id=7, theme_id=2, horizon="next")``.

    ``theme_id`` names a theme (an item always has one once moved); ``horizon`` is now, next,
    later or None; ``release_id`` a release or None. Theme and release must belong to one
    product. Dates are not touched: shifting in time is ``ShiftRoadmapItem``.

    Raises:
        NotFoundError: the task, theme or release is gone.
        ValidationError: the task is no roadmap item, or the theme and release belong to
            different products.
    """

    label = "Move roadmap item"
    entity = Task
    noun = "task"

    def __init__(self, *, task_id: int, **values: Any) -> None:
        unknown = set(values) - MOVABLE
        if unknown:
            raise ValidationError(f"A roadmap item cannot be moved by {sorted(unknown)[0]!r}.")
        super().__init__(task_id, values)

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        if row.kind not in ROADMAP_KINDS:
            raise ValidationError(f"“{row.title}” is not a roadmap item (it is a {row.kind}).")
        cleaned: dict[str, Any] = {}
        if "horizon" in values:
            cleaned["horizon"] = validate.roadmap_field("horizon", values["horizon"])
        theme_id = values.get("theme_id", row.theme_id)
        release_id = values.get("release_id", row.release_id)
        if "theme_id" in values:
            if values["theme_id"] is None:
                raise ValidationError("A roadmap item moves to a theme; choose one.")
            cleaned["theme_id"] = theme_id
        if "release_id" in values:
            cleaned["release_id"] = release_id
        theme = uow.get(Theme, theme_id, "theme") if theme_id is not None else None
        release = uow.get(Release, release_id, "release") if release_id is not None else None
        if theme is not None and release is not None and theme.product_id != release.product_id:
            raise ValidationError(
                f"The release “{release.name}” belongs to another product than the theme "
                f"“{theme.name}”; choose a release of that product or none."
            )
        cleaned["updated_at"] = utcnow()
        return cleaned

    def changes_for(self, row: Any) -> Changes:
        return Changes(
            tasks=frozenset({row.id}), projects=frozenset({row.project_id}), areas=TASK_AREAS
        )
