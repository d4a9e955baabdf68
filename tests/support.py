"""Helpers shared by the test packages: workspaces on SQLite or PostgreSQL, dumps, round trips."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from ipmp_desktop.core.commands import Command, apply, revert
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Base
from ipmp_desktop.core.services.changes import Changes

POSTGRES_ENV = "IPMP_TEST_DATABASE_URL"


def postgres_url() -> str | None:
    """The PostgreSQL server the DB tests also run against, when configured."""
    return os.environ.get(POSTGRES_ENV) or None


@contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped afterwards."""
    base = postgres_url()
    assert base is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def new_workspace(backend: str, tmp_path: Path) -> Iterator[Workspace]:
    """A new, empty workspace on ``backend`` ("sqlite" or "postgresql")."""
    if backend == "sqlite":
        workspace = Workspace.create(tmp_path / f"w{uuid.uuid4().hex[:6]}.ipmp")
        try:
            yield workspace
        finally:
            workspace.close()
        return
    with postgres_schema_url() as url:
        workspace = Workspace.create(url)
        try:
            yield workspace
        finally:
            workspace.close()


def dump(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: equal dumps mean equal databases."""
    with workspace.reading() as session:
        return {
            name: sorted((tuple(row) for row in session.execute(select(table))), key=repr)
            for name, table in sorted(Base.metadata.tables.items())
        }


def assert_do_undo_redo(workspace: Workspace, command: Command) -> Changes:
    """Apply ``command``, undo it, redo it; the database must match at each step.

    Returns the ``Changes`` of the first ``do``.
    """
    before = dump(workspace)
    changes = apply(workspace, command)
    after = dump(workspace)
    assert after != before, f"{type(command).__name__} changed nothing"
    revert(workspace, command)
    assert dump(workspace) == before, f"undo of {type(command).__name__} left differences"
    apply(workspace, command, first=False)
    assert dump(workspace) == after, f"redo of {type(command).__name__} differs from do"
    return changes
