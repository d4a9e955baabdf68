"""Shifting a roadmap item in time: its leaves move together through the scheduler in one undo
step, or the shift is refused with the reason (fixed dates, a predecessor, the project start)."""

from datetime import date

import pytest
from sqlalchemy import select

from ipmp_desktop.core.commands import (
    AddDependency,
    AddTheme,
    CreateProduct,
    CreateRoadmapItem,
    CreateTask,
    ShiftRoadmapItem,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.errors import DomainError, ValidationError
from ipmp_desktop.core.model import Task
from tests.support import assert_do_undo_redo, dump

MONDAY = date(2026, 1, 5)  # the project's start (see the project_id fixture)


def d(day: int, month: int = 1) -> date:
    return date(2026, month, day)


@pytest.fixture
def theme_id(workspace) -> int:
    product = CreateProduct(name="Shop app")
    apply(workspace, product)
    theme = AddTheme(product_id=product.product_id, name="Growth")
    apply(workspace, theme)
    return theme.theme_id


@pytest.fixture
def epic(workspace, project_id, theme_id):
    """An epic over A (12-14 Jan) -> B (2 days, after A) and C (16 Jan, 1 day), all automatic."""
    command = CreateRoadmapItem(
        project_id=project_id, theme_id=theme_id, kind="epic", title="Checkout"
    )
    apply(workspace, command)
    ids = {"epic": command.task_id}
    for title, kw in (
        ("A", {"start": d(12), "duration_days": 3}),
        ("B", {"duration_days": 2}),
        ("C", {"start": d(16), "duration_days": 1, "kind": "milestone"}),
    ):
        child = CreateTask(project_id=project_id, title=title, parent_id=command.task_id, **kw)
        apply(workspace, child)
        ids[title] = child.task_id
    apply(workspace, AddDependency(predecessor_id=ids["A"], successor_id=ids["B"]))
    return ids


def dates(workspace, *task_ids):
    with workspace.reading() as session:
        rows = session.execute(
            select(Task.id, Task.start, Task.finish).where(Task.id.in_(task_ids))
        ).all()
    found = {row.id: (row.start, row.finish) for row in rows}
    return [found[task_id] for task_id in task_ids]


def test_epic_and_children_move_a_week_in_one_undo_step(workspace, epic):
    assert dates(workspace, epic["epic"], epic["A"], epic["B"], epic["C"]) == [
        (d(12), d(16)),
        (d(12), d(14)),
        (d(15), d(16)),
        (d(16), d(16)),
    ]
    shift = ShiftRoadmapItem(task_id=epic["epic"], days=7)
    changes = assert_do_undo_redo(workspace, shift)
    assert {epic["A"], epic["B"], epic["C"], epic["epic"]} <= changes.tasks
    assert dates(workspace, epic["epic"], epic["A"], epic["B"], epic["C"]) == [
        (d(19), d(23)),
        (d(19), d(21)),
        (d(22), d(23)),
        (d(23), d(23)),
    ]
    with workspace.reading() as session:
        typed = session.execute(
            select(Task.constraint_type, Task.constraint_date).where(Task.id == epic["B"])
        ).one()
    assert tuple(typed) == ("snet", d(22))  # a typed start, as if dragged on its own


def test_leaves_keep_their_working_day_distances(workspace, epic):
    """+4 calendar days from Monday lands on Friday: four working days later for every leaf,
    so the Thursday-Friday successor B does not collide with A over the weekend."""
    apply(workspace, ShiftRoadmapItem(task_id=epic["epic"], days=4))
    assert dates(workspace, epic["A"], epic["B"], epic["C"]) == [
        (d(16), d(20)),
        (d(21), d(22)),
        (d(22), d(22)),
    ]


def test_a_drag_to_the_left_lands_on_the_previous_working_day(workspace, project_id, theme_id):
    command = CreateRoadmapItem(
        project_id=project_id, theme_id=theme_id, title="Search", start=d(19), duration_days=2
    )
    apply(workspace, command)
    shift = ShiftRoadmapItem(task_id=command.task_id, days=-1)  # Sunday: back to Friday
    assert_do_undo_redo(workspace, shift)
    assert dates(workspace, command.task_id) == [(d(16), d(19))]


def test_a_predecessor_outside_holds_the_item_back(workspace, project_id, epic):
    before_task = CreateTask(project_id=project_id, title="Contract signed", start=d(7))
    apply(workspace, before_task)
    apply(workspace, AddDependency(predecessor_id=before_task.task_id, successor_id=epic["A"]))
    apply(workspace, UpdateTask(task_id=epic["A"], start=d(8)))  # now held on 8 Jan by the link
    before = dump(workspace)
    with pytest.raises(DomainError) as refusal:
        apply(workspace, ShiftRoadmapItem(task_id=epic["epic"], days=-2))
    assert str(refusal.value) == (
        "“Checkout” cannot move 2 days earlier: “A” has to wait for “Contract signed” and could "
        "start on 8 Jan 2026 at the earliest."
    )
    assert dump(workspace) == before


def test_the_project_start_holds_the_item_back(workspace, epic):
    with pytest.raises(DomainError, match=r"cannot start before the project does \(5 Jan 2026\)"):
        apply(workspace, ShiftRoadmapItem(task_id=epic["epic"], days=-14))


def test_a_childless_item_is_held_by_its_own_predecessor(workspace, project_id, theme_id):
    first = CreateTask(project_id=project_id, title="Spec", start=MONDAY, duration_days=5)
    apply(workspace, first)
    command = CreateRoadmapItem(project_id=project_id, theme_id=theme_id, title="Wishlist")
    apply(workspace, command)
    apply(workspace, AddDependency(predecessor_id=first.task_id, successor_id=command.task_id))
    with pytest.raises(DomainError, match="“Wishlist” cannot move 1 day earlier: it has to wait"):
        apply(workspace, ShiftRoadmapItem(task_id=command.task_id, days=-1))
    assert_do_undo_redo(workspace, ShiftRoadmapItem(task_id=command.task_id, days=3))
    assert dates(workspace, command.task_id)[0][0] == d(15)


@pytest.mark.parametrize(
    ("edit", "days", "message"),
    [
        ({"manual": True}, 7, "“A” is scheduled manually"),
        ({"constraint_type": "mso", "constraint_date": d(12)}, 7, "“A” must start on 12 Jan 2026"),
        (  # a deadline instead of its start date: A moves to the project start, 5-7 Jan
            {"constraint_type": "fnlt", "constraint_date": d(9)},
            7,
            "“A” must finish no later than 9 Jan 2026 and would finish on 14 Jan 2026",
        ),
    ],
)
def test_fixed_children_refuse_the_shift(workspace, epic, edit, days, message):
    apply(workspace, UpdateTask(task_id=epic["A"], **edit))
    before = dump(workspace)
    with pytest.raises(DomainError, match=f"“Checkout” cannot move {days} days later: {message}"):
        apply(workspace, ShiftRoadmapItem(task_id=epic["epic"], days=days))
    assert dump(workspace) == before


def test_a_deadline_the_shift_keeps_lets_it_through(workspace, epic):
    apply(workspace, UpdateTask(task_id=epic["A"], constraint_type="fnlt", constraint_date=d(30)))
    assert dates(workspace, epic["A"]) == [(d(5), d(7))]  # no start date: at the project start
    assert_do_undo_redo(workspace, ShiftRoadmapItem(task_id=epic["epic"], days=7))
    assert dates(workspace, epic["A"]) == [(d(12), d(14))]


def test_bad_shifts_are_refused(workspace, epic):
    with pytest.raises(ValidationError, match="at least one day"):
        apply(workspace, ShiftRoadmapItem(task_id=epic["epic"], days=0))
    with pytest.raises(ValidationError, match="whole number"):
        apply(workspace, ShiftRoadmapItem(task_id=epic["epic"], days=1.5))
