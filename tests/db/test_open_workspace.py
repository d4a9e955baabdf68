"""Opening files: every bad file gets one clear sentence and stays byte-for-byte as it was."""

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from ipmp_desktop.core.db import Workspace, migrate
from ipmp_desktop.core.errors import (
    CorruptWorkspaceError,
    LockedWorkspaceError,
    NewerWorkspaceError,
    NotAWorkspaceError,
    WorkspaceError,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def workspace_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.ipmp"
    Workspace.create(path).close()
    return path


def assert_refused(path: Path, error: type[WorkspaceError], pattern: str) -> None:
    before = digest(path)
    with pytest.raises(error, match=pattern) as info:
        Workspace.open(path)
    message = str(info.value)
    assert "\n" not in message and message.endswith(".")
    assert digest(path) == before


def test_new_workspace_pragmas(workspace_file):
    with Workspace.open(workspace_file) as ws, ws.reading() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert session.execute(text("PRAGMA application_id")).scalar() == 0x49504D50


def test_create_refuses_existing(workspace_file):
    with pytest.raises(WorkspaceError, match="already exists"):
        Workspace.create(workspace_file)


def test_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.ipmp"
    path.write_text("Shopping list\n" * 20)
    assert_refused(path, NotAWorkspaceError, "not an SQLite file")


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.ipmp"
    path.write_bytes(b"")
    assert_refused(path, NotAWorkspaceError, "not an SQLite file")


def test_foreign_sqlite_is_refused(tmp_path):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    assert_refused(path, NotAWorkspaceError, "another program")


def test_newer_version_is_refused(workspace_file):
    connection = sqlite3.connect(workspace_file)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    connection.commit()
    connection.close()
    assert_refused(workspace_file, NewerWorkspaceError, "newer version of IPMP")


def test_corrupt_file_is_refused(workspace_file):
    data = bytearray(workspace_file.read_bytes())
    assert len(data) > 8192
    data[4096:8192] = b"\xde\xad\xbe\xef" * 1024  # trash the second page onwards
    workspace_file.write_bytes(bytes(data))
    assert_refused(workspace_file, CorruptWorkspaceError, "damaged")


def test_locked_file_is_refused(workspace_file):
    holder = sqlite3.connect(workspace_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE scratch (x)")
    try:
        assert_refused(workspace_file, LockedWorkspaceError, "locked by another program")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _open_as_unprivileged(path: Path) -> str:
    """Open ``path`` in a forked child that drops root (root may write to any file)."""
    import pwd

    migrate.known_revisions()  # load the scripts while we may still read everything
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(reader)
        try:
            if os.geteuid() == 0:
                nobody = pwd.getpwnam("nobody")
                os.setgid(nobody.pw_gid)
                os.setuid(nobody.pw_uid)
            try:
                Workspace.open(path).close()
                answer = "OPENED"
            except WorkspaceError as error:
                answer = f"{type(error).__name__}: {error}"
        except BaseException as error:
            answer = f"CRASH {error!r}"
        os.write(writer, answer.encode())
        os._exit(0)
    os.close(writer)
    chunks = []
    while chunk := os.read(reader, 65536):
        chunks.append(chunk)
    os.close(reader)
    os.waitpid(child, 0)
    return b"".join(chunks).decode()


def test_read_only_file_is_refused(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "plan.ipmp"
    Workspace.create(path).close()
    path.chmod(0o444)
    folder.chmod(0o555)
    for parent in (tmp_path, *tmp_path.parents):
        if parent == Path("/"):
            break
        parent.chmod(parent.stat().st_mode | 0o005)
    before = digest(path)
    answer = _open_as_unprivileged(path)
    folder.chmod(0o755)
    assert answer.startswith("ReadOnlyWorkspaceError: "), answer
    assert "read-only" in answer
    assert digest(path) == before


def test_backup_to_makes_an_openable_copy(workspace_file, tmp_path):
    from datetime import date

    from ipmp_desktop.core.commands import CreateProject, apply

    with Workspace.open(workspace_file) as ws:
        apply(ws, CreateProject(name="Copied", start=date(2026, 1, 1)))
        copy = ws.backup_to(tmp_path / "copy.ipmp")
        with pytest.raises(WorkspaceError):
            ws.backup_to(workspace_file)
    with Workspace.open(copy) as ws, ws.reading() as session:
        assert session.execute(text("SELECT name FROM project")).scalar() == "Copied"


def test_unknown_folder_and_missing_file(tmp_path):
    with pytest.raises(WorkspaceError, match="does not exist"):
        Workspace.open(tmp_path / "nope.ipmp")
    with pytest.raises(WorkspaceError, match="does not exist"):
        Workspace.create(tmp_path / "no" / "such" / "x.ipmp")
    with pytest.raises(NotAWorkspaceError, match="folder"):
        Workspace.open(tmp_path)


def test_head_is_known():
    assert migrate.head_revision() in migrate.known_revisions()


def test_copy_of_workspace_by_file_copy_opens(workspace_file, tmp_path):
    other = tmp_path / "moved.ipmp"
    shutil.copy(workspace_file, other)
    Workspace.open(other).close()


def test_odd_characters_in_file_names(tmp_path):
    path = tmp_path / "plan #2 ?x% ü.ipmp"
    Workspace.create(path).close()
    with Workspace.open(path) as ws:
        assert ws.path == path
        copy = ws.backup_to(tmp_path / "copy #1?.ipmp")
    Workspace.open(copy).close()


def test_a_read_only_open_refuses_only_edits(workspace_file):
    from datetime import date

    from ipmp_desktop.core.commands import CreateProject, apply
    from ipmp_desktop.core.errors import ReadOnlyWorkspaceError

    before = digest(workspace_file)
    with Workspace.open(workspace_file, read_only=True) as ws:
        with ws.reading() as session:
            assert session.execute(text("SELECT count(*) FROM project")).scalar() == 0
        with pytest.raises(ReadOnlyWorkspaceError, match="read-only"):
            apply(ws, CreateProject(name="Never", start=date(2026, 1, 1)))
    assert digest(workspace_file) == before
    assert [p.name for p in workspace_file.parent.iterdir()] == [workspace_file.name]


@pytest.mark.parametrize("read_only", [False, True])
def test_a_refused_open_leaves_no_side_files(workspace_file, read_only):
    connection = sqlite3.connect(workspace_file)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    connection.commit()
    connection.close()
    with pytest.raises(NewerWorkspaceError):
        Workspace.open(workspace_file, read_only=read_only)
    assert [p.name for p in workspace_file.parent.iterdir()] == [workspace_file.name]
