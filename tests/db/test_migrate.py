"""Schema upgrades on populated files: backup first, foreign keys off, all or nothing."""

import hashlib
import shutil
import sqlite3
import textwrap
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from ipmp_desktop.core.commands import AddDependency, CreateProject, CreateTask, apply
from ipmp_desktop.core.db import Workspace, migrate
from ipmp_desktop.core.errors import MigrationError
from ipmp_desktop.paths import migrations_dir

RECREATE_PROJECT = textwrap.dedent(
    '''
    """test: recreate the project table (a parent of task) the way batch migrations do"""
    import sqlalchemy as sa
    from alembic import op

    revision = "9001"
    down_revision = "{head}"
    branch_labels = None
    depends_on = None


    def upgrade():
        with op.batch_alter_table("project", recreate="always") as batch:
            batch.add_column(sa.Column("colour", sa.String(9), nullable=True))
        {extra}


    def downgrade():
        pass
    '''
)


def populated(path: Path, tasks: int = 50) -> None:
    with Workspace.create(path) as ws:
        project = CreateProject(name="P", start=date(2026, 1, 5))
        apply(ws, project)
        previous = None
        for number in range(tasks):
            command = CreateTask(project_id=project.project_id, title=f"T{number}")
            apply(ws, command)
            if previous is not None:
                apply(ws, AddDependency(predecessor_id=previous, successor_id=command.task_id))
            previous = command.task_id


def scripts_with(tmp_path: Path, extra: str = "pass") -> Path:
    folder = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), folder)
    head = migrate.head_revision()
    body = RECREATE_PROJECT.format(head=head, extra=extra)
    (folder / "versions" / "9001_test_recreate.py").write_text(body)
    return folder


def counts(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    try:
        tasks = connection.execute("SELECT count(*) FROM task").fetchone()[0]
        links = connection.execute("SELECT count(*) FROM dependency").fetchone()[0]
    finally:
        connection.close()
    return tasks, links


def test_upgrade_keeps_children_backs_up_and_prunes(tmp_path, monkeypatch):
    path = tmp_path / "old.ipmp"
    populated(path)
    assert counts(path) == (50, 49)
    folder = scripts_with(tmp_path)
    monkeypatch.setattr(migrate, "migrations_dir", lambda: folder)
    for _ in range(migrate.BACKUPS_KEPT + 2):
        with sqlite3.connect(path) as connection:  # pretend the file is behind again
            connection.execute("UPDATE alembic_version SET version_num = ?", (_base_head(),))
            if _ > 0:
                connection.execute("ALTER TABLE project DROP COLUMN colour")
        with Workspace.open(path) as ws, ws.reading() as session:
            assert session.execute(text("SELECT count(*) FROM task")).scalar() == 50
            assert (
                session.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9001"
            )
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert counts(path) == (50, 49)
    backups = sorted(tmp_path.glob("old.ipmp.backup-*"))
    assert len(backups) == migrate.BACKUPS_KEPT
    assert counts(backups[-1]) == (50, 49)


def test_the_trap_is_real_with_foreign_keys_on(tmp_path, monkeypatch):
    """Documents why upgrade_to_head switches foreign keys off: with them on, rows vanish."""
    path = tmp_path / "old.ipmp"
    populated(path, tasks=10)
    folder = scripts_with(tmp_path)
    from alembic import command

    from ipmp_desktop.core.db.engine import make_engine

    engine = make_engine(f"sqlite:///{path}", foreign_keys=True)
    with engine.connect() as connection, connection.begin():
        config = migrate.alembic_config()
        config.set_main_option("script_location", str(folder))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    engine.dispose()
    assert counts(path)[0] == 0


def test_failed_upgrade_rolls_back_and_leaves_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "old.ipmp"
    populated(path, tasks=5)
    folder = scripts_with(tmp_path, extra='op.execute("SELECT no_such_function()")')
    monkeypatch.setattr(migrate, "migrations_dir", lambda: folder)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(MigrationError, match="left as it was and a backup is at"):
        Workspace.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert counts(path) == (5, 4)


def test_dangling_rows_abort_the_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "old.ipmp"
    populated(path, tasks=3)
    folder = scripts_with(tmp_path, extra='op.execute("DELETE FROM project")')
    monkeypatch.setattr(migrate, "migrations_dir", lambda: folder)
    with pytest.raises(MigrationError, match="pointing at missing rows"):
        Workspace.open(path)
    assert counts(path) == (3, 2)


def _base_head() -> str:
    from alembic.script import ScriptDirectory

    from ipmp_desktop.core.db.migrate import alembic_config

    config = alembic_config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config).get_current_head()
