"""iCalendar: our export read by the icalendar package, our reader on the corpus, round trips."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar, vDuration

from ipmp_desktop.core.commands import CreateLabel, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.ical import plan_slug, task_uid, write_ical
from ipmp_desktop.core.interchange.ical_read import looks_like_ical, read_ical
from ipmp_desktop.core.interchange.plan import (
    InterchangeError,
    Plan,
    PlanColumn,
    PlanLink,
    PlanTask,
)
from ipmp_desktop.core.interchange.store import read_project, write_plan
from tests.interchange.conftest import corpus_files
from tests.interchange.round_trips import assert_website_kept, build_website, round_trip

STAMP = datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
TITLE = "Phase, one; two\nand a line"
LONG = "Design the façade — " + "very long title with ünïcode, commas; and more " * 3 + "!"


def sample_plan() -> Plan:
    """A summary with four children (a milestone among them), every priority, two columns."""
    return Plan(
        name="Q3 Launch!",
        columns=[PlanColumn("To do"), PlanColumn("Doing", "doing"), PlanColumn("Done", "done")],
        tasks=[
            PlanTask("1", TITLE, kind="summary", start=date(2026, 1, 5), finish=date(2026, 1, 16)),
            PlanTask(
                "2",
                LONG,
                parent="1",
                start=date(2026, 1, 5),
                finish=date(2026, 1, 7),
                duration_days=3,
                percent=40,
                priority=4,
                labels=["ux", "a,b", "c;d"],
                notes="First line, with comma\nsecond; line\\end",
            ),
            PlanTask(
                "3",
                "Build",
                parent="1",
                start=date(2026, 1, 9),
                finish=date(2026, 1, 14),
                duration_days=4,
                percent=100,
                priority=3,
            ),
            PlanTask(
                "4",
                "Review",
                parent="1",
                start=date(2026, 1, 6),
                finish=date(2026, 1, 6),
                priority=1,
                column="Doing",
            ),
            PlanTask(
                "5",
                "Go live",
                parent="1",
                kind="milestone",
                start=date(2026, 1, 16),
                finish=date(2026, 1, 16),
                duration_days=0,
                priority=2,
            ),
            PlanTask("6", "Someday", column="Done"),
        ],
        links=[
            PlanLink("2", "3", "FS", 2),
            PlanLink("2", "4", "SS", -1),
            PlanLink("3", "5", "FF", 0),
            PlanLink("4", "5", "SF", 3),
        ],
    )


def parsed(data: bytes) -> tuple[dict[str, object], dict[str, object]]:
    """To-dos and events of a file by UID, as the icalendar package reads them."""
    calendar = Calendar.from_ical(data)
    todos = {str(c["UID"]): c for c in calendar.walk("VTODO")}
    events = {str(c["UID"]): c for c in calendar.walk("VEVENT")}
    return todos, events


def relations(component) -> list[tuple[str, timedelta | None, str]]:
    """``(RELTYPE, GAP, UID)`` of each RELATED-TO (RELTYPE defaults to PARENT, RFC 5545)."""
    values = component.get("RELATED-TO", [])
    values = values if isinstance(values, list) else [values]
    out = []
    for value in values:
        gap = value.params.get("GAP")
        out.append(
            (
                value.params.get("RELTYPE", "PARENT"),
                vDuration.from_ical(gap) if gap else None,
                str(value),
            )
        )
    return sorted(out, key=repr)


def uid(key: str) -> str:
    return f"task-{key}@q3-launch.ipmp"


# -- export --------------------------------------------------------------------------------------


def test_export_holds_every_task_with_all_day_dates_and_exclusive_ends() -> None:
    data = write_ical(sample_plan(), stamp=STAMP)
    todos, events = parsed(data)
    assert sorted(todos) == [uid(key) for key in ("1", "2", "3", "4", "6")]
    assert list(events) == [uid("5")]
    assert plan_slug("Q3 Launch!") == "q3-launch" and task_uid(sample_plan(), "2") == uid("2")
    expected = {  # (DTSTART, DUE): DUE is the day after the inclusive finish
        "1": (date(2026, 1, 5), date(2026, 1, 17)),
        "2": (date(2026, 1, 5), date(2026, 1, 8)),
        "3": (date(2026, 1, 9), date(2026, 1, 15)),
        "4": (date(2026, 1, 6), date(2026, 1, 7)),
    }
    for key, (start, due) in expected.items():
        todo = todos[uid(key)]
        assert todo.decoded("DTSTART") == start and type(todo.decoded("DTSTART")) is date
        assert todo.decoded("DUE") == due and type(todo.decoded("DUE")) is date
        assert todo["DTSTART"].params["VALUE"] == "DATE"
        assert todo.decoded("DTSTAMP") == STAMP
    assert "DTSTART" not in todos[uid("6")] and "DUE" not in todos[uid("6")]
    milestone = events[uid("5")]
    assert milestone.decoded("DTSTART") == date(2026, 1, 16)
    assert milestone.decoded("DTEND") == date(2026, 1, 17)
    assert str(milestone["SUMMARY"]) == "Go live"


def test_export_maps_progress_status_priority_labels_and_notes() -> None:
    todos, events = parsed(write_ical(sample_plan(), stamp=STAMP))
    status = {key: str(todos[uid(key)]["STATUS"]) for key in ("1", "2", "3", "4", "6")}
    assert status == {
        "1": "NEEDS-ACTION",
        "2": "IN-PROCESS",
        "3": "COMPLETED",
        "4": "IN-PROCESS",  # 0 % but in a "doing" column
        "6": "COMPLETED",  # in a "done" column
    }
    assert todos[uid("2")].decoded("PERCENT-COMPLETE") == 40
    priorities = {key: todos[uid(key)].decoded("PRIORITY") for key in ("1", "2", "3", "4")}
    assert priorities == {"1": 0, "2": 1, "3": 3, "4": 7}
    assert events[uid("5")].decoded("PRIORITY") == 5
    design = todos[uid("2")]
    assert [str(c) for c in design["CATEGORIES"].cats] == ["ux", "a,b", "c;d"]
    assert str(design["DESCRIPTION"]) == "First line, with comma\nsecond; line\\end"
    assert str(design["SUMMARY"]) == LONG
    assert str(todos[uid("1")]["SUMMARY"]) == TITLE


def test_export_outline_and_dependencies_as_rfc_9253_relations() -> None:
    todos, events = parsed(write_ical(sample_plan(), stamp=STAMP))
    assert relations(todos[uid("1")]) == []
    assert relations(todos[uid("2")]) == [("PARENT", None, uid("1"))]
    assert relations(todos[uid("3")]) == sorted(
        [("PARENT", None, uid("1")), ("FINISHTOSTART", timedelta(days=2), uid("2"))], key=repr
    )
    assert relations(todos[uid("4")]) == sorted(
        [("PARENT", None, uid("1")), ("STARTTOSTART", timedelta(days=-1), uid("2"))], key=repr
    )
    assert relations(events[uid("5")]) == sorted(
        [
            ("PARENT", None, uid("1")),
            ("FINISHTOFINISH", None, uid("3")),
            ("STARTTOFINISH", timedelta(days=3), uid("4")),
        ],
        key=repr,
    )


def test_relations_have_the_shape_of_the_rfc_9253_examples(corpus: Path) -> None:
    # rfc_9253_gap.ics: event "2" holds RELATED-TO;VALUE=UID;RELTYPE=STARTTOSTART;GAP=P1W:1
    theirs = parsed((corpus / "ical" / "rfc_9253_gap.ics").read_bytes())[1]["2"]
    ours = parsed(write_ical(sample_plan(), stamp=STAMP))[0][uid("4")]
    assert relations(theirs) == [("STARTTOSTART", timedelta(weeks=1), "1")]
    their_link = theirs["RELATED-TO"]
    our_link = next(v for v in ours["RELATED-TO"] if v.params.get("RELTYPE") != "PARENT")
    assert set(our_link.params) == set(their_link.params) == {"VALUE", "RELTYPE", "GAP"}
    assert our_link.params["VALUE"] == their_link.params["VALUE"] == "UID"
    assert b"GAP=-P1D" in write_ical(sample_plan(), stamp=STAMP)


def test_export_folds_lines_and_escapes_text() -> None:
    data = write_ical(sample_plan(), stamp=STAMP)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long title was folded
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"SUMMARY:Phase\\, one\\; two\\nand a line\r\n" in data
    assert b"CATEGORIES:ux,a\\,b,c\\;d\r\n" in data
    assert data.decode("utf-8")  # folding never splits a multi-byte character
    assert write_ical(sample_plan(), stamp=STAMP) == data


def test_an_empty_plan_is_a_valid_calendar() -> None:
    calendar = Calendar.from_ical(write_ical(Plan(name=""), stamp=STAMP))
    assert calendar.walk("VTODO") == [] and str(calendar["PRODID"]).startswith("-//IPMP//")


# -- import --------------------------------------------------------------------------------------


def test_export_reads_back_as_the_same_plan() -> None:
    plan = sample_plan()
    back = read_ical(write_ical(plan, stamp=STAMP), "launch.ics")
    assert back.name == "Q3 Launch!"
    original = {uid(task.key): task for task in plan.tasks}
    assert [task.key for task in back.tasks] == [uid(t.key) for t in plan.tasks]
    for task in back.tasks:
        source = original[task.key]
        assert task.title == source.title
        assert (task.start, task.finish) == (source.start, source.finish)
        assert task.kind == ("milestone" if source.kind == "milestone" else "task")
        assert task.parent == (uid(source.parent) if source.parent else None)
        assert task.priority == source.priority
        assert task.labels == source.labels
        assert task.notes == source.notes
        if source.kind != "milestone":
            assert task.percent == source.percent
    assert back.task(uid("2")).duration_days == 3
    assert back.task(uid("3")).duration_days == 4  # Friday to Wednesday, the weekend not counted
    links = {(link.predecessor, link.successor, link.type, link.lag_days) for link in back.links}
    assert links == {
        (uid(link.predecessor), uid(link.successor), link.type, link.lag_days)
        for link in plan.links
    }
    assert back.report.counts == {"tasks": 6, "milestones": 1, "links": 4}


def test_a_project_survives_read_project_ical_and_write_plan(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        website = build_website(workspace, "Build, test")
        pid = website.project_id
        apply(workspace, CreateLabel(project_id=pid, name="web", attach_to=website.design))
        before, after, result = round_trip(
            workspace,
            pid,
            lambda plan: read_ical(write_ical(plan), "website.ics"),
            name="Website again",
        )

    def shape(plan: Plan) -> list[tuple[object, ...]]:
        titles = {task.key: task.title for task in plan.tasks}
        return [
            (
                t.title,
                titles.get(t.parent or ""),
                t.kind if t.kind == "milestone" else "work",
                t.start,
                t.finish,
                t.duration_days,
                t.percent,
                t.priority,
                t.labels,
            )
            for t in plan.tasks
        ]

    assert_website_kept(website, before, after, result, shape)


def _calendar(*entries: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\n" + "".join(entries) + "END:VCALENDAR\r\n").encode()


def _entry(kind: str, uid: str, *lines: str) -> str:
    return f"BEGIN:{kind}\r\nUID:{uid}\r\n" + "".join(f"{x}\r\n" for x in lines) + f"END:{kind}\r\n"


def test_outline_from_parent_and_child_relations_with_circles_cut() -> None:
    data = _calendar(
        _entry("VTODO", "kid", "RELATED-TO:mum"),  # RELTYPE defaults to PARENT; mum comes later
        _entry("VTODO", "mum", "RELATED-TO;RELTYPE=CHILD:other-kid"),
        _entry("VTODO", "other-kid"),
        _entry("VTODO", "c", "RELATED-TO;RELTYPE=PARENT:d"),
        _entry("VTODO", "d", "RELATED-TO;RELTYPE=PARENT:c"),
        _entry("VTODO", "e", "RELATED-TO;RELTYPE=PARENT:c"),
    )
    plan = read_ical(data, "tree.ics")
    assert [(t.key, t.parent) for t in plan.tasks] == [
        ("mum", None),
        ("kid", "mum"),
        ("other-kid", "mum"),
        ("c", None),  # the circle c -> d -> c is cut at c, the first of it in the file
        ("d", "c"),
        ("e", "c"),
    ]
    assert "1 parent relations that would make a circle were not imported." in (plan.report.dropped)


def test_status_priority_durations_and_depends_on() -> None:
    data = _calendar(
        _entry("VTODO", "a", "STATUS:COMPLETED", "PRIORITY:2", "DTSTART;VALUE=DATE:20260105",
               "DURATION:P3D"),
        _entry("VTODO", "b", "STATUS:CANCELLED", "PERCENT-COMPLETE:30", "PRIORITY:9",
               "RELATED-TO;RELTYPE=DEPENDS-ON:a"),
        _entry("VEVENT", "c", "DTSTART:20260105T220000", "DTEND:20260107T000000",
               "RELATED-TO;RELTYPE=FINISHTOFINISH;GAP=PT36H:b"),
    )  # fmt: skip
    plan = read_ical(data, "status.ics")
    a, b, c = plan.tasks
    # DTSTART Jan 5 + P3D ends (exclusive) on Jan 8: the last day is Jan 7
    assert (a.percent, a.priority, a.start, a.finish, a.duration_days) == (
        100, 3, date(2026, 1, 5), date(2026, 1, 7), 3,
    )  # fmt: skip
    assert (b.percent, b.priority, b.archived) == (30, 1, True)
    # a timed end at midnight is exclusive too: the event covers Jan 5 and 6
    assert (c.kind, c.start, c.finish, c.duration_days) == ("task", date(2026, 1, 5),
                                                            date(2026, 1, 6), 2)  # fmt: skip
    assert plan.links == [PlanLink("a", "b", "FS", 0), PlanLink("b", "c", "FF", 2)]


# -- the corpus ----------------------------------------------------------------------------------


def _read(corpus: Path, name: str) -> Plan:
    return read_ical((corpus / "ical" / name).read_bytes(), name)


def test_hebcal_feed_all_day_event_with_folded_description(corpus: Path) -> None:
    # test.ics: one all-day VEVENT, DTSTART 20231207, DTEND 20231208 (exclusive), CATEGORIES
    # Holiday, X-WR-CALNAME "Jewish Holidays ✡️", a DESCRIPTION folded over four lines
    plan = _read(corpus, "test.ics")
    assert plan.name == "Jewish Holidays \u2721\ufe0f"
    (task,) = plan.tasks
    assert (task.key, task.title) == ("hebcal-20231207-1c6fa26d", "Chanukah: 1 Candle")
    assert (task.kind, task.start, task.finish) == (
        "milestone",
        date(2023, 12, 7),
        date(2023, 12, 7),
    )
    assert task.labels == ["Holiday"]
    assert "Festival of Lights, the eight-day festival" in task.notes
    assert task.notes.endswith("https://hebcal.com/h/chanukah-2023?uc=ical-jewish-holidays-v2")


def test_bare_todo_with_exclusive_all_day_due(corpus: Path) -> None:
    # example.ics: a VTODO with no VCALENDAR around it; DUE;VALUE=DATE:20070501,
    # CATEGORIES:FAMILY,FINANCE, STATUS:NEEDS-ACTION
    (task,) = _read(corpus, "example.ics").tasks
    assert task.title == "Submit Quebec Income Tax Return for 2006"
    assert (task.start, task.finish, task.kind) == (date(2007, 4, 30), date(2007, 4, 30), "task")
    assert task.labels == ["FAMILY", "FINANCE"] and task.percent == 0


def test_categories_with_escaped_commas(corpus: Path) -> None:
    # issue_127: CATEGORIES:Meeting\, John,Work\, Sarah,Project on a timed event without DTEND
    (task,) = _read(corpus, "issue_127_categories_with_commas.ics").tasks
    assert task.labels == ["Meeting, John", "Work, Sarah", "Project"]
    assert (task.kind, task.start) == ("milestone", date(2014, 2, 4))  # no length: a milestone


def test_tzid_without_vtimezone_is_tolerated(corpus: Path) -> None:
    # issue_722: DTSTART New York 2014-08-29 08:00, DTEND Los Angeles same day; a VTODO due in
    # Singapore 2014-08-29 08:00; two VEVENTs without dates or UIDs; no VTIMEZONE at all
    plan = _read(corpus, "issue_722_missing_timezones.ics")
    assert [t.key for t in plan.tasks] == ["item-1", "item-2", "item-3", "item-4"]
    first, _override, todo, _rdates = plan.tasks
    assert (first.title, first.start, first.finish) == (
        "an event with a custom tz name",
        date(2014, 8, 29),
        date(2014, 8, 29),
    )
    assert (todo.start, todo.finish) == (date(2014, 8, 29), date(2014, 8, 29))
    assert any("first date" in line for line in plan.report.mapped)  # RDATE entries


def test_custom_timezone_with_vtimezone(corpus: Path) -> None:
    # america_new_york.ics: one VEVENT 08:00-10:00 on 2014-08-29 in a custom VTIMEZONE
    (task,) = _read(corpus, "america_new_york.ics").tasks
    assert (task.key, task.kind, task.start, task.finish) == (
        "noend123",
        "task",
        date(2014, 8, 29),
        date(2014, 8, 29),
    )


def test_events_todos_and_what_is_left_out(corpus: Path) -> None:
    # issue_1050_calendar_with_events_and_todos: 2 VEVENTs (10:00-11:00 on Jan 15 and 16,
    # 2025), 1 VTODO without dates, 1 VJOURNAL
    plan = _read(corpus, "issue_1050_calendar_with_events_and_todos.ics")
    assert [(t.key, t.kind, t.start) for t in plan.tasks] == [
        ("event-1@example.com", "task", date(2025, 1, 15)),
        ("event-2@example.com", "task", date(2025, 1, 16)),
        ("todo-1@example.com", "task", None),
    ]
    assert "1 VJOURNAL entries were not imported." in plan.report.dropped
    # issue_1050_all_components: VEVENT (with a VALARM inside), VTODO, VJOURNAL, VAVAILABILITY
    plan = _read(corpus, "issue_1050_all_components.ics")
    assert [t.key for t in plan.tasks] == ["event-1", "todo-1"]
    assert "1 VAVAILABILITY entries were not imported." in plan.report.dropped


def test_rfc_9253_gap_becomes_a_lagged_link(corpus: Path) -> None:
    # rfc_9253_gap.ics: event 2 RELATED-TO;VALUE=UID;RELTYPE=STARTTOSTART;GAP=P1W:1
    plan = _read(corpus, "rfc_9253_gap.ics")
    assert [(t.key, t.title) for t in plan.tasks] == [
        ("1", "Event 1"),
        ("2", "This starts one week after Event 1"),
    ]
    assert plan.links == [PlanLink("1", "2", "SS", 7)]


def test_relations_to_entries_outside_the_file_are_reported(corpus: Path) -> None:
    # rfc_9253_related_to.ics: one VEVENT with two parent relations to UIDs not in the file and
    # one STARTTOFINISH relation given as a URI
    plan = _read(corpus, "rfc_9253_related_to.ics")
    assert len(plan.tasks) == 1 and plan.tasks[0].parent is None and plan.links == []
    dropped = " ".join(plan.report.dropped)
    assert "by URI" in dropped and "not in the file" in dropped
    # issue_798: a parent relation to a UID not in the file and a SIBLING relation
    plan = _read(corpus, "issue_798_related_to.ics")
    assert [t.parent for t in plan.tasks] == [None, None]
    assert "1 SIBLING relations (no counterpart in a plan) were not imported." in (
        plan.report.dropped
    )


def test_broken_line_is_skipped_and_reported(corpus: Path) -> None:
    # broken_ical.ics: DTSTART;;VALUE=DATE-TIME:... cannot be parsed; SUMMARY and UID can
    (task,) = _read(corpus, "broken_ical.ics").tasks
    assert (task.key, task.title, task.start) == ("abc", "An Event with too many semicolons", None)


@pytest.mark.parametrize("name", ["big_bad_calendar.ics", "bom_calendar.ics"])
def test_files_without_entries_are_refused(corpus: Path, name: str) -> None:
    # big_bad_calendar: only empty VEVENTs in an unterminated VCALENDAR; bom_calendar: an empty
    # VCALENDAR after a UTF-8 BOM
    with pytest.raises(InterchangeError, match=f"{name} holds no to-do or event"):
        _read(corpus, name)


@pytest.mark.parametrize("path", corpus_files("ical", ".ics"), ids=lambda p: p.name)
def test_every_corpus_file_reads_or_is_refused_in_one_sentence(path: Path) -> None:
    data = path.read_bytes()
    assert looks_like_ical(data[:200])
    try:
        plan = read_ical(data, path.name)
    except InterchangeError as error:
        assert path.name in ("big_bad_calendar.ics", "bom_calendar.ics"), str(error)
        return
    assert plan.tasks and plan.report.counts["tasks"] == len(plan.tasks)
    keys = [task.key for task in plan.tasks]
    assert len(set(keys)) == len(keys)
    seen: set[str] = set()
    for task in plan.tasks:  # outline order: parents first
        assert task.parent is None or task.parent in seen
        seen.add(task.key)


def test_every_readable_corpus_file_becomes_a_project(corpus: Path, tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "imports.ipmp") as workspace:
        for path in corpus_files("ical", ".ics"):
            try:
                plan = read_ical(path.read_bytes(), path.name)
            except InterchangeError:
                continue
            result = write_plan(workspace, plan)
            with workspace.reading() as session:
                stored = read_project(session, result.project_id)
            assert [t.title for t in stored.tasks] == [t.title for t in plan.tasks], path.name
            assert len(stored.links) == len(plan.links), path.name


def test_sniffer_and_refusals() -> None:
    assert looks_like_ical(b"\xef\xbb\xbf\r\nbegin:vcalendar\r\n")
    assert not looks_like_ical(b'{"name": "board"}')
    assert not looks_like_ical(b"<?xml version='1.0'?><Project/>")
    with pytest.raises(InterchangeError, match="not a readable iCalendar file"):
        read_ical(b"\x89PNG\r\n\x1a\n\x00\x00garbage", "image.ics")
    with pytest.raises(InterchangeError, match="holds no to-do or event"):
        read_ical(b"", "empty.ics")
    far = b"BEGIN:VTODO\r\nUID:x\r\nDTSTART;VALUE=DATE:30000101\r\nEND:VTODO\r\n"
    with pytest.raises(InterchangeError, match="outside 1900-2199"):
        read_ical(far, "far.ics")


# -- fuzzing -------------------------------------------------------------------------------------

SEEDS = [p.read_bytes() for p in corpus_files("ical", ".ics")] or [b""]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_or_refuse(data: bytes) -> None:
    try:
        plan = read_ical(data, "fuzz.ics")
    except InterchangeError as error:
        assert str(error).strip()
    else:
        assert all(task.key for task in plan.tasks)


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_files(data: st.DataObject) -> None:
    seed = data.draw(
        st.sampled_from([*SEEDS, write_ical(sample_plan(), stamp=STAMP)]), label="seed"
    )
    blob = bytearray(seed)
    for _ in range(data.draw(st.integers(1, 5), label="mutations")):
        if not blob:
            break
        at = data.draw(st.integers(0, len(blob) - 1), label="at")
        action = data.draw(st.sampled_from(["flip", "delete", "truncate", "insert", "digit"]))
        if action == "flip":
            blob[at] ^= data.draw(st.integers(1, 255), label="mask")
        elif action == "delete":
            del blob[at : at + data.draw(st.integers(1, 30), label="length")]
        elif action == "truncate":
            del blob[at:]
        elif action == "digit":  # dates and numbers out of range, the likeliest damage
            blob[at : at + 1] = data.draw(st.sampled_from([b"9", b"0", b"-", b"T", b";", b":"]))
        else:
            blob[at:at] = data.draw(
                st.sampled_from([b"\r\n ", b";GAP=", b"P9999999D", b"RELTYPE=CHILD", b"\\"])
                | st.binary(min_size=1, max_size=6),
                label="bytes",
            )
    _read_or_refuse(bytes(blob))


@FUZZ
@given(blob=st.binary(max_size=300))
def test_fuzz_random_bytes(blob: bytes) -> None:
    _read_or_refuse(blob)


@FUZZ
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "DTSTART;VALUE=DATE:20260105",
                "DTSTART:20260105T100000Z",
                "DTSTART;TZID=Nowhere/Special:20260105T100000",
                "DTEND;VALUE=DATE:20260101",
                "DUE;VALUE=DATE:21991231",
                "DURATION:P36600D",
                "DURATION:-PT5H",
                "PERCENT-COMPLETE:250",
                "PRIORITY:-3",
                "STATUS:CANCELLED",
                "RELATED-TO;RELTYPE=PARENT:a",
                "RELATED-TO;RELTYPE=CHILD:a",
                "RELATED-TO;RELTYPE=FINISHTOSTART;GAP=-P400W:a",
                "RELATED-TO;RELTYPE=DEPENDS-ON;GAP=junk:b",
                "RECURRENCE-ID:20260105T100000Z",
                "RRULE:FREQ=DAILY",
                "CATEGORIES:,,",
            ]
        ),
        max_size=6,
    ),
    kinds=st.lists(st.sampled_from(["VTODO", "VEVENT"]), min_size=1, max_size=3),
    uids=st.lists(st.sampled_from(["a", "b", "c"]), min_size=3, max_size=3),
)
def test_fuzz_combinations_of_properties(
    lines: list[str], kinds: list[str], uids: list[str]
) -> None:
    body = "".join(
        f"BEGIN:{kind}\r\nUID:{uids[n]}\r\n" + "".join(f"{line}\r\n" for line in lines)
        + f"END:{kind}\r\n"
        for n, kind in enumerate(kinds)
    )  # fmt: skip
    _read_or_refuse(f"BEGIN:VCALENDAR\r\n{body}END:VCALENDAR\r\n".encode())
