"""Capture rows before a delete and put them back on undo, with the same ids.

Restoring with the original primary keys keeps every later command in the undo stack valid: a
command that names task #42 still finds task #42 after its deletion is undone.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, tuple_
from sqlalchemy.orm import Session

from ipmp_desktop.core.model import Base

Row = dict[str, Any]


@dataclass
class Snapshot:
    """Rows of several tables, in the order they must be inserted (parents first)."""

    tables: list[tuple[str, list[Row]]] = field(default_factory=list)

    def add(self, table: Table, rows: list[Row]) -> None:
        """Append ``rows`` of ``table``; restore inserts tables in the order they were added."""
        if rows:
            self.tables.append((table.name, rows))

    def ids(self, table: Table) -> set[Any]:
        """The primary keys of ``table`` held in this snapshot (single-column keys only)."""
        (pk,) = table.primary_key.columns
        return {row[pk.name] for name, rows in self.tables if name == table.name for row in rows}


def rows_where(session: Session, table: Table, *criteria: Any) -> list[Row]:
    """All rows of ``table`` matching ``criteria``, as plain dicts."""
    result = session.execute(select(table).where(*criteria))
    return [dict(row) for row in result.mappings()]


def restore(session: Session, snapshot: Snapshot) -> None:
    """Insert every row of ``snapshot`` back, in capture order."""
    session.flush()
    for name, rows in snapshot.tables:
        session.execute(insert(Base.metadata.tables[name]), rows)
    session.expire_all()


def remove(session: Session, snapshot: Snapshot) -> None:
    """Delete every row of ``snapshot``, children first (reverse capture order).

    A table whose rows point at rows of the same table (tasks and their parents) is deleted one
    row at a time, the rows last captured first: tree rows are captured parents first, so each
    subtask goes before its parent and no delete cascades. Deleting a parent whose subtasks are
    still there would cascade down the whole chain one trigger inside the other, which costs
    the square of the depth and which SQLite refuses past 1,000 levels.
    """
    session.flush()
    for name, rows in reversed(snapshot.tables):
        table = Base.metadata.tables[name]
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and _refers_to_itself(table):
            session.execute(
                delete(table).where(keys[0] == bindparam("_key")),
                [{"_key": row[keys[0].name]} for row in reversed(rows)],
            )
        elif len(keys) == 1:
            values = [row[keys[0].name] for row in rows]
            for chunk in range(0, len(values), 500):
                session.execute(delete(table).where(keys[0].in_(values[chunk : chunk + 500])))
        else:
            pairs = [tuple(row[k.name] for k in keys) for row in rows]
            for chunk in range(0, len(pairs), 500):
                session.execute(delete(table).where(tuple_(*keys).in_(pairs[chunk : chunk + 500])))
    session.expire_all()


def _refers_to_itself(table: Table) -> bool:
    return any(key.column.table is table for key in table.foreign_keys)


def parents_first(rows: list[Row], *, key: str = "id", parent: str = "parent_id") -> list[Row]:
    """Order tree rows so each row comes after its parent (when the parent is among them)."""
    by_id = {row[key]: row for row in rows}
    ordered: list[Row] = []
    placed: set[Any] = set()

    def place(row: Row) -> None:
        stack = [row]
        while stack[-1][parent] in by_id and stack[-1][parent] not in placed:
            stack.append(by_id[stack[-1][parent]])
        for item in reversed(stack):
            if item[key] not in placed:
                placed.add(item[key])
                ordered.append(item)

    for row in rows:
        place(row)
    return ordered


def snapshot_to_json(snapshot: Snapshot) -> str:
    """Serialise a snapshot (dates and datetimes tagged) for storage in a text column."""

    def encode(value: Any) -> Any:
        if isinstance(value, datetime):
            return {"$datetime": value.isoformat()}
        if isinstance(value, date):
            return {"$date": value.isoformat()}
        return value

    payload = [
        [name, [{key: encode(value) for key, value in row.items()} for row in rows]]
        for name, rows in snapshot.tables
    ]
    return json.dumps(payload, separators=(",", ":"))


def snapshot_from_json(text: str) -> Snapshot:
    """Inverse of :func:`snapshot_to_json`."""

    def decode(value: Any) -> Any:
        if isinstance(value, dict):
            if "$datetime" in value:
                return datetime.fromisoformat(value["$datetime"])
            if "$date" in value:
                return date.fromisoformat(value["$date"])
        return value

    snapshot = Snapshot()
    for name, rows in json.loads(text):
        snapshot.tables.append((name, [{k: decode(v) for k, v in row.items()} for row in rows]))
    return snapshot
