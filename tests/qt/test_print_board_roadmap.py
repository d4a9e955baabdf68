"""Printing the board and the roadmap: tiles that break between columns and card rows, the
column titles and lane names on every tile, per-column and per-lane sheets, PDF and SVG text,
the roadmap's items and themes, and "pages wide" choosing the roadmap's time scale."""

import math
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from ipmp_desktop.core.commands import (
    AddChecklistItem,
    AddColumn,
    AddDependency,
    AddRelease,
    AddTheme,
    ArchiveTasks,
    CreateLabel,
    CreatePerson,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    CreateTask,
    SetAssignees,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.layout.pages import PageSetup
from ipmp_desktop.core.model import BoardColumn
from ipmp_desktop.core.services.board import LaneMode
from ipmp_desktop.qt.render.board_sheet import TOP_HEIGHT, BoardSheet
from ipmp_desktop.qt.render.documents import (
    board_document,
    roadmap_document,
    roadmap_product_for,
)
from ipmp_desktop.qt.render.export import Export
from ipmp_desktop.qt.render.roadmap_sheet import LANE_WIDTH, RoadmapSheet
from ipmp_desktop.qt.render.sheet import body_area
from tests.qt.print_support import pdf_pages

MONDAY = date(2026, 3, 2)
TODAY = date(2026, 3, 16)
COLUMNS = ["To do", "In progress", "Review", "Done", "Shipped"]
BACKLOG = [f"Card {n:02d}" for n in range(1, 25)]
OTHERS = {
    "In progress": ["Wire the press", "Ink refill", "Paper stock"],
    "Review": ["Proof sheets", "Colour check"],
    "Done": ["Old flyers"],
    "Shipped": ["Posters"],
}
ITEMS = {"Faster press": "Presses", "Poster campaign": "Marketing", "New website": "Marketing"}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Project "Print shop" with columns To do (24 cards "Card 01" …, the first twelve Ada's,
    the rest Bob's), In progress, Review, Done (one card archived) and Shipped; and product
    "Print roadmap" with themes Presses and Marketing, three items of project "Roadmap work"
    and a release."""
    path = tmp_path_factory.mktemp("board") / "shop.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="Print shop", start=MONDAY)
        apply(workspace, project)
        pid = project.project_id
        apply(workspace, AddColumn(project_id=pid, name="Review", index=2))
        apply(workspace, AddColumn(project_id=pid, name="Shipped"))
        with workspace.reading() as session:
            columns = dict(
                session.execute(
                    select(BoardColumn.name, BoardColumn.id).where(BoardColumn.project_id == pid)
                ).all()
            )
        people = []
        for name in ("Ada Lovelace", "Bob Byte"):
            person = CreatePerson(name=name)
            apply(workspace, person)
            people.append(person.person_id)
        ids = {}
        for n, title in enumerate(BACKLOG):
            task = CreateTask(
                project_id=pid, title=title, column_id=columns["To do"], priority=n % 5
            )
            apply(workspace, task)
            apply(workspace, SetAssignees(task_id=task.task_id, person_ids=[people[n // 12]]))
            ids[title] = task.task_id
        for column, titles in [*OTHERS.items(), ("Done", ["Archived card"])]:
            for title in titles:
                task = CreateTask(project_id=pid, title=title, column_id=columns[column])
                apply(workspace, task)
                ids[title] = task.task_id
        wire = ids["Wire the press"]
        apply(workspace, SetAssignees(task_id=wire, person_ids=people))
        apply(
            workspace, CreateLabel(project_id=pid, name="Urgent", color="#e53935", attach_to=wire)
        )
        apply(workspace, AddChecklistItem(task_id=wire, text="Cables"))
        apply(workspace, AddDependency(predecessor_id=ids["Card 01"], successor_id=wire))
        apply(workspace, ArchiveTasks(task_ids=[ids["Archived card"]]))
        work = CreateProject(name="Roadmap work", start=MONDAY)
        apply(workspace, work)
        product = CreateProduct(name="Print roadmap")
        apply(workspace, product)
        themes = {}
        for name in ("Presses", "Marketing"):
            theme = AddTheme(product_id=product.product_id, name=name)
            apply(workspace, theme)
            themes[name] = theme.theme_id
        for (title, theme), (start, days) in zip(
            ITEMS.items(),
            [(MONDAY, 40), (date(2026, 4, 1), 30), (date(2026, 6, 1), 20)],
            strict=True,
        ):
            item = CreateRoadmapItem(
                project_id=work.project_id,
                theme_id=themes[theme],
                title=title,
                start=start,
                duration_days=days,
            )
            apply(workspace, item)
        release = AddRelease(
            product_id=product.product_id, name="Spring fair", day=date(2026, 5, 15)
        )
        apply(workspace, release)
    return path


def board(path: Path, setup: PageSetup, **options):
    with Workspace.open(path) as workspace, workspace.reading() as session:
        return board_document(session, 1, setup, today=TODAY, **options)


def roadmap(path: Path, setup: PageSetup):
    with Workspace.open(path) as workspace, workspace.reading() as session:
        product_id = roadmap_product_for(session, "Print roadmap")
        return roadmap_document(session, product_id, setup, today=TODAY)


# -- the board -----------------------------------------------------------------------------------


def test_page_count_and_tile_geometry_of_a_known_board(qapp, shop) -> None:
    setup = PageSetup(paper="A4", landscape=True, pages_wide=None)
    doc = board(shop, setup)
    [sheet] = doc.sheets
    assert isinstance(sheet, BoardSheet) and sheet.left_width == 0  # no lanes, no strip
    layout = sheet.layout
    area = body_area(setup)
    pitch = layout.columns[1].left
    per_page = math.floor(area.width / pitch)
    pagination = doc.pages[-1].pagination
    assert pagination.scale == 1.0  # a poster: full size, tiled
    assert pagination.columns == math.ceil(len(COLUMNS) / per_page)
    assert pagination.rows > 1  # 24 cards do not fit one A4 page
    overview = 1 if pagination.columns > 1 else 0  # an overview in front of a poster
    assert doc.page_count() == overview + pagination.columns * pagination.rows
    room = area.height - TOP_HEIGHT
    for tile in pagination.tiles:
        assert tile.x0 in layout.x_positions and tile.x1 in layout.x_positions
        assert tile.y0 in layout.y_positions and tile.y1 == pytest.approx(
            min(p for p in layout.y_positions if p >= tile.y1 - 1e-6)
        )
        assert tile.height <= room + 1e-6
        assert not any(c.y0 < tile.y1 < c.y1 for c in layout.cards)  # no card cut in two
        # each page is as full as it can be: the next allowed break would not have fitted
        later = [p for p in layout.y_positions if p > tile.y1 + 1e-6]
        assert not later or later[0] - tile.y0 > room
    assert pagination.tile(0, 0).x1 == per_page * pitch


def test_every_tile_repeats_the_column_titles_and_the_lane_names(qapp, shop, tmp_path) -> None:
    doc = board(shop, PageSetup(paper="A4", pages_wide=None), lane_mode=LaneMode.ASSIGNEE)
    out = tmp_path / "board.pdf"
    assert Export(doc, out).run() == [out]
    pages = pdf_pages(out)
    assert len(pages) == doc.page_count() > 2
    layout = doc.sheets[0].layout
    for number, page in enumerate(doc.pages):
        text = pages[number]
        assert "Print shop" in text and f"Page {number + 1} of {len(pages)}" in text
        if page.tile is None:
            assert "Overview" in text
            continue
        tile = page.tile
        shown = [s.name for s in layout.columns if s.left < tile.x1 and s.right > tile.x0]
        assert shown and all(name in text for name in shown)
        hidden = [s.name for s in layout.columns if s.name not in shown]
        assert not any(name in text for name in hidden)
        lanes = [lane.title for lane in layout.lanes_in(tile.y0, tile.y1)]
        assert lanes and all(title in text for title in lanes)
        assert "Assignee" in text  # the corner


def test_the_pdf_holds_every_card_but_the_archived_one(qapp, shop, tmp_path) -> None:
    doc = board(shop, PageSetup(paper="A3"))
    out = tmp_path / "cards.pdf"
    Export(doc, out).run()
    text = "\n".join(pdf_pages(out))
    titles = BACKLOG + [t for titles in OTHERS.values() for t in titles]
    assert all(title in text for title in titles)
    assert "Archived card" not in text
    assert "blocked by 1" in text and "0/1" in text and "Urgent" in text  # what the card shows
    assert re.search(r"To do\s+24\b", text)  # the count in each column's title
    assert re.search(r"In progress\s+3\s*/\s*5\b", text)  # against the WIP limit


def test_only_limits_the_printed_cards(qapp, shop, tmp_path) -> None:
    doc = board(shop, PageSetup(), only={1, 2, 25})
    layout = doc.sheets[0].layout
    assert sorted(card.card_id for card in layout.cards) == [1, 2, 25]
    assert layout.columns[0].count == 24 and layout.columns[0].shown == 2
    out = tmp_path / "only.pdf"
    Export(doc, out).run()
    text = "\n".join(pdf_pages(out))
    assert "Card 01" in text and "Card 03" not in text and "2 of 24" in text


def test_one_sheet_per_column_and_per_lane(qapp, shop, tmp_path) -> None:
    per_column = board(shop, PageSetup(), split="column", lane_mode=LaneMode.ASSIGNEE)
    assert [sheet.title for sheet in per_column.sheets] == [f"Board · {c}" for c in COLUMNS]
    assert all(len(sheet.layout.columns) == 1 for sheet in per_column.sheets)
    review = per_column.sheets[2].layout
    assert [lane.title for lane in review.lanes] == ["Unassigned"]  # empty lanes left out
    # a column's cards flow across the page: Ada's twelve in rows of as many as fit
    todo = per_column.sheets[0].layout
    area = body_area(per_column.setup)
    across = math.floor((area.width - todo.lane_width) / (todo.x_positions[1]))
    assert todo.width == across * todo.x_positions[1] and across > 1
    ada = [card for card in todo.cards if card.lane == 0]
    assert len(ada) == 12 and max(card.row for card in ada) == math.ceil(12 / across) - 1
    out = tmp_path / "columns.pdf"
    Export(per_column, out).run()
    pages = pdf_pages(out)
    for number, page in enumerate(per_column.pages):
        own = COLUMNS[page.sheet]
        assert own in pages[number]
        assert not any(name in pages[number] for name in COLUMNS if name != own)
    per_lane = board(shop, PageSetup(), split="lane", lane_mode=LaneMode.ASSIGNEE)
    assert [sheet.title for sheet in per_lane.sheets] == [
        "Board · Ada Lovelace",
        "Board · Bob Byte",
        "Board · Unassigned",
    ]
    assert all(len(sheet.layout.lanes) == 1 for sheet in per_lane.sheets)
    assert len(per_lane.sheets[0].layout.cards) == 13  # Card 01-12 and Wire the press


def test_one_page_shrinks_the_board_to_fit(qapp, shop) -> None:
    doc = board(shop, PageSetup(pages_wide=1, pages_tall=1, overview=True))
    assert doc.page_count() == 1
    pagination = doc.pages[0].pagination
    assert pagination.scale < 1.0
    sheet = doc.sheets[0]
    area = body_area(doc.setup)
    assert (sheet.top_height + sheet.body_height) * pagination.scale <= area.height + 1e-6


def test_board_svg_parses_and_holds_the_card_titles(qapp, shop, tmp_path) -> None:
    doc = board(shop, PageSetup(paper="A3", overview=False))
    files = Export(doc, tmp_path / "board.svg").run()
    assert len(files) == doc.page_count()
    texts = "".join("".join(ET.parse(f).getroot().itertext()) for f in files)
    assert all(title in texts for title in BACKLOG + OTHERS["Review"])
    [whole] = Export(doc, tmp_path / "whole.svg", whole=True).run()
    texts = "".join(ET.parse(whole).getroot().itertext())
    assert all(column in texts for column in COLUMNS) and "Posters" in texts


def test_an_unknown_split_is_refused(qapp, shop) -> None:
    with pytest.raises(ValueError, match="Unknown board split"):
        board(shop, PageSetup(), split="diagonal")


# -- the roadmap ---------------------------------------------------------------------------------


def test_the_roadmap_pdf_holds_items_themes_and_releases(qapp, shop, tmp_path) -> None:
    doc = roadmap(shop, PageSetup(pages_wide=1))
    [sheet] = doc.sheets
    assert isinstance(sheet, RoadmapSheet)
    assert doc.project == "Print roadmap"
    assert doc.date_range[0] == date(2026, 3, 1)
    out = tmp_path / "roadmap.pdf"
    Export(doc, out).run()
    text = "\n".join(pdf_pages(out))
    assert all(title in text for title in ITEMS)
    assert all(theme in text for theme in set(ITEMS.values()))
    assert "Spring fair" in text and "Roadmap" in text


def test_pages_wide_picks_the_day_width_and_keeps_text_full_size(qapp, shop) -> None:
    for wide in (1, 2, 3):
        setup = PageSetup(pages_wide=wide)
        doc = roadmap(shop, setup)
        pagination = doc.pages[-1].pagination
        assert pagination.columns == wide
        assert pagination.scale == pytest.approx(1.0)
        sheet = doc.sheets[0]
        room = body_area(setup).width - LANE_WIDTH
        assert sheet.body_width <= wide * room + 1e-6
        assert sheet.body_width > (wide - 1) * room


def test_a_date_range_clips_the_roadmap(qapp, shop) -> None:
    april = (date(2026, 4, 1), date(2026, 4, 30))
    setup = PageSetup(date_range=april, pages_wide=None, day_width=10.0)
    doc = roadmap(shop, setup)
    sheet = doc.sheets[0]
    assert sheet.body_width == 30 * 10.0
    assert sorted(item.title for item in sheet.data.items) == ["Faster press", "Poster campaign"]
    assert doc.date_range == (date(2026, 4, 1), date(2026, 4, 30))
    # the item that began in March runs off the axis's left end: a continuation mark
    faster = next(i for i in sheet.layout.items if i.label == "Faster press")
    assert faster.x0 < 0 < faster.x1


def test_roadmap_svg_parses_and_holds_the_item_titles(qapp, shop, tmp_path) -> None:
    doc = roadmap(shop, PageSetup(pages_wide=1, overview=False))
    [page] = Export(doc, tmp_path / "roadmap.svg").run()
    texts = "".join(ET.parse(page).getroot().itertext())
    assert all(title in texts for title in ITEMS) and "Presses" in texts
