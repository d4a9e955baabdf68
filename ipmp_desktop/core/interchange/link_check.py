"""Keep only the links a project can hold: the checks :class:`AddDependency` makes, for a plan.

A file may link a task to itself, to a task that is not in the file, twice to the same task, a
summary to its own subtask, or in a circle; our scheduler refuses all of these. An importer
calls :func:`keep_valid_links` once its links are read: the offending links are removed and the
report says how many and why.

Cycles are looked for the way the scheduler sees them, through summaries too: every task has a
start and a finish event, a summary's start comes before its children's and their finishes
before its own, and each link joins the events its type names (FS: finish -> start, ...).
"""

from collections import defaultdict, deque

from ipmp_desktop.core.interchange.plan import LINK_TYPES, Plan, PlanLink

_EVENTS = {"FS": (1, 0), "SS": (0, 0), "FF": (1, 1), "SF": (0, 1)}
"""Per link type: (event of the predecessor, event of the successor); 0 start, 1 finish."""


def keep_valid_links(plan: Plan) -> None:
    """Remove from ``plan.links`` what a project cannot hold, reporting each kind of removal.

    Keeps the first of duplicate links; of links that close a cycle, drops those that close it
    in file order (the earlier links stay). Sets ``report.counts["links"]``.
    """
    report = plan.report
    parent = {task.key: task.parent for task in plan.tasks}
    branches = _Branches(parent)
    dropped = defaultdict(int)
    kept: list[PlanLink] = []
    seen: set[tuple[str, str]] = set()
    for link in plan.links:
        pair = (link.predecessor, link.successor)
        if link.type not in LINK_TYPES:
            dropped["of an unknown type"] += 1
        elif link.predecessor not in parent or link.successor not in parent:
            dropped["to a task that is not in the file"] += 1
        elif link.predecessor == link.successor:
            dropped["from a task to itself"] += 1
        elif pair in seen:
            dropped["repeating a link between the same two tasks"] += 1
        elif branches.related(link.predecessor, link.successor):
            dropped["between a summary and its own subtask"] += 1
        else:
            seen.add(pair)
            kept.append(link)
    kept, cycles = _without_cycles(plan, kept)
    if cycles:
        dropped["that would close a cycle"] += cycles
    for why, count in dropped.items():
        report.drop(f"{count} link{'s' if count > 1 else ''} {why}.")
    plan.links = kept
    report.counts["links"] = len(kept)


class _Branches:
    """Answers "is one task inside the other's branch?" in constant time: each task is numbered
    on entering and on leaving it in one depth-first walk, so a task lies in another's branch
    when its numbers fall between the other's. A task the walk cannot reach (its parents loop)
    is looked up by walking its parents, as nothing else places it."""

    def __init__(self, parent: dict[str, str | None]) -> None:
        self.parent = parent
        children: dict[str | None, list[str]] = defaultdict(list)
        for key, above in parent.items():
            children[above if above in parent else None].append(key)
        self.enter: dict[str, int] = {}
        self.leave: dict[str, int] = {}
        clock = 0
        stack: list[tuple[str, bool]] = [(key, False) for key in reversed(children[None])]
        while stack:
            key, done = stack.pop()
            clock += 1
            if done:
                self.leave[key] = clock
                continue
            self.enter[key] = clock
            stack.append((key, True))
            stack.extend((below, False) for below in reversed(children.get(key, ())))

    def related(self, one: str, other: str) -> bool:
        """Whether either task lies in the other's branch."""
        return self._below(one, other) or self._below(other, one)

    def _below(self, key: str, ancestor: str) -> bool:
        if key in self.enter and ancestor in self.enter:
            return self.enter[ancestor] < self.enter[key] and self.leave[key] < self.leave[ancestor]
        seen = set()
        current = self.parent.get(key)
        while current is not None and current not in seen:
            if current == ancestor:
                return True
            seen.add(current)
            current = self.parent.get(current)
        return False


def _graph(plan: Plan) -> dict[tuple[str, int], list[tuple[str, int]]]:
    edges: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for task in plan.tasks:
        edges[(task.key, 0)].append((task.key, 1))
        if task.parent is not None:
            edges[(task.parent, 0)].append((task.key, 0))
            edges[(task.key, 1)].append((task.parent, 1))
    return edges


def _edge(link: PlanLink) -> tuple[tuple[str, int], tuple[str, int]]:
    before, after = _EVENTS[link.type]
    return (link.predecessor, before), (link.successor, after)


def _acyclic(edges: dict[tuple[str, int], list[tuple[str, int]]]) -> bool:
    incoming: dict[tuple[str, int], int] = defaultdict(int)
    for targets in edges.values():
        for target in targets:
            incoming[target] += 1
    nodes = set(edges) | set(incoming)
    ready = deque(node for node in nodes if incoming[node] == 0)
    visited = 0
    while ready:
        node = ready.popleft()
        visited += 1
        for target in edges.get(node, ()):
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    return visited == len(nodes)


def _reaches(edges, start, goal) -> bool:
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for target in edges.get(node, ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return False


def _without_cycles(plan: Plan, links: list[PlanLink]) -> tuple[list[PlanLink], int]:
    """The links that close no cycle, and how many were left out."""
    edges = _graph(plan)
    for link in links:
        source, target = _edge(link)
        edges[source].append(target)
    if _acyclic(edges):  # the usual case, checked in linear time
        return links, 0
    edges = _graph(plan)
    kept = []
    for link in links:
        source, target = _edge(link)
        if _reaches(edges, target, source):
            continue
        edges[source].append(target)
        kept.append(link)
    return kept, len(links) - len(kept)
