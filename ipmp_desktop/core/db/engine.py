"""Engine construction with the pragmas every workspace connection needs.

SQLite connections run with ``foreign_keys=ON``, ``synchronous=FULL`` (a commit that returned is
on disk: no Save button means every acknowledged edit must survive a power cut), a busy timeout,
and transactions that SQLAlchemy controls: the driver's own implicit BEGIN is switched off so that
``BEGIN`` (or ``BEGIN IMMEDIATE`` for writers) is issued by us and DDL is transactional, which
alembic needs to roll a failed upgrade back.
"""

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 5000
SQLITE_APPLICATION_ID = 0x49504D50  # "IPMP": marks a file as ours in the SQLite header.


def is_sqlite(url: str) -> bool:
    """Whether ``url`` points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(
    url: str,
    *,
    foreign_keys: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    connect_args: Mapping[str, Any] | None = None,
    creator: Callable[[], Any] | None = None,
) -> Engine:
    """Create an engine for ``url`` with the workspace pragmas.

    Args:
        url: SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``).
        foreign_keys: SQLite only; migrations pass False (see ``core.db.migrate``).
        busy_timeout_ms: SQLite only; how long to wait for another writer.
        connect_args: passed to the DBAPI ``connect()``.
        creator: SQLite only; makes each DBAPI connection instead (a read-only one, say).
    """
    if not is_sqlite(url):
        return create_engine(url, connect_args=dict(connect_args or {}), pool_pre_ping=True)
    if creator is not None:
        engine = create_engine(url, creator=creator)
    else:
        engine = create_engine(url, connect_args=dict(connect_args or {}))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
