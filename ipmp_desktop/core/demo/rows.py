"""The rows a demo inserts, per table, with ids handed out before anything is written."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Table

from ipmp_desktop.core.model import Base

_PARENTS_FIRST = (
    "calendar",
    "holiday",
    "person",
    "project",
    "board_column",
    "label",
    "product",
    "theme",
    "release",
    "task",
    "dependency",
    "task_label",
    "assignment",
    "idea",
)


@dataclass
class DemoRows:
    """Every row to insert, as dicts keyed by column name, in the order they were added.

    Ids are given here (1, 2, ... per table) because the demo always fills a new, empty file,
    so rows can point at each other before any of them is inserted.
    """

    status_date: date
    by_table: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    amended: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _next: dict[str, int] = field(default_factory=dict)

    def new_ids(self, table: str, count: int = 1) -> int:
        """Reserve ``count`` consecutive ids of ``table``; return the first."""
        first = self._next.get(table, 1)
        self._next[table] = first + count
        return first

    def add(self, table: str, row: dict[str, Any]) -> None:
        """Queue ``row`` for ``table``; every row of one table must have the same keys."""
        self.by_table.setdefault(table, []).append(row)

    def amend(self, table: str, values: dict[str, Any]) -> None:
        """Queue an update of the row whose id is ``values["id"]``, run after every insert.

        For columns only a few rows fill (a task's roadmap fields): inserting them would give
        every row of the table those keys. Every amendment of one table has the same keys.
        """
        self.amended.setdefault(table, []).append(values)

    def amendments(self) -> list[tuple[Table, list[dict[str, Any]]]]:
        """``(table, values)`` of the queued updates."""
        tables = Base.metadata.tables
        return [(tables[name], values) for name, values in self.amended.items() if values]

    def tables(self) -> list[tuple[Table, list[dict[str, Any]]]]:
        """``(table, rows)`` with parents before children, as the foreign keys need."""
        tables = Base.metadata.tables
        return [(tables[name], self.by_table.get(name, [])) for name in _PARENTS_FIRST]

    def count(self, table: str, **where: Any) -> int:
        """Rows of ``table`` whose fields equal ``where``."""
        rows = self.by_table.get(table, [])
        return sum(all(row[k] == v for k, v in where.items()) for row in rows)
