"""The workspace as JSON: a complete, lossless dump of every table and its restore into a new file.

This is the backup and exchange format. :func:`dump_workspace` writes every row of every table
of :data:`~ipmp_desktop.core.model.Base.metadata`, all columns, ids included, so a restore gives
the same database row for row, on SQLite or PostgreSQL alike. The layout::

    {"header": {"format": "ipmp-workspace", "format_version": 1,
                "schema_revision": "0005", "app_version": "0.1.0"},
     "tables": {
      "assignment": {"columns": ["task_id", "person_id", "units"], "rows": [
       [1, 3, 100],
       ...]},
      ...}}

Tables come by name and rows by primary key, one row a line, with no timestamp of the dump
itself: the same database always gives the same bytes (whatever the backend), and two dumps
diff line by line. Dates are ISO ``YYYY-MM-DD``, date-times ISO without a zone (stored UTC),
booleans and numbers JSON's own.

:func:`restore_workspace` reads and checks the whole file before it creates anything; a file
that is not ours, is damaged, comes from a newer IPMP, lacks tables or columns, holds rows that
point at missing rows, or holds rows that break a rule the commands keep (a link cycle, a
finish before its start, a 100,000-character title: :mod:`~ipmp_desktop.core.commands.row_rules`)
is refused with one sentence (:class:`InterchangeError`), and a failure while writing removes
the new file again. :func:`restore_into` fills an empty workspace that is already open (a
PostgreSQL database, say) in one transaction and moves its id sequences past the restored ids;
:func:`restore_to` restores into a new file or an empty server database given by its location.

The schema revision in the header must be one this version ships. Rows are written into the
current schema, so a dump from an older revision is restored only while its tables and columns
still match; when a migration changes them, this module must learn to convert older dumps.
"""

import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Table, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ipmp_desktop import __version__
from ipmp_desktop.core.commands.row_rules import first_problem_sentence, row_problems
from ipmp_desktop.core.db import migrate
from ipmp_desktop.core.db.workspace import Workspace
from ipmp_desktop.core.interchange.plan import MAX_IMPORT_BYTES, InterchangeError
from ipmp_desktop.core.model import Base

FORMAT_NAME = "ipmp-workspace"
FORMAT_VERSION = 1
"""Raise when the layout changes; a restore refuses versions above the one it knows."""

_INT_LIMIT = 2**63
_KIND_NAMES = {
    bool: "true or false",
    int: "a whole number",
    float: "a finite number",
    str: "text",
    date: "a date (YYYY-MM-DD)",
    datetime: "a date and time without a zone",
}
_BATCH = 1000


# -- dump ----------------------------------------------------------------------------------------


def dump_workspace(session: Session) -> bytes:
    """Every row of every table of the workspace behind ``session``, as UTF-8 JSON.

    Read inside one snapshot (``Workspace.reading()``) so the tables agree with each other.

    Raises:
        InterchangeError: a value JSON cannot hold losslessly (a NaN or infinite number).
    """
    revision = migrate.current_revision(session.connection())
    header = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "schema_revision": revision,
        "app_version": __version__,
    }
    parts = ['{"header": ', _json(header), ',\n "tables": {']
    tables = sorted(Base.metadata.tables.values(), key=lambda table: table.name)
    for number, table in enumerate(tables):
        columns = list(table.columns)
        names = [column.name for column in columns]
        rows = [
            [_encode(value, table, column) for value, column in zip(row, columns, strict=True)]
            for row in _rows_by_key(session, table)
        ]
        parts.append(",\n" if number else "\n")
        parts.append(f'  {_json(table.name)}: {{"columns": {_json(names)}, "rows": [')
        parts.append(",".join("\n   " + _json(row) for row in rows))
        parts.append("]}")
    parts.append("}}\n")
    return "".join(parts).encode("utf-8")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _rows_by_key(session: Session, table: Table) -> list[tuple[Any, ...]]:
    """The rows of ``table`` sorted by primary key in Python (collations differ by backend)."""
    positions = [list(table.columns).index(column) for column in table.primary_key.columns]
    rows = [tuple(row) for row in session.execute(select(table))]
    return sorted(rows, key=lambda row: tuple(row[i] for i in positions))


def _encode(value: Any, table: Table, column: Column[Any]) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise InterchangeError(
            f"Column {table.name}.{column.name} holds {value}, which a JSON dump cannot keep."
        )
    return value


# -- reading and checking ------------------------------------------------------------------------


@dataclass
class _Dump:
    """A checked dump: rows as dicts per table, in an order the foreign keys accept."""

    revision: str
    rows: dict[str, list[dict[str, Any]]]


def _refuse(reason: str) -> InterchangeError:
    return InterchangeError(f"This file cannot be restored: {reason}.")


def _read(data: bytes) -> _Dump:
    """Parse and check a dump completely, without touching any database."""
    if len(data) > MAX_IMPORT_BYTES:
        raise _refuse(f"it is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise _refuse("it is not UTF-8 text, so not an IPMP workspace dump") from exc
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise _refuse(f"it is not complete, valid JSON ({_first_line(exc)})") from exc
    header = document.get("header") if isinstance(document, dict) else None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise _refuse("it is JSON but not an IPMP workspace dump")
    version = header.get("format_version")
    if type(version) is not int or version < 1:
        raise _refuse("its header gives no valid format version")
    if version > FORMAT_VERSION:
        raise InterchangeError(
            f"This dump uses format version {version}, newer than this IPMP reads "
            f"({FORMAT_VERSION}); update IPMP to restore it."
        )
    revision = header.get("schema_revision")
    if not isinstance(revision, str):
        raise _refuse("its header gives no schema revision")
    if revision not in migrate.known_revisions():
        raise InterchangeError(
            f"This dump comes from a newer IPMP (schema {revision[:40]}); "
            "update IPMP to restore it."
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise _refuse("it has no tables")
    _check_table_names(tables)
    rows = {
        name: _decode_table(table, tables[name]) for name, table in Base.metadata.tables.items()
    }
    _check_foreign_keys(rows)
    for table in Base.metadata.tables.values():
        rows[table.name] = _parents_first(table, rows[table.name])
    for where, sentence in row_problems(rows):
        raise _refuse(first_problem_sentence(where, sentence))
    return _Dump(revision=revision, rows=rows)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _listing(names: set[str]) -> str:
    shown = sorted(names)
    return ", ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")


def _check_table_names(tables: dict[str, Any]) -> None:
    known = set(Base.metadata.tables)
    missing, unknown = known - set(tables), set(tables) - known
    if missing:
        raise _refuse(f"it lacks the tables {_listing(missing)}")
    if unknown:
        raise _refuse(f"it holds tables this version does not know ({_listing(unknown)})")


def _decode_table(table: Table, entry: Any) -> list[dict[str, Any]]:
    """The rows of one table as dicts, every value checked against its column's type."""
    if not isinstance(entry, dict):
        raise _refuse(f"table {table.name} is not an object")
    names, rows = entry.get("columns"), entry.get("rows")
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise _refuse(f"table {table.name} has no list of columns")
    if not isinstance(rows, list):
        raise _refuse(f"table {table.name} has no list of rows")
    known = set(table.columns.keys())
    if len(set(names)) != len(names):
        raise _refuse(f"table {table.name} names a column twice")
    if missing := known - set(names):
        raise _refuse(f"table {table.name} lacks the columns {_listing(missing)}")
    if unknown := set(names) - known:
        raise _refuse(f"table {table.name} has columns this version does not know "
                      f"({_listing(unknown)})")  # fmt: skip
    columns = [table.columns[name] for name in names]
    decoded = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise _refuse(f"row {number} of table {table.name} does not match its columns")
        decoded.append(
            {
                column.name: _decode(value, column, f"row {number} of table {table.name}")
                for column, value in zip(columns, row, strict=True)
            }
        )
    return decoded


def _decode(value: Any, column: Column[Any], where: str) -> Any:
    """``value`` as the Python value ``column`` stores; refuses anything of another type."""
    if value is None:
        if not column.nullable:
            raise _refuse(f"{where} has no {column.name}")
        return None
    kind = column.type.python_type
    try:
        if kind is bool and type(value) is bool:
            return value
        if kind is int and type(value) is int and -_INT_LIMIT <= value < _INT_LIMIT:
            return value
        if kind is float and type(value) in (int, float):
            number = float(value)
            if math.isfinite(number):
                return number
        if kind is str and isinstance(value, str):
            value.encode("utf-8")  # lone surrogates from \ud800 escapes cannot be stored
            return value
        if kind is datetime and isinstance(value, str):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                return moment
        if kind is date and isinstance(value, str):
            return date.fromisoformat(value)
    except (ValueError, OverflowError, UnicodeEncodeError):
        pass
    shown = json.dumps(value)[:40]
    raise _refuse(f"{where} has {shown} as {column.name}, which is not {_KIND_NAMES[kind]}")


def _check_foreign_keys(rows: dict[str, list[dict[str, Any]]]) -> None:
    """Refuse rows that point at rows the dump does not hold."""
    for table in Base.metadata.sorted_tables:
        for constraint in table.foreign_key_constraints:
            local = [element.parent.name for element in constraint.elements]
            remote = [element.column.name for element in constraint.elements]
            target = constraint.referred_table.name
            present = {tuple(row[name] for name in remote) for row in rows[target]}
            dangling = 0
            for row in rows[table.name]:
                values = tuple(row[name] for name in local)
                if None not in values and values not in present:
                    dangling += 1
            if dangling:
                raise _refuse(
                    f"{dangling} rows of table {table.name} point at missing rows of "
                    f"{target} ({', '.join(local)})"
                )


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` ordered so that a row pointing at a row of its own table comes after it."""
    links = [
        ([e.parent.name for e in c.elements], [e.column.name for e in c.elements])
        for c in table.foreign_key_constraints
        if c.referred_table is table
    ]
    if not links:
        return rows
    position = {}
    for number, row in enumerate(rows):
        for _local, remote in links:
            position[(tuple(remote), tuple(row[name] for name in remote))] = number

    def parents(number: int) -> Iterator[int]:
        for local, remote in links:
            values = tuple(rows[number][name] for name in local)
            if None not in values:
                yield position[(tuple(remote), values)]

    state = [0] * len(rows)  # 0 not seen, 1 on the current path, 2 placed
    order: list[int] = []
    for first in range(len(rows)):
        if state[first]:
            continue
        state[first] = 1
        stack = [(first, parents(first))]
        while stack:
            number, pending = stack[-1]
            parent = next(pending, None)
            if parent is None:
                stack.pop()
                state[number] = 2
                order.append(number)
            elif state[parent] == 1:
                raise _refuse(f"rows of table {table.name} are their own ancestors")
            elif state[parent] == 0:
                state[parent] = 1
                stack.append((parent, parents(parent)))
    return [rows[number] for number in order]


# -- restore -------------------------------------------------------------------------------------


def restore_workspace(data: bytes, target: Path) -> Path:
    """Create a new workspace file at ``target`` holding exactly what the dump ``data`` holds.

    The dump is read and checked completely before the file is created; if writing fails
    after that, the new file is removed, so a refusal never leaves a file behind.

    Returns:
        The path of the new workspace.

    Raises:
        InterchangeError: ``data`` is not a dump this version can restore (see the module
            docstring); no file was created.
        WorkspaceError: ``target`` exists or its folder cannot be written.
    """
    path = _restore_new(_read(data), Path(target))
    assert path is not None
    return path


def restore_to(data: bytes, location: str | os.PathLike[str]) -> None:
    """Restore the dump ``data`` into a new workspace file or an empty server database.

    Everything is checked before anything is created; if writing fails after that, what was
    created is removed again (the file, or the tables in the server database).

    Raises:
        InterchangeError: as :func:`restore_workspace`.
        WorkspaceError: the file exists, its folder cannot be written, or the server database
            is not empty or cannot be reached.
    """
    _restore_new(_read(data), location)


def _restore_new(dump: _Dump, location: str | os.PathLike[str]) -> Path | None:
    workspace = Workspace.create(location)
    try:
        _write(workspace, dump)
    except BaseException:
        workspace.discard()
        raise
    workspace.close()
    return workspace.path


def restore_into(workspace: Workspace, data: bytes) -> None:
    """Fill the empty ``workspace`` (a new SQLite file or server database) from the dump.

    Everything is written in one transaction: on a refusal the workspace stays empty.

    Raises:
        InterchangeError: ``data`` cannot be restored, or ``workspace`` already holds rows.
    """
    _write(workspace, _read(data))


def _write(workspace: Workspace, dump: _Dump) -> None:
    with workspace.unit_of_work() as uow:
        session = uow.session
        for table in Base.metadata.sorted_tables:
            if session.execute(select(func.count()).select_from(table)).scalar():
                raise InterchangeError(
                    "A dump can be restored into an empty workspace only; "
                    f"this one already has rows in {table.name}."
                )
        try:
            for table in Base.metadata.sorted_tables:
                rows = dump.rows[table.name]
                for start in range(0, len(rows), _BATCH):
                    session.execute(insert(table), rows[start : start + _BATCH])
            if session.get_bind().dialect.name == "postgresql":
                _move_sequences(session, dump)
            session.flush()
        except SQLAlchemyError as exc:
            cause = exc.orig if getattr(exc, "orig", None) is not None else exc
            raise InterchangeError(
                f"The dump's rows break a rule of the database ({_first_line(cause)}); "
                "nothing was restored."
            ) from exc


def _move_sequences(session: Session, dump: _Dump) -> None:
    """Set each id sequence past the restored ids, so new rows do not collide with them."""
    preparer = session.get_bind().dialect.identifier_preparer
    for table in Base.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        sequence = session.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": preparer.format_table(table), "column": column.name},
        ).scalar()
        if sequence is None:
            continue
        highest = max((row[column.name] for row in dump.rows[table.name]), default=0)
        used = highest >= 1  # sequences start at 1: with no positive id, the next one is 1
        session.execute(
            text("SELECT setval(:sequence, :value, :called)"),
            {"sequence": sequence, "value": highest if used else 1, "called": used},
        )
