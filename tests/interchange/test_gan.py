"""GanttProject ``.gan``: every corpus file read, values checked against the files, round trips
through our writer (and through a workspace), MPXJ reading our output, and fuzzing.

Expected values below were read by hand from the files in ``../shared/corpus/gan``; links are
counted from the XML (``<depend>`` elements, nested tasks included), not from MPXJ, which drops
the ones declared on nested tasks.
"""

from datetime import date
from pathlib import Path

import pytest

from ipmp_desktop.core.commands import (
    AddDependency,
    AddHolidays,
    CreatePerson,
    CreateProject,
    CreateTask,
    SaveBaseline,
    SetAssignees,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.gan import looks_like_gan, read_gan, write_gan
from ipmp_desktop.core.interchange.plan import (
    InterchangeError,
    Plan,
    PlanBaseline,
    PlanCalendar,
    PlanHoliday,
    PlanLink,
    PlanResource,
    PlanTask,
)
from ipmp_desktop.core.model import Project
from tests.interchange.conftest import corpus_files
from tests.interchange.plan_checks import (
    assert_not_read_as,
    assert_refuses_attacks,
    entity_bomb,
    plan_counts,
    run_mpxj,
    xml_fuzz_tests,
)
from tests.interchange.round_trips import round_trip, titled_links

GAN_FILES = corpus_files("gan", ".gan")

# name: (tasks, links, milestones, deepest level, resources, assignments, baselines, holidays)
EXPECTED = {
    "HouseBuildingSample.gan": (20, 17, 4, 2, 7, 30, 0, 1),
    "baseline-with-milestone.gan": (1, 0, 1, 1, 0, 0, 1, 1),
    "baseline-with-subtasks.gan": (2, 0, 0, 2, 0, 0, 1, 1),
    "basic-baseline.gan": (1, 0, 0, 1, 0, 0, 1, 1),
    "empty-project.gan": (0, 0, 0, 0, 0, 0, 0, 0),
    "milestone-task.gan": (1, 0, 1, 1, 0, 0, 0, 1),
    "project-with-metadata.gan": (0, 0, 0, 0, 0, 0, 0, 0),
    "resource-with-custom-properties.gan": (0, 0, 0, 0, 1, 0, 0, 1),
    "resource-with-default-values.gan": (0, 0, 0, 0, 1, 0, 0, 1),
    "resource-with-email.gan": (0, 0, 0, 0, 1, 0, 0, 1),
    "resource-with-name.gan": (0, 0, 0, 0, 1, 0, 0, 1),
    "resource-with-phone.gan": (0, 0, 0, 0, 1, 0, 0, 1),
    "resource-with-project-manager-role.gan": (0, 0, 0, 0, 1, 0, 0, 1),
    "resource-with-rate.gan": (0, 0, 0, 0, 1, 0, 0, 1),
    "resource-with-vacation.gan": (0, 0, 0, 0, 1, 0, 0, 1),
    "task-crossing-one-off-holiday.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-crossing-recurring-holiday.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-crossing-weekends-and-no-tasks-can-run-on-weekends.gan": (1, 0, 0, 1, 0, 0, 0, 0),
    "task-crossing-weekends-and-tasks-can-run-on-weekends.gan": (1, 0, 0, 1, 0, 0, 0, 0),
    "task-in-baseline-crossing-one-off-holiday.gan": (1, 0, 0, 1, 0, 0, 1, 1),
    "task-in-baseline-crossing-recurring-holiday.gan": (1, 0, 0, 1, 0, 0, 1, 1),
    "task-in-baseline-crossing-weekends-and-no-tasks-can-run-on-weekends.gan": (
        1, 0, 0, 1, 0, 0, 1, 0,
    ),
    "task-in-baseline-crossing-weekends-and-tasks-can-run-on-weekends.gan": (
        1, 0, 0, 1, 0, 0, 1, 0,
    ),
    "task-on-work-days.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-shown-in-timeline.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-with-basic-assignee.gan": (1, 0, 0, 1, 1, 1, 0, 1),
    "task-with-collapsed-subtasks.gan": (6, 0, 0, 3, 0, 0, 0, 1),
    "task-with-color.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-with-completion-percentage.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-with-coordinator-assignee.gan": (1, 0, 0, 1, 2, 2, 0, 1),
    "task-with-custom-properties.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-with-dependencies.gan": (5, 4, 0, 1, 0, 0, 0, 1),
    "task-with-earliest-start-date.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-with-expanded-subtasks.gan": (6, 0, 0, 3, 0, 0, 0, 1),
    "task-with-manual-cost.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-with-notes.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-with-priority.gan": (5, 0, 0, 1, 0, 0, 0, 1),
    "task-with-shape.gan": (1, 0, 0, 1, 0, 0, 0, 1),
    "task-with-web-link.gan": (1, 0, 0, 1, 0, 0, 0, 1),
}  # fmt: skip


def read(corpus: Path, name: str) -> Plan:
    path = corpus / "gan" / name
    return read_gan(path.read_bytes(), path.name)


def outline(plan: Plan) -> dict[str | None, list[str]]:
    return {parent: [task.title for task in tasks] for parent, tasks in plan.children().items()}


# -- every corpus file --------------------------------------------------------------------------


def test_the_corpus_has_every_file_this_test_expects(corpus: Path) -> None:
    assert sorted(p.name for p in GAN_FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", GAN_FILES, ids=lambda p: p.name)
def test_every_corpus_file_imports_with_its_counts(corpus: Path, path: Path) -> None:
    plan = read_gan(path.read_bytes(), path.name)
    assert plan.calendar is not None
    names = ("tasks", "links", "milestones", "depth", "resources", "assignments", "baselines")
    assert plan_counts(plan, *names, "holidays") == EXPECTED[path.name]
    tasks, links = EXPECTED[path.name][:2]
    report = plan.report
    assert (report.format, report.source) == ("GanttProject", path.name)
    assert report.counts["tasks"] == tasks and report.counts["links"] == links
    for task in plan.tasks:  # the plan's conventions hold
        assert task.start is not None and task.finish is not None and task.finish >= task.start
        assert (task.duration_days == 0) == (task.kind == "milestone")


@pytest.mark.parametrize("path", GAN_FILES, ids=lambda p: p.name)
def test_every_corpus_file_is_sniffed_as_gan(corpus: Path, path: Path) -> None:
    assert looks_like_gan(path.read_bytes()[:4096])


def test_other_formats_are_not_sniffed_or_read_as_gan(corpus: Path) -> None:
    others = corpus_files("planner", ".planner") + corpus_files("mspdi", ".xml")[:5]
    assert_not_read_as(looks_like_gan, read_gan, others, "not a GanttProject file")


# -- values read by hand ------------------------------------------------------------------------


def test_house_building_sample_outline_dates_and_links(corpus: Path) -> None:
    plan = read(corpus, "HouseBuildingSample.gan")
    assert outline(plan) == {
        None: [
            "Architectural design",
            "Interior design",
            "Construction phase",
            "Decoration phase",
            "GanttProject 3.3",
        ],
        "0": [
            "Create draft of architecture",
            "Prepare construction documents",
            "Agreement on architectural plan\xa0",
        ],
        "11": ["Pre-design", "Furniture selection", "Equipment planning"],
        "7": [
            "Foundation building",
            "Ground Floor building",
            "First Floor building",
            "Roof",
            "Connect to communications",
            "Construction completed\xa0",
        ],
        "8": ["Walls", "Furniture", "Bring your family here"],
    }
    tasks = {task.key: task for task in plan.tasks}
    # start + duration working days, Mon-Fri (the one holiday is in 2006)
    assert (tasks["7"].kind, tasks["7"].start, tasks["7"].finish) == (
        "summary", date(2024, 7, 1), date(2024, 10, 11),
    )  # fmt: skip
    assert (tasks["0"].start, tasks["0"].finish, tasks["0"].duration_days) == (
        date(2024, 5, 27), date(2024, 6, 28), 25,
    )  # fmt: skip
    assert (tasks["15"].start, tasks["15"].finish) == (date(2024, 10, 7), date(2024, 10, 9))
    assert (tasks["20"].kind, tasks["20"].start, tasks["20"].finish) == (
        "milestone", date(2024, 10, 14), date(2024, 10, 14),
    )  # fmt: skip
    assert tasks["9"].percent == 100 and tasks["10"].percent == 75
    assert tasks["10"].color == "#ff0066"
    assert tasks["14"].notes == (
        "Embedded devices, kitchen, washing machine, dryer etc\nIs done: false"
    )
    assert tasks["9"].assignments == [("1", 50), ("2", 100)]
    # <depend> on the predecessor names the successor
    assert {(link.predecessor, link.successor) for link in plan.links} == {
        ("9", "10"), ("9", "12"), ("10", "17"), ("17", "1"), ("11", "6"), ("12", "13"),
        ("12", "14"), ("7", "20"), ("1", "2"), ("2", "4"), ("4", "5"), ("5", "18"),
        ("18", "6"), ("18", "16"), ("6", "15"), ("15", "20"), ("49", "0"),
    }  # fmt: skip
    assert {(link.type, link.lag_days) for link in plan.links} == {("FS", 0)}
    assert [r.name for r in plan.resources][:3] == ["Jack House", "John Black", "Michelangelo"]
    assert plan.calendar is not None
    assert plan.calendar.holidays == [PlanHoliday(date(2006, 2, 14), "", False)]
    assert plan.calendar.weekdays == (True, True, True, True, True, False, False)
    assert plan.start == date(2024, 5, 27)
    mapped = " ".join(plan.report.mapped)
    assert "rubber dependencies (1:" in mapped and '"Name: value"' in mapped
    dropped = " ".join(plan.report.dropped)
    assert "resource phone numbers (7)" in dropped and "resource roles (6)" in dropped


@pytest.mark.parametrize(
    ("name", "finish", "baseline"),
    [
        # start Tue 2024-01-02, 2 days, holiday Wed Jan 3 (one-off, then yearly)
        ("task-crossing-one-off-holiday.gan", date(2024, 1, 4), None),
        ("task-crossing-recurring-holiday.gan", date(2024, 1, 4), None),
        # start Fri 2023-12-29, 2 days: Monday, or Saturday when tasks run on weekends
        ("task-crossing-weekends-and-no-tasks-can-run-on-weekends.gan", date(2024, 1, 1), None),
        ("task-crossing-weekends-and-tasks-can-run-on-weekends.gan", date(2023, 12, 30), None),
        # the task starts a day before its baseline row, which has the crossing dates above
        (
            "task-in-baseline-crossing-one-off-holiday.gan",
            date(2024, 1, 2),
            (date(2024, 1, 2), date(2024, 1, 4)),
        ),
        (
            "task-in-baseline-crossing-recurring-holiday.gan",
            date(2024, 1, 2),
            (date(2024, 1, 2), date(2024, 1, 4)),
        ),
        (
            "task-in-baseline-crossing-weekends-and-no-tasks-can-run-on-weekends.gan",
            date(2023, 12, 29),
            (date(2023, 12, 29), date(2024, 1, 1)),
        ),
        (
            "task-in-baseline-crossing-weekends-and-tasks-can-run-on-weekends.gan",
            date(2023, 12, 29),
            (date(2023, 12, 29), date(2023, 12, 30)),
        ),
    ],
)
def test_finish_follows_the_project_calendar(
    corpus: Path, name: str, finish: date, baseline: tuple[date, date] | None
) -> None:
    plan = read(corpus, name)
    (task,) = plan.tasks
    assert (task.duration_days, task.finish) == (2, finish)
    if baseline is not None:
        (saved,) = plan.baselines
        assert saved.name == "baseline A"
        assert saved.tasks == {"0": (*baseline, 2, 0)}


def test_weekend_work_and_yearly_holidays_map_to_the_calendar(corpus: Path) -> None:
    weekends = read(corpus, "task-crossing-weekends-and-tasks-can-run-on-weekends.gan")
    assert weekends.calendar is not None and all(weekends.calendar.weekdays)
    assert any("only-show-weekends" in line for line in weekends.report.mapped)
    yearly = read(corpus, "task-crossing-recurring-holiday.gan")
    assert yearly.calendar is not None
    (holiday,) = yearly.calendar.holidays
    assert (holiday.yearly, holiday.day.month, holiday.day.day, holiday.name) == (
        True, 1, 3, "dummy recurring holiday",
    )  # fmt: skip


def test_priority_codes_map_to_our_five_levels(corpus: Path) -> None:
    plan = read(corpus, "task-with-priority.gan")
    assert [(task.title, task.priority) for task in plan.tasks] == [
        ("task lowest", 0), ("task low", 1), ("task normal", 2), ("task high", 3),
        ("task highest", 4),
    ]  # fmt: skip
    assert any("highest -> critical" in line for line in plan.report.mapped)


def test_dependency_types_lags_and_hardness(corpus: Path) -> None:
    plan = read(corpus, "task-with-dependencies.gan")
    assert plan.links == [
        PlanLink("0", "1", "SS", 0),
        PlanLink("1", "2", "FS", 0),
        PlanLink("2", "3", "FF", -1),
        PlanLink("3", "4", "SF", 0),
    ]
    assert any("rubber dependencies (1:" in line for line in plan.report.mapped)


def test_subtasks_nest_whatever_the_ids(corpus: Path) -> None:
    for name in ("task-with-expanded-subtasks.gan", "task-with-collapsed-subtasks.gan"):
        plan = read(corpus, name)
        assert [(t.key, t.parent, t.kind) for t in plan.tasks] == [
            ("0", None, "summary"), ("1", "0", "task"), ("5", "0", "summary"),
            ("7", "5", "task"), ("4", None, "summary"), ("6", "4", "task"),
        ]  # fmt: skip


def test_single_task_fields(corpus: Path) -> None:
    assert read(corpus, "task-with-color.gan").tasks[0].color == "#ff9999"
    assert read(corpus, "task-with-completion-percentage.gan").tasks[0].percent == 64
    assert read(corpus, "task-with-notes.gan").tasks[0].notes == (
        "This is the first sentence.\nThis is the second sentence."
    )
    custom = read(corpus, "task-with-custom-properties.gan")
    assert custom.tasks[0].notes == "Sample property: value for test"
    earliest = read(corpus, "task-with-earliest-start-date.gan").tasks[0]
    assert (earliest.constraint_type, earliest.constraint_date) == ("snet", date(2024, 1, 4))
    milestone = read(corpus, "milestone-task.gan").tasks[0]
    assert (milestone.kind, milestone.start, milestone.finish) == (
        "milestone", date(2024, 1, 2), date(2024, 1, 2),
    )  # fmt: skip
    for name, word in (
        ("task-with-web-link.gan", "web links"),
        ("task-with-shape.gan", "bar shapes"),
        ("task-with-manual-cost.gan", "manual task costs"),
    ):
        assert any(word in line for line in read(corpus, name).report.dropped), name


def test_project_resources_and_allocations(corpus: Path) -> None:
    meta = read(corpus, "project-with-metadata.gan")
    assert meta.name == "project-name"
    assert meta.description == (
        "This is the first sentence of description.\n"
        "This is the second sentence of the description."
    )
    assert read(corpus, "resource-with-email.gan").resources == [
        PlanResource("0", "Resource 0", "john@example.test")
    ]
    assert read(corpus, "resource-with-name.gan").resources[0].name == "John Doe"
    vacation = read(corpus, "resource-with-vacation.gan")
    assert any("resource vacations (1)" in line for line in vacation.report.dropped)
    coordinator = read(corpus, "task-with-coordinator-assignee.gan")
    assert coordinator.tasks[0].assignments == [("1", 50), ("2", 50)]
    assert [r.name for r in coordinator.resources] == ["John Doe", "Jane Doe"]


# -- round trips ----------------------------------------------------------------------------


def full_plan() -> Plan:
    """Everything a .gan holds. Jan 11 2027 is a Monday; Jan 18 is a holiday, so Phase (Jan
    11-22) spans 9 working days and Test (3 days from Wed Jan 20) ends Fri Jan 22."""
    return Plan(
        name="Round trip",
        start=date(2027, 1, 11),
        description="Line one\nLine <two> & more",
        calendar=PlanCalendar(
            name="GanttProject calendar",
            weekdays=(True, True, True, True, True, False, False),
            holidays=[
                PlanHoliday(date(2027, 1, 18), "Closed", False),
                PlanHoliday(date(2000, 12, 25), "Christmas", True),
            ],
        ),
        tasks=[
            PlanTask("1", "Phase", kind="summary", start=date(2027, 1, 11),
                     finish=date(2027, 1, 22), duration_days=9),
            PlanTask("2", "Build", parent="1", start=date(2027, 1, 11), finish=date(2027, 1, 15),
                     duration_days=5, percent=40, priority=3, color="#336699",
                     notes='Use the "new" rig <fast> & safe\nsecond line',
                     assignments=[("7", 50), ("8", 100)]),
            PlanTask("3", "Test", parent="1", start=date(2027, 1, 20), finish=date(2027, 1, 22),
                     duration_days=3, constraint_type="snet", constraint_date=date(2027, 1, 20)),
            PlanTask("5", "Review", start=date(2027, 1, 19), finish=date(2027, 1, 19),
                     percent=100, priority=1),
            PlanTask("4", "Ship", kind="milestone", start=date(2027, 1, 25),
                     finish=date(2027, 1, 25), duration_days=0, priority=4),
        ],
        links=[  # in the order a .gan holds them: by predecessor, in outline order
            PlanLink("2", "3", "FS", 1),
            PlanLink("2", "5", "SS", 2),
            PlanLink("3", "4", "SF", 0),
            PlanLink("5", "4", "FF", -1),
        ],
        resources=[PlanResource("7", "Ann Lee", "ann@example.org"), PlanResource("8", "Bo")],
        baselines=[
            PlanBaseline("Plan A", {
                "1": (date(2027, 1, 11), date(2027, 1, 22), 9, 0),
                "2": (date(2027, 1, 11), date(2027, 1, 15), 5, 0),
                "4": (date(2027, 1, 22), date(2027, 1, 22), 0, 0),
            }),
        ],
    )  # fmt: skip


def test_plan_to_gan_and_back_is_lossless_for_what_gan_holds() -> None:
    plan = full_plan()
    back = read_gan(write_gan(plan), "round.gan")
    assert back.tasks == plan.tasks
    assert back.links == plan.links
    assert back.resources == plan.resources
    assert back.baselines == plan.baselines
    assert back.calendar == plan.calendar
    assert (back.name, back.description, back.start) == (plan.name, plan.description, plan.start)


def test_write_gan_renumbers_keys_that_are_not_numbers() -> None:
    plan = Plan(
        name="Keys",
        tasks=[
            PlanTask("a", "A", start=date(2027, 1, 11), finish=date(2027, 1, 11)),
            PlanTask("b", "B", parent="a", start=date(2027, 1, 12), finish=date(2027, 1, 12)),
            PlanTask("c", "C\x00 with a NUL", kind="milestone", duration_days=0),
        ],
        links=[PlanLink("b", "c")],
        resources=[PlanResource("ann", "Ann")],
    )
    plan.tasks[1].assignments = [("ann", 100)]
    back = read_gan(write_gan(plan), "keys.gan")
    assert [(t.key, t.parent, t.title) for t in back.tasks] == [
        ("0", None, "A"), ("1", "0", "B"), ("2", None, "C with a NUL"),
    ]  # fmt: skip
    assert back.tasks[2].start == date(2027, 1, 11)  # no start: the plan's earliest
    assert back.links == [PlanLink("1", "2")]
    assert back.tasks[1].assignments == [("0", 100)]


@pytest.mark.parametrize("path", GAN_FILES, ids=lambda p: p.name)
def test_corpus_files_survive_our_writer(corpus: Path, path: Path) -> None:
    plan = read_gan(path.read_bytes(), path.name)
    back = read_gan(write_gan(plan), path.name)
    assert back.tasks == plan.tasks
    assert back.links == plan.links
    assert back.resources == plan.resources
    assert back.baselines == plan.baselines
    assert back.calendar == plan.calendar


def test_workspace_to_gan_to_workspace(tmp_path: Path) -> None:
    """read_project -> write_gan -> read_gan -> write_plan keeps the project's plan."""
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        project = CreateProject(name="Site", start=date(2027, 1, 11))
        apply(workspace, project)
        pid = project.project_id
        assert pid is not None
        phase = CreateTask(project_id=pid, title="Phase")
        apply(workspace, phase)
        ids = {}
        for title, duration in (("Dig", 3), ("Pour", 2)):
            step = CreateTask(
                project_id=pid,
                title=title,
                parent_id=phase.task_id,
                start=date(2027, 1, 11),
                duration_days=duration,
                priority=3,
            )
            apply(workspace, step)
            ids[title] = step.task_id
        done = CreateTask(project_id=pid, title="Done", kind="milestone")
        apply(workspace, done)
        ids["Done"] = done.task_id
        apply(
            workspace,
            AddDependency(predecessor_id=ids["Dig"], successor_id=ids["Pour"], lag_days=1),
        )
        apply(workspace, AddDependency(predecessor_id=ids["Pour"], successor_id=ids["Done"]))
        apply(workspace, UpdateTask(task_id=ids["Dig"], percent_complete=50, description="Careful"))
        person = CreatePerson(name="Ann Lee", email="ann@example.org")
        apply(workspace, person)
        apply(workspace, SetAssignees(task_id=ids["Dig"], person_ids=[person.person_id]))
        with workspace.reading() as session:
            calendar_id = session.get(Project, pid).calendar_id
        apply(
            workspace,
            AddHolidays(calendar_id=calendar_id, holidays=[(date(2027, 1, 13), "Closed", False)]),
        )
        apply(workspace, SaveBaseline(project_id=pid, name="Signed off"))
        before, after, result = round_trip(
            workspace, pid, lambda plan: read_gan(write_gan(plan), "site.gan")
        )
    assert result.report.shifted == []

    def shape(plan: Plan):
        titles = {task.key: task.title for task in plan.tasks}
        tasks = [
            (
                t.title,
                titles.get(t.parent or ""),
                t.kind,
                t.start,
                t.finish,
                t.duration_days,
                t.percent,
                t.priority,
                t.notes,
                [units for _key, units in t.assignments],
            )
            for t in plan.tasks
        ]
        links = titled_links(plan)
        baselines = [
            (b.name, sorted((titles[key], row[:3]) for key, row in b.tasks.items()))
            for b in plan.baselines
        ]
        assert plan.calendar is not None
        holidays = [(h.day, h.name, h.yearly) for h in plan.calendar.holidays]
        people = sorted((r.name, r.email) for r in plan.resources)
        return tasks, links, baselines, holidays, people, plan.calendar.weekdays

    assert shape(after) == shape(before)
    # Dig: 3 days from Mon Jan 11 around the holiday on Wed 13; Pour: one lag day (Fri 15) after
    got = {t.title: (t.start, t.finish) for t in before.tasks}
    assert got["Dig"] == (date(2027, 1, 11), date(2027, 1, 14))
    assert got["Pour"] == (date(2027, 1, 18), date(2027, 1, 19))


# -- another reader ---------------------------------------------------------------------------

MPXJ_SCRIPT = r"""
import json, sys
import mpxj, jpype
jpype.startJVM()
from org.mpxj.reader import UniversalProjectReader
project = UniversalProjectReader().read(sys.argv[1])
rows = []
for task in project.getTasks():
    if task.getID() is None:
        continue
    rows.append([str(task.getName()), str(task.getStart())[:10], str(task.getFinish())[:10],
                 bool(task.getMilestone()), int(task.getOutlineLevel()),
                 sorted(str(r.getPredecessorTask().getName()) for r in task.getPredecessors())])
print(json.dumps(rows))
"""


def test_mpxj_reads_our_gan_like_we_do(tmp_path: Path) -> None:
    """An independent reader (MPXJ, Java) sees our tasks, dates and top-level links."""
    plan = full_plan()
    path = tmp_path / "ours.gan"
    path.write_bytes(write_gan(plan))
    rows = run_mpxj(["-c", MPXJ_SCRIPT, str(path)], timeout=180)
    titles = {task.key: task.title for task in plan.tasks}
    top = {task.key for task in plan.tasks if task.parent is None}
    expected = []
    for task in plan.tasks:
        level = 1 if task.parent is None else 2
        assert task.start is not None and task.finish is not None
        # MPXJ keeps the links declared on top-level tasks only (see the corpus guide)
        preds = sorted(
            titles[k.predecessor]
            for k in plan.links
            if k.successor == task.key and k.predecessor in top
        )
        expected.append(
            [
                task.title,
                task.start.isoformat(),
                task.finish.isoformat(),
                task.kind == "milestone",
                level,
                preds,
            ]
        )
    assert rows == expected


# -- hostile input ------------------------------------------------------------------------------

BOMB = entity_bomb('<project name="&c;" view-date="2024-01-01"><tasks/></project>')
GARBAGE = (b"", b"not xml", b"<project", b"<other/>", b"\xff\xfe<\x00")


def test_entity_bombs_and_garbage_are_refused_with_one_sentence() -> None:
    assert_refuses_attacks(read_gan, BOMB, GARBAGE, ".gan")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (b'duration="2"', b'duration="999999999"', "days long"),
        (b'start="2024-01-04"', b'start="9999-12-31"', "outside"),
        (b'start="2024-01-04"', b'start="2024-02-30"', "not a date"),
        (b'id="0" uid', b'id="x" uid', "not a number"),
        (b'duration="2"', b'duration="-3"', "negative"),
    ],
)
def test_absurd_values_are_refused(corpus: Path, old: bytes, new: bytes, words: str) -> None:
    data = (corpus / "gan" / "task-on-work-days.gan").read_bytes()
    assert old in data
    with pytest.raises(InterchangeError, match=words):
        read_gan(data.replace(old, new), "absurd.gan")


def outcome(data: bytes) -> None:
    """Either a plan that keeps the conventions (and that our writer can write), or our error."""
    try:
        plan = read_gan(data, "fuzz.gan")
    except InterchangeError as error:
        assert str(error)
        return
    keys: set[str] = set()
    for task in plan.tasks:
        assert task.key not in keys and (task.parent is None or task.parent in keys)
        keys.add(task.key)
    assert all(k.predecessor in keys and k.successor in keys for k in plan.links)
    assert write_gan(plan).startswith(b"<?xml")


TRICKY = ["", "-1", "0", "99999999999", "1e308", "nan", "2024-02-30", "0001-01-01", "abc", "2"]


(
    test_mutated_corpus_files_give_a_plan_or_our_error,
    test_hostile_attribute_values_give_a_plan_or_our_error,
    test_random_bytes_give_our_error,
) = xml_fuzz_tests(outcome, [path.read_bytes() for path in GAN_FILES], TRICKY)
