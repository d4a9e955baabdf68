"""Jira CSV exports ("all fields" or "current fields") as a :class:`Plan`.

How issues are read:
    * rows are read as lists: multi-value fields repeat their header (``Comment`` x3,
      ``Labels`` xN, ``Watchers`` ...), and every repeat is kept;
    * the outline is epic -> story -> sub-task: ``Parent id`` names the parent's numeric
      ``Issue id`` (not its key); ``Parent`` and ``Custom field (Epic Link)`` are used when
      present and may hold an id or a key; parents come before their children;
    * Issue Type Epic (and Initiative, Feature) keeps that roadmap kind, everything else is a
      task; an epic with children spans them like a summary;
    * each Status is a board column; Status Category (To Do / In Progress / Done) gives its
      category, or, when absent, the status name does; Done issues are 100 % complete;
    * Start date (a custom field) or else Created is the start, Due date or else Resolved the
      finish; dates are Jira's locale strings (``22/Sep/25 9:26 AM``) or ISO, without a zone;
    * Original Estimate (seconds) is the estimate in hours; Labels are labels; Priority names
      map to our five levels (:data:`PRIORITIES`); assignees and reporters are resources and
      the assignee is assigned; comments (``date;accountId;text``) keep their author's name
      when the file names that account anywhere;
    * ``Outward/Inward issue link (Blocks)`` become finish-to-start links, the blocking issue
      first; other link types are dropped with a report line, as are fields we have no place for.
"""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Sequence

from ipmp_desktop.core.interchange import sheet
from ipmp_desktop.core.interchange.column_guess import looks_doing, looks_done
from ipmp_desktop.core.interchange.link_check import keep_valid_links
from ipmp_desktop.core.interchange.loose_dates import jira_datetime, span
from ipmp_desktop.core.interchange.plan import (
    InterchangeError,
    Plan,
    PlanColumn,
    PlanLink,
    PlanResource,
    PlanTask,
)

WHAT = "Jira CSV export"
PRIORITIES = {
    "highest": 4, "blocker": 4, "critical": 4, "high": 3, "major": 3, "medium": 2, "normal": 2,
    "low": 1, "minor": 1, "lowest": 0, "trivial": 0,
}  # fmt: skip
"""Jira priority names (cloud and classic server schemes) to 0 none ... 4 critical."""
LEVELS = ("none", "low", "medium", "high", "critical")
KINDS = {"epic": "epic", "initiative": "initiative", "feature": "feature", "milestone": "milestone"}
CATEGORIES = {"to do": "todo", "new": "todo", "in progress": "doing", "indeterminate": "doing",
              "done": "done", "complete": "done"}  # fmt: skip
"""Jira's status categories (as exported, in English) to column categories."""
_LINK = re.compile(r"(outward|inward) issue link \((.+)\)")
_MENTION = re.compile(r"\[~accountid:([^\]]+)\]")
_PEOPLE = ("assignee", "reporter", "creator", "project lead", "watchers")
_USED = {
    "issue key", "issue id", "summary", "issue type", "status", "status category", "priority",
    "labels", "created", "due date", "resolved", "custom field (start date)", "start date",
    "original estimate", "description", "comment", "parent id", "parent", "parent summary",
    "custom field (epic link)", "project name", "assignee", "assignee id", "reporter",
    "reporter id", "creator", "creator id", "project lead", "project lead id", "watchers",
    "watchers id", "updated", "last viewed", "status category changed", "project key",
}  # fmt: skip
"""Headers read here (some only to name people); other filled columns are reported dropped."""


def looks_like_jira_csv(head: bytes) -> bool:
    """Whether the first bytes of a file are a CSV header with ``Issue key`` and ``Issue id``
    or ``Summary`` (UTF-8 with or without BOM, or UTF-16)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8-sig", errors="ignore")
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=sheet.delimiter_of(text)), [])
    except csv.Error:
        return False
    names = {sheet.normal(cell) for cell in header}
    return "issue key" in names and ("issue id" in names or "summary" in names)


class _Header:
    """The column indices of each header name (a name may repeat)."""

    def __init__(self, header: Sequence[str]) -> None:
        self.original = [" ".join(cell.split()) for cell in header]
        self.names = [sheet.normal(cell) for cell in header]
        self.at: dict[str, list[int]] = defaultdict(list)
        for index, name in enumerate(self.names):
            self.at[name].append(index)

    def first(self, row: Sequence[str], *names: str) -> str:
        return next((v for name in names if (v := sheet.first(row, self.at.get(name, [])))), "")

    def all(self, row: Sequence[str], name: str) -> list[str]:
        return sheet.cells(row, self.at.get(name, []))


def read_jira_csv(data: bytes, source: str) -> Plan:
    """A Jira CSV export as a plan (see the module docstring).

    Raises:
        InterchangeError: too large, not CSV, no ``Issue key``/``Issue id`` and ``Summary``
            columns, or no issue rows.
    """
    plan = Plan(name="Jira import")
    report = plan.report
    report.source, report.format = source, "Jira CSV"
    table = sheet.rows(sheet.decode(data, source, report), source, WHAT)
    if not table:
        raise InterchangeError(f"{source} is empty.")
    head = _Header(table[0])
    if not (head.at.get("issue key") or head.at.get("issue id")) or not head.at.get("summary"):
        raise InterchangeError(
            f"{source} is not a {WHAT}: its first line has no Issue key and Summary columns."
        )
    body = table[1:]
    if not body:
        raise InterchangeError(f"{source} holds no issues, only a header line.")
    plan.name = head.first(body[0], "project name") or plan.name
    sheet.report_ragged_rows(
        report, len(head.names), body, lambda row: head.first(row, "issue key", "issue id")
    )
    names = _people(head, body)
    tasks, refs, bad_dates = _issues(plan, head, body, names)
    _outline(plan, tasks, head, body, refs)
    _links(plan, tasks, head, body, refs)
    _columns(plan, tasks, head, body)
    _finish_report(plan, head, body, bad_dates)
    return plan


def _people(head: _Header, body: list[list[str]]) -> dict[str, str]:
    """Names by account id, from every (name, name Id) pair of columns."""
    names: dict[str, str] = {}
    for person in _PEOPLE:
        for row in body:
            for name, account in zip(
                head.all(row, person), head.all(row, f"{person} id"), strict=False
            ):
                names.setdefault(account, name)
    return names


def _issues(plan: Plan, head: _Header, body, names) -> tuple[list[PlanTask], dict[str, str], int]:
    """One task per row, in file order; returns them, the key of each id and key, and how many
    dates could not be read."""
    report = plan.report
    refs: dict[str, str] = {}
    keys: set[str] = set()
    resources: dict[str, PlanResource] = {}
    tasks: list[PlanTask] = []
    bad_dates = 0
    seen_priorities: dict[str, int] = {}
    for number, row in enumerate(body, start=2):
        issue_id, issue_key = head.first(row, "issue id"), head.first(row, "issue key")
        key = issue_key or issue_id or f"row {number}"
        if key in keys:
            report.map(f"issue {key} appears twice; the later row is kept apart.")
            while key in keys:
                key = f"{key} (row {number})"
        keys.add(key)
        for ref in (issue_id, issue_key):
            if ref:
                refs.setdefault(ref, key)
        (first_day, last_day, days), unread = _dates(head, row)
        bad_dates += unread
        priority_name = head.first(row, "priority")
        priority = PRIORITIES.get(priority_name.casefold(), 0)
        if priority_name:
            seen_priorities.setdefault(priority_name, priority)
        task = PlanTask(
            key=key,
            title=" ".join(head.first(row, "summary").split()) or key,
            kind=KINDS.get(head.first(row, "issue type").casefold(), "task"),
            start=first_day,
            finish=last_day,
            duration_days=days,
            priority=priority,
            notes=head.first(row, "description"),
            column=head.first(row, "status") or None,
            labels=list(dict.fromkeys(head.all(row, "labels"))),
            estimate_hours=_hours(head.first(row, "original estimate"), report),
            comments=[_comment(cell, names) for cell in head.all(row, "comment")],
        )
        for person in ("assignee", "reporter"):
            name = head.first(row, person)
            if name:
                account = head.first(row, f"{person} id") or name
                resources.setdefault(account, PlanResource(account, name))
                if person == "assignee":
                    task.assignments = [(account, 100)]
        tasks.append(task)
    plan.resources = list(resources.values())
    for name, level in seen_priorities.items():
        unknown = "" if name.casefold() in PRIORITIES else " (a name we do not know)"
        report.map(f"priority {name!r} -> {LEVELS[level]}{unknown}.")
    return tasks, refs, bad_dates


def _dates(head: _Header, row: Sequence[str]) -> tuple[tuple, int]:
    """``((start, finish, duration_days), dates not understood)`` of one issue: Start date or
    else Created starts it, Due date or else Resolved ends it."""
    found, unread = {}, 0
    for field in ("custom field (start date)", "start date", "created", "due date", "resolved"):
        text = head.first(row, field)
        found[field] = jira_datetime(text) if text else None
        unread += bool(text) and found[field] is None
    start = found["custom field (start date)"] or found["start date"] or found["created"]
    finish = found["due date"] or found["resolved"]
    return span(start and start.date(), finish and finish.date()), unread


def _hours(text: str, report) -> float | None:
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        report.drop(f"the Original Estimate {text[:20]!r} is not a number of seconds.")
        return None
    if not 0 <= seconds <= 1e9:
        report.drop(f"the Original Estimate {text[:20]!r} is out of range.")
        return None
    return round(seconds / 3600, 2)


def _comment(cell: str, names: dict[str, str]) -> tuple[str, str, object]:
    """``(author, text, created)`` of a ``date;accountId;text`` cell (or the cell as text)."""
    parts = cell.split(";", 2)
    created = jira_datetime(parts[0]) if len(parts) == 3 else None
    if created is None:
        return "", _names_in(cell, names), None
    account = parts[1].strip()
    return names.get(account, account), _names_in(parts[2], names), created


def _names_in(text: str, names: dict[str, str]) -> str:
    """Mentions (``[~accountid:...]``) as ``@Name`` when the file names that account."""
    return _MENTION.sub(
        lambda m: f"@{names[m.group(1)]}" if m.group(1) in names else m.group(0), text
    )


def _outline(plan: Plan, tasks: list[PlanTask], head: _Header, body, refs: dict[str, str]) -> None:
    """Parents from Parent id / Parent / Epic Link; tasks in outline order (parent first)."""
    unknown = 0
    for task, row in zip(tasks, body, strict=True):
        ref = head.first(row, "parent id", "parent", "custom field (epic link)")
        parent = refs.get(ref) if ref else None
        unknown += bool(ref) and parent is None
        task.parent = parent if parent != task.key else None
    children: dict[str | None, list[PlanTask]] = defaultdict(list)
    for task in tasks:
        children[task.parent].append(task)
    placed: set[str] = set()

    def place(root: PlanTask) -> None:
        stack = [root]
        while stack:
            task = stack.pop()
            if task.key not in placed:
                placed.add(task.key)
                plan.tasks.append(task)
                stack.extend(reversed(children.get(task.key, [])))

    for task in children.get(None, []):
        place(task)
    looped = 0
    for task in tasks:  # parents that point at each other: cut the loop at its first row
        if task.key not in placed:
            looped += 1
            task.parent = None
            place(task)
    if any(task.parent for task in tasks):
        plan.report.map(
            "the outline is epic -> story -> sub-task, from Parent id, Parent or Epic Link."
        )
    if unknown:
        plan.report.drop(
            f"{unknown} parent references to issues that are not in the file; "
            "those issues are top level."
        )
    if looped:
        plan.report.drop(
            f"{looped} parent references that form a loop; each loop is cut at its first row."
        )


def _links(plan: Plan, tasks: list[PlanTask], head: _Header, body, refs: dict[str, str]) -> None:
    """Blocks links as FS dependencies (the blocker first); other link types are counted."""
    other: dict[str, int] = defaultdict(int)
    for index, name in enumerate(head.names):
        found = _LINK.fullmatch(name)
        if found is None:
            continue
        direction, kind = found.groups()
        for task, row in zip(tasks, body, strict=True):
            value = row[index].strip() if index < len(row) else ""
            if not value:
                continue
            if kind != "blocks":
                other[kind] += 1
                continue
            that = refs.get(value, value)
            pair = (task.key, that) if direction == "outward" else (that, task.key)
            plan.links.append(PlanLink(*pair))
    for kind, count in other.items():
        plan.report.drop(
            f"{count} issue links of type {kind!r} (only Blocks becomes a dependency)."
        )
    if plan.links:
        plan.report.map("'Blocks' issue links -> finish-to-start links, the blocking issue first.")
    keep_valid_links(plan)


def _columns(plan: Plan, tasks: list[PlanTask], head: _Header, body: list[list[str]]) -> None:
    """One column per status: to-do statuses first, then in progress, then done, each in the
    order they first appear; Done issues are 100 % complete."""
    category_of: dict[str, str] = {}
    guessed = False
    for task, row in zip(tasks, body, strict=True):
        status = task.column
        if status is None:
            continue
        category = CATEGORIES.get(head.first(row, "status category").casefold())
        if category is None:
            guessed = True
            category = "done" if looks_done(status) else "doing" if looks_doing(status) else "todo"
        category = category_of.setdefault(status, category)
        if category == "done":
            task.percent = 100
    order = {"todo": 0, "doing": 1, "done": 2}
    statuses = sorted(category_of, key=lambda s: order[category_of[s]])
    plan.columns = [PlanColumn(status, category_of[status]) for status in statuses]
    if statuses:
        plan.report.map(
            "each Status is a board column, ordered to do, in progress, done"
            + (" (categories guessed from status names)" if guessed else " (by Status Category)")
            + "; issues in a done status are 100 % complete."
        )


def _finish_report(plan: Plan, head: _Header, body: list[list[str]], bad_dates: int) -> None:
    report = plan.report
    tasks = plan.tasks
    report.counts.pop("links", None)
    report.counts.update({
        "tasks": len(tasks),
        "epics": sum(t.kind == "epic" for t in tasks),
        "columns": len(plan.columns),
        "labels": len({label for t in tasks for label in t.labels}),
        "resources": len(plan.resources),
        "comments": sum(len(t.comments) for t in tasks),
        "links": len(plan.links),
    })  # fmt: skip
    report.map("Start date, else Created, is the start; Due date, else Resolved, the finish "
               "(Jira's local times, no zone).")  # fmt: skip
    if any(t.kind != "task" for t in tasks):
        report.map("issue types Epic, Initiative and Feature keep their roadmap kind; "
                   "other types are tasks.")  # fmt: skip
    if plan.resources:
        report.map("assignees and reporters are resources; the assignee is assigned (100 %).")
    if bad_dates:
        report.drop(f"{bad_dates} dates in a form we do not read (or outside 1900-2200).")
    unused: dict[str, None] = {}
    for index, name in enumerate(head.names):
        if name in _USED or _LINK.fullmatch(name) or head.original[index] in unused:
            continue
        if any(index < len(row) and row[index].strip() for row in body):
            unused[head.original[index]] = None
    if unused:
        report.drop(f"fields we have no place for: {', '.join(unused)}.")
