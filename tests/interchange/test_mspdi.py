"""MS Project XML (MSPDI): the corpus read as MS Project and MPXJ read it, our export read back
by us and by MPXJ, and hostile files refused with one sentence.

Expected values in the corpus tests were read from the files themselves (element by element);
each test says which elements they come from.
"""

import itertools
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.formats import SNIFF_BYTES, detect, read_plan
from ipmp_desktop.core.interchange.mspdi import (
    FORMAT_NAME,
    looks_like_mspdi,
    read_mspdi,
    write_mspdi,
)
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
from ipmp_desktop.core.interchange.safe_xml import parse_xml
from ipmp_desktop.core.interchange.store import write_plan
from ipmp_desktop.core.scheduling.calendar import WorkCalendar
from tests.interchange.conftest import CORPUS, corpus_files
from tests.interchange.plan_checks import (
    assert_sound,
    mutate,
    outline_depth,
    read_or_refuse,
    run_mpxj,
)
from tests.interchange.round_trips import assert_website_kept, build_website, round_trip

MSPDI_FILES = corpus_files("mspdi", ".xml")
PRIMAVERA_FILES = corpus_files("pmxml", ".xml", ".pmxml")
NS = "{http://schemas.microsoft.com/project}"
ORACLE = Path(__file__).with_name("mpxj_oracle.py")

EXPECTED = {
    # file: (tasks, summaries, milestones, links, resources, assignments, deepest level).
    # Tasks are the <Task> rows less UID 0 and IsNull rows; links the <PredecessorLink>s;
    # resources the named work resources (<Type>1</Type>) less UID 0; assignments those whose
    # <ResourceUID> is such a resource (not -65535).
    "DefaultDurationFormat.xml": (1, 0, 0, 0, 0, 0, 1),
    "baselines.xml": (1, 0, 0, 0, 1, 0, 1),
    "calendar-calendars-project2019-mspdi.xml": (0, 0, 0, 0, 2, 0, 0),
    "calendar-recurring-exceptions-project2016-mspdi.xml": (0, 0, 0, 0, 0, 0, 0),
    "caltest.xml": (3, 0, 0, 0, 3, 0, 1),
    "enterprise.xml": (1, 0, 0, 0, 1, 0, 1),
    "headertest9.xml": (0, 0, 0, 0, 0, 0, 0),
    "holidays.xml": (1, 0, 0, 0, 0, 0, 1),
    "issue1520.xml": (0, 0, 0, 0, 0, 0, 0),
    "issue2659.xml": (1, 0, 0, 0, 0, 0, 1),
    "mspdiassignmentfields.xml": (1, 0, 0, 0, 3, 2, 1),
    "mspdiavailability.xml": (0, 0, 0, 0, 2, 0, 0),
    "mspdicostratetable.xml": (0, 0, 0, 0, 3, 0, 0),
    "mspdiduration.xml": (10, 0, 0, 0, 0, 0, 1),
    "mspdinulltasks.xml": (5, 2, 0, 0, 0, 0, 2),
    "mspdirelations.xml": (5, 0, 0, 4, 0, 0, 1),
    "mspdiresource.xml": (3, 0, 0, 1, 3, 5, 1),
    "mspdisplittask.xml": (2, 0, 0, 0, 0, 0, 1),
    "mspditimephased.xml": (40, 0, 0, 0, 41, 40, 1),
    "mspditimephasedsegments.xml": (20, 0, 0, 0, 6, 20, 1),
    "mspextattr.xml": (1, 0, 0, 0, 1, 0, 1),
    "sample.xml": (19, 3, 1, 6, 2, 2, 2),
    "sample1.xml": (22, 4, 1, 6, 2, 4, 3),
    "task-dates-project2019-mspdi.xml": (10, 0, 0, 0, 0, 0, 1),
    "task-durations-project2019-mspdi.xml": (110, 0, 0, 0, 0, 0, 1),
    "task-links-project2003-mspdi.xml": (16, 0, 0, 8, 0, 0, 1),
    "task-links-project2019-mspdi.xml": (16, 0, 0, 8, 0, 0, 1),
    "task-numbers-project2019-mspdi.xml": (20, 0, 0, 0, 0, 0, 1),
    "task-starts-project2019-mspdi.xml": (10, 0, 0, 0, 0, 0, 1),
    "task-text-project2019-mspdi.xml": (30, 0, 0, 0, 0, 0, 1),
    "weekends.xml": (0, 0, 0, 0, 0, 0, 0),
}
"""Every corpus file is an MSPDI file that imports; none is refused."""

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS}")


def read(name: str) -> Plan:
    return read_mspdi((CORPUS / "mspdi" / name).read_bytes(), name)


# -- the corpus ---------------------------------------------------------------------------------


@needs_corpus
def test_the_corpus_has_every_file_this_test_expects() -> None:
    assert sorted(path.name for path in MSPDI_FILES) == sorted(EXPECTED)


@needs_corpus
@pytest.mark.parametrize("path", MSPDI_FILES, ids=lambda path: path.name)
def test_every_corpus_file_imports_with_its_counts(path: Path) -> None:
    plan = read_mspdi(path.read_bytes(), path.name)
    assert_sound(plan)
    assert plan.report.format == FORMAT_NAME and plan.report.source == path.name
    tasks, summaries, milestones, links, resources, assignments, deepest = EXPECTED[path.name]
    counts = plan.report.counts
    assert (counts["tasks"], counts["summaries"], counts["milestones"]) == (
        tasks,
        summaries,
        milestones,
    )
    assert (counts["links"], counts["resources"], counts["assignments"]) == (
        links,
        resources,
        assignments,
    )
    assert len(plan.tasks) == tasks and len(plan.links) == links
    assert outline_depth(plan) == deepest
    assert looks_like_mspdi(path.read_bytes()[:4096])


@needs_corpus
def test_every_corpus_file_becomes_a_project(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "all.ipmp") as workspace:
        for path in MSPDI_FILES:
            result = write_plan(workspace, read_mspdi(path.read_bytes(), path.name))
            assert result.report.counts["tasks"] == EXPECTED[path.name][0]
            assert result.report.lines()[0] == f"Imported {path.name} ({FORMAT_NAME})."


@needs_corpus
@pytest.mark.parametrize("path", PRIMAVERA_FILES, ids=lambda path: path.name)
def test_primavera_files_are_refused_in_one_sentence(path: Path) -> None:
    assert not looks_like_mspdi(path.read_bytes()[:4096])
    with pytest.raises(InterchangeError) as refusal:
        read_mspdi(path.read_bytes(), path.name)
    message = str(refusal.value)
    assert message == (
        f"{path.name} is a Primavera P6 XML file, not an MS Project XML file; it is not imported."
    )


@needs_corpus
def test_the_format_registry_recognises_mspdi_and_refuses_primavera() -> None:
    for path in MSPDI_FILES:
        assert detect(path.read_bytes()[:SNIFF_BYTES], "renamed.bin").key == "mspdi"
    primavera = CORPUS / "pmxml" / "PredecessorCalendar.xml"
    with pytest.raises(InterchangeError, match="is a Primavera P6 XML file"):
        read_plan(primavera)


@needs_corpus
def test_other_formats_are_not_sniffed_as_mspdi() -> None:
    others = [p for p in CORPUS.rglob("*") if p.is_file() and p.parent.name != "mspdi"]
    assert others
    for path in others:
        assert not looks_like_mspdi(path.read_bytes()[:4096]), path.name


@needs_corpus
def test_sample_outline_dates_milestone_and_constraints() -> None:
    plan = read("sample.xml")
    by_title = {task.title: task for task in plan.tasks}
    children = {key: [t.title for t in kids] for key, kids in plan.children().items()}
    # OutlineLevel 1 rows UID 1, 6, 19; each followed by its level-2 rows
    assert children[None] == ["First Task", "Recurring Task", "Task Relationships"]
    assert children["1"] == ["Second Task", "Third task"]
    assert children["6"] == ["Recurring Task 1", "Recurring Task 2"]
    assert len(children["19"]) == 12
    assert [by_title[t].kind for t in children[None]] == ["summary"] * 3
    # Second Task: Start 2003-01-07T08:00, Finish 2003-03-18T08:00 (the start of the next
    # working day: it ends on Monday 17 March), Duration PT800H0M0S = 100 days of 480 minutes
    second = by_title["Second Task"]
    assert (second.start, second.finish, second.duration_days) == (
        date(2003, 1, 7),
        date(2003, 3, 17),
        100,
    )
    assert second.estimate_hours == 500  # Work PT500H0M0S
    # Third task: Milestone 1, Start = Finish = 2003-01-07T08:00, Duration PT0H0M0S
    third = by_title["Third task"]
    assert (third.kind, third.start, third.finish, third.duration_days) == (
        "milestone",
        date(2003, 1, 7),
        date(2003, 1, 7),
        0,
    )
    # Related Task 6b: Start 2003-01-07T08:00, Finish 2003-01-08T08:00 -> one day
    assert by_title["Related Task 6b"].finish == date(2003, 1, 7)
    # Recurring Task 1: ConstraintType 4 (SNET), ConstraintDate 2003-02-01; Priority 1000
    recurring = by_title["Recurring Task 1"]
    assert (recurring.constraint_type, recurring.constraint_date) == ("snet", date(2003, 2, 1))
    assert recurring.priority == 4 and second.priority == 0  # 1000 and 500
    assert plan.start == date(2003, 1, 7) and plan.name == "sample"  # <Title>
    # Assignments UID 0 and 1: task 2 to resources 1 (Units 0.5) and 2 (Units 0.75)
    assert second.assignments == [("1", 50), ("2", 75)]
    assert [(r.key, r.name) for r in plan.resources] == [
        ("1", "First Resource"),
        ("2", "Second Resource"),
    ]


@needs_corpus
def test_sample_links_with_type_and_lag() -> None:
    plan = read("sample.xml")
    # PredecessorLink on the successor: Type 0 FF, 1 FS, 2 SF, 3 SS; LinkLag in tenths of a
    # minute, 4800 = one 480-minute day
    assert [(k.predecessor, k.successor, k.type, k.lag_days) for k in plan.links] == [
        ("9", "10", "FS", 0),
        ("11", "12", "FS", 1),
        ("13", "14", "FS", -1),
        ("15", "16", "SS", 0),
        ("17", "18", "FF", 0),
        ("20", "21", "SF", 0),
    ]


@needs_corpus
def test_three_outline_levels_and_notes() -> None:
    plan = read("sample1.xml")
    by_title = {task.title: task for task in plan.tasks}
    # UID 22 "Resource Assignments" (level 2 under UID 19) holds UID 23 and 24 (level 3)
    assert by_title["Resource Assignments"].parent == "19"
    assert by_title["Assigned Task 1"].parent == by_title["Assigned Task 2"].parent == "22"
    assert by_title["First Task"].notes == "Test Task Notes"
    assert by_title["Second Task"].notes == "Second task note with some formatting!"
    assert by_title["First Task"].priority == 2  # Priority 600


@needs_corpus
def test_blank_rows_are_skipped_and_the_outline_survives() -> None:
    plan = read("mspdinulltasks.xml")
    # UID 2, 5 and 7 are IsNull rows; UID 1 holds 3 and 4, UID 6 holds 8
    assert [(t.key, t.parent) for t in plan.tasks] == [
        ("1", None),
        ("3", "1"),
        ("4", "1"),
        ("6", None),
        ("8", "6"),
    ]
    assert "3 blank task rows are skipped." in plan.report.dropped
    # MinutesPerDay 450: Duration PT75H0M0S is ten days
    assert plan.task("3").duration_days == 10
    assert "Durations are converted at 7.5 working hours a day." in plan.report.mapped


@needs_corpus
def test_durations_in_every_unit_elapsed_ones_on_the_calendar() -> None:
    plan = read("mspdiduration.xml")
    # DurationFormat 3 m, 5 h, 7 d, 9 w, 11 mo, 4 em, 6 eh, 8 ed, 10 ew, 12 emo; all start
    # Wednesday 2009-03-25. Elapsed week (168 h) = 7 calendar days = 5 working days; elapsed
    # month (720 h) = 30 calendar days, to 23 April = 22 working days.
    assert [t.duration_days for t in plan.tasks] == [1, 1, 1, 5, 20, 1, 1, 1, 5, 22]
    # Finish 2009-04-24T08:00 is the start of a day: Task 10 ends on Thursday 23 April
    assert plan.task("10").finish == date(2009, 4, 23)
    assert plan.task("5").finish == date(2009, 4, 21)  # Finish 2009-04-21T17:00
    assert any(line.startswith("5 elapsed durations") for line in plan.report.mapped)
    assert "2 durations shorter than a day are rounded up to one working day." in (
        plan.report.mapped
    )


@needs_corpus
def test_links_saved_by_project_2019_lags_in_days_and_weeks() -> None:
    plan = read("task-links-project2019-mspdi.xml")
    # LinkLag 0, 4800, 9600 (LagFormat 7, days), 24000 and 48000 (LagFormat 9, weeks: still
    # tenths of a minute, so 5 and 10 days), then SF, SS, FF links with 9600
    assert [(k.type, k.lag_days) for k in plan.links] == [
        ("FS", 0),
        ("FS", 1),
        ("FS", 2),
        ("FS", 5),
        ("FS", 10),
        ("SF", 2),
        ("SS", 2),
        ("FF", 2),
    ]
    assert all(task.manual for task in plan.tasks)  # Manual 1 on every task
    assert plan.task("10").start == date(2018, 11, 2)


@needs_corpus
def test_old_style_holidays_and_a_task_across_them() -> None:
    plan = read("holidays.xml")
    assert plan.calendar is not None
    # Calendar UID 1: WeekDay DayType 0 rows for 16, 23 and 24 September 2010
    assert [h.day for h in plan.calendar.holidays] == [
        date(2010, 9, 16),
        date(2010, 9, 23),
        date(2010, 9, 24),
    ]
    # task1: Wednesday 15 to Tuesday 21 September, PT32H0M0S = 4 days (the 16th is off)
    task = plan.tasks[0]
    assert (task.start, task.finish, task.duration_days) == (
        date(2010, 9, 15),
        date(2010, 9, 21),
        4,
    )


@needs_corpus
def test_recurring_exceptions_expand_like_the_old_style_rows() -> None:
    path = CORPUS / "mspdi" / "calendar-recurring-exceptions-project2016-mspdi.xml"
    root = parse_xml(path.read_bytes(), path.name, "test")
    calendar = root.find(f"{NS}Calendars/{NS}Calendar")
    assert calendar is not None
    old_style: set[date] = set()
    for day in calendar.iterfind(f"{NS}WeekDays/{NS}WeekDay"):
        if day.findtext(f"{NS}DayType") == "0" and day.findtext(f"{NS}DayWorking") == "0":
            first = date.fromisoformat(day.findtext(f"{NS}TimePeriod/{NS}FromDate", "")[:10])
            last = date.fromisoformat(day.findtext(f"{NS}TimePeriod/{NS}ToDate", "")[:10])
            old_style.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    without_old_style = path.read_bytes()
    without_old_style = re.sub(
        rb"<WeekDay>\s*<DayType>0</DayType>.*?</WeekDay>", b"", without_old_style, flags=re.S
    )
    assert b"<DayType>0</DayType>" not in without_old_style
    plan = read_mspdi(without_old_style, path.name)
    assert plan.calendar is not None
    holidays = {h.day for h in plan.calendar.holidays}
    assert len(old_style) == 137 and holidays == old_style
    # "Weekly 7 Sunday" (every 7 weeks from the week of 1 January 2001): first 18 February
    assert date(2001, 2, 18) in holidays and date(2001, 1, 7) not in holidays
    # "Monthly Relative 1": first Monday (MonthItem 4, MonthPosition 0) every two months
    assert {date(2002, 1, 7), date(2002, 3, 4), date(2002, 5, 6)} <= holidays
    # "Yearly Absolute 1": Month 1 (February), MonthDay 1, three times from 2005
    assert {date(2005, 2, 1), date(2006, 2, 1), date(2007, 2, 1)} <= holidays
    assert date(2008, 2, 1) not in holidays
    # "Recurring Working": three Saturdays of working time, which a plan cannot hold
    assert any(
        line.startswith("3 exception days with working time") for line in plan.report.dropped
    )


@needs_corpus
def test_weekends_and_working_saturdays() -> None:
    plan = read("weekends.xml")
    assert plan.calendar is not None
    # DayType 1 (Sunday) and 5 (Thursday) off; 7 (Saturday) working
    assert plan.calendar.weekdays == (True, True, True, False, True, True, False)
    plan = read("issue1520.xml")
    assert plan.calendar is not None
    # DayType 0 rows: Saturday 2018-04-28 worked (dropped), Monday 2018-04-30 off
    assert [h.day for h in plan.calendar.holidays] == [date(2018, 4, 30)]
    assert any(line.startswith("1 exception day with working time") for line in plan.report.dropped)


@needs_corpus
def test_midnight_finish_and_a_day_of_1440_minutes() -> None:
    plan = read("issue2659.xml")
    # Start 2025-01-30T00:00, Finish 2025-01-31T00:00, Duration PT24H0M0S, MinutesPerDay 1440
    task = plan.tasks[0]
    assert (task.title, task.start, task.finish, task.duration_days, task.manual) == (
        "task_0",
        date(2025, 1, 30),
        date(2025, 1, 30),
        1,
        True,
    )


@needs_corpus
def test_baselines_and_their_numbers() -> None:
    plan = read("baselines.xml")
    # Baseline Number 1..10 on task 1, Start 2001-01-01T09:00 ..., Duration PT7H30M0S times N
    # (MinutesPerDay 450, so N days)
    assert [b.name for b in plan.baselines] == [f"Baseline {n}" for n in range(1, 11)]
    assert [b.tasks["1"][0] for b in plan.baselines][:2] == [date(2001, 1, 1), date(2001, 1, 2)]
    assert [b.tasks["1"][2] for b in plan.baselines] == list(range(1, 11))
    plan = read("mspdiassignmentfields.xml")
    # Baseline Number 0 with only Finish 2011-07-11T17:00
    assert [(b.name, b.tasks) for b in plan.baselines] == [
        ("Baseline", {"1": (None, date(2011, 7, 11), 0, 0)})
    ]


@needs_corpus
def test_resources_kinds_emails_and_assignments() -> None:
    plan = read("mspdiresource.xml")
    # Resource UID 1-3 are work resources (Type 1), UID 4 "Concrete" material (Type 0)
    assert [(r.key, r.name, r.email) for r in plan.resources] == [
        ("1", "Wade Golden", "wade.golden@steelray.com"),
        ("2", "Jon Iles", ""),
        ("3", "Brian Leach", ""),
    ]
    # Assignments UID 5-7 put resources 1-3 on task 2, UID 8 and 9 resource 1 on tasks 3 and 4
    assert plan.task("2").assignments == [("1", 100), ("2", 100), ("3", 100)]
    assert plan.task("4").assignments == [("1", 100)]
    assert plan.task("4").percent == 100
    assert "1 material or cost resource is not imported: only people are." in (plan.report.dropped)
    assert "The notes of 3 resources are not kept." in plan.report.dropped


# -- documents written for one case -------------------------------------------------------------


def _doc(tasks: str, header: str = "", calendars: str = "") -> bytes:
    return (
        '<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
        f"<Name>case.xml</Name><StartDate>2026-01-05T08:00:00</StartDate>"
        f"<CalendarUID>1</CalendarUID><MinutesPerDay>480</MinutesPerDay>{header}"
        f"<Calendars>{calendars}</Calendars><Tasks>{tasks}</Tasks></Project>"
    ).encode()


def _task(uid: int, level: int = 1, days: int = 1, extra: str = "", start: str = "05") -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>T{uid}</Name>"
        f"<OutlineLevel>{level}</OutlineLevel><Start>2026-01-{start}T08:00:00</Start>"
        f"<Duration>PT{days * 8}H0M0S</Duration>{extra}</Task>"
    )


def test_links_percent_and_elapsed_lags_cross_project_and_unknown() -> None:
    link = "<PredecessorLink><PredecessorUID>{}</PredecessorUID>{}</PredecessorLink>"
    plan = read_mspdi(
        _doc(
            _task(1, days=4)
            + _task(
                2,
                extra=link.format(
                    1, "<Type>3</Type><LinkLag>50</LinkLag><LagFormat>19</LagFormat>"
                ),
            )
            + _task(3, extra=link.format(1, "<LinkLag>28800</LinkLag><LagFormat>8</LagFormat>"))
            + _task(4, extra=link.format(3, "<Type>9</Type><LinkLag>2400</LinkLag>"))
            + _task(5, extra=link.format(1, "<CrossProject>1</CrossProject>"))
            + _task(6, extra=link.format(99, "") + link.format(6, ""))
        ),
        "case.xml",
    )
    assert [(k.predecessor, k.successor, k.type, k.lag_days) for k in plan.links] == [
        ("1", "2", "SS", 2),  # 50 percent of four days
        ("1", "3", "FS", 1),  # two elapsed days: 2 x 5/7 working days, rounded
        ("3", "4", "FS", 1),  # an unknown type is read as FS; half a day rounds up
    ]
    report = plan.report
    assert (
        "1 lag given as a percentage of the predecessor's duration is converted to "
        "working days." in report.mapped
    )
    assert "1 link of an unknown type is read as finish-to-start." in report.mapped
    assert "1 link to a task of another project is not kept." in report.dropped
    assert "1 link from a task that is not imported is not kept." in report.dropped
    assert "1 link from a task to itself." in report.dropped


def test_constraints_map_to_ours_or_to_the_nearest() -> None:
    def constrained(code: int, day: str) -> str:
        return f"<ConstraintType>{code}</ConstraintType><ConstraintDate>{day}</ConstraintDate>"

    plan = read_mspdi(
        _doc(
            _task(1, extra=constrained(2, "2026-01-07T08:00:00"))
            + _task(2, extra=constrained(4, "2026-01-08T08:00:00"))
            + _task(3, extra=constrained(7, "2026-01-09T17:00:00"))
            + _task(4, days=3, extra=constrained(3, "2026-01-14T17:00:00"))
            + _task(5, days=3, extra=constrained(6, "2026-01-14T17:00:00"))
            + _task(6, days=3, extra=constrained(5, "2026-01-07T08:00:00"))
            + _task(7, extra=constrained(1, "2026-01-07T08:00:00"))
            + _task(8, extra="<ConstraintType>4</ConstraintType>")
        ),
        "case.xml",
    )
    got = [(t.constraint_type, t.constraint_date) for t in plan.tasks]
    assert got == [
        ("mso", date(2026, 1, 7)),
        ("snet", date(2026, 1, 8)),
        ("fnlt", date(2026, 1, 9)),
        ("mso", date(2026, 1, 12)),  # must finish Wed 14th: three days from Monday 12th
        ("snet", date(2026, 1, 12)),  # finish no earlier than the 14th
        ("fnlt", date(2026, 1, 9)),  # start no later than Wed 7th: finish by Friday 9th
        ("asap", None),
        ("asap", None),
    ]
    assert any("'must finish on'" in line for line in plan.report.mapped)
    assert any("'as late as possible'" in line for line in plan.report.dropped)
    assert "1 constraint without a date is not kept." in plan.report.dropped


def test_new_style_yearly_exception_to_2149_is_a_yearly_holiday() -> None:
    calendar = (
        "<Calendar><UID>1</UID><Name>Std</Name><IsBaseCalendar>1</IsBaseCalendar>"
        "<Exceptions><Exception><TimePeriod><FromDate>2026-12-25T00:00:00</FromDate>"
        "<ToDate>2149-12-25T23:59:00</ToDate></TimePeriod><Occurrences>124</Occurrences>"
        "<Name>Christmas</Name><Type>2</Type><Month>11</Month><MonthDay>25</MonthDay>"
        "<DayWorking>0</DayWorking></Exception>"
        "<Exception><TimePeriod><FromDate>2026-01-01T00:00:00</FromDate>"
        "<ToDate>2028-01-01T23:59:00</ToDate></TimePeriod><Occurrences>3</Occurrences>"
        "<Name>New year</Name><Type>2</Type><Month>0</Month><MonthDay>1</MonthDay>"
        "<DayWorking>0</DayWorking></Exception></Exceptions></Calendar>"
    )
    plan = read_mspdi(_doc(_task(1), calendars=calendar), "case.xml")
    assert plan.calendar is not None
    assert plan.calendar.holidays == [
        PlanHoliday(date(2026, 1, 1), "New year"),
        PlanHoliday(date(2026, 12, 25), "Christmas", yearly=True),
        PlanHoliday(date(2027, 1, 1), "New year"),
        PlanHoliday(date(2028, 1, 1), "New year"),
    ]
    assert plan.calendar.name == "Std"


def test_outline_jumps_zero_durations_and_long_milestones() -> None:
    plan = read_mspdi(
        _doc(
            _task(1)
            + _task(2, level=3)
            + _task(3, level=2, days=0)
            + _task(4, extra="<Milestone>1</Milestone>")
            + _task(5, extra="<PercentComplete>250</PercentComplete><Active>0</Active>")
        ),
        "case.xml",
    )
    assert [(t.key, t.parent, t.kind, t.duration_days) for t in plan.tasks] == [
        ("1", None, "summary", 1),
        ("2", "1", "task", 1),
        ("3", "1", "milestone", 0),
        ("4", None, "milestone", 0),
        ("5", None, "task", 1),
    ]
    assert plan.task("5").percent == 100 and plan.task("5").archived
    mapped = plan.report.mapped
    assert any(line.startswith("1 task whose outline level is more than one") for line in mapped)
    assert "1 task of zero duration becomes a milestone." in mapped
    assert "1 milestone with a duration becomes a zero-length milestone." in mapped
    assert "1 inactive task is imported as archived." in mapped


@pytest.mark.parametrize(
    ("tasks", "words"),
    [
        (_task(1) + _task(1), "two tasks with UID 1"),
        ("<Task><Name>x</Name></Task>", "a task without a UID"),
        (_task(1, extra="<Finish>2500-01-01T17:00:00</Finish>"), "outside 1900-2200"),
        (_task(1, days=10**7), "absurd"),
        ("<Task><UID>1</UID><Duration>eight hours</Duration></Task>", "not a duration"),
        (_task(1, extra="<PercentComplete>half</PercentComplete>"), "not a number"),
        ("<Task><UID>1</UID><OutlineLevel>x</OutlineLevel></Task>", "not a whole number"),
        (
            _task(
                1,
                extra="<ConstraintType>5</ConstraintType><ConstraintDate>2200-12-30T08:00:00"
                "</ConstraintDate>",
                days=5,
            ),
            "outside 1900-2200",
        ),
    ],
)
def test_absurd_or_corrupt_values_are_refused(tasks: str, words: str) -> None:
    data = _doc(tasks)
    with pytest.raises(InterchangeError) as refusal:
        read_mspdi(data, "case.xml")
    assert words in str(refusal.value) and str(refusal.value).startswith("case.xml")


def test_other_xml_and_non_xml_are_refused() -> None:
    with pytest.raises(InterchangeError, match="its root element is <project>"):
        read_mspdi(b"<project name='x'/>", "x.gan")
    with pytest.raises(InterchangeError, match="not a readable MS Project XML file"):
        read_mspdi(b"\x00\x01 not xml", "x.xml")
    with pytest.raises(InterchangeError, match=r"^x\.xml is not a readable MS Project XML file"):
        read_mspdi(b'<?xml version="1.0" encoding="Ues"?><Project/>', "x.xml")


def test_entity_bomb_and_external_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b'<Project xmlns="http://schemas.microsoft.com/project"><Name>&d;</Name></Project>'
    )
    external = (
        b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Project xmlns="http://schemas.microsoft.com/project"><Name>&x;</Name></Project>'
    )
    for data in (bomb, external):
        with pytest.raises(InterchangeError) as refusal:
            read_mspdi(data, "bomb.xml")
        assert str(refusal.value) == (
            "bomb.xml declares XML entities or external references, which are refused for "
            "safety; it is not imported."
        )


def test_sniffer() -> None:
    ours = write_mspdi(full_plan())
    assert looks_like_mspdi(ours[:4096])
    assert looks_like_mspdi(ours.decode().encode("utf-16"))
    assert looks_like_mspdi(b'<p:Project xmlns:p="http://schemas.microsoft.com/project">')
    assert not looks_like_mspdi(b'<?xml version="1.0"?><project name="x"></project>')
    assert not looks_like_mspdi(b"<APIBusinessObjects xmlns='http://xmlns.oracle.com/P6'>")
    assert not looks_like_mspdi(b"")
    assert not looks_like_mspdi(b'{"desc": "<Project xmlns=http://schemas.microsoft.com/project>"}')


# -- our export ---------------------------------------------------------------------------------

CALENDAR = PlanCalendar(
    name="Six-day week",
    weekdays=(True, True, True, True, True, True, False),
    hours_per_day=6,
    holidays=[
        PlanHoliday(date(2026, 1, 8), "Founders' day"),
        PlanHoliday(date(2026, 12, 25), "Christmas", yearly=True),
    ],
)


def full_plan() -> Plan:
    """A plan using everything MSPDI holds, its dates consistent with its calendar."""
    work = WorkCalendar(0b0111111, [date(2026, 1, 8)], [(12, 25)], first=date(2026, 1, 1),
                        last=date(2026, 12, 31))  # fmt: skip

    def task(key: str, title: str, start: date, days: int, **more: object) -> PlanTask:
        finish = start if days == 0 else work.finish_for(start, days)
        return PlanTask(key, title, start=start, finish=finish, duration_days=days, **more)

    tasks = [
        task("10", "Phase & <one>", date(2026, 1, 5), 9, kind="summary"),
        task("11", "Design \u00e9mojis \U0001f680", date(2026, 1, 5), 3, parent="10",
             percent=40, priority=3, notes='Line one\nline "two"\tand <tags> & more',
             estimate_hours=22.5, constraint_type="snet", constraint_date=date(2026, 1, 5)),
        task("12", "Build", date(2026, 1, 9), 4, parent="10", kind="summary"),
        task("13", "Code", date(2026, 1, 9), 4, parent="12", priority=4, manual=True,
             constraint_type="mso", constraint_date=date(2026, 1, 9)),
        task("14", "Review", date(2026, 1, 10), 2, parent="12", priority=1,
             constraint_type="fnlt", constraint_date=date(2026, 1, 20)),
        task("15", "Sign-off", date(2026, 1, 14), 0, parent="10", kind="milestone",
             priority=2, archived=True),
        task("16", "Launch", date(2026, 1, 15), 1, percent=100),
    ]  # fmt: skip
    tasks[1].assignments = [("7", 100), ("9", 50)]
    tasks[3].assignments = [("9", 150)]
    links = [
        PlanLink("11", "13", "FS", 0),
        PlanLink("13", "14", "SS", 1),
        PlanLink("14", "15", "FF", -1),
        PlanLink("11", "16", "SF", 2),
    ]
    baselines = [
        PlanBaseline("Baseline", {"11": (date(2026, 1, 5), date(2026, 1, 7), 3, 0)}),
        PlanBaseline("Baseline 3", {"15": (date(2026, 1, 13), date(2026, 1, 13), 0, 0)}),
    ]
    return Plan(
        name="Website <relaunch> & more",
        start=date(2026, 1, 5),
        tasks=tasks,
        links=links,
        calendar=CALENDAR,
        resources=[PlanResource("7", "Zoë Müller", "zoe@example.com"), PlanResource("9", "Ann")],
        baselines=baselines,
    )


def held(plan: Plan) -> dict[str, object]:
    """What MSPDI holds of a plan."""
    return {
        "name": plan.name,
        "start": plan.start,
        "tasks": [
            (
                t.key,
                t.title,
                t.parent,
                t.kind,
                t.start,
                t.finish,
                t.duration_days,
                t.percent,
                t.manual,
                t.constraint_type,
                t.constraint_date,
                t.priority,
                t.notes,
                t.estimate_hours,
                t.archived,
                t.assignments,
            )
            for t in plan.tasks
        ],
        "links": [(k.predecessor, k.successor, k.type, k.lag_days) for k in plan.links],
        "calendar": plan.calendar,
        "resources": plan.resources,
        "baselines": plan.baselines,
    }


def test_plan_to_mspdi_and_back_is_lossless_for_what_mspdi_holds() -> None:
    plan = full_plan()
    back = read_mspdi(write_mspdi(plan), "ours.xml")
    assert_sound(back)
    assert held(back) == held(plan)
    assert back.report.dropped == []


def test_export_structure_children_follow_parents_and_levels_rise_by_one() -> None:
    plan = full_plan()
    plan.tasks = [plan.tasks[i] for i in (6, 2, 4, 3, 1, 0, 5)]  # children before parents
    data = write_mspdi(plan)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
    root = parse_xml(data, "ours.xml", "test")
    assert root.tag == f"{NS}Project"
    rows = [
        (task.findtext(f"{NS}UID"), int(task.findtext(f"{NS}OutlineLevel") or -1))
        for task in root.iterfind(f"{NS}Tasks/{NS}Task")
    ]
    assert rows[0] == ("0", 0)  # MS Project's project summary task
    levels = [level for _, level in rows]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    # roots and children in the order the plan lists them, each child after its parent
    assert [uid for uid, _ in rows[1:]] == ["16", "10", "12", "14", "13", "11", "15"]
    wbs = [t.findtext(f"{NS}WBS") for t in root.iterfind(f"{NS}Tasks/{NS}Task")]
    assert wbs == ["0", "1", "2", "2.1", "2.1.1", "2.1.2", "2.2", "2.3"]
    header = {child.tag[len(NS) :]: child.text for child in root if len(child) == 0}
    assert header["MinutesPerDay"] == "360" and header["MinutesPerWeek"] == "2160"
    assert header["StartDate"] == "2026-01-05T08:00:00"
    code = root.find(f"{NS}Tasks/{NS}Task[{NS}UID='13']")
    assert code is not None
    assert code.findtext(f"{NS}Start") == "2026-01-09T08:00:00"
    assert code.findtext(f"{NS}Finish") == "2026-01-13T15:00:00"  # 6 hours: 8-12, 13-15
    assert code.findtext(f"{NS}Duration") == "PT24H0M0S"
    assert code.findtext(f"{NS}ManualStart") == "2026-01-09T08:00:00"
    link = code.find(f"{NS}PredecessorLink")
    assert link is not None and link.findtext(f"{NS}LinkLag") == "0"
    review = root.find(f"{NS}Tasks/{NS}Task[{NS}UID='14']/{NS}PredecessorLink")
    assert review is not None
    assert (review.findtext(f"{NS}Type"), review.findtext(f"{NS}LinkLag")) == ("3", "3600")


def test_export_renumbers_keys_that_are_not_numbers_and_survives_parent_loops() -> None:
    plan = Plan(
        name="Loose",
        tasks=[
            PlanTask("a", "A", parent="c", start=date(2026, 1, 5)),
            PlanTask("b", "B\x00\x07 bell", parent="a"),
            PlanTask("c", "C", parent="b"),
            PlanTask("d", "D", parent="nowhere"),
        ],
        links=[PlanLink("a", "d"), PlanLink("a", "gone")],
    )
    back = read_mspdi(write_mspdi(plan), "loose.xml")
    assert [(t.key, t.title, t.parent) for t in back.tasks] == [
        ("1", "D", None),
        ("2", "A", None),
        ("3", "B bell", "2"),
        ("4", "C", "3"),
    ]
    assert [(k.predecessor, k.successor) for k in back.links] == [("2", "1")]
    odd = Plan(
        name="Odd", tasks=[PlanTask("7", "Seven"), PlanTask("\u00b2", "Self", parent="\u00b2")]
    )
    back = read_mspdi(write_mspdi(odd), "odd.xml")
    assert [(t.key, t.title, t.kind) for t in back.tasks] == [
        ("1", "Seven", "task"),
        ("2", "Self", "task"),
    ]


def test_baselines_beyond_msproject_names_take_free_numbers() -> None:
    plan = full_plan()
    plan.baselines.append(PlanBaseline("Signed off", {"16": (date(2026, 1, 15), None, 1, 0)}))
    back = read_mspdi(write_mspdi(plan), "ours.xml")
    assert [b.name for b in back.baselines] == ["Baseline", "Baseline 1", "Baseline 3"]
    assert back.baselines[1].tasks == {"16": (date(2026, 1, 15), None, 1, 0)}


def test_an_empty_plan_is_a_valid_document() -> None:
    back = read_mspdi(write_mspdi(Plan(name="Empty")), "empty.xml")
    assert (back.name, back.tasks, back.links, back.start) == ("Empty", [], [], None)
    assert back.calendar == PlanCalendar()


def test_a_project_survives_read_project_mspdi_and_write_plan(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        website = build_website(workspace, "Build <&>")
        before, after, result = round_trip(
            workspace, website.project_id, lambda plan: read_mspdi(write_mspdi(plan), "website.xml")
        )

    def shape(plan: Plan) -> list[tuple[object, ...]]:
        titles = {task.key: task.title for task in plan.tasks}
        return [
            (t.title, titles.get(t.parent or ""), t.kind, t.start, t.finish, t.duration_days,
             t.percent, t.priority)
            for t in plan.tasks
        ]  # fmt: skip

    assert_website_kept(website, before, after, result, shape)


# -- an independent reader: MPXJ ----------------------------------------------------------------


def test_mpxj_reads_our_export_like_we_do(tmp_path: Path) -> None:
    """MPXJ (Java) sees our tasks with their dates and outline, our links with their types and
    lags, our holidays as non-working days, and our people and assignments."""
    plan = full_plan()
    path = tmp_path / "ours.xml"
    path.write_bytes(write_mspdi(plan))
    days = ["2026-01-07", "2026-01-08", "2026-01-10", "2026-01-11", "2030-12-25", "2031-12-24"]
    seen = run_mpxj([str(ORACLE), str(path), *days], timeout=240)
    levels = {None: 0}
    for task in plan.tasks:
        levels[task.key] = levels[task.parent] + 1
    assert [
        (t["uid"], t["name"], t["start"][:10], t["finish"][:10], t["level"], t["milestone"])
        for t in seen["tasks"]
    ] == [
        (int(t.key), t.title, str(t.start), str(t.finish), levels[t.key], t.kind == "milestone")
        for t in plan.tasks
    ]
    assert [t["summary"] for t in seen["tasks"]] == [t.kind == "summary" for t in plan.tasks]
    assert sorted(
        (k["predecessor"], k["successor"], k["type"], k["lag_days"]) for k in seen["links"]
    ) == sorted(
        (int(k.predecessor), int(k.successor), k.type, float(k.lag_days)) for k in plan.links
    )
    # Wednesday worked, the 8th a holiday, Saturday worked (six-day week), Sunday off,
    # Christmas off every year, Christmas Eve worked
    assert seen["working"] == dict(zip(days, [True, False, True, False, False, True], strict=True))
    assert [(r["uid"], r["name"]) for r in seen["resources"]] == [(7, "Zoë Müller"), (9, "Ann")]
    assert sorted((a["task"], a["resource"], a["units"]) for a in seen["assignments"]) == [
        (11, 7, 100.0),
        (11, 9, 50.0),
        (13, 9, 150.0),
    ]


# -- fuzzing ------------------------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = [path.read_bytes() for path in MSPDI_FILES if path.stat().st_size < 30_000]
VALUES = [
    "", "-1", "0", "1", "2", "3", "7", "8", "19", "-65535", "99999999999999999999", "1e308",
    "nan", "inf", "-4800", "2149-12-31T23:59:00", "0001-01-01T00:00:00", "2003-02-30T08:00:00",
    "PT-8H0M0S", "PT99999999H0M0S", "P1D", "PT0.5H", "x", "24:00:00", "00:00:00", "127", "64",
]  # fmt: skip


def _seeds() -> list[bytes]:
    return [*SEEDS, write_mspdi(full_plan())]


def _read_or_refuse(blob: bytes) -> None:
    plan = read_or_refuse(read_mspdi, blob)
    if plan is not None:
        assert_sound(read_mspdi(write_mspdi(plan), "again.xml"))


@FUZZ
@given(data=st.data())
def test_mutated_files_give_a_plan_or_our_error(data: st.DataObject) -> None:
    _read_or_refuse(mutate(data.draw(st.sampled_from(_seeds()), label="seed"), data))


@FUZZ
@given(data=st.data())
def test_hostile_field_values_give_a_plan_or_our_error(data: st.DataObject) -> None:
    """Well-formed documents with values replaced: the damage a parser does not catch."""
    text = data.draw(st.sampled_from(_seeds()), label="seed").decode("utf-8", errors="replace")
    leaves = list(re.finditer(r"<(\w+)>([^<]*)</\1>", text))
    for _ in range(data.draw(st.integers(1, 6), label="edits")):
        found = data.draw(st.sampled_from(leaves), label="leaf")
        value = data.draw(st.sampled_from(VALUES) | st.integers(-(10**6), 10**6).map(str))
        start, end = found.span(2)
        text = text[:start] + value + text[end:]
        leaves = list(re.finditer(r"<(\w+)>([^<]*)</\1>", text))
    _read_or_refuse(text.encode())


@FUZZ
@given(blob=st.binary(max_size=400))
def test_random_bytes_give_our_error(blob: bytes) -> None:
    _read_or_refuse(blob)
    _read_or_refuse(b'<Project xmlns="http://schemas.microsoft.com/project">' + blob)


def test_a_yearly_holiday_on_february_29_and_a_plan_without_dates() -> None:
    plan = Plan(
        name="Leap",
        tasks=[PlanTask("1", "Undated", duration_days=3)],
        calendar=PlanCalendar(holidays=[PlanHoliday(date(2028, 2, 29), "Leap", yearly=True)]),
    )
    back = read_mspdi(write_mspdi(plan), "leap.xml")
    assert back.calendar is not None and back.calendar.holidays == plan.calendar.holidays
    assert [(t.start, t.finish, t.duration_days) for t in back.tasks] == [(None, None, 3)]
    assert back.start is None
