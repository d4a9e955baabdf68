"""Printing the Gantt chart: tiles, repeated strips, PDF text, SVG, bounded PNG, the CLI."""

import math
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ipmp_desktop.cli import main
from ipmp_desktop.core.commands import CreateProject, CreateTask, UpdateTask, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.core.layout.pages import PageSetup
from ipmp_desktop.qt.render.documents import gantt_document
from ipmp_desktop.qt.render.export import MAX_PIXELS, Export
from ipmp_desktop.qt.render.gantt_sheet import HEADER_HEIGHT, ROW_HEIGHT
from ipmp_desktop.qt.render.sheet import body_area
from tests.qt.print_support import pdf_pages

START = date(2027, 1, 4)  # a Monday
TASKS = 70


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """70 tasks "Task 01" … "Task 70", each 5 working days, starting a week apart in turn."""
    path = tmp_path_factory.mktemp("print") / "plan.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="Printing plant", start=START)
        apply(workspace, project)
        for n in range(1, TASKS + 1):
            task = CreateTask(
                project_id=project.project_id,
                title=f"Task {n:02d}",
                start=START + timedelta(days=7 * ((n - 1) % 10)),
            )
            apply(workspace, task)
            apply(workspace, UpdateTask(task_id=task.task_id, duration_days=5))
    return path


def document(path: Path, setup: PageSetup, **options):
    with Workspace.open(path) as workspace, workspace.reading() as session:
        return gantt_document(session, 1, setup, **options)


def test_page_count_and_tile_geometry_of_a_known_plan(qapp, plan: Path) -> None:
    setup = PageSetup(
        paper="A4", landscape=True, pages_wide=None, day_width=8.0, columns=("wbs", "name")
    )
    doc = document(plan, setup)
    sheet = doc.sheets[0]
    area = body_area(setup)
    rows_per_page = math.floor((area.height - HEADER_HEIGHT) / ROW_HEIGHT)
    days_per_page = math.floor((area.width - sheet.left_width) / 8.0)
    expected_down = math.ceil(TASKS / rows_per_page)
    expected_across = math.ceil(sheet.body_width / (days_per_page * 8.0))
    pagination = doc.pages[-1].pagination
    assert (pagination.columns, pagination.rows) == (expected_across, expected_down)
    overview = 1 if expected_across > 1 else 0
    assert doc.page_count() == overview + expected_across * expected_down
    for tile in pagination.tiles:
        assert tile.y0 % ROW_HEIGHT == 0 and tile.x0 % 8.0 == 0  # whole rows, whole days
        assert tile.height <= rows_per_page * ROW_HEIGHT
    assert pagination.tile(0, 1).y0 == rows_per_page * ROW_HEIGHT


def test_every_tile_repeats_the_names_and_the_header_in_the_pdf(qapp, plan, tmp_path) -> None:
    setup = PageSetup(
        paper="A4", landscape=True, pages_wide=None, day_width=8.0, columns=("wbs", "name")
    )
    doc = document(plan, setup)
    out = tmp_path / "plan.pdf"
    assert Export(doc, out).run() == [out]
    pages = pdf_pages(out)
    assert len(pages) == doc.page_count()
    rows_per_page = doc.pages[-1].pagination.tiles[0].height / ROW_HEIGHT
    for number, page in enumerate(doc.pages):
        text = pages[number]
        assert "Printing plant" in text and f"Page {number + 1} of {len(pages)}" in text
        assert f"Printed {date.today().isoformat()}" in text
        if page.tile is None:
            assert "Overview" in text and "A1" in text
            continue
        assert page.tile.label in text
        assert "Name" in text and "WBS" in text  # the repeated corner
        first = int(page.tile.y0 / ROW_HEIGHT) + 1
        last = min(int(first + rows_per_page - 1), TASKS)
        assert f"Task {first:02d}" in text and f"Task {last:02d}" in text  # names column
        assert "2027" in text  # the time scale's year tier, kept in view on every tile


def test_pages_wide_sets_the_time_scale(qapp, plan) -> None:
    for wide in (1, 3):
        doc = document(plan, PageSetup(pages_wide=wide))
        assert doc.pages[-1].pagination.columns == wide


def test_date_range_and_row_choice(qapp, plan) -> None:
    setup = PageSetup(
        date_range=(date(2027, 2, 1), date(2027, 2, 28)), pages_wide=None, day_width=20.0
    )
    doc = document(plan, setup, only={1, 2, 3})
    sheet = doc.sheets[0]
    assert sheet.body_width == 28 * 20.0
    assert [row.task_id for row in sheet.data.rows] == [1, 2, 3]
    assert doc.date_range == (date(2027, 2, 1), date(2027, 2, 28))


def test_a_bar_cut_by_a_tile_edge_is_marked(qapp, plan) -> None:
    setup = PageSetup(paper="A5", pages_wide=None, day_width=20.0)
    doc = document(plan, setup)
    sheet = doc.sheets[0]
    pagination = doc.pages[-1].pagination
    first = pagination.tile(0, 0)
    bars = sheet.spans(first.y0, first.y1)
    cut = [b for b in bars if b[1] < first.x1 < b[2]]
    assert cut, "the fixture plan should have a bar across the first tile's right edge"
    from ipmp_desktop.core.layout.pages import cuts_at_edges

    marks = cuts_at_edges(bars, first.x0, first.x1)
    assert {m.key for m in marks if m.side == "right"} == {b[0] for b in cut}


def test_svg_pages_and_whole_chart_parse_and_hold_the_names(qapp, plan, tmp_path) -> None:
    setup = PageSetup(paper="A3", pages_wide=None, day_width=8.0, overview=False)
    doc = document(plan, setup)
    files = Export(doc, tmp_path / "plan.svg").run()
    assert len(files) == doc.page_count()
    assert files[0].name.startswith("plan-")
    texts = "".join(ET.parse(files[0]).getroot().itertext())
    assert "Task 01" in texts and "Printing plant" in texts
    whole = Export(doc, tmp_path / "whole.svg", whole=True).run()
    assert whole == [tmp_path / "whole.svg"]
    texts = "".join(ET.parse(whole[0]).getroot().itertext())
    assert all(f"Task {n:02d}" in texts for n in range(1, TASKS + 1))
    assert not list(tmp_path.glob(".*.part"))


def test_png_is_bounded(qapp, plan, tmp_path) -> None:
    setup = PageSetup(paper="A4", landscape=True, pages_wide=None, day_width=80.0)
    doc = document(plan, setup)
    files = Export(doc, tmp_path / "page.png", dpi=100).run()
    image = QImage(str(files[0]))
    assert (image.width(), image.height()) == (1169, 827)  # A4 landscape at 100 dpi
    sheet = doc.sheets[0]
    assert (sheet.left_width + sheet.body_width) * sheet.body_height > 0
    [whole] = Export(doc, tmp_path / "whole.png", whole=True).run()
    image = QImage(str(whole))
    assert image.width() * image.height() <= MAX_PIXELS
    assert image.width() <= 16_384 and image.height() <= 16_384


def test_png_of_a_huge_chart_is_scaled_down(qapp, tmp_path) -> None:
    path = tmp_path / "big.ipmp"
    generate_demo(path, tasks=1000, seed=2, today=date(2026, 11, 2), projects=1)
    with Workspace.open(path) as workspace, workspace.reading() as session:
        doc = gantt_document(session, 1, PageSetup(pages_wide=None, day_width=24.0))
    sheet = doc.sheets[0]
    full_pixels = (sheet.left_width + sheet.body_width) * (sheet.top_height + sheet.body_height)
    assert full_pixels > MAX_PIXELS  # a 1:1 raster would be unbounded
    [whole] = Export(doc, tmp_path / "big.png", whole=True).run()
    image = QImage(str(whole))
    assert 0 < image.width() * image.height() <= MAX_PIXELS


def test_cancelling_an_export_leaves_no_file(qapp, plan, tmp_path) -> None:
    doc = document(plan, PageSetup(paper="A5", pages_wide=None, day_width=20.0))
    assert doc.page_count() > 2
    out = tmp_path / "cancelled.pdf"
    steps = Export(doc, out).steps()
    assert next(steps) == (1, doc.page_count())
    steps.close()
    assert list(tmp_path.iterdir()) == []


# -- the command line ------------------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exports_a_pdf(qapp, plan, tmp_path, capsys) -> None:
    out = tmp_path / "cli.pdf"
    code, stdout, err = run(
        capsys, "export", str(plan), "--view", "gantt", "-o", str(out), "--paper", "A3",
        "--landscape", "--pages-wide", "2",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert str(out) in stdout
    pages = pdf_pages(out)
    assert len(pages) == 1 + 2 * 2  # overview + 2 across x 2 down
    assert "Task 70" in "".join(pages)


def test_cli_from_to_and_project(qapp, plan, tmp_path, capsys) -> None:
    out = tmp_path / "range.pdf"
    code, _out, err = run(
        capsys, "export", str(plan), "--view", "gantt", "-o", str(out),
        "--project", "printing PLANT", "--from", "2027-01-04", "--to", "2027-01-31",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "2027-01-04 to 2027-01-31" in pdf_pages(out)[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "gantt", "-o", "{out}/x.docx"], "must end in .pdf, .svg or .png"),
        (["--view", "gantt", "-o", "{out}/x.pdf", "--project", "Nope"], "No project is named"),
        (["--view", "gantt", "-o", "{out}/x.pdf", "--paper", "B7"], "Unknown paper size"),
        (
            ["--view", "gantt", "-o", "{out}/x.pdf", "--from", "2027-03-01", "--to", "2027-01-01"],
            "ends (2027-01-01) before it starts",
        ),
        (["--view", "gantt", "-o", "{out}/x.pdf", "--from", "2027-03-01"], "both --from and --to"),
        (["--view", "gantt", "-o", "{out}/nowhere/x.pdf"], "does not exist"),
        (["--view", "gantt", "-o", "{out}/x.pdf", "--pages-wide", "0"], "between 1 and 200"),
    ],
)
def test_cli_refuses_bad_requests(qapp, plan, tmp_path, capsys, args, message) -> None:
    args = [a.replace("{out}", str(tmp_path)) for a in args]
    code, _out, err = run(capsys, "export", str(plan), *args)
    assert code == 2
    assert err.startswith("ipmp: ") and message in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_a_bad_workspace(qapp, tmp_path, capsys) -> None:
    foreign = tmp_path / "notes.ipmp"
    foreign.write_text("not a database")
    code, _out, err = run(capsys, "export", str(foreign), "--view", "gantt", "-o", "x.pdf")
    assert code == 2 and err.startswith("ipmp: ")
    code, _out, err = run(
        capsys, "export", str(tmp_path / "missing.ipmp"), "--view", "gantt", "-o", "x.pdf"
    )
    assert code == 2 and "does not exist" in err


def test_cli_export_runs_headless_in_a_fresh_process(plan, tmp_path) -> None:
    """No display and no QT_QPA_PLATFORM: the job picks the offscreen platform itself."""
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "headless.png"
    done = subprocess.run(
        [sys.executable, "-m", "ipmp_desktop", "export", str(plan), "--view", "gantt",
         "-o", str(out), "--whole"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).width() > 0


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-demo") / "demo.ipmp"
    generate_demo(path, tasks=120, seed=5, today=date(2026, 11, 2), projects=1)
    return path


def test_cli_exports_the_board_and_the_roadmap(qapp, demo, tmp_path, capsys) -> None:
    board = tmp_path / "board.pdf"
    code, _out, err = run(
        capsys, "export", str(demo), "--view", "board", "-o", str(board), "--lanes", "priority",
        "--split", "column",
    )  # fmt: skip
    assert (code, err) == (0, "")
    text = "".join(pdf_pages(board))
    with Workspace.open(demo) as workspace, workspace.reading() as session:
        from ipmp_desktop.core.services.board import load_board
        from ipmp_desktop.core.services.roadmap import list_products

        columns = [column.name for column in load_board(session, 1).columns]
        (product,) = list_products(session)
    assert all(name in text for name in columns)
    roadmap = tmp_path / "roadmap.svg"
    code, _out, err = run(capsys, "export", str(demo), "--view", "roadmap", "-o", str(roadmap))
    assert (code, err) == (0, "")
    assert product.name in "".join(ET.parse(roadmap).getroot().itertext())
    code, _out, err = run(
        capsys, "export", str(demo), "--view", "roadmap", "-o", str(tmp_path / "r.pdf"),
        "--project", "No such product",
    )  # fmt: skip
    assert code == 2 and err.startswith("ipmp: ") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r.pdf").exists()
