"""The ideas inbox of a product: capture, edit, delete, and promote an idea to a roadmap item."""

from typing import Any

from sqlalchemy import update

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.patterns import (
    CreateRowsCommand,
    DeleteRowsCommand,
    EditFieldsCommand,
)
from ipmp_desktop.core.commands.roadmap import roadmap_changes
from ipmp_desktop.core.commands.roadmap_items import CreateRoadmapItem
from ipmp_desktop.core.db.snapshot import Snapshot, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import Horizon, Idea, Product, Task, Theme
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.services.changes import Changes

IDEA_FIELDS = frozenset({"title", "description", "source", "customer"})


def idea_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Validate idea fields (title, description, source, customer); return what to store."""
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name == "title":
            cleaned[name] = validate.title(value, what="idea title")
        elif name == "description":
            cleaned[name] = validate.text(value, what="description")
        elif name in ("source", "customer"):
            cleaned[name] = " ".join(validate.text(value, what=name, limit=200).split())
        else:
            raise ValidationError(f"An idea has no editable field {name!r}.")
    return cleaned


class CaptureIdea(CreateRowsCommand):
    """Put an idea or a piece of feedback in a product's inbox; after ``do``, ``idea_id``.

    ``source`` says where it came from (support ticket, interview, ...), ``customer`` who asked.
    """

    label = "Capture idea"

    def __init__(
        self,
        *,
        product_id: int,
        title: str,
        description: str = "",
        source: str = "",
        customer: str = "",
    ) -> None:
        super().__init__()
        self.product_id = product_id
        self.values = {
            "title": title,
            "description": description,
            "source": source,
            "customer": customer,
        }
        self.idea_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        uow.get(Product, self.product_id, "product")
        idea = Idea(product_id=self.product_id, created_at=utcnow(), **idea_fields(self.values))
        uow.session.add(idea)
        uow.session.flush()
        self.idea_id = idea.id
        snapshot = Snapshot()
        snapshot.add(Idea.__table__, rows_where(uow.session, Idea.__table__, Idea.id == idea.id))
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return roadmap_changes()


class UpdateIdea(EditFieldsCommand):
    """Change an idea's title, description, source or customer."""

    label = "Edit idea"
    entity = Idea
    noun = "idea"

    def __init__(self, *, idea_id: int, **values: Any) -> None:
        unknown = set(values) - IDEA_FIELDS
        if unknown:
            raise ValidationError(f"An idea has no editable field {sorted(unknown)[0]!r}.")
        super().__init__(idea_id, values)

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        return idea_fields(values)

    def changes_for(self, row: Any) -> Changes:
        return roadmap_changes()


class DeleteIdea(DeleteRowsCommand):
    """Delete an idea from the inbox (an item promoted from it stays); undo restores it."""

    label = "Delete idea"

    def __init__(self, *, idea_id: int) -> None:
        super().__init__()
        self.idea_id = idea_id

    def capture(self, uow: UnitOfWork) -> Snapshot:
        uow.get(Idea, self.idea_id, "idea")
        snapshot = Snapshot()
        snapshot.add(
            Idea.__table__, rows_where(uow.session, Idea.__table__, Idea.id == self.idea_id)
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return roadmap_changes()


class PromoteIdea(Command):
    """Turn an idea into a roadmap item in ``project_id`` and lane ``theme_id``, horizon later.

    The item takes the idea's title and description; the idea stays in the inbox, marked with
    the item (``promoted_task_id``). Undo removes the item and the mark. After ``do``,
    ``task_id`` names the item.

    Raises:
        NotFoundError: the idea, project or theme is gone.
        ValidationError: the idea was promoted already, or the theme belongs to another product.
    """

    label = "Promote idea"

    def __init__(self, *, idea_id: int, project_id: int, theme_id: int, kind: str = "feature"):
        self.idea_id = idea_id
        self.project_id = project_id
        self.theme_id = theme_id
        self.kind = kind
        self.create: CreateRoadmapItem | None = None
        self.task_id: int | None = None

    def do(self, uow: UnitOfWork) -> Changes:
        idea = uow.get(Idea, self.idea_id, "idea")
        if idea.promoted_task_id is not None:
            item = uow.session.get(Task, idea.promoted_task_id)
            named = f" to “{item.title}”" if item is not None else ""
            raise ValidationError(f"The idea “{idea.title}” was promoted already{named}.")
        theme = uow.get(Theme, self.theme_id, "theme")
        if theme.product_id != idea.product_id:
            product = uow.get(Product, idea.product_id, "product")
            raise ValidationError(
                f"The theme “{theme.name}” is not a theme of “{product.name}”, whose idea this is."
            )
        self.create = CreateRoadmapItem(
            project_id=self.project_id,
            theme_id=self.theme_id,
            kind=self.kind,
            title=idea.title,
            description=idea.description,
            horizon=Horizon.LATER,
        )
        changes = self.create.do(uow)
        self.task_id = self.create.task_id
        return changes | self._mark(uow, self.task_id)

    def undo(self, uow: UnitOfWork) -> Changes:
        assert self.create is not None
        changes = self._mark(uow, None)
        return changes | self.create.undo(uow)

    def redo(self, uow: UnitOfWork) -> Changes:
        assert self.create is not None
        changes = self.create.redo(uow)
        return changes | self._mark(uow, self.task_id)

    def _mark(self, uow: UnitOfWork, task_id: int | None) -> Changes:
        uow.session.flush()
        uow.session.execute(
            update(Idea.__table__)
            .where(Idea.__table__.c.id == self.idea_id)
            .values(promoted_task_id=task_id)
        )
        uow.session.expire_all()
        return roadmap_changes()
