"""Reading an SQLite workspace file without leaving anything beside it.

A WAL-mode database has two side files, ``-wal`` and ``-shm``. SQLite creates them when a
connection first reads the file, and only a connection that may write removes them again when
it closes. A read-only connection therefore leaves them behind: an ``ipmp check`` of a file, or
a refused open, would litter the folder with empty files. :func:`no_new_side_files` notes which
side files exist before a read and tidies the ones the read created; :func:`connect_read_only`
opens a file for reading even where its side files cannot be created (a folder the user may
not write to).
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def side_files(path: Path) -> list[Path]:
    """The ``-wal``, ``-shm`` and ``-journal`` files SQLite may keep beside ``path``."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def existing_side_files(path: Path) -> set[Path]:
    """The side files of ``path`` that exist now."""
    return {side for side in side_files(path) if side.exists()}


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """An SQLite URI that opens ``path`` read-only, whatever characters its name has.

    ``immutable`` tells SQLite the file cannot change, so it needs no side files and takes no
    locks; only right for a file no one can be writing (see :func:`connect_read_only`).
    """
    return path.resolve().as_uri() + ("?immutable=1" if immutable else "?mode=ro")


def can_write_folder(path: Path) -> bool:
    """Whether this process may create files beside ``path``."""
    return os.access(path.resolve().parent, os.W_OK)


def needs_immutable(path: Path) -> bool:
    """Whether ``path`` can be read only as an immutable file.

    A read-only WAL connection needs a ``-shm`` file; where it neither exists nor can be
    created (the folder is not writable), SQLite refuses to open the file. With no ``-wal``
    either, nothing is waiting to be copied into the file, and no process of this user can be
    writing to it, so reading it as immutable gives exactly what it holds.
    """
    return not can_write_folder(path) and not existing_side_files(path)


def connect_read_only(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only DBAPI connection to ``path`` (immutable when :func:`needs_immutable`).

    Raises:
        sqlite3.Error: the file cannot be opened.
    """
    uri = read_only_uri(path, immutable=needs_immutable(path))
    return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)


@contextmanager
def no_new_side_files(path: Path) -> Iterator[None]:
    """Remove the side files that reading ``path`` inside the block created.

    The tidying is SQLite's own: a connection that may write opens the file, reads its
    header and closes; as the last connection it removes the empty ``-wal`` and ``-shm``. If
    another program has the file open meanwhile, they stay, as they must. Nothing is done
    when a ``-journal`` file exists (a connection that may write would roll it back).
    """
    before = existing_side_files(path)
    try:
        yield
    finally:
        tidy_side_files(path, before)


def tidy_side_files(path: Path, before: set[Path]) -> None:
    """Remove the side files of ``path`` that were not there in ``before`` (see above)."""
    created = existing_side_files(path) - before
    if not created or any(side.name.endswith("-journal") for side in existing_side_files(path)):
        return
    try:
        connection = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error:
        pass  # a damaged file: SQLite still closes the WAL it opened, if it opened one
    finally:
        connection.close()
