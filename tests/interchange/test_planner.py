"""GNOME Planner: every corpus file read and checked against values read from the files, the
calendar and lag rules on small files written here, the store keeping Planner's dates, the
benchmark's generated file, and fuzzing.

Expected values below were read by hand from the files in ``../shared/corpus/planner``.
"""

from datetime import date
from pathlib import Path

import pytest

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.plan import InterchangeError, Plan, PlanHoliday, PlanLink
from ipmp_desktop.core.interchange.planner import looks_like_planner, read_planner
from ipmp_desktop.core.interchange.store import write_plan
from tests.benchmarks.interchange_planner import planner_file
from tests.interchange.conftest import corpus_files
from tests.interchange.plan_checks import (
    assert_not_read_as,
    assert_refuses_attacks,
    entity_bomb,
    plan_counts,
    xml_fuzz_tests,
)

PLANNER_FILES = corpus_files("planner", ".planner")

# name: (tasks, links, milestones, summaries, resources, assignments, holidays, calendar)
EXPECTED = {
    "planner-calendar.planner": (2, 0, 0, 1, 3, 0, 0, "Standard"),
    "planner-resource.planner": (3, 1, 0, 1, 5, 4, 0, "Standard"),
    "planner-sample.planner": (2, 1, 0, 0, 1, 0, 0, "Default"),
    "project1.planner": (30, 5, 1, 1, 2, 9, 1, "Default"),
}


def read(corpus: Path, name: str) -> Plan:
    path = corpus / "planner" / name
    return read_planner(path.read_bytes(), path.name)


def dates(plan: Plan) -> dict[str, tuple[date | None, date | None, int]]:
    return {task.title: (task.start, task.finish, task.duration_days) for task in plan.tasks}


# -- every corpus file --------------------------------------------------------------------------


def test_the_corpus_has_every_file_this_test_expects(corpus: Path) -> None:
    assert sorted(p.name for p in PLANNER_FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", PLANNER_FILES, ids=lambda p: p.name)
def test_every_corpus_file_imports_with_its_counts(corpus: Path, path: Path) -> None:
    plan = read_planner(path.read_bytes(), path.name)
    *counts, calendar = EXPECTED[path.name]
    names = ("tasks", "links", "milestones", "summaries", "resources", "assignments", "holidays")
    assert plan_counts(plan, *names) == tuple(counts)
    assert plan.calendar is not None and plan.calendar.name == calendar
    assert plan.calendar.weekdays == (True, True, True, True, True, False, False)
    assert plan.calendar.hours_per_day == 8  # 08:00-12:00 and 13:00-17:00
    assert (plan.report.format, plan.report.source) == ("GNOME Planner", path.name)
    assert plan.report.counts["tasks"] == counts[0]
    assert looks_like_planner(path.read_bytes()[:4096])


def test_other_formats_are_not_sniffed_or_read_as_planner(corpus: Path) -> None:
    others = corpus_files("gan", ".gan")[:5] + corpus_files("mspdi", ".xml")[:5]
    assert_not_read_as(looks_like_planner, read_planner, others, "not a GNOME Planner file")


# -- values read by hand ------------------------------------------------------------------------


def test_project1_dates_constraints_and_links(corpus: Path) -> None:
    plan = read(corpus, "project1.planner")
    assert plan.start == date(2007, 2, 23)
    assert plan.calendar is not None
    assert plan.calendar.holidays == [PlanHoliday(date(2007, 2, 1), "", False)]
    got = dates(plan)
    # ends on the same day (13:30), on Monday at noon, at 17:00 ten working days on
    assert got["Task One"] == (date(2007, 2, 23), date(2007, 2, 23), 1)
    assert got["Task Three"] == (date(2007, 2, 23), date(2007, 2, 26), 2)
    assert got["Task Four"] == (date(2007, 2, 23), date(2007, 3, 8), 10)
    assert got["Task Ten"] == (date(2007, 2, 23), date(2007, 3, 7), 9)  # ends 16:00
    # start="20070225" (a Sunday) but work-start Monday 08:00
    assert got["Task Twelve"] == (date(2007, 2, 26), date(2007, 2, 26), 1)
    # start="20070309T170000Z" after the one-day lag; work begins Monday Mar 12
    assert got["Task Sixteen"] == (date(2007, 3, 12), date(2007, 3, 23), 10)
    assert got["Task Nine"] == (date(2007, 2, 23), date(2007, 2, 23), 0)
    tasks = {task.key: task for task in plan.tasks}
    assert tasks["10"].kind == "milestone"
    assert [(t.key, t.parent, t.kind) for t in plan.tasks[3:5]] == [
        ("4", None, "summary"),
        ("5", "4", "task"),
    ]
    assert (tasks["12"].constraint_type, tasks["12"].constraint_date) == ("snet", date(2007, 2, 23))
    assert (tasks["13"].constraint_type, tasks["13"].constraint_date) == ("mso", date(2007, 2, 25))
    assert (tasks["26"].constraint_type, tasks["26"].constraint_date) == ("mso", date(2007, 3, 1))
    assert [tasks[k].percent for k in ("8", "27", "28", "29")] == [26, 45, 45, 45]
    assert tasks["9"].priority == 1  # priority="999"
    assert tasks["24"].notes == "Task Twenty Three Notes"
    assert tasks["1"].estimate_hours == 4.5  # work="16200" seconds
    assert tasks["30"].assignments == [("1", 10), ("2", 60)]
    assert tasks["6"].assignments == [("1", 75)]
    assert plan.links == [
        PlanLink("14", "15", "FS", 0),
        PlanLink("16", "17", "FS", 1),  # lag="86400": Thu finish + 1 day = Fri, a working day
        PlanLink("18", "19", "FF", 0),
        PlanLink("20", "21", "SS", 0),
        PlanLink("22", "23", "SF", 0),
    ]
    assert any("elapsed time" in line for line in plan.report.mapped)


def test_resource_file_and_the_first_calendar(corpus: Path) -> None:
    plan = read(corpus, "planner-resource.planner")
    assert dates(plan) == {
        "mpp9resource": (date(2006, 8, 25), date(2006, 9, 8), 11),
        # ends "20060830T080000Z": when work begins that day, so Tuesday Aug 29 closed it
        "Task A": (date(2006, 8, 25), date(2006, 8, 29), 3),
        "Contoured Task": (date(2006, 8, 30), date(2006, 9, 8), 8),
    }
    assert [(t.key, t.parent) for t in plan.tasks] == [("0", None), ("2", "0"), ("3", "0")]
    assert plan.links == [PlanLink("2", "3", "FS", 0)]
    assert plan.tasks[1].assignments == [("1", 100), ("2", 100), ("3", 100)]
    people = {r.key: (r.name, r.email) for r in plan.resources}
    assert people["1"] == ("Wade Golden", "wade.golden@steelray.com")
    assert people["0"] == ("Resource 0", "")  # a resource without a name
    assert any("no project calendar" in line for line in plan.report.mapped)
    assert any("other calendars (6)" in line for line in plan.report.dropped)


def test_sample_uses_the_named_project_calendar(corpus: Path) -> None:
    plan = read(corpus, "planner-sample.planner")
    assert plan.name == "Name" and plan.start == date(2007, 2, 22)
    # calendar="4" ("Default"): Test Calendar 3's holiday on Feb 22 does not apply
    assert dates(plan) == {
        "Task One": (date(2007, 2, 22), date(2007, 3, 7), 10),
        "Task Two": (date(2007, 3, 8), date(2007, 3, 21), 10),
    }
    assert any("project phases (1)" in line for line in plan.report.dropped)


def test_calendar_file_summary_and_unnamed_resource(corpus: Path) -> None:
    plan = read(corpus, "planner-calendar.planner")
    assert [(t.title, t.parent, t.kind) for t in plan.tasks] == [
        ("MPP12 Test", None, "summary"),
        ("Test Task", "0", "task"),
    ]
    assert dates(plan)["Test Task"] == (date(2006, 8, 23), date(2006, 8, 23), 1)
    assert plan.tasks[1].priority == 2  # priority="5000"


@pytest.mark.parametrize("path", PLANNER_FILES, ids=lambda p: p.name)
def test_the_store_keeps_planners_dates(corpus: Path, path: Path, tmp_path: Path) -> None:
    plan = read_planner(path.read_bytes(), path.name)
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        result = write_plan(workspace, plan)
    assert result.report.shifted == []


# -- rules on small files -----------------------------------------------------------------------


def planner(calendars: str, tasks: str, calendar: str = "1") -> bytes:
    return (
        f'<?xml version="1.0"?><project name="Small" project-start="20270104T000000Z" '
        f'mrproject-version="2" calendar="{calendar}"><calendars>{calendars}</calendars>'
        f"<tasks>{tasks}</tasks><resources/><allocations/></project>"
    ).encode()


WEEK = '<default-week mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"/>'
HOURS = (
    '<overridden-day-types><overridden-day-type id="0"><interval start="0800" end="1200"/>'
    '<interval start="1300" end="1700"/></overridden-day-type></overridden-day-types>'
)
STANDARD = f'<calendar id="1" name="Standard">{WEEK}{HOURS}<days/></calendar>'


def task(key: int, start: str, end: str, inner: str = "", extra: str = "") -> str:
    return (
        f'<task id="{key}" name="T{key}" work-start="{start}" start="{start}" end="{end}" '
        f'type="normal" {extra}>{inner}</task>'
    )


def test_a_derived_calendar_resolves_use_base_and_custom_day_types() -> None:
    calendars = (
        '<calendar id="1" name="Base">'
        '<default-week mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"/>'
        '<overridden-day-types><overridden-day-type id="0"><interval start="0900" end="1300"/>'
        '<interval start="1400" end="1800"/></overridden-day-type>'
        '<overridden-day-type id="3"><interval start="0900" end="1300"/></overridden-day-type>'
        "</overridden-day-types>"
        '<days><day date="20270111" type="day-type" id="1"/>'
        '<day date="20270112" type="day-type" id="1"/></days>'
        '<calendar id="2" name="Derived">'
        '<default-week mon="2" tue="2" wed="2" thu="2" fri="2" sat="0" sun="2"/>'
        "<overridden-day-types/>"
        '<days><day date="20270112" type="day-type" id="0"/>'  # Tue worked after all
        '<day date="20270113" type="day-type" id="1"/>'  # Wed off
        '<day date="20270114" type="day-type" id="3"/>'  # Thu: a custom type with hours
        '<day date="20270115" type="day-type" id="4"/>'  # Fri: a custom type without hours
        '<day date="20270117" type="day-type" id="0"/>'  # Sun worked: not kept
        "</days></calendar></calendar>"
    )
    # ends Tue Jan 19 at 09:00, when that day's work begins: Monday closed it
    data = planner(calendars, task(1, "20270112T090000Z", "20270119T090000Z"), calendar="2")
    plan = read_planner(data, "derived.planner")
    assert plan.calendar is not None
    assert plan.calendar.name == "Derived"
    assert plan.calendar.weekdays == (True, True, True, True, True, True, False)
    assert [h.day for h in plan.calendar.holidays] == [
        date(2027, 1, 11), date(2027, 1, 13), date(2027, 1, 15),
    ]  # fmt: skip
    # worked: Tue 12, Thu 14, Sat 16, Mon 18
    assert dates(plan)["T1"] == (date(2027, 1, 12), date(2027, 1, 18), 4)
    assert any("extra working days (1)" in line for line in plan.report.dropped)
    assert not any("other calendars" in line for line in plan.report.dropped)  # only its base


def test_elapsed_lags_become_the_working_days_they_span() -> None:
    def linked(key: int, kind: str, lag: int) -> str:
        link = f'<predecessor id="1" predecessor-id="1" type="{kind}" lag="{lag}"/>'
        return task(
            key, "20270111T080000Z", "20270111T170000Z", f"<predecessors>{link}</predecessors>"
        )

    tasks = (
        task(1, "20270108T080000Z", "20270108T170000Z")  # Friday Jan 8
        + linked(2, "FS", 86_400)  # to Saturday: no working day
        + linked(3, "FS", 7 * 86_400)  # to Friday Jan 15: Mon-Fri
        + linked(4, "SS", -86_400)  # back to Thursday: a lead of one
        + linked(5, "FF", 3_600)  # an hour: rounds to nothing
        + linked(6, "SF", 3 * 86_400)  # from the start: Sat, Sun, Mon
        + task(7, "20270111T080000Z", "20270111T170000Z", '<predecessors><predecessor id="1" '
               'predecessor-id="99" type="FS"/><predecessor id="2" predecessor-id="1" '
               'type="XX"/></predecessors>')
    )  # fmt: skip
    plan = read_planner(planner(STANDARD, tasks), "lags.planner")
    assert plan.links == [
        PlanLink("1", "2", "FS", 0),
        PlanLink("1", "3", "FS", 5),
        PlanLink("1", "4", "SS", -1),
        PlanLink("1", "5", "FF", 0),
        PlanLink("1", "6", "SF", 1),
    ]
    dropped = " ".join(plan.report.dropped)
    assert "dependencies of an unknown type (1)" in dropped
    assert "1 link to a task that is not in the file" in dropped
    assert any("elapsed time" in line for line in plan.report.mapped)


def test_no_calendar_no_end_and_a_missing_project_calendar() -> None:
    data = (
        b'<project mrproject-version="2" name=""><tasks>'
        b'<task id="1" name="A" start="20270104T080000Z" duration="57600" type="normal"/>'
        b"</tasks></project>"
    )
    plan = read_planner(data, "bare.planner")
    assert plan.name == "bare"  # no name: the file's
    assert dates(plan)["A"] == (date(2027, 1, 4), date(2027, 1, 5), 2)  # 16 h of 8 h days
    assert plan.start == date(2027, 1, 4)
    assert any("no calendar" in line for line in plan.report.mapped)
    named = planner(STANDARD, task(1, "20270104T080000Z", "20270104T170000Z"), calendar="9")
    assert any(
        "'9', which it does not hold" in line
        for line in read_planner(named, "x.planner").report.mapped
    )


def test_generated_benchmark_file_reads_back() -> None:
    plan = read_planner(planner_file(110), "generated.planner")
    counts = plan.report.counts
    assert (counts["tasks"], counts["summaries"], counts["milestones"]) == (110, 10, 10)
    assert counts["links"] == 90  # nine per group, no stream is twenty groups long here
    assert plan.tasks[1].start == date(2027, 1, 4) and plan.tasks[0].kind == "summary"
    assert all(task.parent is not None for task in plan.tasks if task.kind != "summary")


# -- hostile input ------------------------------------------------------------------------------

BOMB = entity_bomb('<project name="&c;" mrproject-version="2"><tasks/></project>')
GARBAGE = (b"", b"not xml", b"<project", b"<project/>", b"\xff\xfe<\x00")


def test_entity_bombs_and_garbage_are_refused_with_one_sentence() -> None:
    assert_refuses_attacks(read_planner, BOMB, GARBAGE, ".planner")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (b'end="20270104T170000Z"', b'end="99991231T170000Z"', "outside"),
        (b'work-start="20270104T080000Z"', b'work-start="20270230T080000Z"', "timestamp"),
        (b'id="1" name="T1"', b'id="one" name="T1"', "not a number"),
    ],
)
def test_absurd_values_are_refused(old: bytes, new: bytes, words: str) -> None:
    data = planner(STANDARD, task(1, "20270104T080000Z", "20270104T170000Z"))
    assert old in data
    with pytest.raises(InterchangeError, match=words):
        read_planner(data.replace(old, new), "absurd.planner")


def test_an_absurd_lag_is_refused() -> None:
    tasks = task(1, "20270104T080000Z", "20270104T170000Z") + task(
        2, "20270105T080000Z", "20270105T170000Z",
        '<predecessors><predecessor id="1" predecessor-id="1" lag="99999999999"/></predecessors>',
    )  # fmt: skip
    with pytest.raises(InterchangeError, match="days long"):
        read_planner(planner(STANDARD, tasks), "lag.planner")


def outcome(data: bytes) -> None:
    """Either a plan that keeps the conventions, or our error."""
    try:
        plan = read_planner(data, "fuzz.planner")
    except InterchangeError as error:
        assert str(error)
        return
    keys: set[str] = set()
    for item in plan.tasks:
        assert item.key not in keys and (item.parent is None or item.parent in keys)
        assert item.start is not None and item.finish is not None and item.finish >= item.start
        keys.add(item.key)
    assert all(k.predecessor in keys and k.successor in keys for k in plan.links)


SEEDS = [p.read_bytes() for p in PLANNER_FILES] + [
    planner(STANDARD, task(1, "20270104T080000Z", "20270104T170000Z"))
]


TRICKY = ["", "-1", "0", "99999999999", "1e308", "nan", "20270230T000000Z", "00010101", "abc",
          "2", "FS", "SF", "milestone", "20270104T240000Z"]  # fmt: skip


(
    test_mutated_files_give_a_plan_or_our_error,
    test_hostile_attribute_values_give_a_plan_or_our_error,
    test_random_bytes_give_our_error,
) = xml_fuzz_tests(outcome, SEEDS, TRICKY)
