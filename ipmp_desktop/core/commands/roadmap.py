"""Roadmap commands: products, their themes (lanes) and releases.

The roadmap items themselves are tasks; the commands that place them (create, move between
lanes and horizons, shift in time) are in :mod:`.roadmap_items`, the ideas inbox in
:mod:`.roadmap_ideas`. Deleting a
product, theme or release leaves its items in place without that reference; undo puts the
references back.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.commands.base import Command
from ipmp_desktop.core.commands.patterns import (
    CreateRowsCommand,
    DeleteRowsCommand,
    EditFieldsCommand,
)
from ipmp_desktop.core.db.snapshot import Snapshot, remove, rows_where
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import Idea, Product, Release, Task, Theme
from ipmp_desktop.core.model.base import utcnow
from ipmp_desktop.core.services.changes import Area, Changes

THEME_COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948")
"""Lane colors handed out in turn to themes added without one."""
_TASK = Task.__table__.c


def roadmap_changes(task_ids: set[int] | frozenset[int] = frozenset()) -> Changes:
    """What a roadmap edit refreshes: the roadmap, and the tasks whose fields it changed."""
    return Changes(tasks=frozenset(task_ids), areas=frozenset({Area.ROADMAP}))


class TaskRefs:
    """The theme and release references some tasks hold, cleared before the theme, release or
    product they point at is deleted and put back after its undo (a foreign key would only ever
    set them to NULL)."""

    def __init__(self) -> None:
        self.refs: dict[int, dict[str, int | None]] = {}
        self.themes: set[int] = set()
        self.releases: set[int] = set()

    def capture(
        self, session: Session, *, themes: Iterable[int] = (), releases: Iterable[int] = ()
    ) -> None:
        """Remember every task that points at one of ``themes`` or ``releases``."""
        found = session.execute(
            select(_TASK.id, _TASK.theme_id, _TASK.release_id).where(
                _TASK.theme_id.in_(list(themes)) | _TASK.release_id.in_(list(releases))
            )
        )
        self.themes, self.releases = set(themes), set(releases)
        self.refs = {
            row.id: {"theme_id": row.theme_id, "release_id": row.release_id} for row in found
        }

    def clear(self, session: Session) -> None:
        """Set the captured references to NULL (other references of those tasks stay)."""
        self._write(session, lambda name, value: None)

    def put_back(self, session: Session) -> None:
        """Restore the captured references."""
        self._write(session, lambda name, value: value)

    def _write(self, session: Session, new_value: Any) -> None:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for task_id, values in self.refs.items():
            changed = {
                name: new_value(name, value)
                for name, value in values.items()
                if value in (self.themes if name == "theme_id" else self.releases)
            }
            names = tuple(sorted(changed))
            groups[names].append({"row_id": task_id, **{f"v_{n}": changed[n] for n in names}})
        for names, params in groups.items():
            if names:
                statement = (
                    update(Task.__table__)
                    .where(_TASK.id == bindparam("row_id"))
                    .values({name: bindparam(f"v_{name}") for name in names})
                )
                session.connection().execute(statement, params)
        session.expire_all()


class _DeleteWithRefs(DeleteRowsCommand):
    """Delete rows that tasks refer to: clear the references first, put them back on undo."""

    def __init__(self) -> None:
        super().__init__()
        self.refs = TaskRefs()

    def do(self, uow: UnitOfWork) -> Changes:
        self.snapshot = self.capture(uow)
        changes = self.changes_for(uow)
        self.refs.clear(uow.session)
        remove(uow.session, self.snapshot)
        return changes

    def undo(self, uow: UnitOfWork) -> Changes:
        changes = super().undo(uow)
        self.refs.put_back(uow.session)
        return changes

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return roadmap_changes(set(self.refs.refs))


def _rows(session: Session, entity: Any, *criteria: Any) -> list[dict[str, Any]]:
    return rows_where(session, entity.__table__, *criteria)


# -- products -----------------------------------------------------------------------------------


class CreateProduct(CreateRowsCommand):
    """A new product (last in the product list), without themes, releases or ideas yet.

    After ``do``, ``product_id`` names it.
    """

    label = "New product"

    def __init__(self, *, name: str, vision: str = "", scoring_model: str = "rice") -> None:
        super().__init__()
        self.values = {"name": name, "vision": vision, "scoring_model": scoring_model}
        self.product_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        values = _product_fields(self.values)
        last = session.scalar(select(func.max(Product.position)))
        product = Product(**values, position=(last + 1) if last is not None else 0)
        product.created_at = utcnow()
        session.add(product)
        session.flush()
        self.product_id = product.id
        snapshot = Snapshot()
        snapshot.add(Product.__table__, _rows(session, Product, Product.id == product.id))
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return roadmap_changes()


def _product_fields(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name == "name":
            cleaned[name] = validate.title(value, what="product name", limit=validate.MAX_NAME)
        elif name == "vision":
            cleaned[name] = validate.text(value, what="vision")
        elif name == "scoring_model":
            cleaned[name] = validate.scoring_model(value)
        else:
            raise ValidationError(f"A product has no editable field {name!r}.")
    return cleaned


class UpdateProduct(EditFieldsCommand):
    """Rename a product, change its vision or its scoring model (rice, value_effort, wsjf)."""

    label = "Edit product"
    entity = Product
    noun = "product"

    def __init__(self, *, product_id: int, **values: Any) -> None:
        unknown = set(values) - {"name", "vision", "scoring_model"}
        if unknown:
            raise ValidationError(f"A product has no editable field {sorted(unknown)[0]!r}.")
        super().__init__(product_id, values)

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        return _product_fields(values)

    def changes_for(self, row: Any) -> Changes:
        return roadmap_changes()


class DeleteProduct(_DeleteWithRefs):
    """Delete a product with its themes, releases and ideas; its items stay as tasks (without
    theme and release). Undo brings all of it back, references included."""

    label = "Delete product"

    def __init__(self, *, product_id: int) -> None:
        super().__init__()
        self.product_id = product_id

    def capture(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        uow.get(Product, self.product_id, "product")
        snapshot = Snapshot()
        snapshot.add(Product.__table__, _rows(session, Product, Product.id == self.product_id))
        themes = _rows(session, Theme, Theme.product_id == self.product_id)
        releases = _rows(session, Release, Release.product_id == self.product_id)
        snapshot.add(Theme.__table__, themes)
        snapshot.add(Release.__table__, releases)
        snapshot.add(Idea.__table__, _rows(session, Idea, Idea.product_id == self.product_id))
        self.refs.capture(
            session, themes=[t["id"] for t in themes], releases=[r["id"] for r in releases]
        )
        return snapshot


# -- themes -------------------------------------------------------------------------------------


class AddTheme(CreateRowsCommand):
    """Add a theme (a lane) at the bottom of a product's roadmap; after ``do``, ``theme_id``
    names it. Without ``color`` it gets the next of :data:`THEME_COLORS`."""

    label = "Add theme"

    def __init__(self, *, product_id: int, name: str, color: str | None = None) -> None:
        super().__init__()
        self.product_id = product_id
        self.name = name
        self.color = color
        self.theme_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        session = uow.session
        uow.get(Product, self.product_id, "product")
        name = validate.title(self.name, what="theme name", limit=validate.MAX_NAME)
        count, last = session.execute(
            select(func.count(Theme.id), func.max(Theme.position)).where(
                Theme.product_id == self.product_id
            )
        ).one()
        color = (
            validate.theme_color(self.color)
            if self.color is not None
            else THEME_COLORS[count % len(THEME_COLORS)]
        )
        theme = Theme(
            product_id=self.product_id,
            name=name,
            color=color,
            position=(last + 1) if last is not None else 0,
        )
        session.add(theme)
        session.flush()
        self.theme_id = theme.id
        snapshot = Snapshot()
        snapshot.add(Theme.__table__, _rows(session, Theme, Theme.id == theme.id))
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return roadmap_changes()


class UpdateTheme(EditFieldsCommand):
    """Rename a theme or change its color (``#rrggbb``)."""

    label = "Edit theme"
    entity = Theme
    noun = "theme"

    def __init__(self, *, theme_id: int, **values: Any) -> None:
        unknown = set(values) - {"name", "color"}
        if unknown:
            raise ValidationError(f"A theme has no editable field {sorted(unknown)[0]!r}.")
        super().__init__(theme_id, values)

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        cleaned = {}
        if "name" in values:
            cleaned["name"] = validate.title(
                values["name"], what="theme name", limit=validate.MAX_NAME
            )
        if "color" in values:
            cleaned["color"] = validate.theme_color(values["color"])
        return cleaned

    def changes_for(self, row: Any) -> Changes:
        return roadmap_changes()


class MoveTheme(Command):
    """Move a theme to ``position`` (0 is the top lane) among its product's themes; the others
    close up. Positions are renumbered 0, 1, 2, ... in the new order."""

    label = "Move theme"

    def __init__(self, *, theme_id: int, position: int) -> None:
        self.theme_id = theme_id
        self.position = position
        self.old: dict[int, int] = {}
        self.new: dict[int, int] = {}

    def do(self, uow: UnitOfWork) -> Changes:
        theme = uow.get(Theme, self.theme_id, "theme")
        position = validate.int_range(self.position, what="position", low=0, high=10_000)
        order = list(
            uow.session.execute(
                select(Theme.id, Theme.position)
                .where(Theme.product_id == theme.product_id)
                .order_by(Theme.position, Theme.id)
            ).all()
        )
        ids = [row.id for row in order if row.id != theme.id]
        ids.insert(min(position, len(ids)), theme.id)
        self.old = {row.id: row.position for row in order}
        self.new = {theme_id: index for index, theme_id in enumerate(ids)}
        if self.new == self.old:
            raise ValidationError(f"The theme “{theme.name}” is already at that place.")
        return self._write(uow, self.new)

    def undo(self, uow: UnitOfWork) -> Changes:
        return self._write(uow, self.old)

    def redo(self, uow: UnitOfWork) -> Changes:
        return self._write(uow, self.new)

    def _write(self, uow: UnitOfWork, positions: dict[int, int]) -> Changes:
        uow.session.flush()
        uow.session.connection().execute(
            update(Theme.__table__)
            .where(Theme.__table__.c.id == bindparam("row_id"))
            .values(position=bindparam("v_position")),
            [{"row_id": key, "v_position": value} for key, value in positions.items()],
        )
        uow.session.expire_all()
        return roadmap_changes()


class DeleteTheme(_DeleteWithRefs):
    """Delete a theme; its items stay (without a theme). Undo restores both."""

    label = "Delete theme"

    def __init__(self, *, theme_id: int) -> None:
        super().__init__()
        self.theme_id = theme_id

    def capture(self, uow: UnitOfWork) -> Snapshot:
        uow.get(Theme, self.theme_id, "theme")
        snapshot = Snapshot()
        snapshot.add(Theme.__table__, _rows(uow.session, Theme, Theme.id == self.theme_id))
        self.refs.capture(uow.session, themes=[self.theme_id])
        return snapshot


# -- releases -----------------------------------------------------------------------------------


def _release_fields(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name == "name":
            cleaned[name] = validate.title(value, what="release name", limit=validate.MAX_NAME)
        elif name == "day":
            cleaned[name] = validate.required_date(value, what="release date")
        elif name == "description":
            cleaned[name] = validate.text(value, what="description")
        else:
            raise ValidationError(f"A release has no editable field {name!r}.")
    return cleaned


class AddRelease(CreateRowsCommand):
    """Add a named, dated release to a product; after ``do``, ``release_id`` names it."""

    label = "Add release"

    def __init__(self, *, product_id: int, name: str, day: date, description: str = "") -> None:
        super().__init__()
        self.product_id = product_id
        self.values = {"name": name, "day": day, "description": description}
        self.release_id: int | None = None

    def create(self, uow: UnitOfWork) -> Snapshot:
        uow.get(Product, self.product_id, "product")
        release = Release(product_id=self.product_id, **_release_fields(self.values))
        uow.session.add(release)
        uow.session.flush()
        self.release_id = release.id
        snapshot = Snapshot()
        snapshot.add(Release.__table__, _rows(uow.session, Release, Release.id == release.id))
        return snapshot

    def changes_for(self, uow: UnitOfWork) -> Changes:
        return roadmap_changes()


class UpdateRelease(EditFieldsCommand):
    """Rename a release, move its date or change its description."""

    label = "Edit release"
    entity = Release
    noun = "release"

    def __init__(self, *, release_id: int, **values: Any) -> None:
        unknown = set(values) - {"name", "day", "description"}
        if unknown:
            raise ValidationError(f"A release has no editable field {sorted(unknown)[0]!r}.")
        super().__init__(release_id, values)

    def clean(self, uow: UnitOfWork, row: Any, values: dict[str, Any]) -> dict[str, Any]:
        return _release_fields(values)

    def changes_for(self, row: Any) -> Changes:
        return roadmap_changes()


class DeleteRelease(_DeleteWithRefs):
    """Delete a release; its items stay (without a release). Undo restores both."""

    label = "Delete release"

    def __init__(self, *, release_id: int) -> None:
        super().__init__()
        self.release_id = release_id

    def capture(self, uow: UnitOfWork) -> Snapshot:
        uow.get(Release, self.release_id, "release")
        snapshot = Snapshot()
        snapshot.add(Release.__table__, _rows(uow.session, Release, Release.id == self.release_id))
        self.refs.capture(uow.session, releases=[self.release_id])
        return snapshot
