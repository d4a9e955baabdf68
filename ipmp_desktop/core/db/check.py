"""``ipmp check``: inspect a workspace (a file or a server database) without changing it.

A file is read through read-only connections (it may lie in a folder the user cannot write) and
nothing is left beside it. Besides SQLite's own integrity and foreign key checks, the rows are
held against the rules commands keep (:mod:`~ipmp_desktop.core.commands.row_rules`): a link
cycle, a value out of range or an over-long text is a problem, because every later edit of the
project would trip over it.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError

from ipmp_desktop.core.db import migrate
from ipmp_desktop.core.db.engine import SQLITE_APPLICATION_ID, make_engine
from ipmp_desktop.core.db.sqlite_files import connect_read_only, no_new_side_files
from ipmp_desktop.core.db.workspace import (
    location_to_url,
    read_header,
    unreachable_server,
    workspace_tables,
)
from ipmp_desktop.core.errors import NotAWorkspaceError, WorkspaceError

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

SHOWN_PROBLEMS = 20
"""Data problems listed one by one; the rest are counted."""


@dataclass
class CheckReport:
    """What ``check_workspace`` found; ``ok`` is False when anything needs attention.

    ``integrity`` is None for a server database (the server keeps its own storage sound);
    ``data_problems`` is None when the rows were not checked (a schema this version does not
    write: it is checked once opening has upgraded it).
    """

    path: Path | str
    schema: str | None
    head: str
    integrity: list[str] | None
    foreign_key_problems: int
    counts: dict[str, int] = field(default_factory=dict)
    data_problems: list[tuple[str, str]] | None = None

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
        """Integrity fine, no dangling rows, rows within the rules, and a schema this version
        can open."""
        return (
            self.integrity in (["ok"], None)
            and self.foreign_key_problems == 0
            and not self.data_problems
            and self.schema_state != "newer"
        )

    def _foreign_keys_text(self) -> str:
        problems = self.foreign_key_problems
        if not problems:
            return "ok"
        return f"{problems} dangling {'row' if problems == 1 else 'rows'}"

    def _integrity_text(self) -> str:
        if self.integrity is None:
            return "kept by the database server"
        return "ok" if self.integrity == ["ok"] else "; ".join(self.integrity[:10])

    def _data_lines(self) -> list[str]:
        found = self.data_problems
        if found is None:
            return ["data: not checked (this version checks the rows of its own schema only)"]
        if not found:
            return ["data: ok"]
        out = [f"data: {len(found)} {'problem' if len(found) == 1 else 'problems'}"]
        out += [f"  {where}: {sentence}" for where, sentence in found[:SHOWN_PROBLEMS]]
        if len(found) > SHOWN_PROBLEMS:
            out.append(f"  and {len(found) - SHOWN_PROBLEMS} more")
        return out

    def lines(self) -> list[str]:
        """Human-readable report."""
        out = [
            f"workspace: {self.path}",
            f"schema: {self.schema} ({self.schema_state}; this version writes {self.head})",
            f"integrity: {self._integrity_text()}",
            f"foreign keys: {self._foreign_keys_text()}",
            *self._data_lines(),
        ]
        out += [f"{COUNTED.get(name, name)}: {count}" for name, count in self.counts.items()]
        out.append("result: " + ("OK" if self.ok else "PROBLEMS FOUND"))
        return out


def check_workspace(location: str | os.PathLike[str]) -> CheckReport:
    """Check the workspace at ``location`` (a file or a database URL), read-only.

    On a file: SQLite's full integrity check and its foreign key check. On both: the schema
    revision, row counts, and the rows against the rules of the commands.

    Raises:
        WorkspaceError: the file is missing, not SQLite, or not an IPMP workspace; the server
            cannot be reached or holds no workspace.
    """
    url, path = location_to_url(location)
    if path is None:
        return _check_server(url)
    shown = location if isinstance(location, Path) else Path(os.fspath(location))
    read_header(path)
    with no_new_side_files(path):
        engine = make_engine(url, creator=lambda: connect_read_only(path))
        try:
            with engine.connect() as connection:
                return _check_file(connection, shown)
        finally:
            engine.dispose()


def _check_file(connection: Connection, path: Path) -> CheckReport:
    def pragma(name: str) -> list[Any]:
        return [row[0] for row in connection.exec_driver_sql(f"PRAGMA {name}")]

    try:
        integrity = pragma("integrity_check")
        tables = set(connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all())
    except DBAPIError as exc:
        return CheckReport(path, None, migrate.head_revision(), [str(exc.orig)], 0)
    if "alembic_version" not in tables or pragma("application_id")[0] != SQLITE_APPLICATION_ID:
        raise NotAWorkspaceError(
            f"{path} is an SQLite database written by another program, not an IPMP workspace."
        )
    report = _common(connection, path, tables)
    report.integrity = integrity
    report.foreign_key_problems = len(pragma("foreign_key_check"))
    return report


def _check_server(url: str) -> CheckReport:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = workspace_tables(connection)
            return _common(connection, engine.url.render_as_string(hide_password=True), tables)
    except WorkspaceError:
        raise
    except DBAPIError as exc:
        raise unreachable_server(exc) from exc
    finally:
        engine.dispose()


def _common(connection: Connection, where: Path | str, tables: set[str]) -> CheckReport:
    """The schema revision, the counts and (on the current schema) the data rules."""
    from ipmp_desktop.core.commands.row_rules import row_problems
    from ipmp_desktop.core.model import Base

    schema = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    counts = {
        name: connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
        for name in COUNTED
        if name in tables
    }
    report = CheckReport(where, schema, migrate.head_revision(), None, 0, counts)
    if schema == report.head:
        rows, unreadable = {}, []
        for name, table in Base.metadata.tables.items():
            try:
                rows[name] = [dict(row._mapping) for row in connection.execute(select(table))]
            except (ValueError, TypeError, OverflowError) as exc:  # a value of the wrong type
                unreadable.append((f"table {name}", f"A value cannot be read ({exc})."))
        report.data_problems = unreadable + list(row_problems(rows))
    return report
