"""``ipmp check``: inspect a workspace file without changing it."""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ipmp_desktop.core.db import migrate
from ipmp_desktop.core.db.engine import SQLITE_APPLICATION_ID
from ipmp_desktop.core.db.workspace import read_header, read_only_uri
from ipmp_desktop.core.errors import NotAWorkspaceError

COUNTED = {
    "project": "projects",
    "task": "tasks",
    "dependency": "dependencies",
    "board_column": "board columns",
    "label": "labels",
    "person": "people",
    "baseline": "baselines",
}
"""Tables whose row counts the report shows, with the plural a person reads."""


@dataclass
class CheckReport:
    """What ``check_workspace`` found; ``ok`` is False when anything needs attention."""

    path: Path
    schema: str | None
    head: str
    integrity: list[str]
    foreign_key_problems: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def schema_state(self) -> str:
        """current, behind (upgraded at next open) or newer (written by a newer IPMP)."""
        if self.schema == self.head:
            return "current"
        if self.schema is None or self.schema in migrate.known_revisions():
            return "behind"  # None: no revision stamped yet; opening upgrades it like any other
        return "newer"

    @property
    def ok(self) -> bool:
        """Integrity fine, no dangling rows, and a schema this version can open."""
        return (
            self.integrity == ["ok"]
            and self.foreign_key_problems == 0
            and self.schema_state != "newer"
        )

    def _foreign_keys_text(self) -> str:
        problems = self.foreign_key_problems
        if not problems:
            return "ok"
        return f"{problems} dangling {'row' if problems == 1 else 'rows'}"

    def lines(self) -> list[str]:
        """Human-readable report."""
        out = [
            f"workspace: {self.path}",
            f"schema: {self.schema} ({self.schema_state}; this version writes {self.head})",
            f"integrity: {'ok' if self.integrity == ['ok'] else '; '.join(self.integrity[:10])}",
            f"foreign keys: {self._foreign_keys_text()}",
        ]
        out += [f"{COUNTED.get(name, name)}: {count}" for name, count in self.counts.items()]
        out.append("result: " + ("OK" if self.ok else "PROBLEMS FOUND"))
        return out


def check_workspace(path: Path) -> CheckReport:
    """Run SQLite's full integrity check and a foreign key check on ``path``, read-only.

    Raises:
        WorkspaceError: the file is missing, not SQLite, or not an IPMP workspace.
    """
    read_header(path)
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        try:
            integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            return CheckReport(path, None, migrate.head_revision(), [str(exc)], 0)
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        if "alembic_version" not in tables or app_id != SQLITE_APPLICATION_ID:
            raise NotAWorkspaceError(
                f"{path} is an SQLite database written by another program, not an IPMP workspace."
            )
        schema_row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        fk_problems = len(connection.execute("PRAGMA foreign_key_check").fetchall())
        counts = {
            name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in COUNTED
            if name in tables
        }
    finally:
        connection.close()
    return CheckReport(
        path=path,
        schema=schema_row[0] if schema_row else None,
        head=migrate.head_revision(),
        integrity=integrity,
        foreign_key_problems=fk_problems,
        counts=counts,
    )
