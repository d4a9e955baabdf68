"""Which board columns mean "to do", "in progress" and "done", guessed from names and order.

Trello lists and spreadsheet status values carry no category, only a name and a position. The
rule (:data:`RULE`, quoted in import reports):

1. a column whose name looks finished (Done, Complete, Closed, Archive, ...) is a done column,
   unless it sits at the far left before the working columns (a "Definition of Done" list);
2. a column whose name looks in progress (Doing, In progress, WIP, Review, ...) is "doing", and
   when there is a done column, so is every column from the first of those to the first done
   column;
3. with no in-progress name, the columns between the last to-do-looking column (To do,
   Backlog, Next, Not done, ...) and the first done column are "doing", if such a to-do
   column exists;
4. every other column is "to do".

Every done-looking column counts, not only the last: "Done" followed by "Archive" are both
finished. Names are matched without case, as whole words for Latin script and as substrings
for others (a few Japanese, Chinese, German, French and Spanish words are known).
"""

import re
from collections.abc import Sequence

TODO, DOING, DONE = "todo", "doing", "done"

RULE = (
    "board columns: those named like Done/Complete/Closed are done columns, those named like "
    "Doing/In progress/Review (and those between them and the first done column) are in "
    "progress, the rest are to do"
)

_DONE_WORDS = (
    "done", "complete", "completed", "finished", "closed", "close", "resolved", "shipped",
    "released", "deployed", "delivered", "archive", "archived", "erledigt", "fertig",
    "abgeschlossen", "terminé", "termine", "hecho", "terminado", "feito", "concluído",
    "クローズ", "完了", "終了", "済", "完成", "已完成", "完成了",
)  # fmt: skip
_DOING_WORDS = (
    "doing", "in progress", "progress", "wip", "working", "started", "ongoing", "active",
    "review", "in review", "testing", "qa", "dev", "development", "building", "in arbeit",
    "en cours", "en progreso", "作業中", "進行中", "対応中", "実施中", "レビュー", "进行中",
)  # fmt: skip
_TODO_WORDS = (
    "to do", "todo", "to-do", "backlog", "next", "up next", "ideas", "inbox", "icebox", "plan",
    "planned", "open", "new", "selected", "ready", "later", "someday", "maybe", "waiting",
    "on hold", "parked", "not started", "やること", "やりたいこと", "未着手", "待办",
)  # fmt: skip


def _matcher(words: Sequence[str]) -> re.Pattern[str]:
    latin = [re.escape(w) for w in words if w.isascii()]
    other = [re.escape(w) for w in words if not w.isascii()]
    parts = []
    if latin:
        parts.append(r"(?<![^\W_])(?:" + "|".join(latin) + r")(?![^\W_])")
    if other:
        parts.append("|".join(other))
    return re.compile("|".join(parts), re.IGNORECASE)


_DONE = _matcher(_DONE_WORDS)
_DOING = _matcher(_DOING_WORDS)
_TODO = _matcher(_TODO_WORDS)
_NOT = re.compile(r"(?<![^\W_])not(?![^\W_])", re.IGNORECASE)


def looks_done(name: str) -> bool:
    """Whether a column or status name reads as finished ("Not done" does not)."""
    return bool(_DONE.search(name)) and not _NOT.search(name)


def looks_doing(name: str) -> bool:
    """Whether a column or status name reads as in progress (and not finished)."""
    return bool(_DOING.search(name)) and not _NOT.search(name) and not looks_done(name)


def guess_categories(names: Sequence[str]) -> list[str]:
    """The category ("todo", "doing" or "done") of each column, in the order given (the board's
    left-to-right order), by the rule in the module docstring."""
    count = len(names)
    finished = [looks_done(name) for name in names]
    first_open = next((i for i in range(count) if not finished[i]), count)
    categories = [
        DONE if finished[i] and (i > first_open or first_open == count) else TODO
        for i in range(count)
    ]
    first_done = next((i for i in range(count) if categories[i] == DONE), count)
    has_done = first_done < count
    doing = [i for i in range(count) if categories[i] != DONE and looks_doing(names[i])]
    for i in doing:
        categories[i] = DOING
    if doing and has_done:
        for i in range(doing[0], first_done):
            categories[i] = DOING
    elif has_done:
        todo = [i for i in range(first_done) if _TODO.search(names[i]) or _NOT.search(names[i])]
        if todo:
            for i in range(todo[-1] + 1, first_done):
                categories[i] = DOING
    return categories
