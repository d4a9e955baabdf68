"""Our CSV: lossless round trips for its columns, formula neutralising, the mapping step for
arbitrary spreadsheets, date orders, refusals naming row and column, and fuzzing."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipmp_desktop.core.commands import (
    AddDependency,
    CreateLabel,
    CreatePerson,
    CreateProject,
    CreateTask,
    SetAssignees,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.csv_format import (
    COLUMNS,
    csv_headers,
    guess_mapping,
    read_csv,
    write_csv,
)
from ipmp_desktop.core.interchange.plan import (
    InterchangeError,
    Plan,
    PlanLink,
    PlanResource,
    PlanTask,
)
from ipmp_desktop.core.interchange.project_read import read_project
from ipmp_desktop.core.interchange.store import write_plan
from tests.interchange.plan_checks import assert_sound, mutate, read_or_refuse


def sample_plan() -> Plan:
    """Every column used: three outline levels, each kind, every link type with lags of both
    signs, each priority, board columns, labels, partial assignments, notes with commas,
    quotes and line breaks, and text in other scripts."""
    return Plan(
        name="Sample",
        tasks=[
            PlanTask("p", "Phase 1", kind="summary", start=date(2025, 3, 3),
                     finish=date(2025, 3, 14), duration_days=10, column="Doing"),
            PlanTask("d", "Design, \"v2\"", parent="p", start=date(2025, 3, 3),
                     finish=date(2025, 3, 7), duration_days=5, percent=100, priority=4,
                     column="Done", labels=["UX", "Q1 plan"], notes="a, b\n\"c\"\nd",
                     assignments=[("r1", 100), ("r2", 50)]),
            PlanTask("b", "Build", parent="p", start=date(2025, 3, 10), finish=date(2025, 3, 14),
                     duration_days=5, percent=40, priority=3, column="Doing",
                     assignments=[("r2", 100)]),
            PlanTask("b1", "Unit tests", parent="b", start=date(2025, 3, 10),
                     finish=date(2025, 3, 11), duration_days=2, priority=1, column="To do"),
            PlanTask("e", "Accounts", kind="epic", start=date(2025, 3, 17),
                     finish=date(2025, 3, 21), duration_days=5, priority=2),
            PlanTask("m", "Launch 🚀 ローンチ", kind="milestone", start=date(2025, 3, 24),
                     finish=date(2025, 3, 24), duration_days=0, column="To do"),
            PlanTask("u", "Undated", duration_days=3),
        ],
        links=[
            PlanLink("d", "b", "FS", 0),
            PlanLink("d", "b1", "SS", 2),
            PlanLink("b", "e", "FF", -1),
            PlanLink("e", "m", "SF", 0),
            PlanLink("b1", "m", "FS", 3),
        ],
        resources=[PlanResource("r1", "Ann Smith"), PlanResource("r2", "Bo; Chen")],
    )  # fmt: skip


def _fields(plan: Plan) -> list[tuple]:
    """What our CSV holds of each task, keys replaced by titles so plans compare."""
    title = {task.key: task.title for task in plan.tasks}
    names = {resource.key: resource.name for resource in plan.resources}
    return [
        (
            task.title, title.get(task.parent or ""), task.kind, task.start, task.finish,
            task.duration_days, task.percent, task.priority, task.column, task.labels,
            [(names.get(k, k), u) for k, u in task.assignments], task.notes,
        )
        for task in plan.tasks
    ]  # fmt: skip


def _links(plan: Plan) -> list[tuple]:
    title = {task.key: task.title for task in plan.tasks}
    return sorted(
        (title[link.predecessor], title[link.successor], link.type, link.lag_days)
        for link in plan.links
    )


def _cells(blob: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(blob.decode("utf-8-sig"), newline="")))


# -- writing and reading back -------------------------------------------------------------------


def test_written_file_has_bom_our_header_and_wbs() -> None:
    blob = write_csv(sample_plan())
    assert blob.startswith(b"\xef\xbb\xbf")
    rows = _cells(blob)
    assert tuple(rows[0]) == COLUMNS
    assert [row[0] for row in rows[1:]] == ["1", "1.1", "1.2", "1.2.1", "2", "3", "4"]
    by_name = {row[1]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    assert by_name["Build"]["Predecessors"] == "1.1"
    assert by_name["Unit tests"]["Predecessors"] == "1.1SS+2d"
    assert by_name["Accounts"]["Predecessors"] == "1.2FF-1d"
    assert by_name["Launch 🚀 ローンチ"]["Predecessors"] == "2SF;1.2.1FS+3d"
    assert by_name['Design, "v2"']["Assignees"] == "Ann Smith; Bo, Chen (50%)"
    assert by_name['Design, "v2"']["Priority"] == "Critical"
    assert by_name["Build"]["Start"] == "2025-03-10"


def test_round_trip_is_lossless_for_the_columns() -> None:
    plan = sample_plan()
    plan.resources[1].name = "Bo Chen"  # a semicolon in a name is written as a comma
    again = read_csv(write_csv(plan), "sample.csv")
    assert_sound(again)
    assert _fields(again) == _fields(plan)
    assert _links(again) == _links(plan)
    assert [c.name for c in again.columns] == ["Doing", "Done", "To do"]
    assert write_csv(again) == write_csv(plan)


def test_round_trip_through_a_workspace(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        project = CreateProject(name="Site", start=date(2026, 1, 5))
        apply(workspace, project)
        pid = project.project_id
        phase = CreateTask(project_id=pid, title="Phase")
        apply(workspace, phase)
        design = CreateTask(project_id=pid, title="Design", parent_id=phase.task_id,
                            start=date(2026, 1, 5), duration_days=3, priority=3)  # fmt: skip
        build = CreateTask(project_id=pid, title="Build", parent_id=phase.task_id,
                           duration_days=4)  # fmt: skip
        launch = CreateTask(project_id=pid, title="Launch", kind="milestone")
        for command in (design, build, launch):
            apply(workspace, command)
        apply(workspace, AddDependency(predecessor_id=design.task_id, successor_id=build.task_id))
        apply(workspace, AddDependency(predecessor_id=build.task_id,
                                       successor_id=launch.task_id, lag_days=1))  # fmt: skip
        apply(workspace, UpdateTask(task_id=design.task_id, percent_complete=50,
                                    description="Sketches =first"))  # fmt: skip
        ann = CreatePerson(name="Ann")
        apply(workspace, ann)
        apply(workspace, SetAssignees(task_id=build.task_id, person_ids=[ann.person_id]))
        apply(workspace, CreateLabel(project_id=pid, name="UX", attach_to=design.task_id))
        with workspace.reading() as session:
            before = read_project(session, pid)
        result = write_plan(workspace, read_csv(write_csv(before), "site.csv"))
        assert result.report.shifted == []
        with workspace.reading() as session:
            after = read_project(session, result.project_id)
    assert _fields(after) == _fields(before)
    assert _links(after) == _links(before)
    assert [t.title for t in after.tasks] == ["Phase", "Design", "Build", "Launch"]


# -- formula neutralising -----------------------------------------------------------------------


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r", "\x00"])
def test_cells_that_a_spreadsheet_could_run_are_neutralised(first: str) -> None:
    text = f"{first}HYPERLINK(1)"
    plan = Plan(name="x", tasks=[PlanTask("a", f"T{first}", notes=text, labels=[text])])
    plan.tasks.append(PlanTask("b", text))
    rows = _cells(write_csv(plan))
    assert rows[1][COLUMNS.index("Notes")] == "'" + text
    assert rows[1][COLUMNS.index("Labels")] == "'" + text
    assert rows[2][COLUMNS.index("Name")] == "'" + text
    assert rows[1][COLUMNS.index("Name")] == f"T{first}"  # only a leading character counts
    again = read_csv(write_csv(plan), "x.csv")
    expected = text.replace("\x00", "")  # the workspace cannot hold NUL characters
    assert again.tasks[0].notes == expected
    if first not in "\t\r":  # names are single-line, spaces collapsed
        assert again.tasks[1].title == expected
        assert again.tasks[0].labels == [expected]


def test_apostrophes_already_there_survive() -> None:
    plan = Plan(name="x", tasks=[PlanTask("a", "'=quoted", notes="''+two"),
                                 PlanTask("b", "it's fine", notes="'plain")])  # fmt: skip
    rows = _cells(write_csv(plan))
    assert rows[1][1] == "''=quoted" and rows[2][1] == "it's fine"
    again = read_csv(write_csv(plan), "x.csv")
    assert [(t.title, t.notes) for t in again.tasks] == [
        ("'=quoted", "''+two"), ("it's fine", "'plain"),
    ]  # fmt: skip


# -- arbitrary spreadsheets ---------------------------------------------------------------------

SHEET = (
    "Task Title;Begins;Due;Owner;Status;Tags;Progress;Ignored\r\n"
    'Survey;03/03/2025;07/03/2025;"Ann; Bob (25%)";Backlog;"field; paper";10 %;café\r\n'
    "Report;10/03/2025;25/03/2025;Bob;In progress;paper;50%;y\r\n"
    "Review;;;;;;;z\r\n"
).encode("cp1252")


def test_guessed_mapping_of_another_sheet() -> None:
    headers = csv_headers(SHEET)
    assert headers[:3] == ["Task Title", "Begins", "Due"]
    assert guess_mapping(headers) == {
        "Name": "Task Title", "Start": "Begins", "Finish": "Due", "% Complete": "Progress",
        "Column": "Status", "Labels": "Tags", "Assignees": "Owner",
    }  # fmt: skip
    plan = read_csv(SHEET, "tasks.csv")
    assert plan.name == "tasks"
    survey, report, review = plan.tasks
    # 25/03/2025 says day first, so 07/03/2025 is 7 March
    assert (survey.start, survey.finish, survey.duration_days) == (
        date(2025, 3, 3), date(2025, 3, 7), 5,
    )  # fmt: skip
    assert (report.start, report.finish, report.duration_days) == (
        date(2025, 3, 10), date(2025, 3, 25), 12,
    )  # fmt: skip
    assert (survey.percent, report.percent, review.percent) == (10, 50, 0)
    assert survey.labels == ["field", "paper"]
    names = {r.key: r.name for r in plan.resources}
    assert [(names[k], u) for k, u in survey.assignments] == [("Ann", 100), ("Bob", 25)]
    assert [(c.name, c.category) for c in plan.columns] == [
        ("Backlog", "todo"), ("In progress", "doing"),
    ]  # fmt: skip
    assert (review.start, review.column) == (None, None)
    assert any("Ignored" in line for line in plan.report.dropped)


def test_an_explicit_mapping() -> None:
    blob = b"Thing,When,Until,Days,Outline,After\nB,2025-01-06,,2,1.1,1.2\nA,,,,1,\nC,,,,1.2,\n"
    plan = read_csv(
        blob,
        "odd.csv",
        {"Name": "Thing", "Start": "When", "Finish": "Until", "Duration (days)": "Days",
         "WBS": "Outline", "Predecessors": "After", "Notes": ""},
    )  # fmt: skip
    assert [(t.key, t.title, t.parent) for t in plan.tasks] == [
        ("1", "A", None), ("1.1", "B", "1"), ("1.2", "C", "1"),
    ]  # fmt: skip
    assert plan.task("1.1").duration_days == 2
    assert [(link.predecessor, link.successor) for link in plan.links] == [("1.2", "1.1")]


def test_month_first_dates() -> None:
    plan = read_csv(b"Name,Start\nA,03/25/2025\nB,04/01/2025\n", "us.csv")
    assert [t.start for t in plan.tasks] == [date(2025, 3, 25), date(2025, 4, 1)]


@pytest.mark.parametrize(
    ("blob", "words"),
    [
        (b"Name,Start\nA,03/04/2025\nB,05/06/2025\n", "ISO"),
        (b"Name,Start\nA,25/03/2025\nB,03/25/2025\n", "ISO"),
        (b"Name,Start\nA,soon\n", "row 2, Start"),
        (b"Name,% Complete\nA,150\n", "row 2, % Complete"),
        (b"Name,Duration (days)\nA,-2\n", "row 2, Duration"),
        (b"Name,Start,Finish\nA,2025-03-05,2025-03-04\n", "before the start"),
        (b"WBS,Name\n1,A\n1,B\n", "WBS 1"),
        (b"WBS,Name\n1.x,A\n", "row 2, WBS"),
        (b"WBS,Name,Predecessors\n1,A,\n2,B,7\n", "row 3, Predecessors"),
        (b"Title\n", "no rows"),
        (b"Colour,Size\nred,1\n", "choose one in the column mapping"),
        (b"", "empty"),
    ],
)
def test_refusals_say_where(blob: bytes, words: str) -> None:
    with pytest.raises(InterchangeError, match=words):
        read_csv(blob, "bad.csv")


def test_a_mapping_naming_what_is_not_there_is_refused() -> None:
    with pytest.raises(InterchangeError, match="no column named 'Nope'"):
        read_csv(b"Name\nA\n", "x.csv", {"Name": "Nope"})
    with pytest.raises(InterchangeError, match="not one of our columns"):
        read_csv(b"Name\nA\n", "x.csv", {"Name": "Name", "Colour": "Name"})


def test_wbs_outline_in_any_row_order() -> None:
    blob = b"WBS,Name\n2,Two\n1.1.1,Deep\n1,One\n1.3.1,Orphan\n"
    plan = read_csv(blob, "x.csv")
    assert [(t.key, t.parent) for t in plan.tasks] == [
        ("2", None), ("1", None), ("1.1.1", "1"), ("1.3.1", "1"),
    ]  # fmt: skip
    assert any("nearest ancestor" in line for line in plan.report.mapped)


def test_cycles_in_predecessors_are_dropped() -> None:
    plan = read_csv(b"WBS,Name,Predecessors\n1,A,2\n2,B,1\n", "x.csv")
    assert len(plan.links) == 1
    assert any("cycle" in line for line in plan.report.dropped)


def test_other_encodings() -> None:
    text = "Name\tStart\nCafé\t2025-01-06\n"
    for blob in (text.encode("utf-16"), text.encode("cp1252"), text.encode("utf-8")):
        plan = read_csv(blob, "x.txt")
        assert [(t.title, t.start) for t in plan.tasks] == [("Café", date(2025, 1, 6))]
    assert any("Windows-1252" in line for line in read_csv(SHEET, "t.csv").report.mapped)


# -- fuzzing ------------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SEEDS = [write_csv(sample_plan()), SHEET]
CELLS = st.text(max_size=10) | st.sampled_from(
    ["1", "1.1", "2", "1.2.1", "2FS+3d", "1;1", "99", "03/04/2025", "25/12/2025", "12/25/2025",
     "2025-02-30", "0001-01-01", "milestone", "0", "100%", "1e9", "'=1", "Done"]
)  # fmt: skip


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_bytes(data: st.DataObject) -> None:
    read_or_refuse(read_csv, mutate(data.draw(st.sampled_from(SEEDS), label="seed"), data))


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_cells(data: st.DataObject) -> None:
    rows = _cells(write_csv(sample_plan()))
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        row = data.draw(st.sampled_from(rows[1:]), label="row")
        row[data.draw(st.integers(0, len(row) - 1), label="cell")] = data.draw(CELLS, label="v")
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    read_or_refuse(read_csv, out.getvalue().encode())


@FUZZ
@given(blob=st.binary(max_size=300), data=st.data())
def test_fuzz_random_bytes_and_mappings(blob: bytes, data: st.DataObject) -> None:
    read_or_refuse(read_csv, blob)
    read_or_refuse(read_csv, b"WBS,Name,Start,Predecessors\n" + blob)
    headers = ["A", "B", "C"]
    mapping = data.draw(
        st.dictionaries(st.sampled_from(COLUMNS), st.sampled_from(headers), max_size=4)
    )
    read_or_refuse(lambda raw, source: read_csv(raw, source, mapping), b"A,B,C\n" + blob)
