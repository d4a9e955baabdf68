"""The outline (WBS) of a project as a tree built from flat task rows."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ipmp_desktop.core.services.queries import TaskRow


@dataclass
class OutlineTree:
    """Children lists, parents and WBS numbers of a project's tasks.

    Build with :meth:`from_rows`; rows must come ordered by ``wbs_rank`` (``project_tasks``
    does). A task whose parent is missing is shown at the top level rather than lost.
    """

    rows: dict[int, TaskRow] = field(default_factory=dict)
    children: dict[int | None, list[int]] = field(default_factory=dict)
    position: dict[int, int] = field(default_factory=dict)

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
        """The WBS number, e.g. ``"2.1.3"``."""
        parts: list[str] = []
        current: int | None = task_id
        while current is not None:
            parts.append(str(self.row_in_parent(current) + 1))
            current = self.parent_of(current)
        return ".".join(reversed(parts))

    def depth_first(self) -> Iterator[tuple[int, int]]:
        """``(task_id, depth)`` in outline order."""
        stack = [(task_id, 0) for task_id in reversed(self.children.get(None, []))]
        while stack:
            task_id, depth = stack.pop()
            yield task_id, depth
            stack.extend((child, depth + 1) for child in reversed(self.children.get(task_id, [])))
