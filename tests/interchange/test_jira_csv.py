"""Jira CSV import: the two corpus exports, hierarchy and links (which the corpus lacks) from a
small export written here, dates, the sniffer, the store, and fuzzing."""

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.jira_csv import looks_like_jira_csv, read_jira_csv
from ipmp_desktop.core.interchange.loose_dates import jira_datetime
from ipmp_desktop.core.interchange.plan import InterchangeError
from ipmp_desktop.core.interchange.store import write_plan
from ipmp_desktop.core.model import BoardColumn, Dependency, Task
from tests.interchange.conftest import corpus_files
from tests.interchange.plan_checks import assert_sound, mutate, read_or_refuse

CODEBOOK = "jira_csv/CodeBook666/Jira.csv"
MEDLOCK = "jira_csv/ericmedlock/Jira.csv"


def _read(corpus: Path, name: str):
    return read_jira_csv((corpus / name).read_bytes(), Path(name).name)


# -- the corpus ---------------------------------------------------------------------------------


def test_every_corpus_export_imports(corpus: Path) -> None:
    files = corpus_files("jira_csv", ".csv")
    assert len(files) == 2
    for path in files:
        plan = read_jira_csv(path.read_bytes(), path.name)
        assert_sound(plan)
        assert plan.report.counts["tasks"] == len(plan.tasks) > 0


def test_current_fields_export_with_bom(corpus: Path) -> None:
    # CodeBook666/Jira.csv: a UTF-8 BOM, 20 issues (5 Epics AP-9..AP-13, 15 Tasks), all in
    # status Done, no Status Category or parent columns; priorities Low (AP-18), High (AP-17,
    # AP-15), Medium otherwise; everything created 22/Mar/26; assignee Kenuli Bulathsinghela on
    # AP-28, AP-25 and the epics.
    assert (corpus / CODEBOOK).read_bytes().startswith(b"\xef\xbb\xbf")
    plan = _read(corpus, CODEBOOK)
    assert len(plan.tasks) == 20
    assert [t.key for t in plan.tasks][:2] == ["AP-28", "AP-27"]  # file order, no hierarchy
    assert all(t.parent is None for t in plan.tasks)
    assert sorted(t.key for t in plan.tasks if t.kind == "epic") == [
        "AP-10", "AP-11", "AP-12", "AP-13", "AP-9",
    ]  # fmt: skip
    assert {t.kind for t in plan.tasks} == {"epic", "task"}
    assert [(c.name, c.category) for c in plan.columns] == [("Done", "done")]
    assert all(t.column == "Done" and t.percent == 100 for t in plan.tasks)
    first = plan.task("AP-28")
    assert first.title == (
        'As a delivery person, I want to view my assigned deliveries and use the "Get '
        "Directions\" feature to navigate to the customer's address."
    )
    assert (first.start, first.finish, first.duration_days) == (
        date(2026, 3, 22), date(2026, 3, 22), 1,
    )  # fmt: skip
    assert {t.key: t.priority for t in plan.tasks if t.priority != 2} == {
        "AP-18": 1, "AP-17": 3, "AP-15": 3,
    }  # fmt: skip
    assert [r.name for r in plan.resources] == ["Kenuli Bulathsinghela"]
    assigned = sorted(t.key for t in plan.tasks if t.assignments)
    assert assigned == ["AP-10", "AP-11", "AP-12", "AP-13", "AP-25", "AP-28", "AP-9"]


def test_all_fields_export(corpus: Path) -> None:
    # ericmedlock/Jira.csv: no BOM, 22 issues (15 Story, 7 Task) of project TestAutoGen;
    # statuses To Do x9, In Progress x3 (TES-24, TES-15, TES-7), Done x10 with Status Category;
    # Comment x3, Watchers x3 and Sprint columns; 17 comments in all.
    plan = _read(corpus, MEDLOCK)
    assert plan.name == "TestAutoGen"
    assert len(plan.tasks) == 22 and {t.kind for t in plan.tasks} == {"task"}
    assert [(c.name, c.category) for c in plan.columns] == [
        ("To Do", "todo"), ("In Progress", "doing"), ("Done", "done"),
    ]  # fmt: skip
    assert [t.key for t in plan.tasks if t.column == "In Progress"] == ["TES-24", "TES-15", "TES-7"]
    assert sum(t.column == "Done" for t in plan.tasks) == 10
    assert sum(t.percent == 100 for t in plan.tasks) == 10
    assert sorted(r.name for r in plan.resources) == [
        "Eric Medlock", "Sai Sontineni", "Saicharan Basireddy",
    ]  # fmt: skip
    assert plan.report.counts["comments"] == 17
    s3 = plan.task("TES-15")  # three comments: 05/Sep 7:25 AM, 08/Sep 8:07 AM, 12/Sep 9:06 AM
    assert [(a, c) for a, _b, c in s3.comments] == [
        ("Saicharan Basireddy", datetime(2025, 9, 5, 7, 25)),
        ("Saicharan Basireddy", datetime(2025, 9, 8, 8, 7)),
        ("Sai Sontineni", datetime(2025, 9, 12, 9, 6)),
    ]
    assert s3.comments[0][1].startswith("@Saicharan Basireddy created the S3 Bucket")
    renamed = plan.task("TES-11").comments[0][1]  # a comment cell spanning lines
    assert renamed.startswith("@Eric Medlock Team has Updated the Name to TESTAUTOGEN")
    assert "\n\n!image-20250821-144149.png" in renamed
    # TES-13: Created 28/Aug/25 1:49 PM, Due date 18/Sep/25, Resolved 19/Sep/25: due wins
    errors = plan.task("TES-13")
    assert (errors.start, errors.finish, errors.duration_days) == (
        date(2025, 8, 28), date(2025, 9, 18), 16,
    )  # fmt: skip
    # TES-6: Created 20/Aug/25, no due date, Resolved 17/Sep/25
    assert (plan.task("TES-6").start, plan.task("TES-6").finish) == (
        date(2025, 8, 20), date(2025, 9, 17),
    )  # fmt: skip
    assert plan.task("TES-24").assignments == [("5fe07a7dd3649601392ba191", 100)]
    dropped = " ".join(plan.report.dropped)
    assert "Sprint" in dropped and "Attachment" in dropped


def test_with_and_without_bom_read_alike(corpus: Path) -> None:
    for name in (CODEBOOK, MEDLOCK):
        raw = (corpus / name).read_bytes().removeprefix(b"\xef\xbb\xbf")
        plain = read_jira_csv(raw, "a.csv")
        marked = read_jira_csv(b"\xef\xbb\xbf" + raw, "b.csv")
        assert [(t.key, t.title, t.start) for t in plain.tasks] == [
            (t.key, t.title, t.start) for t in marked.tasks
        ]


def test_an_export_goes_into_a_workspace(corpus: Path, tmp_path: Path) -> None:
    plan = _read(corpus, MEDLOCK)
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        result = write_plan(workspace, plan)
        with workspace.reading() as session:
            pid = result.project_id
            names = session.scalars(
                select(BoardColumn.name)
                .where(BoardColumn.project_id == pid)
                .order_by(BoardColumn.position)
            ).all()
            assert names == ["To Do", "In Progress", "Done"]
            count = select(func.count()).select_from(Task).where(Task.project_id == pid)
            assert session.scalar(count) == 22


# -- what the corpus lacks: hierarchy, links, labels, estimates --------------------------------

HEADER = [
    "Issue Type", "Issue key", "Issue id", "Summary", "Status", "Status Category", "Priority",
    "Labels", "Labels", "Parent id", "Parent", "Custom field (Epic Link)", "Original Estimate",
    "Created", "Due date", "Outward issue link (Blocks)", "Inward issue link (Blocks)",
    "Outward issue link (Relates)", "Comment", "Description", "Sprint",
]  # fmt: skip
ROWS = [
    # a sub-task before its parent story, and the story before its epic
    ["Sub-task", "P-3", "102", "Write tests", "In Review", "In Progress", "Highest", "qa", "",
     "101", "", "", "7200", "2025-09-22 09:26", "2025-09-24", "", "", "P-4", "", "", "S1"],
    ["Story", "P-2", "101", "Login page", "To Do", "To Do", "Lowest", "ui", "web", "100", "", "",
     "", "22/Sep/25 9:26 AM", "", "P-4", "", "", "", "Two\nlines", ""],
    ["Epic", "P-1", "100", "Accounts", "To Do", "To Do", "Weird", "", "", "", "", "", "", "", "",
     "P-2", "", "", "", "", ""],
    ["Story", "P-4", "103", "Logout", "Shipped", "Done", "High", "ui", "ui", "", "", "P-1",
     "nonsense", "", "", "X-99", "", "", "01/Oct/25 2:05 PM;acc-1;Done, thanks", "", ""],
    ["Task", "P-5", "104", "Cleanup", "To Do", "To Do", "", "", "", "", "101", "", "", "", "",
     "", "102", "", "no date;just text", "", ""],
]  # fmt: skip


def _export(header=HEADER, rows=ROWS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def test_hierarchy_from_parent_id_parent_and_epic_link() -> None:
    plan = read_jira_csv(_export(), "small.csv")
    assert [(t.key, t.parent) for t in plan.tasks] == [
        ("P-1", None), ("P-2", "P-1"), ("P-3", "P-2"), ("P-5", "P-2"), ("P-4", "P-1"),
    ]  # fmt: skip
    assert plan.task("P-1").kind == "epic"


def test_blocks_links_and_dropped_links() -> None:
    plan = read_jira_csv(_export(), "small.csv")
    pairs = [(link.predecessor, link.successor, link.type) for link in plan.links]
    assert pairs == [("P-2", "P-4", "FS"), ("P-3", "P-5", "FS")]
    dropped = " ".join(plan.report.dropped)
    assert "'relates'" in dropped  # another link type
    assert "not in the file" in dropped
    assert "summary and its own subtask" in dropped  # the epic P-1 blocking its story P-2


def test_fields_of_the_small_export() -> None:
    plan = read_jira_csv(_export(), "small.csv")
    sub = plan.task("P-3")
    assert sub.labels == ["qa"] and plan.task("P-4").labels == ["ui"]
    assert plan.task("P-2").labels == ["ui", "web"]
    assert sub.estimate_hours == 2.0
    assert (sub.start, sub.finish, sub.duration_days) == (date(2025, 9, 22), date(2025, 9, 24), 3)
    assert [t.priority for t in plan.tasks] == [0, 0, 4, 0, 3]  # Weird, Lowest, Highest, -, High
    assert any("'Weird'" in line for line in plan.report.mapped)
    assert plan.task("P-2").notes == "Two\nlines"
    assert plan.task("P-4").comments == [("acc-1", "Done, thanks", datetime(2025, 10, 1, 14, 5))]
    assert plan.task("P-5").comments == [("", "no date;just text", None)]
    assert [(c.name, c.category) for c in plan.columns] == [
        ("To Do", "todo"), ("In Review", "doing"), ("Shipped", "done"),
    ]  # fmt: skip
    assert plan.task("P-4").percent == 100
    assert any("Original Estimate" in line for line in plan.report.dropped)
    assert any("Sprint" in line for line in plan.report.dropped)


def test_small_export_links_reach_the_workspace(tmp_path: Path) -> None:
    plan = read_jira_csv(_export(), "small.csv")
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        write_plan(workspace, plan)
        with workspace.reading() as session:
            assert session.scalar(select(func.count()).select_from(Dependency)) == 2
            epic = session.scalars(select(Task).where(Task.title == "Accounts")).one()
            assert epic.kind == "epic"


def test_parent_loops_are_cut() -> None:
    rows = [
        ["Story", "L-1", "1", "One", "To Do", "To Do", "", "", "", "2", "", "", "", "", "", "",
         "", "", "", "", ""],
        ["Story", "L-2", "2", "Two", "To Do", "To Do", "", "", "", "1", "", "", "", "", "", "",
         "", "", "", "", ""],
    ]  # fmt: skip
    plan = read_jira_csv(_export(rows=rows), "loop.csv")
    assert_sound(plan)
    assert [(t.key, t.parent) for t in plan.tasks] == [("L-1", None), ("L-2", "L-1")]
    assert any("loop" in line for line in plan.report.dropped)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22/Sep/25 9:26 AM", datetime(2025, 9, 22, 9, 26)),
        ("28/Aug/25 1:49 PM", datetime(2025, 8, 28, 13, 49)),
        ("18/Sep/25 12:00 AM", datetime(2025, 9, 18, 0, 0)),
        ("20/Aug/25 12:39 PM", datetime(2025, 8, 20, 12, 39)),
        ("22/Sep/2025 17:05", datetime(2025, 9, 22, 17, 5)),
        ("22.09.2025 09:26", datetime(2025, 9, 22, 9, 26)),
        ("2025-09-22T09:26:00.000+0200", datetime(2025, 9, 22, 9, 26)),
        ("2025-09-22", datetime(2025, 9, 22)),
        ("31/Feb/25 9:00 AM", None),
        ("22/Foo/25", None),
        ("22/Sep/25 13:00 PM", None),
        ("01/Jan/1800", None),
    ],
)
def test_jira_dates(text: str, expected: datetime | None) -> None:
    assert jira_datetime(text) == expected


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"Summary,Status\nx,y\n",
        b"Issue key,Issue id,Summary\n",
        b'Issue key,Summary\n"unterminated',
    ],
)
def test_what_is_not_an_export_is_refused(blob: bytes) -> None:
    with pytest.raises(InterchangeError):
        read_jira_csv(blob, "x.csv")


def test_sniffer(corpus: Path) -> None:
    for path in corpus_files("jira_csv", ".csv"):
        assert looks_like_jira_csv(path.read_bytes()[:65536]), path
    assert looks_like_jira_csv(_export())
    assert looks_like_jira_csv(_export().decode().encode("utf-16"))
    for path in corpus_files("trello", ".json"):
        assert not looks_like_jira_csv(path.read_bytes()[:65536])
    assert not looks_like_jira_csv(b"WBS,Name,Start\n1,Design,2025-01-01\n")
    assert not looks_like_jira_csv(b"\x00\xff\xfe garbage")


# -- fuzzing ------------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SEEDS = [p.read_bytes() for p in corpus_files("jira_csv", ".csv")] + [_export()]
CELLS = st.text(max_size=12) | st.sampled_from(
    ["100", "101", "P-1", "P-2", "22/Sep/25 9:26 AM", "0001-01-01", "9999-12-31 23:59", "Done",
     "In Progress", "Epic", "-5", "1e308", "a;b;c", "01/Oct/25 2:05 PM;x;y"]
)  # fmt: skip


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_bytes(data: st.DataObject) -> None:
    read_or_refuse(read_jira_csv, mutate(data.draw(st.sampled_from(SEEDS), label="seed"), data))


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_cells(data: st.DataObject) -> None:
    rows = [list(row) for row in ROWS]
    for _ in range(data.draw(st.integers(1, 8), label="mutations")):
        row = data.draw(st.sampled_from(rows), label="row")
        row[data.draw(st.integers(0, len(row) - 1), label="cell")] = data.draw(CELLS, label="v")
    read_or_refuse(read_jira_csv, _export(rows=rows))


@FUZZ
@given(blob=st.binary(max_size=300))
def test_fuzz_random_bytes(blob: bytes) -> None:
    read_or_refuse(read_jira_csv, b"Issue key,Issue id,Summary\n" + blob)
    read_or_refuse(read_jira_csv, blob)
