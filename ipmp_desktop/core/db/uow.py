"""The unit of work a command runs in: one session, one transaction."""

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ipmp_desktop.core.errors import NotFoundError

T = TypeVar("T")


class UnitOfWork:
    """Wraps the session of one command. The workspace commits or rolls it back, never the command.

    Args:
        session: an open session inside a transaction.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, entity: type[T], entity_id: Any, what: str | None = None) -> T:
        """Load ``entity`` by id or raise :class:`NotFoundError` naming what is missing.

        Args:
            entity: the mapped class.
            entity_id: its primary key.
            what: a person's word for it in the message ("task", "column"); defaults to the
                table name.
        """
        noun = what or getattr(entity, "__tablename__", entity.__name__).replace("_", " ")
        if not _storable_id(entity_id):
            raise NotFoundError(f"There is no {noun} #{entity_id}.")
        found = self.session.get(entity, entity_id)
        if found is None:
            raise NotFoundError(f"The {noun} #{entity_id} no longer exists (deleted meanwhile?).")
        return found


MAX_ID = 2**31 - 1
"""Ids are INTEGER columns: 32-bit on PostgreSQL, so larger values can name no row."""


def _storable_id(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(
            _storable_id(part) if isinstance(part, int) else isinstance(part, str) for part in value
        )
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
