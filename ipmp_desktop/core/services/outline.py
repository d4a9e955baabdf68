"""The outline (WBS) of a project as a tree built from flat task rows.

Every pass here is linear in the number of tasks however deep the outline: a task's WBS number
is as long as its depth, so numbers for many rows at once come from :meth:`OutlineTree.shown_wbs`,
which shortens a number deeper than :data:`SHOWN_LEVELS` levels and builds them all in one walk.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ipmp_desktop.core.services.queries import TaskRow

SHOWN_LEVELS = 10
"""A WBS number of more levels is shown shortened: its first and last :data:`KEPT_LEVELS`
levels around an ellipsis (``"1.2.3.4.….9.1.1.2"``); the whole number stays in :meth:`wbs`."""
KEPT_LEVELS = 4
ELLIPSIS = "…"


@dataclass
class OutlineTree:
    """Children lists, parents and WBS numbers of a project's tasks.

    Build with :meth:`from_rows`; rows must come ordered by ``wbs_rank`` (``project_tasks``
    does). A task whose parent is missing is shown at the top level rather than lost.
    """

    rows: dict[int, TaskRow] = field(default_factory=dict)
    children: dict[int | None, list[int]] = field(default_factory=dict)
    position: dict[int, int] = field(default_factory=dict)
    _shown: dict[int, str] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_rows(cls, rows: Iterable[TaskRow]) -> "OutlineTree":
        """Build the tree from rows in rank order."""
        tree = cls()
        ordered = list(rows)
        tree.rows = {row.id: row for row in ordered}
        tree.children = {None: []}
        for row in ordered:
            parent = row.parent_id if row.parent_id in tree.rows else None
            siblings = tree.children.setdefault(parent, [])
            tree.position[row.id] = len(siblings)
            siblings.append(row.id)
        return tree

    def parent_of(self, task_id: int) -> int | None:
        """The parent id shown in the tree (None at the top level)."""
        parent = self.rows[task_id].parent_id
        return parent if parent in self.rows else None

    def row_in_parent(self, task_id: int) -> int:
        """Index of ``task_id`` among its siblings."""
        return self.position[task_id]

    def wbs(self, task_id: int) -> str:
        """The whole WBS number, e.g. ``"2.1.3"`` (as long as the task is deep: for one task)."""
        parts: list[str] = []
        current: int | None = task_id
        while current is not None:
            parts.append(str(self.row_in_parent(current) + 1))
            current = self.parent_of(current)
        return ".".join(reversed(parts))

    def shown_wbs(self, task_id: int) -> str:
        """The WBS number as tables and prints show it: :meth:`wbs` up to :data:`SHOWN_LEVELS`
        levels, shortened beyond (see :data:`SHOWN_LEVELS`). The first call numbers every task
        in one walk of the outline; later calls look the number up."""
        if self._shown is None:
            self._shown = self._number_all()
        return self._shown[task_id]

    def _number_all(self) -> dict[int, str]:
        """Every task's shown WBS number. Each task keeps its first and last levels (at most
        :data:`KEPT_LEVELS` each, or the whole number while it is short) from its parent's, so
        the work per task does not grow with its depth."""
        shown: dict[int, str] = {}
        # per task: (levels, head parts, tail parts); head holds the whole number while short
        kept: dict[int | None, tuple[int, tuple[str, ...], tuple[str, ...]]] = {None: (0, (), ())}
        for task_id, _depth in self.depth_first():
            levels, head, tail = kept[self.parent_of(task_id)]
            own = str(self.position[task_id] + 1)
            levels += 1
            if levels <= SHOWN_LEVELS:
                head = (*head, own)
            tail = (*tail, own)[-KEPT_LEVELS:]
            kept[task_id] = (levels, head, tail)
            if levels <= SHOWN_LEVELS:
                shown[task_id] = ".".join(head)
            else:
                shown[task_id] = ".".join((*head[:KEPT_LEVELS], ELLIPSIS, *tail))
        return shown

    def task_at(self, number: str) -> int | None:
        """The task whose whole WBS number is ``number`` (``"2.1.3"``), or None: one step down
        the outline per level, so looking a number up costs its length."""
        task_id: int | None = None
        for part in number.split("."):
            if not (part.isascii() and part.isdigit()):
                return None
            siblings = self.children.get(task_id, [])
            index = int(part) - 1
            if not 0 <= index < len(siblings):
                return None
            task_id = siblings[index]
        return task_id

    def depth_first(self) -> Iterator[tuple[int, int]]:
        """``(task_id, depth)`` in outline order."""
        stack = [(task_id, 0) for task_id in reversed(self.children.get(None, []))]
        while stack:
            task_id, depth = stack.pop()
            yield task_id, depth
            stack.extend((child, depth + 1) for child in reversed(self.children.get(task_id, [])))
