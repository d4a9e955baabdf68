"""Our own CSV: one row per task in documented columns (:data:`COLUMNS`), for spreadsheets.

:func:`write_csv` writes UTF-8 with a byte-order mark (so Excel reads accents right) and
neutralises formula injection: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a
carriage return or a NUL gets a leading apostrophe, which spreadsheets show as text.
:func:`read_csv` takes the apostrophe off again, so our own files read back unchanged.

:func:`read_csv` also reads arbitrary spreadsheets: ``mapping`` says which of the sheet's
headers holds each of our columns (the GUI's column-mapping step, started from
:func:`guess_mapping` over :func:`csv_headers`). Only ``Name`` is required. What a CSV cannot
hold (calendars, column categories, label colours, checklists, comments, baselines) is not
written; the writer keeps the columns listed, losslessly.
"""

import csv
import io
import re
from collections import defaultdict

from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.interchange import sheet
from ipmp_desktop.core.interchange.column_guess import RULE, guess_categories
from ipmp_desktop.core.interchange.csv_cells import (
    DANGEROUS,
    Row,
    assignee_text,
    parse_assignees,
    priority_text,
)
from ipmp_desktop.core.interchange.link_check import keep_valid_links
from ipmp_desktop.core.interchange.loose_dates import numeric_order
from ipmp_desktop.core.interchange.plan import (
    InterchangeError,
    Plan,
    PlanColumn,
    PlanLink,
    PlanResource,
    PlanTask,
)
from ipmp_desktop.core.services.predecessors import format_predecessors, parse_predecessors

COLUMNS: tuple[str, ...] = (
    "WBS", "Name", "Kind", "Start", "Finish", "Duration (days)", "% Complete", "Predecessors",
    "Priority", "Column", "Labels", "Assignees", "Notes",
)  # fmt: skip
"""Our CSV columns, in the order written:

* ``WBS``: the outline number (``1``, ``1.2``, ``1.2.3``); it defines the hierarchy: ``1.2`` is
  a child of ``1``. Without it every row is top level and numbered by its position.
* ``Name``: the task's title (the only column required when reading).
* ``Kind``: task, milestone, summary, initiative, epic or feature (empty: task, or milestone
  when the duration is 0).
* ``Start``, ``Finish``: dates, written ISO (``2025-03-31``); finish is the last working day.
  Read also as ``31 Mar 2025``, ``Mar 31, 2025``, ``31.03.2025`` and ``31/03/2025`` or
  ``03/31/2025`` (the order is taken from days above 12; a file where it stays ambiguous is
  refused with a request for ISO dates).
* ``Duration (days)``: working days (0 for a milestone); computed from the dates when empty.
* ``% Complete``: 0 to 100 (a ``%`` sign may follow).
* ``Predecessors``: incoming links in our task table's text form, by WBS number:
  ``3FS+2d;5SS;2.1FF-1d;4`` (see ``core/services/predecessors.py``).
* ``Priority``: empty (none), Low, Medium, High or Critical (0-4 and Jira's names are read too).
* ``Column``: the board column, by name.
* ``Labels``: label names separated by semicolons.
* ``Assignees``: people separated by semicolons, ``Name (50%)`` when not full time.
* ``Notes``: free text, may span lines.
"""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "WBS": ("wbs", "outline number", "outline", "wbs code"),
    "Name": ("name", "title", "task", "task name", "task title", "summary", "subject", "item",
             "card"),
    "Kind": ("kind", "type", "task type", "issue type"),
    "Start": ("start", "start date", "begin", "begin date", "begins", "starts"),
    "Finish": ("finish", "finish date", "end", "end date", "due", "due date", "deadline", "ends",
               "until"),
    "Duration (days)": ("duration (days)", "duration", "days", "duration days", "length"),
    "% Complete": ("% complete", "percent complete", "% done", "progress", "complete",
                   "percent", "done %", "completion"),
    "Predecessors": ("predecessors", "predecessor", "depends on", "dependencies", "after"),
    "Priority": ("priority", "prio", "importance"),
    "Column": ("column", "status", "list", "stage", "state", "lane"),
    "Labels": ("labels", "label", "tags", "tag", "categories", "category"),
    "Assignees": ("assignees", "assignee", "assigned to", "owner", "owners", "resource names",
                  "resources", "people"),
    "Notes": ("notes", "note", "description", "details", "comments", "comment"),
}  # fmt: skip
"""Headers recognised for each of our columns by :func:`guess_mapping` (compared without case
or extra spaces)."""

_KINDS = ("task", "milestone", "summary", "initiative", "epic", "feature")
_APOSTROPHE = re.compile(r"'+[=+\-@\t\r\x00]")


def neutralise(cell: str) -> str:
    """``cell`` as written: a leading apostrophe when a spreadsheet could take it for a formula
    (or when it already starts with apostrophes before such a character, so reading it back
    removes exactly one)."""
    if cell.startswith(DANGEROUS) or _APOSTROPHE.match(cell):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """A cell as read: the apostrophe :func:`neutralise` added, removed."""
    return cell[1:] if _APOSTROPHE.match(cell) else cell


def write_csv(plan: Plan) -> bytes:
    """The plan's tasks as our CSV (UTF-8 with BOM, CRLF line ends), in outline order."""
    wbs = _wbs_numbers(plan)
    index = {task.key: position for position, task in enumerate(plan.tasks)}
    incoming: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for link in plan.links:
        if link.predecessor in index:
            incoming[link.successor].append((index[link.predecessor], link.type, link.lag_days))
    names = {resource.key: resource.name for resource in plan.resources}
    keys = [task.key for task in plan.tasks]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for task in plan.tasks:
        row = [
            wbs[task.key],
            task.title,
            task.kind,
            task.start.isoformat() if task.start else "",
            task.finish.isoformat() if task.finish else "",
            str(task.duration_days),
            str(task.percent),
            format_predecessors(incoming.get(task.key, []), lambda i: wbs[keys[i]]),
            priority_text(task.priority),
            task.column or "",
            "; ".join(label.replace(";", ",") for label in task.labels),
            "; ".join(assignee_text(names.get(key, key), units) for key, units in task.assignments),
            task.notes,
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _wbs_numbers(plan: Plan) -> dict[str, str]:
    numbers: dict[str, str] = {}
    counters: dict[str | None, int] = defaultdict(int)
    for task in plan.tasks:
        parent = task.parent if task.parent in numbers else None
        counters[parent] += 1
        prefix = f"{numbers[parent]}." if parent is not None else ""
        numbers[task.key] = f"{prefix}{counters[parent]}"
    return numbers


def csv_headers(data: bytes, source: str = "the file") -> list[str]:
    """The header cells of a CSV file (for the GUI's mapping step).

    Raises:
        InterchangeError: not readable as CSV, or empty.
    """
    table = sheet.rows(sheet.decode(data, source), source, "CSV file")
    if not table:
        raise InterchangeError(f"{source} is empty.")
    return [cell.strip() for cell in table[0]]


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Our column -> the header that likely holds it, for those found (see :data:`SYNONYMS`).

    Exact names win over synonyms; each header is used once.
    """
    normal = [sheet.normal(header) for header in headers]
    mapping: dict[str, str] = {}
    used: set[int] = set()
    for exact in (True, False):
        for column in COLUMNS:
            if column in mapping:
                continue
            wanted = (sheet.normal(column),) if exact else SYNONYMS[column]
            for name in wanted:
                at = next((i for i, h in enumerate(normal) if h == name and i not in used), None)
                if at is not None:
                    mapping[column] = headers[at]
                    used.add(at)
                    break
    return mapping


def read_csv(data: bytes, source: str, mapping: dict[str, str] | None = None) -> Plan:
    """A CSV file as a plan: our own columns, or any sheet's through ``mapping``.

    Args:
        data: the file's bytes (UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252;
            comma, semicolon or tab separated).
        source: the file name, for messages; also the plan's name without its extension.
        mapping: our column name -> the sheet's header holding it; None guesses it
            (:func:`guess_mapping`), which for our own files is the identity.

    Raises:
        InterchangeError: one sentence: no usable Name column, a mapping naming unknown
            columns or headers, a WBS number twice, or a cell that cannot be read (the
            sentence names its row and column).
    """
    plan = Plan(name=re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source.rsplit("/", 1)[-1]) or "CSV import")
    report = plan.report
    report.source, report.format = source, "CSV"
    table = sheet.rows(sheet.decode(data, source, report), source, "CSV file", cell=restore)
    if not table:
        raise InterchangeError(f"{source} is empty.")
    headers = [cell.strip() for cell in table[0]]
    at = _columns_at(headers, mapping if mapping is not None else guess_mapping(headers), source)
    body = table[1:]
    if not body:
        raise InterchangeError(f"{source} has a header line but no rows.")
    dates = [
        r[i]
        for r in body
        for c in ("Start", "Finish")
        if (i := at.get(c)) is not None and i < len(r)
    ]
    order = numeric_order(dates, f"dates of {source}")
    name_at = at["Name"]
    sheet.report_ragged_rows(
        report, len(headers), body, lambda r: r[name_at].strip() if name_at < len(r) else ""
    )
    rows = [Row(number, cells, at, headers, source, order) for number, cells in enumerate(body, 2)]
    by_wbs = _outline(plan, rows, "WBS" in at)
    resources: dict[str, PlanResource] = {}
    for row in rows:
        task = row.task
        task.assignments = []
        for name, units in parse_assignees(row.text("Assignees")):
            resource = resources.setdefault(name.casefold(), PlanResource(name, name))
            task.assignments.append((resource.key, units))
    plan.resources = list(resources.values())
    _links(plan, rows, by_wbs)
    _board(plan)
    _report(plan, rows, at, headers)
    return plan


def _columns_at(headers: list[str], mapping: dict[str, str], source: str) -> dict[str, int]:
    """Our column -> the index of the header the mapping names."""
    normal = [sheet.normal(header) for header in headers]
    at: dict[str, int] = {}
    for column, header in mapping.items():
        if column not in COLUMNS:
            raise InterchangeError(f"{column!r} is not one of our columns ({', '.join(COLUMNS)}).")
        if not header:
            continue
        if sheet.normal(header) not in normal:
            raise InterchangeError(f"{source} has no column named {header!r}.")
        at[column] = normal.index(sheet.normal(header))
    if "Name" not in at:
        raise InterchangeError(
            f"{source} has no column for the task names (such as Name, Title or Task); "
            "choose one in the column mapping."
        )
    return at


def _outline(plan: Plan, rows: list[Row], with_wbs: bool) -> dict[str, Row]:
    """Parents from WBS numbers; plan.tasks in outline order. Returns the rows by WBS."""
    by_wbs: dict[str, Row] = {}
    for position, row in enumerate(rows, start=1):
        number = row.wbs() if with_wbs else str(position)
        if number is None:
            continue
        if number in by_wbs:
            raise InterchangeError(
                f"{row.source}: WBS {number} is on rows {by_wbs[number].number} and {row.number}; "
                "each task needs its own number."
            )
        by_wbs[number] = row
        row.task.key = number
    for row in rows:
        if row.task.key == "":
            row.task.key = f"row {row.number}"
    adopted = 0
    for number, row in by_wbs.items():
        parts = number.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            parent = ".".join(parts[:cut])
            if parent in by_wbs:
                row.task.parent = parent
                adopted += cut != len(parts) - 1
                break
        else:
            adopted += len(parts) > 1
    children: dict[str | None, list[PlanTask]] = defaultdict(list)
    for row in rows:
        children[row.task.parent].append(row.task)
    stack = list(reversed(children[None]))
    while stack:
        task = stack.pop()
        plan.tasks.append(task)
        stack.extend(reversed(children.get(task.key, [])))
    if with_wbs:
        plan.report.map("the WBS column defines the outline (1.2 is a child of 1).")
    if adopted:
        plan.report.map(
            f"{adopted} rows whose WBS parent is missing hang under its nearest ancestor."
        )
    if with_wbs and any(row.wbs() is None for row in rows):
        plan.report.map("rows without a WBS number are top-level tasks.")
    return by_wbs


def _links(plan: Plan, rows: list[Row], by_wbs: dict[str, Row]) -> None:
    ids = {number: position for position, number in enumerate(by_wbs)}
    numbers = list(by_wbs)
    for row in rows:
        text = row.text("Predecessors")
        if not text:
            continue
        try:
            found = parse_predecessors(text, ids.get)
        except ValidationError as error:
            raise InterchangeError(
                f"{row.source}, row {row.number}, Predecessors: {error}"
            ) from None
        for predecessor, link_type, lag in found:
            plan.links.append(PlanLink(numbers[predecessor], row.task.key, link_type, lag))
    keep_valid_links(plan)


def _board(plan: Plan) -> None:
    names = list(dict.fromkeys(task.column for task in plan.tasks if task.column))
    if names:
        plan.columns = [
            PlanColumn(n, c) for n, c in zip(names, guess_categories(names), strict=True)
        ]
        plan.report.map(f"{RULE}, in the order the columns first appear.")


def _report(plan: Plan, rows: list[Row], at: dict[str, int], headers: list[str]) -> None:
    report = plan.report
    for line in dict.fromkeys(line for row in rows for line in row.notes):
        report.map(line)
    unused = [h for i, h in enumerate(headers) if h and i not in at.values()]
    if unused:
        report.drop(f"columns not mapped to ours: {', '.join(unused)}.")
    report.counts.pop("links", None)
    report.counts.update({
        "tasks": len(plan.tasks),
        "links": len(plan.links),
        "columns": len(plan.columns),
        "labels": len({label for task in plan.tasks for label in task.labels}),
        "resources": len(plan.resources),
    })  # fmt: skip
