"""The shape of a generated project: a WBS of phases, work packages and tasks of an exact size."""

import random
from dataclasses import dataclass, field

from ipmp_desktop.core.demo.content import PHASE_COLORS, STAGES, ProjectTemplate
from ipmp_desktop.core.model import TaskKind

_DURATIONS = (1, 2, 3, 4, 5, 6, 8, 10, 15)
_DURATION_WEIGHTS = (8, 14, 16, 14, 14, 8, 10, 10, 6)


@dataclass(eq=False)
class PlanNode:
    """A task while it is planned; becomes one task row.

    ``start`` and ``finish`` are working-day indices of the project's calendar; ``role`` names
    the board column the card goes to (see ``BoardTemplate``).
    """

    kind: str
    title: str
    duration: int = 0
    children: list["PlanNode"] = field(default_factory=list)
    id: int = 0
    parent_id: int | None = None
    start: int = 0
    finish: int = 0
    role: str = "backlog"
    percent: int = 0
    archived: bool = False
    color: str | None = None


def split(rng: random.Random, total: int, parts: int, *, minimum: int) -> list[int]:
    """``parts`` random sizes of at least ``minimum`` that add up to ``total`` exactly.

    The caller must ensure ``parts * minimum <= total``.
    """
    extra = total - parts * minimum
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = sum(weights)
    sizes = [minimum + int(extra * weight / scale) for weight in weights]
    for _ in range(total - sum(sizes)):
        sizes[rng.randrange(parts)] += 1
    return sizes


class Outline:
    """Shapes a project's WBS: exactly ``size`` nodes of phases, work packages and tasks.

    Phases end in a "... complete" milestone and the project in its final milestone; the
    depth (2 to 4 levels) and the branching grow with the size. Summaries have at least two
    children.
    """

    def __init__(self, rng: random.Random, template: ProjectTemplate) -> None:
        self.rng = rng
        self.template = template
        self.max_depth = 2

    def plan(self, size: int) -> list[PlanNode]:
        """Top-level nodes whose trees hold exactly ``size`` nodes."""
        final = self.template.final_milestone
        if size < 4:
            nodes = [self._task() for _ in range(size)]
            return [*nodes[:-1], self._milestone(final)] if size >= 2 else nodes
        self.max_depth = 2 if size < 20 else 3 if size < 400 else 4
        roots = [*self._siblings(size - 1, 1, ""), self._milestone(final)]
        phases = [node for node in roots if node.children]
        for index, node in enumerate(phases):
            node.color = PHASE_COLORS[index % len(PHASE_COLORS)]
        return roots

    def _siblings(self, budget: int, level: int, parent: str) -> list[PlanNode]:
        """Exactly ``budget`` nodes (with descendants) as the children at ``level``."""
        if level >= self.max_depth or budget < 3:
            return [self._task() for _ in range(budget)]
        levels_left = self.max_depth - level + 1
        wanted = round(budget ** (1 / levels_left) * self.rng.uniform(0.8, 1.25))
        if level == 1:
            names = list(self.template.phases)
        elif level == 2:
            names = self.rng.sample(self.template.packages, len(self.template.packages))
        elif wanted <= len(STAGES):
            names = [f"{parent}: {stage}" for stage in STAGES]
        else:  # a very large demo: many iterations of one work package
            names = [f"{parent}: iteration {n}" for n in range(1, wanted + 1)]
        count = max(1, min(wanted, len(names), budget // 3))
        sizes = split(self.rng, budget, count, minimum=3)
        return [self._summary(n, s, level) for n, s in zip(names, sizes, strict=False)]

    def _summary(self, title: str, size: int, level: int) -> PlanNode:
        budget = size - 1
        closing = None
        if level == 1 and budget >= 4:
            closing = f"{title} complete"
        elif level + 1 == self.max_depth and budget >= 4 and self.rng.random() < 0.2:
            closing = f"{title} signed off"
        children = self._siblings(budget - (closing is not None), level + 1, title)
        if closing is not None:
            children.append(self._milestone(closing))
        return PlanNode(TaskKind.SUMMARY, title, children=children)

    def _task(self) -> PlanNode:
        verb = self.rng.choice(self.template.verbs)
        thing = self.rng.choice(self.template.objects)
        duration = self.rng.choices(_DURATIONS, weights=_DURATION_WEIGHTS)[0]
        return PlanNode(TaskKind.TASK, f"{verb} {thing}", duration=duration)

    def _milestone(self, title: str) -> PlanNode:
        return PlanNode(TaskKind.MILESTONE, title, duration=0)


def number(roots: list[PlanNode], first_id: int) -> list[PlanNode]:
    """Give ids from ``first_id`` in outline order (parents first); return nodes in that order."""
    ordered: list[PlanNode] = []
    stack: list[tuple[PlanNode, int | None]] = [(node, None) for node in reversed(roots)]
    while stack:
        node, parent_id = stack.pop()
        node.id = first_id + len(ordered)
        node.parent_id = parent_id
        ordered.append(node)
        stack.extend((child, node.id) for child in reversed(node.children))
    return ordered
