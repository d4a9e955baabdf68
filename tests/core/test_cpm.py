"""The critical path method on hand-checked plans, and properties over random plans."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipmp_desktop.core.errors import CycleError
from ipmp_desktop.core.scheduling.cpm import Constraint, PlanLink, PlanTask, schedule

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
