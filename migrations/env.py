"""Alembic environment for IPMP workspaces.

The application runs migrations through ``ipmp_desktop.core.db.migrate``, which hands us an open
connection (``config.attributes["connection"]``) inside its own transaction; the ``alembic`` command
line works too, given ``-x url=...``.
"""

from alembic import context

from ipmp_desktop.core.db.engine import make_engine
from ipmp_desktop.core.model import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = make_engine(url, foreign_keys=False)
    with engine.connect() as conn, conn.begin():
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("IPMP migrations run online only; pass -x url=sqlite:///path/to/file.ipmp")
run_migrations_online()
