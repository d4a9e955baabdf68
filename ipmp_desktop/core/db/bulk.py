"""Write the same columns of many rows, each found by its primary key, in one ``executemany``.

A reschedule may write the dates of thousands of tasks. Passing a list of parameter dictionaries
to ``Connection.execute`` runs one ``executemany`` too, but SQLAlchemy then builds and converts
every parameter set in Python, which costs more than the database's own work. Here the statement
is compiled once per dialect and set of columns, the values are converted by the columns' own
bind processors, and the parameter sets go to the driver as they are. The SQL, the conversions
and the transaction are still SQLAlchemy's; only its per-row bookkeeping is skipped.
"""

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, update
from sqlalchemy.engine import Connection, Dialect

__all__ = ["update_rows"]

_KEY = "row_key"
"""Bound name of the primary key; a column's new value is bound as ``v_<column>``."""

Converter = Callable[[Any], Any] | None


def update_rows(
    connection: Connection,
    table: Table,
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    """``UPDATE table SET <names> WHERE <key> = ?`` for every row, in one ``executemany``.

    Args:
        connection: runs the statement, in its transaction.
        table: a table with a one-column primary key.
        names: the columns to set, in the order the rows give their values.
        rows: ``(key, value, ...)`` per row: the primary key, then one value per name, as Python
            values (dates, not strings): they are converted as the columns' types say.

    A caller holding ORM objects of these rows must expire them: the session cannot see this.
    """
    sql, order, positional, converters = _compiled(connection.dialect, table, tuple(names))
    slots = {_KEY: 0, **{f"v_{name}": at for at, name in enumerate(names, start=1)}}
    picks = [(slots[bound], converters[bound]) for bound in order]
    params: list[Any] = [
        tuple(row[at] if convert is None else convert(row[at]) for at, convert in picks)
        for row in rows
    ]
    if not params:
        return
    if not positional:
        params = [dict(zip(order, values, strict=True)) for values in params]
    connection.exec_driver_sql(sql, params)


@functools.lru_cache(maxsize=32)
def _compiled(
    dialect: Dialect, table: Table, names: tuple[str, ...]
) -> tuple[str, tuple[str, ...], bool, dict[str, Converter]]:
    """The statement's SQL for ``dialect``, its bound names in the driver's order, whether the
    driver takes them by position, and each bound name's converter (None: passed as is)."""
    (key,) = table.primary_key.columns
    statement = (
        update(table)
        .where(key == bindparam(_KEY))
        .values({name: bindparam(f"v_{name}") for name in names})
    )
    compiled = statement.compile(dialect=dialect)
    bound_names = (_KEY, *(f"v_{name}" for name in names))
    converters = {
        bound: compiled.binds[bound].type.dialect_impl(dialect).bind_processor(dialect)
        for bound in bound_names
    }
    if compiled.positional:
        return compiled.string, tuple(compiled.positiontup or ()), True, converters
    return compiled.string, bound_names, False, converters
