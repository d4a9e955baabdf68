"""Persistent GUI settings: recent workspaces, last workspace, window geometry.

Wraps a QSettings given by the caller, so tests pass their own file and nothing is global.
"""

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


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


def _key(location: str) -> str:
    import hashlib

    return hashlib.sha1(location.encode()).hexdigest()[:16]
