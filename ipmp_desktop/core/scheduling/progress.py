"""Progress roll-up: a summary's percent complete from the tasks below it.

A summary is as far along as the work under it: the average of its leaf descendants' percent
complete weighted by their durations in working days, so a ten-day task half done counts five
times as much as a two-day task half done. Milestones take no time and so weigh nothing, unless
every leaf below weighs nothing (only milestones, or zero-day tasks): then each leaf counts once.
Intermediate summaries do not count themselves; a nested summary is averaged from its own leaves
again, not from its children's rounded percents.
"""

from collections.abc import Collection, Iterable, Mapping


def roll_up_progress(tasks: Iterable[tuple[int, int | None, int, int]]) -> dict[int, int]:
    """The percent complete of every summary (a task some other task names as its parent).

    Args:
        tasks: ``(id, parent_id, weight, percent)`` of every task of a plan; ``weight`` is the
            duration in working days (0 for a milestone) and matters for leaves only. A parent id
            not among the tasks counts as none.

    Returns:
        ``{summary id: percent}``, each a whole number from 0 to 100, rounded half up.
    """
    rows = list(tasks)
    parent = {task_id: parent_id for task_id, parent_id, _w, _p in rows}
    summaries = {p for p in parent.values() if p is not None and p in parent}
    # per summary, over the leaves below: sum of weight x percent, of weights, of percents,
    # and how many; leaves add into their own summary first, summaries into theirs after
    weighted = dict.fromkeys(summaries, 0)
    weights = dict.fromkeys(summaries, 0)
    plain = dict.fromkeys(summaries, 0)
    leaves = dict.fromkeys(summaries, 0)
    for task_id, parent_id, weight, percent in rows:
        if parent_id in leaves and task_id not in leaves:
            if weight > 0:
                weighted[parent_id] += weight * percent
                weights[parent_id] += weight
            plain[parent_id] += percent
            leaves[parent_id] += 1
    for s in deepest_first(summaries, parent):
        above = parent[s]
        if above in leaves:
            weighted[above] += weighted[s]
            weights[above] += weights[s]
            plain[above] += plain[s]
            leaves[above] += leaves[s]
    return {
        s: _half_up(weighted[s], weights[s]) if weights[s] else _half_up(plain[s], leaves[s])
        for s in summaries
        if leaves[s]
    }


def deepest_first(nodes: Collection[int], parent: Mapping[int, int | None]) -> list[int]:
    """``nodes`` ordered so each comes before every one of them above it (deepest first), for
    passes that add each task into its parent.

    Each node's depth (how many of ``nodes`` lie above it) is found once: a walk up stops at the
    first node whose depth is known, so the whole pass visits every node a bounded number of
    times however deep the outline. A broken, looping chain counts from where the loop closes.
    """
    depth: dict[int, int] = {}
    for start in nodes:
        path: list[int] = []
        on_path: set[int] = set()
        current: int | None = start
        while current in nodes and current not in depth and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = parent.get(current)
        known = depth.get(current, -1) if current in nodes else -1
        for task_id in reversed(path):
            known += 1
            depth[task_id] = known
    return sorted(nodes, key=depth.__getitem__, reverse=True)


def _half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up, in integers (no float surprises at .5)."""
    return (2 * numerator + denominator) // (2 * denominator)
