"""Texts of an imported plan cut to what the workspace holds, each cut named in the report.

The workspace keeps a task title to 500 characters, a name to 200, a column or label name to
100 (the limits the commands enforce, :mod:`~ipmp_desktop.core.commands.validate`). Readers
hand over the file's texts whole; :func:`fit_texts` cuts what is longer, once, in one place, and
says so in the import report -- a cut is never silent. A column or label name is cut the same
way wherever it is used, so cards still find their column and their labels.
"""

from collections.abc import Callable

from ipmp_desktop.core.commands.validate import MAX_NAME, MAX_TITLE
from ipmp_desktop.core.interchange.plan import Plan

MAX_COLUMN = 100
MAX_LABEL = 100
MAX_EMAIL = 320
_SHOWN = 40


def _quote(text: str) -> str:
    head = " ".join(text[: _SHOWN * 4].split())
    return f"“{head[:_SHOWN]}…”" if len(head) > _SHOWN or len(text) > _SHOWN else f"“{head}”"


def fit_texts(plan: Plan) -> None:
    """Cut every text of ``plan`` longer than the workspace keeps, reporting each cut."""
    report = plan.report

    def cutter(limit: int, what: Callable[[str], str]) -> Callable[[str], str]:
        def cut(text: str) -> str:
            if len(text) <= limit:
                return text
            report.drop(f"{what(text)} had {len(text):,} characters; the first {limit} are kept.")
            return text[:limit]

        return cut

    plan.name = cutter(MAX_NAME, lambda t: f"the project name {_quote(t)}")(plan.name.strip())
    column = _memo(cutter(MAX_COLUMN, lambda t: f"the column name {_quote(t)}"))
    label = _memo(cutter(MAX_LABEL, lambda t: f"the label name {_quote(t)}"))
    for item in plan.columns:
        item.name = column(item.name.strip())
    plan.label_colors = {label(name.strip()): color for name, color in plan.label_colors.items()}
    for task in plan.tasks:
        where = f"task {task.key[:40]}"
        task.title = cutter(MAX_TITLE, lambda t, w=where: f"the title of {w} ({_quote(t)})")(
            task.title.strip()
        )
        if task.column is not None:
            task.column = column(task.column.strip())
        task.labels = [label(name.strip()) for name in task.labels]
        checklist = cutter(MAX_TITLE, lambda t, w=where: f"a checklist item of {w} ({_quote(t)})")
        task.checklist = [(checklist(text), done) for text, done in task.checklist]
        author = cutter(MAX_NAME, lambda t, w=where: f"a comment author of {w} ({_quote(t)})")
        task.comments = [(author(who), body, at) for who, body, at in task.comments]
    for resource in plan.resources:
        resource.name = cutter(MAX_NAME, lambda t: f"the resource name {_quote(t)}")(
            resource.name.strip()
        )
        resource.email = cutter(MAX_EMAIL, lambda t: f"the e-mail address {_quote(t)}")(
            resource.email
        )
    if plan.calendar is not None:
        for holiday in plan.calendar.holidays:
            holiday.name = cutter(MAX_NAME, lambda t: f"the holiday name {_quote(t)}")(holiday.name)
    for baseline in plan.baselines:
        baseline.name = cutter(MAX_NAME, lambda t: f"the baseline name {_quote(t)}")(baseline.name)


def _memo(cut: Callable[[str], str]) -> Callable[[str], str]:
    """``cut`` run once per distinct text (a column named by 500 cards is reported once)."""
    done: dict[str, str] = {}

    def once(text: str) -> str:
        if text not in done:
            done[text] = cut(text)
        return done[text]

    return once
