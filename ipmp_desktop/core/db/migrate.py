"""Bring a workspace's schema to the version this program knows, safely.

``upgrade_to_head`` is called at open when the schema is behind (and on a new, empty file). On
SQLite it first copies the file to a timestamped backup beside it (keeping the newest few), then
runs every pending alembic revision on one connection whose foreign keys are OFF -- with them ON, a
batch migration that recreates a parent table cascade-deletes every child row -- and runs
``PRAGMA foreign_key_check`` before the single commit. Any failure rolls the whole upgrade back.
"""

import functools
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from ipmp_desktop.core.db.engine import SQLITE_APPLICATION_ID, is_sqlite, make_engine
from ipmp_desktop.core.errors import MigrationError
from ipmp_desktop.paths import migrations_dir

BACKUPS_KEPT = 3
BACKUP_MARK = ".backup-"


@dataclass(frozen=True)
class UpgradeResult:
    """What an upgrade did: revisions before and after, and the backup it made (if any)."""

    before: str | None
    after: str
    backup: Path | None


def alembic_config() -> Config:
    """An alembic ``Config`` pointing at the shipped migrations."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def script_directory() -> ScriptDirectory:
    """The shipped revisions (read once per migrations folder)."""
    return _scripts_in(str(migrations_dir()))


@functools.lru_cache(maxsize=8)
def _scripts_in(folder: str) -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", folder)
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    """The newest revision this program knows."""
    head = script_directory().get_current_head()
    assert head is not None, "the migrations folder has no revision"
    return head


def known_revisions() -> set[str]:
    """Every revision id this program ships."""
    return {rev.revision for rev in script_directory().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database, or None for an unversioned one."""
    return MigrationContext.configure(connection).get_current_revision()


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
