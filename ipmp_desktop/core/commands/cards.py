"""Card details: checklist items and comments."""

from typing import Any

from sqlalchemy import select

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.patterns import (
    CreateRowsCommand,
    DeleteRowsCommand,
    EditFieldsCommand,
)
from ipmp_desktop.core.db.snapshot import Snapshot, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import ChecklistItem, Comment, Task
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.ranking import rank_between
from ipmp_desktop.core.services.changes import Area, Changes

_CARD = frozenset({Area.BOARD, Area.OUTLINE})


def _card_changes(task_id: int) -> Changes:
    return Changes(tasks=frozenset({task_id}), areas=_CARD)


class AddChecklistItem(CreateRowsCommand):
    """Add a line at the end of a task's checklist."""

    label = "Add checklist item"

    def __init__(self, *, task_id: int, text: str) -> None:
        super().__init__()
        self.task_id = task_id
        self.text_value = text
        self.item_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        uow.get(Task, self.task_id, "task")
        text = validate.title(self.text_value, what="checklist item")
        last = uow.session.scalars(
            select(ChecklistItem.rank)
            .where(ChecklistItem.task_id == self.task_id)
            .order_by(ChecklistItem.rank.desc())
        ).first()
        item = ChecklistItem(
            task_id=self.task_id, text=text, done=False, rank=rank_between(last, None)
        )
        uow.session.add(item)
        uow.session.flush()
        self.item_id = item.id
        snapshot = Snapshot()
        snapshot.add(
            ChecklistItem.__table__,
            rows_where(uow.session, ChecklistItem.__table__, ChecklistItem.id == item.id),
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return _card_changes(self.task_id)


class UpdateChecklistItem(EditFieldsCommand):
    """Tick, untick or reword a checklist item."""

    label = "Edit checklist item"
    entity = ChecklistItem
    noun = "checklist item"

    def __init__(self, *, item_id: int, **values: Any) -> None:
        unknown = set(values) - {"text", "done"}
        if unknown:
            raise ValidationError(f"A checklist item has no field {sorted(unknown)[0]!r}.")
        super().__init__(item_id, values)

    @property
    def text(self) -> str:
        if set(self.requested) == {"done"}:
            return "Tick checklist item" if self.requested["done"] else "Untick checklist item"
        return self.label

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        cleaned: dict[str, Any] = {}
        if "text" in values:
            cleaned["text"] = validate.title(values["text"], what="checklist item")
        if "done" in values:
            if not isinstance(values["done"], bool):
                raise ValidationError("A checklist item is done or not.")
            cleaned["done"] = values["done"]
        return cleaned

    def changes_for(self, row: Any) -> Changes:
        return _card_changes(row.task_id)


class RemoveChecklistItem(DeleteRowsCommand):
    """Remove a checklist item."""

    label = "Remove checklist item"

    def __init__(self, *, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id
        self.task_id: int | None = None

    def capture(self, uow: UnitOfWork) -> Snapshot:
        self.task_id = uow.get(ChecklistItem, self.item_id, "checklist item").task_id
        snapshot = Snapshot()
        snapshot.add(
            ChecklistItem.__table__,
            rows_where(uow.session, ChecklistItem.__table__, ChecklistItem.id == self.item_id),
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        assert self.task_id is not None
        return _card_changes(self.task_id)


class AddComment(CreateRowsCommand):
    """Add a comment to a task."""

    label = "Add comment"

    def __init__(self, *, task_id: int, body: str, author: str = "") -> None:
        super().__init__()
        self.task_id = task_id
        self.body = body
        self.author = author
        self.comment_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        uow.get(Task, self.task_id, "task")
        body = validate.text(self.body, what="comment").strip()
        if not body:
            raise ValidationError("A comment cannot be empty.")
        comment = Comment(
            task_id=self.task_id,
            author=validate.text(self.author, what="author").strip()[:200],
            body=body,
            created_at=utcnow(),
        )
        uow.session.add(comment)
        uow.session.flush()
        self.comment_id = comment.id
        snapshot = Snapshot()
        snapshot.add(
            Comment.__table__, rows_where(uow.session, Comment.__table__, Comment.id == comment.id)
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return _card_changes(self.task_id)


class DeleteComment(DeleteRowsCommand):
    """Delete a comment."""

    label = "Delete comment"

    def __init__(self, *, comment_id: int) -> None:
        super().__init__()
        self.comment_id = comment_id
        self.task_id: int | None = None

    def capture(self, uow: UnitOfWork) -> Snapshot:
        self.task_id = uow.get(Comment, self.comment_id, "comment").task_id
        snapshot = Snapshot()
        snapshot.add(
            Comment.__table__,
            rows_where(uow.session, Comment.__table__, Comment.id == self.comment_id),
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        assert self.task_id is not None
        return _card_changes(self.task_id)
