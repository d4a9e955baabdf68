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


def file_at_revision(path: Path, revision: str) -> None:
    """An IPMP file whose schema stops at ``revision`` (as an older release wrote it)."""
    from alembic import command

    from ipmp_desktop.core.db.engine import SQLITE_APPLICATION_ID, make_engine

    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(f"PRAGMA application_id = {SQLITE_APPLICATION_ID}")
    connection.close()
    engine = make_engine(f"sqlite:///{path}", foreign_keys=False)
    with engine.connect() as conn, conn.begin():
        config = migrate.alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


def test_0001_file_with_1000_tasks_upgrades_to_head(tmp_path):
    path = tmp_path / "release1.ipmp"
    file_at_revision(path, "0001")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO calendar VALUES (1, 'Std', 31, 8)")
        db.execute("INSERT INTO project VALUES (1, 'P', '', '2026-01-05', 1, '2026-01-01', NULL)")
        db.execute("INSERT INTO board_column VALUES (1, 1, 'To do', 0, NULL, 'todo')")
        db.execute("INSERT INTO board_column VALUES (2, 1, 'Done', 1, NULL, 'done')")
        for n in range(1, 1001):
            db.execute(
                "INSERT INTO task (id, project_id, parent_id, wbs_rank, column_id, board_rank,"
                " title, description, kind, start, finish, duration_days, percent_complete,"
                " priority,"
                " archived, created_at, updated_at) VALUES (?, 1, NULL, ?, ?, ?, ?, '', 'task',"
                " '2026-01-05', '2026-01-09', 5, ?, 0, 0, '2026-01-01 08:00:00', ?)",
                (
                    n,
                    f"k{n:04d}",
                    2 if n % 2 else 1,
                    f"k{n:04d}",
                    f"T{n}",
                    100 if n % 2 else 0,
                    f"2026-02-{n % 28 + 1:02d} 10:00:00",
                ),
            )
            if n > 1:
                db.execute(
                    "INSERT INTO dependency (predecessor_id, successor_id, type, lag_days) "
                    "VALUES (?, ?, 'FS', 0)",
                    (n - 1, n),
                )
    with Workspace.open(path) as ws, ws.reading() as session:
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            migrate.head_revision()
        )
        assert session.execute(text("SELECT count(*) FROM task")).scalar() == 1000
        assert session.execute(text("SELECT count(*) FROM dependency")).scalar() == 999
        assert (
            session.execute(
                text("SELECT count(*) FROM task WHERE column_entered_at = updated_at")
            ).scalar()
            == 1000
        )
        assert (
            session.execute(
                text("SELECT count(*) FROM task WHERE actual_finish IS NOT NULL")
            ).scalar()
            == 500
        )
        assert session.execute(text("SELECT DISTINCT wip_policy FROM board_column")).all() == [
            ("ask",)
        ]
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
    assert len(list(tmp_path.glob("release1.ipmp.backup-*"))) == 1


def test_migrations_match_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from ipmp_desktop.core.model import Base

    with Workspace.create(tmp_path / "fresh.ipmp") as ws, ws.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_0003_file_upgrades_to_baselines_and_back(tmp_path):
    """0004 only adds tables: a populated 0003 file keeps every row and can save a baseline."""
    from alembic import command

    from ipmp_desktop.core.commands import SaveBaseline
    from ipmp_desktop.core.db.engine import make_engine
    from ipmp_desktop.core.services.baselines import list_baselines

    path = tmp_path / "release3.ipmp"
    file_at_revision(path, "0003")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO calendar VALUES (1, 'Std', 31, 8)")
        db.execute("INSERT INTO project VALUES (1, 'P', '', '2026-01-05', 1, '2026-01-01', NULL)")
        db.execute("INSERT INTO board_column VALUES (1, 1, 'To do', 0, NULL, 'todo', 'ask')")
        for n in range(1, 201):
            db.execute(
                "INSERT INTO task (id, project_id, parent_id, wbs_rank, column_id, board_rank,"
                " title, description, kind, start, finish, duration_days, percent_complete,"
                " priority, archived, column_entered_at, created_at, updated_at)"
                " VALUES (?, 1, NULL, ?, 1, ?, ?, '', 'task', '2026-01-05', '2026-01-09', 5, 0,"
                " 0, 0, '2026-01-01 08:00:00', '2026-01-01 08:00:00', '2026-01-01 08:00:00')",
                (n, f"k{n:04d}", f"k{n:04d}", f"T{n}"),
            )
    with Workspace.open(path) as ws:
        with ws.reading() as session:
            assert session.execute(text("SELECT count(*) FROM task")).scalar() == 200
            assert session.execute(text("SELECT count(*) FROM baseline_task")).scalar() == 0
            assert session.execute(text("PRAGMA foreign_key_check")).all() == []
        save = SaveBaseline(project_id=1, name="")
        apply(ws, save)
        with ws.reading() as session:
            (row,) = list_baselines(session, 1)
        assert (row.name, row.task_count) == ("Baseline 1", 200)
    assert len(list(tmp_path.glob("release3.ipmp.backup-*"))) == 1

    engine = make_engine(f"sqlite:///{path}", foreign_keys=False)
    with engine.connect() as conn, conn.begin():
        config = migrate.alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
    engine.dispose()
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert "baseline" not in tables and "baseline_task" not in tables
        assert db.execute("SELECT count(*) FROM task").fetchone()[0] == 200


def test_0004_file_upgrades_to_roadmap_and_back(tmp_path):
    """0005 recreates the task table with the roadmap fields: every row, index, check and link
    survives; an item can be made; a bin entry written before restores; downgrade drops it all."""
    from alembic import command

    from ipmp_desktop.core.commands import (
        AddTheme,
        CreateProduct,
        CreateRoadmapItem,
        RestoreRecycled,
    )
    from ipmp_desktop.core.db.engine import make_engine
    from ipmp_desktop.core.services.roadmap import load_roadmap

    path = tmp_path / "release4.ipmp"
    file_at_revision(path, "0004")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO calendar VALUES (1, 'Std', 31, 8)")
        db.execute("INSERT INTO project VALUES (1, 'P', '', '2026-01-05', 1, '2026-01-01', NULL)")
        db.execute("INSERT INTO board_column VALUES (1, 1, 'To do', 0, NULL, 'todo', 'ask')")
        for n in range(1, 301):
            db.execute(
                "INSERT INTO task (id, project_id, parent_id, wbs_rank, column_id, board_rank,"
                " title, description, kind, start, finish, duration_days, percent_complete,"
                " priority, archived, column_entered_at, created_at, updated_at, manual,"
                " constraint_type) VALUES (?, 1, ?, ?, 1, ?, ?, '', ?, '2026-01-05',"
                " '2026-01-09', 5, 0, 0, 0, '2026-01-01 08:00:00', '2026-01-01 08:00:00',"
                " '2026-01-01 08:00:00', 0, 'asap')",
                (
                    n,
                    None if n % 10 == 1 else n - (n - 1) % 10,
                    f"k{n:04d}",
                    f"k{n:04d}",
                    f"T{n}",
                    "summary" if n % 10 == 1 else "task",  # 30 summaries of 9 tasks
                ),
            )
            if n % 10 not in (1, 2):  # a chain inside each summary
                db.execute(
                    "INSERT INTO dependency (predecessor_id, successor_id, type, lag_days) "
                    "VALUES (?, ?, 'FS', 0)",
                    (n - 1, n),
                )
        db.execute("INSERT INTO baseline VALUES (1, 1, 'Plan', '2026-01-02 08:00:00')")
        db.execute(
            "INSERT INTO baseline_task SELECT 1, id, start, finish, duration_days, "
            "percent_complete FROM task"
        )
        old_task = (
            '[["task",[{"id":301,"project_id":1,"parent_id":null,"wbs_rank":"z","column_id":1,'
            '"board_rank":"z","title":"Binned","description":"","kind":"task",'
            '"start":{"$date":"2026-01-05"},"finish":{"$date":"2026-01-05"},"duration_days":1,'
            '"percent_complete":0,"priority":0,"estimate_hours":null,"color":null,'
            '"archived":false,"column_entered_at":{"$datetime":"2026-01-01T08:00:00"},'
            '"manual":false,"constraint_type":"asap","constraint_date":null,'
            '"actual_finish":null,"created_at":{"$datetime":"2026-01-01T08:00:00"},'
            '"updated_at":{"$datetime":"2026-01-01T08:00:00"}}]]]'
        )
        db.execute(
            "INSERT INTO recycled_tasks VALUES (1, 1, 'Binned', 1, '2026-01-03 08:00:00', ?)",
            (old_task,),
        )
    with Workspace.open(path) as ws:
        with ws.reading() as session:
            assert session.execute(text("SELECT count(*) FROM task")).scalar() == 300
            assert session.execute(text("SELECT count(*) FROM dependency")).scalar() == 240
            assert session.execute(text("SELECT count(*) FROM baseline_task")).scalar() == 300
            assert session.execute(text("PRAGMA foreign_key_check")).all() == []
            indexes = {
                row[0]
                for row in session.execute(
                    text("SELECT name FROM sqlite_master WHERE tbl_name = 'task'")
                )
            }
            assert {"ix_task_outline_order", "ix_task_board_order", "ix_task_theme_id"} <= indexes
            ddl = session.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'task'")
            ).scalar()
            assert "ck_task_percent_range" in ddl and "fk_task_parent_id_task" in ddl
            blank = session.execute(
                text("SELECT DISTINCT problem, theme_id, reach FROM task")
            ).all()
            assert blank == [("", None, None)]
        apply(ws, RestoreRecycled(recycled_id=1))
        product = CreateProduct(name="Shop")
        apply(ws, product)
        theme = AddTheme(product_id=product.product_id, name="Growth")
        apply(ws, theme)
        epic = CreateRoadmapItem(project_id=1, theme_id=theme.theme_id, title="E", kind="epic")
        apply(ws, epic)
        with ws.reading() as session:
            assert session.execute(text("SELECT count(*) FROM task")).scalar() == 302
            (row,) = load_roadmap(session, product.product_id).items
            assert row.title == "E"

    engine = make_engine(f"sqlite:///{path}", foreign_keys=False)
    with engine.connect() as conn, conn.begin():
        config = migrate.alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    engine.dispose()
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert not {"product", "theme", "release", "idea"} & tables
        columns = {row[1] for row in db.execute("PRAGMA table_info(task)")}
        assert "theme_id" not in columns and "constraint_type" in columns
        assert db.execute("SELECT count(*) FROM task").fetchone()[0] == 302
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("extra_script", [False, True])
def test_revisions_read_without_alembic_are_alembics(tmp_path, monkeypatch, extra_script):
    """Opening reads the revision ids from the scripts' source; alembic must agree on them."""
    if extra_script:
        folder = scripts_with(tmp_path)
        monkeypatch.setattr(migrate, "migrations_dir", lambda: folder)
    scripts = migrate.script_directory()
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.revision_graph() == {
        script.revision: tuple(script._all_down_revisions) for script in scripts.walk_revisions()
    }
    if extra_script:
        assert migrate.head_revision() == "9001"


def test_current_revision_is_what_alembic_reads(tmp_path):
    from alembic.runtime.migration import MigrationContext

    from ipmp_desktop.core.db.engine import make_engine

    path = tmp_path / "plan.ipmp"
    Workspace.create(path).close()
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            alembic_reads = MigrationContext.configure(connection).get_current_revision()
            assert migrate.current_revision(connection) == alembic_reads == migrate.head_revision()
            connection.exec_driver_sql("DELETE FROM alembic_version")
            assert migrate.current_revision(connection) is None
            connection.exec_driver_sql("DROP TABLE alembic_version")
            assert migrate.current_revision(connection) is None
            connection.rollback()
    finally:
        engine.dispose()
