"""A Plan into the workspace and back: the import command, its report, its refusals."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.plan import (
    InterchangeError,
    Plan,
    PlanBaseline,
    PlanCalendar,
    PlanColumn,
    PlanHoliday,
    PlanLink,
    PlanResource,
    PlanTask,
)
from ipmp_desktop.core.interchange.project_read import read_project
from ipmp_desktop.core.interchange.store import ImportPlan, write_plan
from ipmp_desktop.core.model import Project, Task
from tests.support import assert_do_undo_redo, dump


def small_plan() -> Plan:
    """Build (Jan 11-15 2027), then Test (FS+1 after Build), under Phase; a milestone; a
    holiday on Monday Jan 18, so the lag day is Tuesday and Test (Jan 20-22) is where our
    scheduler puts it too. Ship follows Test on the next working day, Monday Jan 25."""
    return Plan(
        name="Imported",
        start=date(2027, 1, 11),
        description="From a file",
        calendar=PlanCalendar(
            name="Std", hours_per_day=7, holidays=[PlanHoliday(date(2027, 1, 18), "Closed")]
        ),
        tasks=[
            PlanTask(
                "10", "Phase", kind="summary", start=date(2027, 1, 11), finish=date(2027, 1, 22)
            ),
            PlanTask(
                "11",
                "Build",
                parent="10",
                start=date(2027, 1, 11),
                finish=date(2027, 1, 15),
                duration_days=5,
                percent=40,
                priority=3,
                notes="Use the new rig",
                labels=["Backend"],
                checklist=[("Order", True)],
                comments=[("Ann", "Started", datetime(2027, 1, 11, 9))],
                assignments=[("r1", 50)],
                column="Doing",
            ),
            PlanTask(
                "12",
                "Test",
                parent="10",
                start=date(2027, 1, 20),
                finish=date(2027, 1, 22),
                duration_days=3,
            ),
            PlanTask(
                "13",
                "Ship",
                kind="milestone",
                start=date(2027, 1, 25),
                finish=date(2027, 1, 25),
                duration_days=0,
            ),
        ],
        links=[PlanLink("11", "12", "FS", 1), PlanLink("12", "13")],
        resources=[PlanResource("r1", "Ann Lee", "ann@example.org")],
        columns=[
            PlanColumn("Backlog"),
            PlanColumn("Doing", "doing", 3),
            PlanColumn("Done", "done"),
        ],
        label_colors={"Backend": "#3366cc"},
        baselines=[
            PlanBaseline("Signed off", {"11": (date(2027, 1, 11), date(2027, 1, 14), 4, 0)})
        ],
    )


def test_import_round_trip(workspace: Workspace) -> None:
    plan = small_plan()
    result = write_plan(workspace, plan)
    with workspace.reading() as session:
        back = read_project(session, result.project_id)
    assert back.name == "Imported" and back.start == date(2027, 1, 11)
    assert [(t.title, t.parent is not None, t.kind) for t in back.tasks] == [
        ("Phase", False, "summary"),
        ("Build", True, "task"),
        ("Test", True, "task"),
        ("Ship", False, "milestone"),
    ]
    build = back.tasks[1]
    assert (build.start, build.finish, build.duration_days, build.percent) == (
        date(2027, 1, 11), date(2027, 1, 15), 5, 40,
    )  # fmt: skip
    assert (build.priority, build.notes, build.labels, build.column) == (
        3, "Use the new rig", ["Backend"], "Doing",
    )  # fmt: skip
    assert build.checklist == [("Order", True)]
    assert build.comments == [("Ann", "Started", datetime(2027, 1, 11, 9))]
    assert build.constraint_type == "snet" and build.constraint_date == date(2027, 1, 11)
    assert [(r.name, r.email) for r in back.resources] == [("Ann Lee", "ann@example.org")]
    assert build.assignments == [(back.resources[0].key, 50)]
    keys = {t.key: t.title for t in back.tasks}
    links = [(keys[x.predecessor], keys[x.successor], x.type, x.lag_days) for x in back.links]
    assert links == [("Build", "Test", "FS", 1), ("Test", "Ship", "FS", 0)]
    assert back.calendar is not None and back.calendar.hours_per_day == 7
    assert [(h.day, h.name) for h in back.calendar.holidays] == [(date(2027, 1, 18), "Closed")]
    assert [(c.name, c.category, c.wip_limit) for c in back.columns] == [
        ("Backlog", "todo", None), ("Doing", "doing", 3), ("Done", "done", None),
    ]  # fmt: skip
    assert back.label_colors == {"Backend": "#3366cc"}
    [baseline] = back.baselines
    assert baseline.name == "Signed off"
    assert list(baseline.tasks.values()) == [(date(2027, 1, 11), date(2027, 1, 14), 4, 0)]
    assert result.report.shifted == []  # every date survived our scheduler
    assert "Every task kept its dates after scheduling." in result.report.lines()


def test_shifted_dates_are_reported_with_a_reason(workspace: Workspace) -> None:
    plan = small_plan()
    plan.tasks[2].start = date(2027, 1, 18)  # the holiday: our calendar cannot start it there
    plan.links[0] = PlanLink("11", "12", "FS", 3)  # and the link now pushes it further
    result = write_plan(workspace, plan)
    shifted = {shift.title: shift for shift in result.report.shifted}
    assert "Test" in shifted
    assert shifted["Test"].before[0] == date(2027, 1, 18)
    assert shifted["Test"].after[0] == date(2027, 1, 22)  # Fri 15 + 3 lag days (Mon 18 is off)
    assert "not a working day" in shifted["Test"].reason
    assert any("Test" in line and "->" in line for line in result.report.lines())


def test_import_is_one_undoable_step(workspace: Workspace) -> None:
    assert_do_undo_redo(workspace, ImportPlan(plan=small_plan(), name="Copy"))


def test_people_are_matched_by_name(workspace: Workspace) -> None:
    write_plan(workspace, small_plan())
    before = dump(workspace)["person"]
    write_plan(workspace, small_plan(), name="Again")
    assert dump(workspace)["person"] == before  # "Ann Lee" is the same person


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.tasks.append(PlanTask("11", "Twin")), "share the id"),
        (lambda p: p.tasks.insert(0, PlanTask("99", "Orphan", parent="77")), "before its parent"),
        (lambda p: setattr(p.tasks[1], "finish", date(2027, 1, 1)), "finishes before it starts"),
    ],
)
def test_bad_plans_are_refused_and_nothing_is_written(workspace, change, message) -> None:
    plan = small_plan()
    change(plan)
    before = dump(workspace)
    with pytest.raises(InterchangeError, match=message):
        write_plan(workspace, plan)
    assert dump(workspace) == before


def test_a_demo_project_survives_the_round_trip(tmp_path) -> None:
    from ipmp_desktop.core.demo import generate_demo

    path = tmp_path / "demo.ipmp"
    generate_demo(path, tasks=200, seed=4, projects=1, today=date(2026, 11, 2))
    with Workspace.open(path) as workspace:
        with workspace.reading() as session:
            plan = read_project(session, 1)
        result = write_plan(workspace, plan, name="Copy")
        with workspace.reading() as session:
            back = read_project(session, result.project_id)
            count = session.scalar(
                select(func.count()).select_from(Task).where(Task.project_id == result.project_id)
            )
            assert session.get(Project, result.project_id).name == "Copy"

    def shape(p: Plan) -> list[tuple]:
        parents = {t.parent for t in p.tasks}  # a summary's duration is its subtasks' span
        return [
            (t.title, t.kind, None if t.key in parents else t.duration_days, t.column,
             tuple(t.labels), t.checklist, len(t.comments), t.archived, t.priority)
            for t in p.tasks
        ]  # fmt: skip

    assert count == len(plan.tasks) == 200
    assert shape(back) == shape(plan)
    titles = {t.key: t.title for t in plan.tasks}
    back_titles = {t.key: t.title for t in back.tasks}
    assert sorted((titles[x.predecessor], titles[x.successor], x.type, x.lag_days)
                  for x in plan.links) == sorted(
        (back_titles[x.predecessor], back_titles[x.successor], x.type, x.lag_days)
        for x in back.links)  # fmt: skip
    moved = {s.title for s in result.report.shifted}
    for before, after in zip(plan.tasks, back.tasks, strict=True):
        if before.kind != "summary" and before.start and (before.start, before.finish) != (
            after.start, after.finish
        ):  # fmt: skip
            assert before.title in moved  # never a silent shift


def test_links_the_scheduler_cannot_hold_are_dropped_and_reported(workspace: Workspace) -> None:
    plan = small_plan()
    plan.links += [PlanLink("12", "11"), PlanLink("11", "11"), PlanLink("11", "12", "XX")]
    result = write_plan(workspace, plan)
    with workspace.reading() as session:
        back = read_project(session, result.project_id)
    assert len(back.links) == 2
    dropped = " ".join(result.report.dropped)
    assert "close a cycle" in dropped and "to itself" in dropped and "unknown type" in dropped
