"""The incremental reschedule gives exactly what the full pass gives.

Each example stores a random plan (nested summaries, milestones, manual tasks with and without a
start, every constraint, links of every type with leads and lags, holidays), then applies random
task edits through the runner: the first reschedule of the project is a full pass, the later
ones run incrementally. After every edit, and after undoing the last one, a full pass over the
stored rows must find nothing to change: not a date, not a rolled-up percent.
"""

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from ipmp_desktop.core.commands import (
    CreateProject,
    Macro,
    UpdateTask,
    apply,
    revert,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import CycleError, DomainError
from ipmp_desktop.core.model import Dependency, Holiday, Project, Task, TaskKind
from ipmp_desktop.core.scheduling.cpm import PlanLink, PlanTask, schedule
from ipmp_desktop.core.scheduling.service import RescheduleStep
from tests.support import dump, new_workspace

MONDAY = date(2026, 1, 5)
DAYS = st.dates(MONDAY - timedelta(days=10), MONDAY + timedelta(days=60))
LINK_TYPES = ["FS", "SS", "FF", "SF"]
CONSTRAINTS = ["asap", "snet", "mso", "fnlt"]


# -- a random stored plan ------------------------------------------------------------------------


@st.composite
def outlines(draw: st.DrawFn) -> list[int | None]:
    """Parent (by position) of each task: a task sits under an earlier one, or at the top."""
    count = draw(st.integers(2, 16))
    return [
        draw(st.none() | st.integers(0, i - 1)) if i and draw(st.booleans()) else None
        for i in range(count)
    ]


def task_values(draw: st.DrawFn, is_summary: bool) -> dict:
    """Stored fields of one task (a summary's dates are whatever: the full pass sets them)."""
    kind = TaskKind.SUMMARY if is_summary else draw(st.sampled_from(["task", "task", "milestone"]))
    manual = not is_summary and draw(st.integers(0, 5)) == 0
    start = draw(DAYS) if not manual or draw(st.integers(0, 3)) else None  # manual, no start
    duration = 0 if kind == TaskKind.MILESTONE else draw(st.integers(0, 6))
    constraint = draw(st.sampled_from(["asap", "asap", "asap", *CONSTRAINTS]))  # mostly free
    return {
        "kind": kind,
        "manual": manual,
        "start": start,
        "finish": start,
        "duration_days": duration,
        "constraint_type": constraint,
        "constraint_date": None if constraint == "asap" else draw(DAYS),
        "percent_complete": draw(st.integers(0, 100)),
    }


def acyclic(parents: list[int | None], links: list[tuple[int, int, str, int]]) -> bool:
    """Whether the engine can schedule these links (none closes a loop, through summaries
    either); the commands refuse any link that would not be."""
    tasks = [PlanTask(i, 1, p) for i, p in enumerate(parents)]
    try:
        schedule(tasks, [PlanLink(*link) for link in links], 0)
    except CycleError:
        return False
    return True


def store_plan(workspace: Workspace, data: st.DataObject) -> tuple[int, list[int]]:
    """A new project holding a random plan; returns its id and its task ids."""
    project = CreateProject(name="Plan", start=MONDAY)
    apply(workspace, project)
    parents = data.draw(outlines(), label="parents")
    summaries = {p for p in parents if p is not None}
    links: list[tuple[int, int, str, int]] = []
    for _ in range(data.draw(st.integers(0, 3 * len(parents)), label="links")):
        pair = data.draw(st.lists(st.integers(0, len(parents) - 1), min_size=2, max_size=2))
        link = (*pair, data.draw(st.sampled_from(LINK_TYPES)), data.draw(st.integers(-3, 4)))
        taken = {(pred, succ) for pred, succ, _kind, _lag in links}
        if pair[0] != pair[1] and tuple(pair) not in taken and acyclic(parents, [*links, link]):
            links.append(link)
    holidays = data.draw(st.lists(DAYS, max_size=3, unique=True), label="holidays")
    with workspace.unit_of_work() as uow:
        session = uow.session
        calendar_id = session.get(Project, project.project_id).calendar_id
        for day in holidays:
            session.execute(
                insert(Holiday).values(calendar_id=calendar_id, day=day, name="", yearly=False)
            )
        ids: list[int] = []
        for position, parent in enumerate(parents):
            values = task_values(data.draw, position in summaries)
            note(f"task {position} under {parent}: {values}")
            row = Task(
                project_id=project.project_id,
                parent_id=None if parent is None else ids[parent],
                wbs_rank=f"a{position:03d}",
                board_rank=f"a{position:03d}",
                title=f"t{position}",
                **values,
            )
            session.add(row)
            session.flush()
            ids.append(row.id)
        for pred, succ, kind, lag in links:
            note(f"link {pred} -> {succ} {kind}{lag:+d}")
            session.add(
                Dependency(
                    predecessor_id=ids[pred], successor_id=ids[succ], type=kind, lag_days=lag
                )
            )
    return project.project_id, ids


# -- random edits ----------------------------------------------------------------------------------


def draw_edit(data: st.DataObject, task_ids: list[int]) -> UpdateTask:
    """An edit of one task's schedule fields or progress."""
    task = data.draw(st.sampled_from(task_ids))
    field = data.draw(
        st.sampled_from(["start", "duration", "finish", "kind", "manual", "constraint", "percent"])
    )
    match field:
        case "start":
            return UpdateTask(task_id=task, start=data.draw(DAYS))
        case "duration":
            return UpdateTask(task_id=task, duration_days=data.draw(st.integers(0, 8)))
        case "finish":
            return UpdateTask(task_id=task, finish=data.draw(DAYS))
        case "kind":
            return UpdateTask(task_id=task, kind=data.draw(st.sampled_from(["task", "milestone"])))
        case "manual":
            return UpdateTask(task_id=task, manual=data.draw(st.booleans()))
        case "constraint":
            kind = data.draw(st.sampled_from(CONSTRAINTS))
            on = None if kind == "asap" else data.draw(DAYS)
            return UpdateTask(task_id=task, constraint_type=kind, constraint_date=on)
    return UpdateTask(task_id=task, percent_complete=data.draw(st.integers(0, 100)))


def assert_full_pass_agrees(workspace: Workspace, project_id: int) -> None:
    """A full reschedule of the stored rows would write nothing."""
    with workspace.unit_of_work() as uow:
        step = RescheduleStep(project_id)
        step.run(uow.session)
        assert step.new == {}, f"the full pass would still change {step.new}"


def edit_and_compare(data: st.DataObject, workspace: Workspace) -> int:
    """Store a plan, edit it at random, compare with the full pass; count incremental runs."""
    project_id, task_ids = store_plan(workspace, data)
    settle = UpdateTask(task_id=task_ids[0], percent_complete=0)  # any edit that reschedules
    apply(workspace, settle)  # the project's first reschedule: a full pass
    assert not settle.schedule_steps[0].incremental
    assert_full_pass_agrees(workspace, project_id)
    incremental = 0
    last = None
    for number in range(data.draw(st.integers(1, 8), label="edits")):
        edit = draw_edit(data, task_ids)
        if data.draw(st.integers(0, 4), label="macro") == 0:  # a multi-selection gesture
            edit = Macro(commands=[edit, draw_edit(data, task_ids)], label="Edit tasks")
        note(f"edit {number}: {edit.text} {getattr(edit, 'requested', '')}")
        before = dump(workspace)
        try:
            apply(workspace, edit)
        except DomainError as refusal:  # e.g. a finish before the start
            note(f"   refused: {refusal}")
            assert dump(workspace) == before
            continue
        step = edit.schedule_steps[0]
        incremental += step.incremental
        note(f"   incremental={step.incremental}, wrote {step.new}")
        assert_full_pass_agrees(workspace, project_id)
        last = (edit, before)
    if last is not None:  # undo returns to the plan before, which the full pass also keeps
        edit, before = last
        revert(workspace, edit)
        assert dump(workspace) == before
        assert_full_pass_agrees(workspace, project_id)
    return incremental


def test_incremental_reschedule_equals_the_full_pass(tmp_path: Path) -> None:
    runs = []
    with new_workspace("sqlite", tmp_path) as workspace:  # one file; a new project per example

        @settings(
            max_examples=60,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(data=st.data())
        def plans(data: st.DataObject) -> None:
            runs.append(edit_and_compare(data, workspace))

        plans()
    assert sum(runs) > 0, "no edit ran the incremental pass"


def test_stored_dates_of_an_edited_task_are_read_before_the_edit(tmp_path: Path) -> None:
    """The edited task's own stored finish is stale after the command wrote its new start:
    the incremental pass must recompute it and what follows, not trust it."""
    with new_workspace("sqlite", tmp_path) as workspace:
        project = CreateProject(name="Plan", start=MONDAY)
        apply(workspace, project)
        with workspace.unit_of_work() as uow:
            a = Task(
                project_id=project.project_id,
                wbs_rank="a",
                board_rank="a",
                title="a",
                duration_days=3,
            )
            b = Task(
                project_id=project.project_id,
                wbs_rank="b",
                board_rank="b",
                title="b",
                duration_days=2,
            )
            uow.session.add_all([a, b])
            uow.session.flush()
            uow.session.add(Dependency(predecessor_id=a.id, successor_id=b.id))
            ids = a.id, b.id
        apply(workspace, UpdateTask(task_id=ids[0], duration_days=3))  # settles (full pass)
        moved = UpdateTask(task_id=ids[0], start=MONDAY + timedelta(days=7))
        apply(workspace, moved)
        assert moved.schedule_steps[0].incremental
        with workspace.reading() as session:
            rows = session.execute(
                select(Task.start, Task.finish).where(Task.id.in_(ids)).order_by(Task.id)
            ).all()
        assert [tuple(r) for r in rows] == [
            (date(2026, 1, 12), date(2026, 1, 14)),
            (date(2026, 1, 15), date(2026, 1, 16)),
        ]
        assert_full_pass_agrees(workspace, project.project_id)
