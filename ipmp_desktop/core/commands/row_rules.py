"""The commands' rules applied to stored rows: what a workspace may hold.

Commands check each value they write (:mod:`~ipmp_desktop.core.commands.validate`) and refuse
a link that closes a cycle. Rows that did not come through a command -- a restored JSON dump, a
file changed by another program -- may break those rules, and then every later edit of the
project fails (the reschedule meets the cycle). :func:`row_problems` finds such rows with the
very same checks, so a restore can refuse them and ``ipmp check`` can report them.

The rows are given as ``{table name: [row as a dict of column values]}``, values as the
database returns them (dates as dates). Checked: every value a command validates (texts and
their lengths, dates within 1900-2200, numbers within their ranges, choices, colours), a finish
before its start, a task's parent, column and labels in its own project, links within one
project, and cycles of links or of the outline (through summaries too, as the scheduler sees
them).
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.errors import CycleError, ValidationError
from ipmp_desktop.core.model import WipPolicy
from ipmp_desktop.core.scheduling.network import Network

Rows = dict[str, list[dict[str, Any]]]
Check = Callable[[Any], Any]

_TASK_FIELDS = (
    "title", "description", "kind", "start", "finish", "duration_days", "percent_complete",
    "priority", "estimate_hours", "color", "archived", "manual", "constraint_type",
    "constraint_date", "horizon", "target_date", "reach", "impact", "confidence", "effort",
    "value", "time_criticality", "risk_reduction", "job_size", "rank_override", "problem",
    "outcome", "customer_impact", "business_value",
)  # fmt: skip
"""Task columns whose values ``validate.task_field`` checks."""


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _weekdays(value: Any) -> None:
    validate.int_range(value, what="working-weekday mask", low=1, high=0b1111111)


def _name(what: str, limit: int = validate.MAX_NAME) -> Check:
    return partial(validate.title, what=what, limit=limit)


def _text(what: str, limit: int | None = None) -> Check:
    return partial(validate.text, what=what, limit=limit)


_WIP = partial(validate.int_range, what="WIP limit", low=1, high=10_000)

COLUMN_RULES: dict[str, dict[str, Check]] = {
    "project": {
        "name": _name("project name"),
        "description": _text("description"),
        "start": partial(validate.required_date, what="project start"),
    },
    "task": {
        **{name: partial(validate.task_field, name) for name in _TASK_FIELDS},
        "actual_finish": partial(validate.optional_date, what="actual finish"),
    },
    "dependency": {"type": validate.dependency_type, "lag_days": validate.lag},
    "board_column": {
        "name": _name("column name", 100),
        "category": validate.column_category,
        "wip_limit": _optional(_WIP),
        "wip_policy": partial(validate.choice, enum_type=WipPolicy, what="WIP policy"),
    },
    "lane_wip_limit": {"wip_limit": _WIP},
    "saved_view": {"name": _name("view name", 100)},
    "label": {"name": _name("label name", 100), "color": validate.color},
    "person": {"name": _name("name"), "email": validate.email},
    "calendar": {
        "name": _name("calendar name"),
        "working_weekdays": _weekdays,
        "hours_per_day": partial(validate.int_range, what="hours per day", low=1, high=24),
    },
    "holiday": {
        "day": partial(validate.required_date, what="holiday"),
        "name": _text("holiday name", 200),
    },
    "checklist_item": {"text": _name("checklist item", validate.MAX_TITLE)},
    "comment": {"author": _text("author", 200), "body": _text("comment")},
    "baseline": {"name": _name("baseline name")},
    "baseline_task": {
        "start": partial(validate.optional_date, what="baseline start"),
        "finish": partial(validate.optional_date, what="baseline finish"),
        "duration_days": partial(validate.int_range, what="duration", low=0, high=100_000),
        "percent_complete": partial(validate.int_range, what="percent complete", low=0, high=100),
    },
    "product": {
        "name": _name("product name"),
        "vision": _text("vision"),
        "scoring_model": validate.scoring_model,
    },
    "theme": {"name": _name("theme name"), "color": validate.theme_color},
    "release": {
        "name": _name("release name"),
        "day": partial(validate.required_date, what="release date"),
        "description": _text("description"),
    },
    "idea": {
        "title": _name("idea title", validate.MAX_TITLE),
        "description": _text("description"),
        "source": _text("source", 200),
        "customer": _text("customer", 200),
    },
    "recycled_tasks": {"title": _text("title", validate.MAX_TITLE)},
}
"""Per table, the check of each column a command validates."""


def row_problems(rows: Rows) -> Iterator[tuple[str, str]]:
    """Every broken rule among ``rows``, as ``(where, sentence)``: ``("task #12", "The title is
    longer than 500 characters.")``. Tables missing from ``rows`` are not checked."""
    yield from _value_problems(rows)
    yield from _relation_problems(rows)
    yield from _cycle_problems(rows)


def first_problem_sentence(where: str, sentence: str) -> str:
    """``where`` and ``sentence`` as one clause: ``in task #12, the title is ...``."""
    return f"in {where}, {sentence[:1].lower()}{sentence[1:].rstrip('.')}"


def _label(table: str, row: dict[str, Any]) -> str:
    if "id" in row:
        return f"{table.replace('_', ' ')} #{row['id']}"
    keys = ", ".join(f"{name} {value}" for name, value in row.items() if name.endswith("_id"))
    return f"{table.replace('_', ' ')} ({keys})"


def _value_problems(rows: Rows) -> Iterator[tuple[str, str]]:
    for table, checks in COLUMN_RULES.items():
        for row in rows.get(table, ()):
            for column, check in checks.items():
                if column not in row:
                    continue
                try:
                    check(row[column])
                except ValidationError as error:
                    yield _label(table, row), str(error)
            if table in ("task", "baseline_task"):
                try:
                    validate.date_order(row.get("start"), row.get("finish"))
                except (ValidationError, TypeError) as error:
                    yield _label(table, row), str(error)


def _relation_problems(rows: Rows) -> Iterator[tuple[str, str]]:
    tasks = {row["id"]: row for row in rows.get("task", ())}
    column_project = {row["id"]: row["project_id"] for row in rows.get("board_column", ())}
    label_project = {row["id"]: row["project_id"] for row in rows.get("label", ())}
    for task in tasks.values():
        parent = tasks.get(task.get("parent_id"))
        if parent is not None and parent["project_id"] != task["project_id"]:
            yield _label("task", task), "Its parent task belongs to another project."
        column = column_project.get(task.get("column_id"))
        if column is not None and column != task["project_id"]:
            yield _label("task", task), "Its board column belongs to another project."
    for row in rows.get("task_label", ()):
        task, label = tasks.get(row["task_id"]), label_project.get(row["label_id"])
        if task is not None and label is not None and label != task["project_id"]:
            yield _label("task", task), f"Its label #{row['label_id']} belongs to another project."
    for link in rows.get("dependency", ()):
        pred, succ = tasks.get(link["predecessor_id"]), tasks.get(link["successor_id"])
        if link["predecessor_id"] == link["successor_id"]:
            yield _label("dependency", link), "A task cannot depend on itself."
        elif pred is not None and succ is not None and pred["project_id"] != succ["project_id"]:
            yield _label("dependency", link), "Tasks of different projects cannot be linked."


def _cycle_problems(rows: Rows) -> Iterator[tuple[str, str]]:
    """Per project, the scheduler's own cycle check over its outline and links."""
    outline: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    project_of = {}
    for task in rows.get("task", ()):
        outline[task["project_id"]].append(task)
        project_of[task["id"]] = task["project_id"]
    links: dict[Any, list[tuple[int, int, str, int]]] = defaultdict(list)
    for link in rows.get("dependency", ()):
        project = project_of.get(link["successor_id"])
        if project is not None and project == project_of.get(link["predecessor_id"]):
            links[project].append(
                (link["predecessor_id"], link["successor_id"], str(link["type"]), 0)
            )
    for project, tasks in outline.items():
        network = Network(
            [task["id"] for task in tasks],
            [task["parent_id"] for task in tasks],
            [0] * len(tasks),
            links[project],
        )
        try:
            network.topological_order()
        except CycleError as error:
            yield f"project #{project}", str(error)
