"""A workspace: one database (an ``.ipmp`` SQLite file or a PostgreSQL URL) and its sessions.

Opening checks the file without writing to it -- a file from a newer version, a corrupt file, a
file that is not SQLite or not ours, a read-only or locked file each raise a ``WorkspaceError``
and leave it byte-for-byte as it was, with no side file beside it -- then upgrades an old schema
(``core.db.migrate``). Jobs that only read (``ipmp check``, exports) open with ``read_only=True``:
a file the user may not write opens too, and only an attempted edit is refused as read-only.

Every edit runs in its own short session and transaction (:meth:`Workspace.unit_of_work`); the
commit is the save. Sessions use ``expire_on_commit=False`` and are closed at once, so no ORM
object outlives its command and commits stay cheap on large workspaces.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from ipmp_desktop.core.db import migrate
from ipmp_desktop.core.db.engine import SQLITE_APPLICATION_ID, is_sqlite, make_engine
from ipmp_desktop.core.db.sqlite_files import (
    connect_read_only,
    existing_side_files,
    tidy_side_files,
)
from ipmp_desktop.core.db.uow import UnitOfWork
from ipmp_desktop.core.errors import (
    CorruptWorkspaceError,
    LockedWorkspaceError,
    NewerWorkspaceError,
    NotAWorkspaceError,
    ReadOnlyWorkspaceError,
    WorkspaceError,
)

SQLITE_HEADER = b"SQLite format 3\x00"
WORKSPACE_SUFFIX = ".ipmp"


def location_to_url(location: str | os.PathLike[str]) -> tuple[str, Path | None]:
    """Turn a path or URL into ``(sqlalchemy_url, sqlite_path_or_None)``."""
    text = os.fspath(location)
    if "://" in text:
        url = make_url(text)
        if url.get_backend_name() == "sqlite":
            return text, Path(url.database or "") if url.database else None
        return text, None
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite", database=str(path)).render_as_string(), path


class Workspace:
    """An open workspace. Create with :meth:`open` or :meth:`create`; close with :meth:`close`."""

    def __init__(
        self, url: str, path: Path | None, engine: Engine, *, read_only: bool = False
    ) -> None:
        self.url = url
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self._writer = engine.execution_options(sqlite_immediate=True)
        self._side_files_before: set[Path] | None = None

    # -- opening --

    @classmethod
    def open(cls, location: str | os.PathLike[str], *, read_only: bool = False) -> "Workspace":
        """Open an existing workspace, upgrading its schema if it is behind.

        Args:
            location: a workspace file or a database URL.
            read_only: for jobs that only read: the file need not be writable (an edit is
                refused with ``ReadOnlyWorkspaceError``), and nothing is left beside it.
                A schema that is behind is still upgraded when the file may be written.

        Raises:
            WorkspaceError: (a subclass) with a message naming the file and what is wrong.
        """
        url, path = location_to_url(location)
        before = existing_side_files(path) if path is not None else set()
        try:
            if path is not None:
                _probe_sqlite_file(path, writing=not read_only)
            else:
                _probe_server(url)
            engine = _engine_for(url, path, read_only=read_only)
        except BaseException:
            if path is not None:
                tidy_side_files(path, before)
            raise
        try:
            with engine.connect() as connection:
                revision = migrate.current_revision(connection)
            if revision != migrate.head_revision():
                if read_only and path is not None and not _writable(path):
                    raise ReadOnlyWorkspaceError(
                        f"{path} was written by an older IPMP (schema {revision}) and is "
                        "read-only, so it cannot be upgraded; open it once with write access."
                    )
                engine.dispose()
                migrate.upgrade_to_head(url, path=path)
        except BaseException:
            engine.dispose()
            if path is not None:
                tidy_side_files(path, before)
            raise
        workspace = cls(url, path, engine, read_only=read_only)
        if read_only and path is not None:
            workspace._side_files_before = before
        return workspace

    @classmethod
    def create(cls, location: str | os.PathLike[str]) -> "Workspace":
        """Create a new workspace at ``location`` (a path that must not exist yet, or a URL).

        On a server URL the database must be empty (no IPMP schema yet).

        Raises:
            WorkspaceError: the file exists, its folder cannot be written, or the server
                database already holds a schema.
        """
        url, path = location_to_url(location)
        if path is not None:
            if path.exists():
                raise WorkspaceError(f"{path} already exists; open it or choose another name.")
            if not path.parent.is_dir():
                raise WorkspaceError(f"The folder {path.parent} does not exist.")
            try:
                connection = sqlite3.connect(path)
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute(f"PRAGMA application_id = {SQLITE_APPLICATION_ID}")
                connection.commit()
                connection.close()
            except sqlite3.OperationalError as exc:
                raise ReadOnlyWorkspaceError(
                    f"Cannot create {path}: the folder is not writable ({exc})."
                ) from exc
        else:
            engine = make_engine(url)
            try:
                if inspect(engine).get_table_names():
                    raise WorkspaceError(
                        "That database already holds tables; open it instead of creating it."
                    )
            finally:
                engine.dispose()
        try:
            migrate.upgrade_to_head(url)
        except BaseException:
            if path is not None:
                for leftover in (path, *_side_files(path)):
                    leftover.unlink(missing_ok=True)
            raise
        return cls(url, path, make_engine(url))

    @classmethod
    def open_or_create(cls, location: str | os.PathLike[str]) -> "Workspace":
        """Open ``location`` if it holds a workspace, else create one there (a file that does
        not exist yet, or a server database without any tables)."""
        url, path = location_to_url(location)
        if path is not None and not path.exists():
            return cls.create(location)
        if path is None and server_is_empty(url):
            return cls.create(location)
        return cls.open(location)

    def discard(self) -> None:
        """Close this workspace and remove it: for one just created that must not stay (a
        failed import or restore). A file goes with its side files; on a server, the tables
        go and the database is left empty."""
        self.close()
        if self.path is not None:
            for leftover in (self.path, *_side_files(self.path)):
                leftover.unlink(missing_ok=True)
            return
        engine = make_engine(self.url)
        try:
            from ipmp_desktop.core.model import Base

            with engine.begin() as connection:
                Base.metadata.drop_all(connection)
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        finally:
            engine.dispose()

    def close(self) -> None:
        """Release every connection (a closed SQLite workspace leaves no -wal/-shm behind)."""
        self.engine.dispose()
        if self._side_files_before is not None and self.path is not None:
            tidy_side_files(self.path, self._side_files_before)

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def display_name(self) -> str:
        """The file name, or the database name of a server URL."""
        if self.path is not None:
            return self.path.name
        return make_url(self.url).database or self.url

    # -- sessions --

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One write transaction; commits when the block ends, rolls back if it raises.

        Raises:
            ReadOnlyWorkspaceError: the workspace was opened read-only.
        """
        if self.read_only:
            raise ReadOnlyWorkspaceError(
                f"{self.display_name} is open read-only here, so it cannot be changed."
            )
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield UnitOfWork(session)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot session for queries; nothing it does is committed."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session
            session.rollback()

    def backup_to(self, target: str | os.PathLike[str]) -> Path:
        """Write a consistent copy of this SQLite workspace to ``target`` (SQLite backup API).

        The copy is a complete workspace that opens on its own. Overwrites ``target``.

        Raises:
            WorkspaceError: this workspace lives on a server, or ``target`` cannot be written.
        """
        if self.path is None:
            raise WorkspaceError("A copy can be saved from a workspace file only, not a server.")
        dest_path = Path(target).expanduser().resolve()
        if dest_path == self.path:
            raise WorkspaceError("Choose another file than the open workspace for the copy.")
        partial = dest_path.with_name(dest_path.name + ".partial")
        try:
            source = self.engine.raw_connection()
            try:
                dest = sqlite3.connect(partial)
                try:
                    source.driver_connection.backup(dest)
                    dest.execute("PRAGMA journal_mode = WAL")
                finally:
                    dest.close()
            finally:
                source.close()
            os.replace(partial, dest_path)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise WorkspaceError(f"Could not write the copy to {dest_path}: {exc}.") from exc
        return dest_path


def read_header(path: Path) -> bytes:
    """The first 100 bytes of an SQLite file at ``path``.

    Raises:
        WorkspaceError: missing or a folder (``NotAWorkspaceError``), unreadable
            (``ReadOnlyWorkspaceError``), or not an SQLite file (``NotAWorkspaceError``).
    """
    if path.is_dir():
        raise NotAWorkspaceError(f"{path} is a folder, not a workspace file.")
    if not path.exists():
        raise WorkspaceError(f"{path} does not exist.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise ReadOnlyWorkspaceError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise NotAWorkspaceError(f"{path} is not an IPMP workspace (it is not an SQLite file).")
    return header


def _side_files(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _engine_for(url: str, path: Path | None, *, read_only: bool) -> Engine:
    """The workspace's engine; a read-only SQLite file gets read-only connections."""
    if not read_only or path is None:
        return make_engine(url)
    return make_engine(url, creator=lambda: connect_read_only(path))


def _probe_sqlite_file(path: Path, *, writing: bool = True) -> None:
    """Check ``path`` is an openable IPMP workspace this version can read (and, when
    ``writing``, one this process may write and no other program holds locked).

    Reads only; never writes to the file. Raises a ``WorkspaceError`` subclass otherwise.
    """
    header = read_header(path)
    if int.from_bytes(header[68:72], "big") != SQLITE_APPLICATION_ID:
        raise NotAWorkspaceError(
            f"{path} is an SQLite database written by another program, not an IPMP workspace."
        )
    if writing and not _writable(path):
        raise ReadOnlyWorkspaceError(
            f"{path} is read-only; IPMP saves every edit at once, so it needs write access."
        )
    try:
        probe = connect_read_only(path, timeout=2)
    except sqlite3.Error as exc:
        raise CorruptWorkspaceError(f"{path} cannot be opened: {exc}.") from exc
    try:
        try:
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master")}
            check = probe.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            if "locked" in str(exc):
                raise LockedWorkspaceError(
                    f"{path} is locked by another program; close it there and try again."
                ) from exc
            if "readonly" in str(exc):
                raise ReadOnlyWorkspaceError(f"{path} cannot be written ({exc}).") from exc
            raise CorruptWorkspaceError(f"{path} is damaged ({exc}).") from exc
        if check is None or check[0] != "ok":
            raise CorruptWorkspaceError(
                f"{path} is damaged (integrity check: {check[0] if check else 'no answer'})."
            )
        if "alembic_version" not in tables:
            raise NotAWorkspaceError(f"{path} is marked as an IPMP workspace but holds no schema.")
        row = probe.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        probe.close()
    _refuse_unknown_revision(row[0] if row else None, str(path))
    if writing:
        _probe_write_lock(path)


def _probe_write_lock(path: Path) -> None:
    """Refuse a file another process is writing to (or holds read-only from our side)."""
    connection = sqlite3.connect(path, timeout=2, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "locked" in message or "busy" in message:
            raise LockedWorkspaceError(
                f"{path} is locked by another program; close it there and try again."
            ) from exc
        raise ReadOnlyWorkspaceError(f"{path} cannot be written ({message}).") from exc
    finally:
        connection.close()


def workspace_tables(connection: Connection) -> set[str]:
    """The tables of the database ``connection`` reaches, which must hold a workspace.

    Raises:
        NotAWorkspaceError: the database has no workspace schema.
    """
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" not in tables:
        raise NotAWorkspaceError("That database holds no IPMP workspace; create one there first.")
    return tables


def _probe_server(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            workspace_tables(connection)
            revision = migrate.current_revision(connection)
    except WorkspaceError:
        raise
    except Exception as exc:
        raise unreachable_server(exc) from exc
    finally:
        engine.dispose()
    _refuse_unknown_revision(revision, "The server workspace")


def unreachable_server(exc: BaseException) -> WorkspaceError:
    """The one-sentence error for a server that could not be reached (the driver's first line,
    without SQLAlchemy's wrapping and background link)."""
    cause = getattr(exc, "orig", None) or exc
    first = (str(cause).strip().splitlines() or [type(cause).__name__])[0].rstrip(".")
    return WorkspaceError(f"Cannot reach the workspace server: {first}.")


def server_is_empty(url: str) -> bool:
    """Whether the server database at ``url`` holds no tables at all (room for a workspace).

    Raises:
        WorkspaceError: the server cannot be reached.
    """
    engine = make_engine(url)
    try:
        return not inspect(engine).get_table_names()
    except Exception as exc:
        raise unreachable_server(exc) from exc
    finally:
        engine.dispose()


def _refuse_unknown_revision(revision: str | None, where: str) -> None:
    if revision is not None and revision not in migrate.known_revisions():
        raise NewerWorkspaceError(
            f"{where} was written by a newer version of IPMP (schema {revision}); "
            "update IPMP to open it."
        )


def is_sqlite_location(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` (path or URL) is an SQLite workspace."""
    return is_sqlite(location_to_url(location)[0])
