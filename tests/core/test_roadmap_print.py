"""What a printed roadmap reads: lanes and items as the timeline shows them, the printed span
(whole months, or a date range the items are clipped to), the product an export means, and
the room a print keeps after bars whose title is printed beside them."""

from datetime import date

import pytest

from ipmp_desktop.core.commands import (
    AddRelease,
    AddTheme,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.layout.roadmap import TimelineItem, TimelineLane, layout_timeline
from ipmp_desktop.core.layout.timescale import TimeScale
from ipmp_desktop.core.services.roadmap import load_roadmap
from ipmp_desktop.core.services.roadmap_print import (
    load_roadmap_print,
    roadmap_product_for,
    roadmap_span,
    timeline_lanes,
)

MONDAY = date(2026, 3, 2)


@pytest.fixture
def roadmap(workspace: Workspace) -> dict[str, int]:
    """Products "Ops" (first, holding nothing) and "App" (themes Growth, Platform; release
    "1.0" on 2026-06-30) holding items of project "App work": Signup (Mar 2, 10 days) in
    Growth, Billing (May 4, 20 days) in Platform. Project "Side" has no item."""
    ids: dict[str, int] = {}
    for name in ("App work", "Side"):
        project = CreateProject(name=name, start=MONDAY)
        apply(workspace, project)
        ids[name] = project.project_id
    for name in ("Ops", "App"):
        product = CreateProduct(name=name)
        apply(workspace, product)
        ids[name] = product.product_id
    for name in ("Growth", "Platform"):
        theme = AddTheme(product_id=ids["App"], name=name)
        apply(workspace, theme)
        ids[name] = theme.theme_id
    apply(workspace, AddRelease(product_id=ids["App"], name="1.0", day=date(2026, 6, 30)))
    for title, theme, start, days in (
        ("Signup", "Growth", MONDAY, 10),
        ("Billing", "Platform", date(2026, 5, 4), 20),
    ):
        item = CreateRoadmapItem(
            project_id=ids["App work"],
            theme_id=ids[theme],
            title=title,
            start=start,
            duration_days=days,
        )
        apply(workspace, item)
        ids[title] = item.task_id
    return ids


def test_the_print_spans_whole_months_of_the_roadmap(workspace, roadmap) -> None:
    with workspace.reading() as session:
        data = load_roadmap_print(session, roadmap["App"], today=MONDAY)
        lanes = timeline_lanes(load_roadmap(session, roadmap["App"]))
    assert data.product_name == "App"
    assert (
        [lane.name for lane in data.lanes]
        == ["Growth", "Platform"]
        == [lane.name for lane in lanes]
    )
    assert sorted(item.title for item in data.items) == ["Billing", "Signup"]
    assert [name for _id, name, _day in data.releases] == ["1.0"]
    # March to the month after the release plus a little room
    assert data.first_day == date(2026, 3, 1)
    assert data.last_day == date(2026, 7, 31)
    assert data.days == 153


def test_a_date_range_clips_items_and_releases(workspace, roadmap) -> None:
    with workspace.reading() as session:
        data = load_roadmap_print(
            session, roadmap["App"], date_range=(date(2026, 3, 10), date(2026, 4, 30))
        )
    assert [item.title for item in data.items] == ["Signup"]  # Billing starts in May
    assert data.releases == []
    assert (data.first_day, data.last_day) == (date(2026, 3, 10), date(2026, 4, 30))


def test_an_undated_roadmap_spans_three_months_from_today() -> None:
    assert roadmap_span([], [], date(2026, 5, 17)) == (date(2026, 5, 1), date(2026, 7, 31))


def test_the_product_an_export_means(workspace, roadmap) -> None:
    with workspace.reading() as session:
        assert roadmap_product_for(session) == roadmap["Ops"]  # the first of several
        assert roadmap_product_for(session, "ops") == roadmap["Ops"]  # a product's name
        assert roadmap_product_for(session, "App Work") == roadmap["App"]  # a project's name
        assert roadmap_product_for(session, None, roadmap["App work"]) == roadmap["App"]
        # a project without items is only a hint: the first product then
        assert roadmap_product_for(session, None, roadmap["Side"]) == roadmap["Ops"]
        with pytest.raises(NotFoundError, match="No product or project is named 'Nope'"):
            roadmap_product_for(session, "Nope")
        with pytest.raises(NotFoundError, match="holds items of the project 'Side'"):
            roadmap_product_for(session, "Side")


def test_a_workspace_without_products_has_no_roadmap(workspace) -> None:
    with workspace.reading() as session, pytest.raises(NotFoundError, match="no product"):
        roadmap_product_for(session)


def test_label_room_is_kept_only_after_the_bars_that_ask_for_it() -> None:
    scale = TimeScale(date(2026, 1, 1), 2.0)
    lanes = [TimelineLane(1, "Lane")]
    first = TimelineItem(1, 1, "First", date(2026, 1, 1), date(2026, 1, 10))
    second = TimelineItem(2, 1, "Second", date(2026, 1, 15), date(2026, 1, 20))
    packed = layout_timeline(lanes, [first, second], [], scale)
    assert packed.item_of(1).y0 == packed.item_of(2).y0  # same row: 20 units apart is enough
    roomy = layout_timeline(lanes, [first, second], [], scale, label_widths={1: 40.0})
    assert roomy.item_of(1).y0 < roomy.item_of(2).y0  # the title beside the first needs 40
    other = layout_timeline(lanes, [first, second], [], scale, label_widths={2: 40.0})
    assert other.item_of(1).y0 == other.item_of(2).y0


def test_titles_beside_their_bars_never_run_into_the_next_bar() -> None:
    from datetime import date as day

    from ipmp_desktop.core.layout.roadmap import (
        TimelineItem,
        TimelineLane,
        layout_timeline,
        outside_label_room,
    )
    from ipmp_desktop.core.layout.timescale import TimeScale, Zoom

    scale = TimeScale(origin=day(2027, 1, 1), day_width=5.0, zoom=Zoom.MONTH)
    items = [
        TimelineItem(1, None, "A long title beside a short bar", day(2027, 1, 4), day(2027, 1, 8)),
        TimelineItem(2, None, "Next", day(2027, 1, 11), day(2027, 1, 20)),
        TimelineItem(3, None, "Wide bar", day(2027, 2, 1), day(2027, 3, 30)),
    ]
    room = outside_label_room(items, scale, lambda text: 6.0 * len(text))
    assert set(room) == {1}  # "Next" and "Wide bar" fit inside their bars
    assert room[1] == 6.0 * len(items[0].title) + 10.0
    layout = layout_timeline([TimelineLane(None, "All")], items, [], scale, label_widths=room)
    first, second = (layout.item_of(1), layout.item_of(2))
    assert second.y0 != first.y0  # the next bar goes to another row rather than under the text
