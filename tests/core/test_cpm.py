"""The critical path method on hand-checked plans, and properties over random plans."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipmp_desktop.core.errors import CycleError
from ipmp_desktop.core.scheduling.cpm import (
    Constraint,
    PlanLink,
    PlanTask,
    early_times,
    schedule,
)

A, B, C, D, E = 1, 2, 3, 4, 5
LINK_TYPES = ["FS", "SS", "FF", "SF"]


def times(result, task_id):
    t = result.times[task_id]
    return (t.early_start, t.early_finish, t.late_start, t.late_finish, t.total_float)


def test_finish_to_start_network_floats_and_critical_path():
    tasks = [PlanTask(A, 3), PlanTask(B, 2), PlanTask(C, 1), PlanTask(D, 1)]
    links = [PlanLink(A, B), PlanLink(A, C), PlanLink(B, D), PlanLink(C, D)]
    result = schedule(tasks, links, project_start=0)
    assert times(result, A) == (0, 3, 0, 3, 0)
    assert times(result, B) == (3, 5, 3, 5, 0)
    assert times(result, C) == (3, 4, 4, 5, 1)
    assert times(result, D) == (5, 6, 5, 6, 0)
    assert result.times[C].free_float == 1
    assert result.critical_path == [A, B, D]
    assert result.project_finish == 6


def test_every_link_type_with_positive_and_negative_lag():
    tasks = [PlanTask(A, 5), PlanTask(B, 3), PlanTask(C, 2), PlanTask(D, 2), PlanTask(E, 1)]
    links = [
        PlanLink(A, B, "SS", 2),
        PlanLink(A, C, "FF", 1),
        PlanLink(A, D, "SF", 0),
        PlanLink(A, E, "FS", -2),
    ]
    result = schedule(tasks, links, project_start=0)
    assert times(result, B)[:2] == (2, 5)
    assert times(result, C)[:2] == (4, 6)
    assert times(result, D)[:2] == (0, 2)  # SF only bounds the finish: the project start rules
    assert times(result, E)[:2] == (3, 4)
    assert result.project_finish == 6
    assert times(result, A) == (0, 5, 0, 5, 0)  # the FF link to C makes A critical
    assert times(result, C)[4] == 0
    assert times(result, B)[4] == 1
    assert times(result, D)[4] == 4
    assert times(result, E)[4] == 2


def test_constraints_and_manual_tasks():
    tasks = [
        PlanTask(A, 3),
        PlanTask(B, 2, constraint=Constraint.START_NO_EARLIER_THAN, constraint_index=5),
        PlanTask(C, 1, constraint=Constraint.MUST_START_ON, constraint_index=1),
        PlanTask(D, 2, constraint=Constraint.FINISH_NO_LATER_THAN, constraint_index=4),
        PlanTask(E, 1, manual=True, manual_start=1),
    ]
    links = [PlanLink(A, B), PlanLink(A, C), PlanLink(A, D), PlanLink(A, E)]
    result = schedule(tasks, links, project_start=0)
    assert times(result, B)[:2] == (5, 7)
    assert times(result, C)[:2] == (1, 2)
    assert times(result, D)[:2] == (3, 5)
    assert times(result, D)[4] == -1  # cannot finish by index 4: negative float
    assert times(result, E)[:2] == (1, 2)
    assert result.conflicts == [C, D, E]
    assert not result.times[B].conflict


def test_summaries_span_children_and_pass_links_on():
    summary, x, y, p, z = 10, 11, 12, 13, 14
    tasks = [
        PlanTask(summary),
        PlanTask(x, 2, parent_id=summary),
        PlanTask(y, 3, parent_id=summary),
        PlanTask(p, 4),
        PlanTask(z, 1),
    ]
    links = [PlanLink(x, y), PlanLink(p, summary), PlanLink(summary, z)]
    result = schedule(tasks, links, project_start=0)
    assert times(result, x)[:2] == (4, 6)
    assert times(result, y)[:2] == (6, 9)
    assert times(result, summary)[:2] == (4, 9)
    assert times(result, z)[:2] == (9, 10)
    assert result.critical_path == [p, summary, x, y, z]


def test_milestones_take_no_time():
    tasks = [PlanTask(A, 2), PlanTask(B, 0), PlanTask(C, 1)]
    result = schedule(tasks, [PlanLink(A, B), PlanLink(B, C)], project_start=10)
    assert times(result, B)[:2] == (12, 12)
    assert times(result, C)[:2] == (12, 13)


def test_a_cycle_is_refused_with_its_members_named():
    tasks = [PlanTask(A), PlanTask(B), PlanTask(C), PlanTask(D)]
    links = [PlanLink(A, B), PlanLink(B, C), PlanLink(C, A), PlanLink(C, D)]
    with pytest.raises(CycleError) as refused:
        schedule(tasks, links, project_start=0)
    message = str(refused.value)
    assert all(f"#{i}" in message for i in (A, B, C)) and "#4" not in message


@st.composite
def plans(draw):
    count = draw(st.integers(1, 25))
    tasks = [PlanTask(i, draw(st.integers(0, 6))) for i in range(1, count + 1)]
    links = []
    for _ in range(draw(st.integers(0, count * 2)) if count > 1 else 0):
        a, b = sorted(draw(st.lists(st.integers(1, count), min_size=2, max_size=2, unique=True)))
        links.append(
            PlanLink(
                a, b, draw(st.sampled_from(["FS", "SS", "FF", "SF"])), draw(st.integers(-3, 4))
            )
        )
    start = draw(st.integers(-5, 5))
    snet = {t.id: draw(st.integers(start, start + 20)) for t in tasks if draw(st.booleans())}
    tasks = [
        PlanTask(
            t.id,
            t.duration,
            constraint=Constraint.START_NO_EARLIER_THAN,
            constraint_index=snet[t.id],
        )
        if t.id in snet
        else t
        for t in tasks
    ]
    return tasks, links, start


def satisfied(link, start_of, finish_of):
    match link.type:
        case "FS":
            return start_of[link.successor] >= finish_of[link.predecessor] + link.lag
        case "SS":
            return start_of[link.successor] >= start_of[link.predecessor] + link.lag
        case "FF":
            return finish_of[link.successor] >= finish_of[link.predecessor] + link.lag
    return finish_of[link.successor] >= start_of[link.predecessor] + link.lag


@settings(max_examples=200, deadline=None)
@given(plans())
def test_every_link_and_constraint_holds_and_floats_are_sane(plan):
    tasks, links, start = plan
    result = schedule(tasks, links, project_start=start)
    early_start = {i: t.early_start for i, t in result.times.items()}
    early_finish = {i: t.early_finish for i, t in result.times.items()}
    late_start = {i: t.late_start for i, t in result.times.items()}
    late_finish = {i: t.late_finish for i, t in result.times.items()}
    for link in links:
        assert satisfied(link, early_start, early_finish), link
        assert satisfied(link, late_start, late_finish), link
    for task in tasks:
        t = result.times[task.id]
        assert t.early_start >= start
        if task.constraint == Constraint.START_NO_EARLIER_THAN:
            assert t.early_start >= task.constraint_index
        assert t.total_float >= 0 and t.free_float >= 0
        assert t.free_float <= t.total_float
        assert t.late_finish <= result.project_finish
    assert result.critical_path  # the task finishing last has no float


def test_nested_summaries_roll_up_early_and_late_dates():
    top, middle, leaf, other = 20, 21, 22, 23
    tasks = [
        PlanTask(top),
        PlanTask(middle, parent_id=top),
        PlanTask(leaf, 4, parent_id=middle),
        PlanTask(other, 2),
    ]
    result = schedule(tasks, [PlanLink(leaf, other, "SS", 1)], project_start=0)
    assert times(result, middle) == times(result, leaf)[:2] + times(result, middle)[2:]
    assert times(result, top)[:2] == (0, 4)
    assert times(result, other)[:2] == (1, 3)


def test_links_between_summaries_bind_every_leaf_both_ways():
    """A link from one summary to another: each leaf of the second waits for the span of the
    first; in the backward pass each leaf of the first answers to every leaf of the second."""
    first, a, b, second, c, d = 30, 31, 32, 33, 34, 35
    tasks = [
        PlanTask(first),
        PlanTask(a, 2, parent_id=first),
        PlanTask(b, 4, parent_id=first),
        PlanTask(second),
        PlanTask(c, 1, parent_id=second),
        PlanTask(d, 3, parent_id=second),
    ]
    result = schedule(tasks, [PlanLink(first, second, "FS", 1)], project_start=0)
    assert times(result, c)[:2] == (5, 6) and times(result, d)[:2] == (5, 8)
    assert times(result, second)[:2] == (5, 8)
    assert result.project_finish == 8
    assert times(result, b) == (0, 4, 0, 4, 0)  # drives the second summary through its span
    assert times(result, a) == (0, 2, 2, 4, 2)  # may slip until the span would move
    assert result.times[a].free_float == 2
    assert times(result, c)[2:] == (7, 8, 2)


def test_finish_bound_links_into_a_summary_bind_each_leaf_by_its_own_duration():
    """FF and SF links to a summary bound the finish of each leaf below it."""
    p, summary, short, long = 40, 41, 42, 43
    tasks = [
        PlanTask(p, 5),
        PlanTask(summary),
        PlanTask(short, 1, summary),
        PlanTask(long, 4, summary),
    ]
    result = schedule(tasks, [PlanLink(p, summary, "FF", 0)], project_start=0)
    assert times(result, short)[:2] == (4, 5)
    assert times(result, long)[:2] == (1, 5)
    result = schedule(tasks, [PlanLink(p, summary, "SF", 2)], project_start=0)
    assert times(result, short)[:2] == (1, 2)
    assert times(result, long)[:2] == (0, 4)  # the project start rules: SF bounds the finish


def test_a_cycle_through_a_summary_names_the_summary():
    summary, inside, outside = 50, 51, 52
    tasks = [PlanTask(summary), PlanTask(inside, 1, summary), PlanTask(outside)]
    links = [PlanLink(inside, outside), PlanLink(outside, summary)]
    with pytest.raises(CycleError, match=r"#50.*#51|#51.*#50"):
        schedule(tasks, links, project_start=0)


def test_early_times_are_the_forward_pass_of_schedule():
    tasks = [
        PlanTask(A, 3),
        PlanTask(B, 2, constraint=Constraint.MUST_START_ON, constraint_index=1),
    ]
    assert early_times(tasks, [PlanLink(A, B)], 0) == {A: (0, 3), B: (1, 3)}


# -- against a plain reference ---------------------------------------------------------------------

FINISH_SIDE = {"FS": (True, False), "SS": (False, False), "FF": (True, True), "SF": (False, True)}
"""Per type: does the link read the predecessor's finish, does it bound the successor's."""


class Reference:
    """The CPM by its definition, slowly: links to a summary copied onto each leaf below it
    (backwards also from each leaf below a predecessor summary), and passes repeated until
    nothing moves (on a DAG the values settle)."""

    def __init__(self, tasks, links, start):
        self.tasks, self.start = tasks, start
        self.by_id = {t.id: t for t in tasks}
        self.kids = {t.id: [k.id for k in tasks if k.parent_id == t.id] for t in tasks}
        self.tips = [t for t in tasks if not self.kids[t.id]]
        self.into = [(k.predecessor, s, k) for k in links for s in self.leaves(k.successor)]
        self.pairs = [
            (p, s, k)
            for k in links
            for p in self.leaves(k.predecessor)
            for s in self.leaves(k.successor)
        ]

    def leaves(self, i):
        kids = self.kids[i]
        return [i] if not kids else [leaf for k in kids for leaf in self.leaves(k)]

    def span(self, i, first, last):
        return min(first[x] for x in self.leaves(i)), max(last[x] for x in self.leaves(i))

    def forward(self):
        floor = {}
        for t in self.tips:
            floor[t.id] = self.start
            if t.constraint == Constraint.START_NO_EARLIER_THAN:
                floor[t.id] = max(self.start, t.constraint_index)
        es, required = dict(floor), dict(floor)
        ef = {i: es[i] + self.by_id[i].duration for i in es}
        moved = True
        while moved:
            moved = False
            for t in self.tips:
                need = floor[t.id]
                for pred, succ, k in self.into:
                    if succ == t.id:
                        reads, binds = FINISH_SIDE[k.type]
                        first, last = self.span(pred, es, ef)
                        need = max(need, (last if reads else first) + k.lag - binds * t.duration)
                begin = need
                if t.constraint == Constraint.MUST_START_ON:
                    begin = t.constraint_index
                if t.manual and t.manual_start is not None:
                    begin = t.manual_start
                if (begin, need) != (es[t.id], required[t.id]):
                    es[t.id], ef[t.id], required[t.id] = begin, begin + t.duration, need
                    moved = True
        return es, ef, required

    def backward(self, finish):
        lf = {t.id: finish for t in self.tips}
        moved = True
        while moved:
            moved = False
            for t in self.tips:
                latest = finish
                if t.constraint == Constraint.FINISH_NO_LATER_THAN:
                    latest = min(latest, t.constraint_index)
                for pred, succ, k in self.pairs:
                    if pred == t.id:
                        reads, binds = FINISH_SIDE[k.type]
                        other = lf[succ] if binds else lf[succ] - self.by_id[succ].duration
                        latest = min(latest, other - k.lag + (not reads) * t.duration)
                if latest != lf[t.id]:
                    lf[t.id], moved = latest, True
        return {i: lf[i] - self.by_id[i].duration for i in lf}, lf

    def free_float(self, t, es, ef, finish):
        if self.kids[t.id]:
            return 0
        free = finish - ef[t.id]
        for pred, succ, k in self.pairs:
            if pred == t.id:
                reads, binds = FINISH_SIDE[k.type]
                room = (ef[succ] if binds else es[succ]) - k.lag
                free = min(free, room - (ef[t.id] if reads else es[t.id]))
        return max(0, free)

    def times(self):
        """``{id: (es, ef, ls, lf, total, free, critical, conflict)}`` and the finish."""
        es, ef, required = self.forward()
        finish = max(ef.values())
        ls, lf = self.backward(finish)
        result = {}
        for t in self.tasks:
            first, last = self.span(t.id, es, ef)
            late_first, late_last = self.span(t.id, ls, lf)
            total = late_first - first
            late = t.constraint == Constraint.FINISH_NO_LATER_THAN and total < 0
            broken = not self.kids[t.id] and es[t.id] < required[t.id]
            free = self.free_float(t, es, ef, finish)
            result[t.id] = (
                first,
                last,
                late_first,
                late_last,
                total,
                free,
                total <= 0,
                broken or late,
            )
        return result, finish


@st.composite
def plans_with_summaries(draw):
    count = draw(st.integers(1, 14))
    tasks = []
    for i in range(1, count + 1):
        parent = draw(st.none() | st.integers(1, i - 1)) if i > 1 else None
        constraint = draw(st.sampled_from(list(Constraint)))
        manual = draw(st.integers(0, 5)) == 0
        tasks.append(
            PlanTask(
                i,
                draw(st.integers(0, 5)),
                parent,
                manual,
                draw(st.integers(-2, 12)) if manual else None,
                constraint,
                None if constraint == Constraint.ASAP else draw(st.integers(-2, 14)),
            )
        )
    links = []
    for _ in range(draw(st.integers(0, 2 * count))):
        a, b = draw(st.integers(1, count)), draw(st.integers(1, count))
        link = PlanLink(a, b, draw(st.sampled_from(LINK_TYPES)), draw(st.integers(-3, 4)))
        try:
            schedule(tasks, [*links, link], 0)  # keep only links that close no loop
        except CycleError:
            continue
        if a != b:
            links.append(link)
    return tasks, links, draw(st.integers(-3, 3))


@settings(max_examples=300, deadline=None)
@given(plans_with_summaries())
def test_schedule_matches_the_definition_with_summaries_and_constraints(plan):
    tasks, links, start = plan
    expected, finish = Reference(tasks, links, start).times()
    result = schedule(tasks, links, project_start=start)
    assert result.project_finish == finish
    assert {i: tuple(t) for i, t in result.times.items()} == expected
