"""The cells of our CSV format (see :mod:`~ipmp_desktop.core.interchange.csv_format`): each
column's text to a task's field and back, with one sentence naming row and column when a cell
cannot be read."""

import re
from collections.abc import Sequence
from datetime import date

from ipmp_desktop.core.interchange.loose_dates import DateOutOfRange, sheet_date, working_days
from ipmp_desktop.core.interchange.plan import InterchangeError, PlanTask

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\x00")
"""First characters a spreadsheet may take for a formula (or that hide one)."""

PRIORITY_NAMES = ("", "Low", "Medium", "High", "Critical")
"""Our priority levels 0-4 as written (0, none, is an empty cell)."""
_PRIORITY_WORDS = {
    "": 0, "none": 0, "no": 0, "lowest": 0, "trivial": 0, "low": 1, "minor": 1, "medium": 2,
    "normal": 2, "high": 3, "major": 3, "highest": 4, "critical": 4, "blocker": 4, "urgent": 4,
}  # fmt: skip
_KINDS = ("task", "milestone", "summary", "initiative", "epic", "feature")
_WBS = re.compile(r"\d{1,9}(?:\.\d{1,9})*\.?")
_NUMBER = re.compile(r"([+-]?\d+(?:[.,]\d+)?)\s*(%|d|days?|wd|working days?)?", re.IGNORECASE)
_UNITS = re.compile(r"(.*?)\s*\[?\(?\s*(\d{1,4})\s*%\s*\)?\]?")
MAX_DURATION = 100_000


def priority_text(level: int) -> str:
    """A priority level as written (out-of-range levels are clamped)."""
    return PRIORITY_NAMES[max(0, min(int(level), 4))]


def assignee_text(name: str, units: int) -> str:
    """``Name`` at 100 %, else ``Name (50%)``; semicolons in a name become commas."""
    name = name.replace(";", ",")
    return name if units == 100 else f"{name} ({units}%)"


def split_list(text: str) -> list[str]:
    """Items separated by semicolons, stripped, empty ones and repeats left out."""
    return list(dict.fromkeys(item.strip() for item in text.split(";") if item.strip()))


def parse_assignees(text: str) -> list[tuple[str, int]]:
    """``Ann; Bob (50%)`` -> ``[("Ann", 100), ("Bob", 50)]``."""
    out: dict[str, int] = {}
    for item in split_list(text):
        found = _UNITS.fullmatch(item)
        name, units = (found.group(1).strip(), int(found.group(2))) if found else (item, 100)
        if name and name.casefold() not in {n.casefold() for n in out}:
            out[name] = max(1, min(units, 1000))
    return list(out.items())


class Row:
    """One data row read into a :class:`PlanTask` (``task``; its ``key`` and ``parent`` are set
    by the outline). ``notes`` collects report sentences about how cells were read."""

    def __init__(
        self,
        number: int,
        cells: Sequence[str],
        at: dict[str, int],
        headers: Sequence[str],
        source: str,
        order: str | None,
    ) -> None:
        self.number, self.cells, self.at, self.headers = number, cells, at, headers
        self.source, self.order = source, order
        self.notes: list[str] = []
        self._wbs: str | None = None
        self._wbs_read = False
        self.task = self._read()

    def text(self, column: str) -> str:
        """The cell of our ``column``, stripped ("" when unmapped or missing)."""
        return self.raw(column).strip()

    def raw(self, column: str) -> str:
        """The cell of our ``column`` as written ("" when unmapped or missing)."""
        index = self.at.get(column)
        return self.cells[index] if index is not None and index < len(self.cells) else ""

    def fail(self, column: str, problem: str) -> InterchangeError:
        """The error for an unreadable cell, naming the row and the sheet's header."""
        header = self.headers[self.at[column]] or column
        return InterchangeError(f"{self.source}, row {self.number}, {header}: {problem}")

    def wbs(self) -> str | None:
        """The WBS number, normalised (``"01.2."`` -> ``"1.2"``), or None when empty."""
        if not self._wbs_read:
            self._wbs_read = True
            text = self.text("WBS")
            if text:
                if not _WBS.fullmatch(text):
                    raise self.fail("WBS", f"{text[:40]!r} is not an outline number such as 1.2.")
                self._wbs = ".".join(str(int(part)) for part in text.rstrip(".").split("."))
        return self._wbs

    def _read(self) -> PlanTask:
        title = " ".join(self.text("Name").split())
        if not title:
            self.notes.append("rows without a name are called (untitled).")
        start, finish = self._date("Start"), self._date("Finish")
        if start and finish and finish < start:
            raise self.fail("Finish", f"{finish} is before the start {start}.")
        duration = self._duration()
        kind = self.text("Kind").casefold()
        if kind not in _KINDS:
            if kind:
                self.notes.append(f"kind {self.text('Kind')!r} is not ours; read as task.")
                kind = "task"
            else:
                kind = "milestone" if duration == 0 else "task"
        if duration is None:
            duration = working_days(start, finish) if start and finish else 1
        if kind == "milestone":
            duration, finish = 0, start if start else finish
            start = start or finish
        return PlanTask(
            key="",
            title=title or "(untitled)",
            kind=kind,
            start=start,
            finish=finish,
            duration_days=duration,
            percent=self._percent(),
            priority=self._priority(),
            column=self.text("Column") or None,
            labels=split_list(self.text("Labels")),
            notes=self.raw("Notes"),
        )

    def _date(self, column: str) -> date | None:
        text = self.text(column)
        try:
            return sheet_date(text, self.order)
        except DateOutOfRange as error:
            raise self.fail(column, f"{error}.") from None
        except ValueError:
            raise self.fail(
                column, f"{text[:40]!r} is not a date; write dates as ISO, such as 2025-03-31."
            ) from None

    def _number(self, column: str) -> float | None:
        text = self.text(column)
        if not text:
            return None
        found = _NUMBER.fullmatch(text)
        if found is None:
            raise self.fail(column, f"{text[:40]!r} is not a number.")
        return float(found.group(1).replace(",", "."))

    def _duration(self) -> int | None:
        value = self._number("Duration (days)")
        if value is None:
            return None
        if not 0 <= value <= MAX_DURATION or value != int(value):
            raise self.fail(
                "Duration (days)",
                f"{self.text('Duration (days)')[:40]!r} is not a whole number of days from 0 "
                f"to {MAX_DURATION}.",
            )
        return int(value)

    def _percent(self) -> int:
        value = self._number("% Complete")
        if value is None:
            return 0
        if not 0 <= value <= 100:
            raise self.fail("% Complete", f"{value:g} is not a percentage from 0 to 100.")
        return round(value)

    def _priority(self) -> int:
        text = self.text("Priority")
        if text.isdigit() and int(text) <= 4:
            return int(text)
        level = _PRIORITY_WORDS.get(text.casefold())
        if level is None:
            self.notes.append(f"priority {text[:40]!r} is not a level we know; read as none.")
            return 0
        return level
