"""Persistent GUI settings: recent workspaces, last workspace, window geometry, and per
workspace the project shown and the Roadmap tab's product and view; per project of a workspace
the Board tab's collapsed columns and swimlanes; per printed view the last page setup.

Wraps a QSettings given by the caller, so tests pass their own file and nothing is global.
"""

import dataclasses
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ipmp_desktop.core.layout.pages import PageSetup
from ipmp_desktop.core.services.board import LaneMode

MAX_RECENT = 10


@dataclasses.dataclass(frozen=True)
class BoardState:
    """What the Board tab showed of one project, kept between runs.

    Attributes:
        collapsed: ids of the collapsed columns; a reader must ignore ids of columns that no
            longer exist.
        lane_mode: the swimlanes chosen.
    """

    collapsed: frozenset[int] = frozenset()
    lane_mode: LaneMode = LaneMode.NONE


class AppSettings:
    """Typed access to the settings the app keeps between runs."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    @classmethod
    def at(cls, path: Path) -> "AppSettings":
        """Settings kept in an INI file at ``path``."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def recent_workspaces(self) -> list[str]:
        """Most recent first; entries whose file is gone are dropped."""
        value = self.store.value("recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [item for item in items if "://" in item or Path(item).exists()]

    def add_recent(self, location: str) -> None:
        """Put ``location`` first in the recent list and remember it as the last one opened."""
        items = [location] + [i for i in self.recent_workspaces() if i != location]
        self.store.setValue("recent", items[:MAX_RECENT])
        self.store.setValue("last_workspace", location)
        self.store.sync()

    def last_workspace(self) -> str | None:
        """The workspace open when the app last closed, if it still exists."""
        value = self.store.value("last_workspace")
        if not value:
            return None
        return value if "://" in value or Path(value).exists() else None

    def last_project(self, location: str) -> int | None:
        """The project last shown for ``location``."""
        value = self.store.value(f"projects/{_key(location)}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_project(self, location: str, project_id: int | None) -> None:
        """Remember the project shown for ``location``."""
        self.store.setValue(f"projects/{_key(location)}", project_id if project_id else "")

    def roadmap_state(self, location: str) -> tuple[int | None, str | None]:
        """The product and the roadmap view (a name such as "timeline") last shown for
        ``location``; None for what was never saved or cannot be read."""
        key = _key(location)
        product = self.store.value(f"roadmap/{key}/product")
        view = self.store.value(f"roadmap/{key}/view")
        try:
            product_id = int(product) if product else None
        except (TypeError, ValueError):
            product_id = None
        return product_id, (view if isinstance(view, str) and view else None)

    def set_roadmap_product(self, location: str, product_id: int | None) -> None:
        """Remember the product shown on the Roadmap tab for ``location``."""
        self.store.setValue(f"roadmap/{_key(location)}/product", product_id if product_id else "")

    def set_roadmap_view(self, location: str, view: str) -> None:
        """Remember the roadmap view (its name) shown for ``location``."""
        self.store.setValue(f"roadmap/{_key(location)}/view", view)

    def board_state(self, location: str, project_id: int) -> BoardState:
        """The board state last shown for ``project_id`` of ``location``; the default state
        (nothing collapsed, no swimlanes) when none was saved or it cannot be read."""
        value = self.store.value(f"board/{_key(location)}/{project_id}")
        try:
            stored = json.loads(value) if isinstance(value, str) else {}
            collapsed = frozenset(int(i) for i in stored.get("collapsed", []))
            return BoardState(collapsed, LaneMode(stored.get("lanes", LaneMode.NONE)))
        except (AttributeError, TypeError, ValueError):
            return BoardState()

    def set_board_state(self, location: str, project_id: int, state: BoardState) -> None:
        """Remember the board state shown for ``project_id`` of ``location``.

        Writes the file at once: callers call this only when the state changed.
        """
        entry = {"collapsed": sorted(state.collapsed), "lanes": str(state.lane_mode)}
        self.store.setValue(f"board/{_key(location)}/{project_id}", json.dumps(entry))
        self.store.sync()

    def theme(self) -> str:
        """ "system", "light" or "dark"."""
        value = self.store.value("theme", "system")
        return value if value in ("system", "light", "dark") else "system"

    def set_theme(self, theme: str) -> None:
        """Remember the theme."""
        self.store.setValue("theme", theme)
        self.store.sync()

    def geometry(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Saved window geometry and state."""
        return self.store.value("window/geometry"), self.store.value("window/state")

    def set_geometry(self, geometry: QByteArray, state: QByteArray) -> None:
        """Save window geometry and state."""
        self.store.setValue("window/geometry", geometry)
        self.store.setValue("window/state", state)
        self.store.sync()

    def print_setup(self, view: str) -> PageSetup | None:
        """The page setup last used to print ``view`` ("gantt", "board", "roadmap"); None when
        there is none or it no longer makes a valid setup."""
        stored = self._print_entry(view).get("setup")
        if not isinstance(stored, dict):
            return None
        try:
            return _setup_from_json(stored)
        except (TypeError, ValueError, KeyError):
            return None

    def print_options(self, view: str) -> dict[str, object]:
        """The print dialog's other choices last used for ``view`` (lanes, sheets, files)."""
        options = self._print_entry(view).get("options")
        return dict(options) if isinstance(options, dict) else {}

    def set_print_setup(
        self, view: str, setup: PageSetup, options: Mapping[str, object] | None = None
    ) -> None:
        """Remember the page setup (and JSON-able ``options``) used to print ``view``."""
        entry = {"setup": _setup_to_json(setup), "options": dict(options or {})}
        self.store.setValue(f"print/{view}", json.dumps(entry, default=str))
        self.store.sync()

    def _print_entry(self, view: str) -> dict:
        value = self.store.value(f"print/{view}")
        try:
            entry = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            return {}
        return entry if isinstance(entry, dict) else {}


def _setup_to_json(setup: PageSetup) -> dict:
    fields = dataclasses.asdict(setup)
    if setup.date_range is not None:
        fields["date_range"] = [day.isoformat() for day in setup.date_range]
    return fields


def _setup_from_json(stored: dict) -> PageSetup:
    """A PageSetup from its stored fields; unknown fields are ignored, missing ones default."""
    known = {f.name for f in dataclasses.fields(PageSetup)}
    fields = {name: value for name, value in stored.items() if name in known}
    for name in ("margins_mm", "header", "footer", "columns"):
        if name in fields:
            fields[name] = tuple(fields[name])
    if fields.get("date_range") is not None:
        first, last = fields["date_range"]
        fields["date_range"] = (date.fromisoformat(first), date.fromisoformat(last))
    return PageSetup(**fields)


def _key(location: str) -> str:
    import hashlib

    return hashlib.sha1(location.encode()).hexdigest()[:16]
