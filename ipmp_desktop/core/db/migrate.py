"""Bring a workspace's schema to the version this program knows, safely.

``upgrade_to_head`` is called at open when the schema is behind (and on a new, empty file). On
SQLite it first copies the file to a timestamped backup beside it (keeping the newest few), then
runs every pending alembic revision on one connection whose foreign keys are OFF -- with them ON, a
batch migration that recreates a parent table cascade-deletes every child row -- and runs
``PRAGMA foreign_key_check`` before the single commit. Any failure rolls the whole upgrade back.

Opening a workspace that is already at the head revision must not pay for importing alembic
(a tenth of a second and a few megabytes at every start): the revision ids are read from the
scripts' source (:func:`revision_graph`) and the stamped revision with one query, and alembic is
imported only to upgrade.
"""

import ast
import functools
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from ipmp_desktop.core.db.engine import SQLITE_APPLICATION_ID, is_sqlite, make_engine
from ipmp_desktop.core.errors import MigrationError
from ipmp_desktop.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

BACKUPS_KEPT = 3
BACKUP_MARK = ".backup-"


@dataclass(frozen=True)
class UpgradeResult:
    """What an upgrade did: revisions before and after, and the backup it made (if any)."""

    before: str | None
    after: str
    backup: Path | None


def alembic_config() -> "Config":
    """An alembic ``Config`` pointing at the shipped migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def script_directory() -> "ScriptDirectory":
    """The shipped revisions as alembic reads them (imports alembic)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def revision_graph() -> dict[str, tuple[str, ...]]:
    """Each shipped revision id with the ids it revises (read once per migrations folder).

    Read from the module-level ``revision`` and ``down_revision`` assignments of the scripts
    in ``versions/``, as alembic reads them, but without importing alembic or the scripts.
    """
    return _graph_in(str(migrations_dir()))


@functools.lru_cache(maxsize=8)
def _graph_in(folder: str) -> dict[str, tuple[str, ...]]:
    graph: dict[str, tuple[str, ...]] = {}
    for script in sorted(Path(folder, "versions").glob("*.py")):
        values = _assignments(script, ("revision", "down_revision"))
        revision = values.get("revision")
        if isinstance(revision, str):
            down = values.get("down_revision")
            graph[revision] = (down,) if isinstance(down, str) else tuple(down or ())
    return graph


def _assignments(script: Path, names: tuple[str, ...]) -> dict[str, object]:
    """The literal values assigned to ``names`` at the top level of ``script``."""
    found: dict[str, object] = {}
    for node in ast.parse(script.read_text(encoding="utf-8"), str(script)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            found[target.id] = ast.literal_eval(value)
    return found


def head_revision() -> str:
    """The newest revision this program knows."""
    graph = revision_graph()
    revised = {down for downs in graph.values() for down in downs}
    heads = [revision for revision in graph if revision not in revised]
    assert len(heads) == 1, f"the migrations folder must have one head, not {heads}"
    return heads[0]


def known_revisions() -> set[str]:
    """Every revision id this program ships."""
    return set(revision_graph())


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, or None for an unversioned one.

    Raises:
        MigrationError: the database is stamped with more than one revision (branches this
            program never makes).
    """
    if not inspect(connection).has_table("alembic_version"):
        return None
    stamped = [
        row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))
    ]
    if len(stamped) > 1:
        raise MigrationError(
            f"The workspace is stamped with several schema versions ({', '.join(stamped)})."
        )
    return stamped[0] if stamped else None


def backup_file(path: Path, *, keep: int = BACKUPS_KEPT) -> Path:
    """Copy the SQLite database at ``path`` beside it with SQLite's online backup API.

    Keeps the newest ``keep`` backups of that file and removes older ones.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}{BACKUP_MARK}{stamp}")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    backups = sorted(path.parent.glob(f"{path.name}{BACKUP_MARK}*"))
    for old in backups[:-keep]:
        old.unlink(missing_ok=True)
    return target


def upgrade_to_head(url: str, *, path: Path | None = None) -> UpgradeResult:
    """Upgrade the database at ``url`` to the head revision in one transaction.

    Args:
        url: SQLAlchemy URL of the workspace.
        path: the SQLite file behind ``url``; when given and the file already holds a schema,
            it is backed up first.

    Raises:
        MigrationError: a revision failed or left dangling foreign keys; nothing was changed.
    """
    engine = make_engine(url, foreign_keys=False)
    sqlite = is_sqlite(url)
    try:
        with engine.connect() as connection:
            before = current_revision(connection)
            connection.rollback()
            backup = backup_file(path) if (path is not None and before is not None) else None
            try:
                with connection.begin():
                    from alembic import command

                    config = alembic_config()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    if sqlite:
                        _check_foreign_keys(connection)
                        connection.exec_driver_sql(
                            f"PRAGMA application_id = {SQLITE_APPLICATION_ID}"
                        )
            except MigrationError:
                raise
            except Exception as exc:  # any failure inside alembic: report it as one sentence
                raise MigrationError(
                    f"Upgrading the workspace failed ({exc}); it was left as it was"
                    + (f" and a backup is at {backup}." if backup else ".")
                ) from exc
            after = current_revision(connection)
            connection.rollback()
    finally:
        engine.dispose()
    assert after is not None
    return UpgradeResult(before=before, after=after, backup=backup)


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise MigrationError(
            f"The upgrade would leave {len(broken)} rows pointing at missing rows "
            f"(tables: {', '.join(tables)}); it was rolled back."
        )
