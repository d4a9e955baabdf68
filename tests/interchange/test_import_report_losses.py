"""Nothing an import loses goes unsaid: cut texts and misshapen sheet rows are each listed in
the import report, and a date out of range is refused for that reason."""

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from ipmp_desktop.cli import main
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.csv_format import read_csv
from ipmp_desktop.core.interchange.jira_csv import read_jira_csv
from ipmp_desktop.core.interchange.mspdi import read_mspdi
from ipmp_desktop.core.interchange.plan import InterchangeError
from ipmp_desktop.core.interchange.store import write_plan
from ipmp_desktop.core.interchange.trello import read_trello
from ipmp_desktop.core.model import BoardColumn, Label, Project, Task

MEGABYTE = 1024 * 1024


def _mspdi(*names: str, project: str = "case") -> bytes:
    tasks = "".join(
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
        "<Start>2026-01-05T08:00:00</Start><Duration>PT8H0M0S</Duration></Task>"
        for uid, name in enumerate(names, start=1)
    )
    return (
        '<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
        f"<Name>{project}</Name><StartDate>2026-01-05T08:00:00</StartDate>"
        f"<MinutesPerDay>480</MinutesPerDay><Tasks>{tasks}</Tasks></Project>"
    ).encode()


def _sheet(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_megabyte_task_name_is_cut_and_the_report_says_so(tmp_path: Path) -> None:
    plan = read_mspdi(_mspdi("A" * MEGABYTE, "Short", "B" * 501, project="P" * 300), "big.xml")
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        report = write_plan(workspace, plan).report
        with workspace.reading() as session:
            titles = session.execute(select(Task.title).order_by(Task.id)).scalars().all()
            name = session.execute(select(Project.name)).scalar_one()
    assert [len(title) for title in titles] == [500, 5, 500]
    assert len(name) == 200
    assert (
        "the title of task 1 (“"
        + "A" * 40
        + "…”) had 1,048,576 characters; the first 500 are kept."
        in report.dropped
    )
    assert (
        "the title of task 3 (“" + "B" * 40 + "…”) had 501 characters; the first 500 are kept."
        in report.dropped
    )
    assert any(
        line.startswith("the project name “PPP") and "300 characters" in line
        for line in report.dropped
    )
    assert len(report.dropped) == 3


def test_the_command_line_prints_each_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "big.xml"
    source.write_bytes(_mspdi("A" * MEGABYTE, "C" * 600))
    code = main(["import", str(source), "-o", str(tmp_path / "w.ipmp")])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    cuts = [line for line in out.splitlines() if line.startswith("Dropped: the title of task")]
    assert len(cuts) == 2 and "1,048,576 characters" in cuts[0] and "600 characters" in cuts[1]


def test_long_column_and_label_names_are_cut_alike_everywhere(tmp_path: Path) -> None:
    long_column, long_label = "Waiting for " + "x" * 150, "label-" + "y" * 120
    data = _sheet(
        ["Name", "Column", "Labels"],
        [["One", long_column, long_label], ["Two", long_column, f"{long_label}; short"]],
    )
    plan = read_csv(data, "sheet.csv")
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        report = write_plan(workspace, plan).report
        with workspace.reading() as session:
            columns = session.execute(select(BoardColumn.id, BoardColumn.name)).all()
            labels = session.execute(select(Label.name)).scalars().all()
            placed = session.execute(select(Task.column_id)).scalars().all()
    column_id = next(i for i, name in columns if name == long_column[:100])
    assert placed == [column_id, column_id]  # the cards found their cut column
    assert sorted(labels) == sorted([long_label[:100], "short"])
    column_cuts = [line for line in report.dropped if line.startswith("the column name")]
    label_cuts = [line for line in report.dropped if line.startswith("the label name")]
    assert len(column_cuts) == 1 and "162 characters; the first 100 are kept" in column_cuts[0]
    assert len(label_cuts) == 1 and "126 characters" in label_cuts[0]


def test_a_long_trello_list_name_is_reported() -> None:
    board = {
        "name": "Board",
        "lists": [{"id": "l1", "name": "L" * 180, "pos": 1}],
        "cards": [{"id": "c1", "name": "Card", "idList": "l1", "pos": 1}],
    }
    plan = read_trello(json.dumps(board).encode(), "board.json")
    assert plan.columns[0].name == "L" * 100
    assert any("the list name" in line and "180 characters" in line for line in plan.report.dropped)


# -- sheet rows with missing or extra fields -----------------------------------------------------

JIRA_HEADER = ["Issue key", "Issue id", "Summary", "Status", "Labels", "Description"]


def test_jira_rows_with_missing_or_extra_fields_are_each_listed() -> None:
    rows = [
        ["P-1", "1", "Complete row", "To Do", "ui", "fine"],
        ["P-2", "2", "Short row", "To Do"],
        ["P-3", "3", "Long row", "Done", "", "text", "stray one", "stray two"],
        ["P-4", "4", "Long but empty", "Done", "", "", ""],
        ["P-5", "5"],
    ]
    plan = read_jira_csv(_sheet(JIRA_HEADER, rows), "jira.csv")
    ragged = [line for line in plan.report.dropped if "where the header has 6" in line]
    assert ragged == [
        "row 3 (P-2) has 4 fields where the header has 6; its last 2 fields are read as empty.",
        "row 4 (P-3) has 8 fields where the header has 6; the cells past the header are "
        "dropped ('stray one'; 'stray two').",
        "row 5 (P-4) has 7 fields where the header has 6; the cells past the header are "
        "empty and ignored.",
        "row 6 (P-5) has 2 fields where the header has 6; its last 4 fields are read as empty.",
    ]
    assert [task.title for task in plan.tasks] == [
        "Complete row", "Short row", "Long row", "Long but empty", "P-5",
    ]  # fmt: skip


def test_a_plain_csv_row_with_an_extra_field_is_listed() -> None:
    plan = read_csv(
        _sheet(["Name", "Start"], [["A", "2026-01-05"], ["B", "2026-01-06", "?"]]), "s.csv"
    )
    assert (
        "row 3 (B) has 3 fields where the header has 2; the cells past the header are "
        "dropped ('?')." in plan.report.dropped
    )


# -- dates out of range --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["9999-01-01", "1899-12-31", "31 Dec 2201", "01.01.1800"])
def test_a_csv_date_out_of_range_is_refused_for_that_reason(text: str) -> None:
    with pytest.raises(InterchangeError) as caught:
        read_csv(_sheet(["Name", "Start"], [["A", text]]), "dates.csv")
    message = str(caught.value)
    assert "outside the dates a plan may hold (1900-01-01 to 2200-12-31)" in message
    assert "not a date" not in message and "write dates as ISO" not in message
    assert message.startswith("dates.csv, row 2, Start: ") and "\n" not in message


def test_a_csv_text_that_is_no_date_still_asks_for_iso() -> None:
    with pytest.raises(InterchangeError, match="is not a date; write dates as ISO"):
        read_csv(_sheet(["Name", "Start"], [["A", "next Tuesday"]]), "dates.csv")
