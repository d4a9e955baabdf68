"""Saved board views: a name for a swimlane choice and a filter."""

import json
from typing import Any

from sqlalchemy import select

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.patterns import DeleteRowsCommand
from ipmp_desktop.core.db.snapshot import Snapshot, remove, restore, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.model import Project, SavedView
from ipmp_desktop.core.services.changes import Area, Changes

_VIEWS = frozenset({Area.BOARD})


class SaveView(Command):
    """Save the board's current lanes and filter under ``name`` (replacing a view so named)."""

    label = "Save view"

    def __init__(self, *, project_id: int, name: str, settings: dict[str, Any]) -> None:
        self.project_id = project_id
        self.name = name
        self.settings = settings
        self.view_id: int | None = None
        self.old_settings: str | None = None
        self.created = Snapshot()

    def do(self, uow: UnitOfWork) -> Changes:
        uow.get(Project, self.project_id, "project")
        name = validate.title(self.name, what="view name", limit=100)
        text = json.dumps(self.settings, sort_keys=True)
        existing = uow.session.scalars(
            select(SavedView).where(SavedView.project_id == self.project_id, SavedView.name == name)
        ).first()
        if existing is not None:
            self.view_id, self.old_settings = existing.id, existing.settings
            existing.settings = text
            uow.session.flush()
            return self._changes()
        view = SavedView(project_id=self.project_id, name=name, settings=text)
        uow.session.add(view)
        uow.session.flush()
        self.view_id = view.id
        self.created.add(
            SavedView.__table__,
            rows_where(uow.session, SavedView.__table__, SavedView.id == view.id),
        )
        return self._changes()

    def undo(self, uow: UnitOfWork) -> Changes:
        if self.old_settings is None:
            remove(uow.session, self.created)
        else:
            uow.get(SavedView, self.view_id, "view").settings = self.old_settings
            uow.session.flush()
        return self._changes()

    def redo(self, uow: UnitOfWork) -> Changes:
        if self.old_settings is None:
            restore(uow.session, self.created)
        else:
            uow.get(SavedView, self.view_id, "view").settings = json.dumps(
                self.settings, sort_keys=True
            )
            uow.session.flush()
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(projects=frozenset({self.project_id}), areas=_VIEWS)


class DeleteView(DeleteRowsCommand):
    """Forget a saved view."""

    label = "Delete view"

    def __init__(self, *, view_id: int) -> None:
        super().__init__()
        self.view_id = view_id
        self.project_id: int | None = None

    def capture(self, uow: UnitOfWork) -> Snapshot:
        self.project_id = uow.get(SavedView, self.view_id, "view").project_id
        snapshot = Snapshot()
        snapshot.add(
            SavedView.__table__,
            rows_where(uow.session, SavedView.__table__, SavedView.id == self.view_id),
        )
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        assert self.project_id is not None
        return Changes(projects=frozenset({self.project_id}), areas=_VIEWS)
