"""Release names on the roadmap timeline sit in a strip of their own under the months, on
screen and on paper: the time scale looks the same with or without releases, and every name
is painted, none covering another."""

import itertools
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from ipmp_desktop.core.layout.pages import PageSetup
from ipmp_desktop.core.layout.roadmap import TimelineItem, TimelineLane
from ipmp_desktop.core.services.roadmap import (
    ProductRow,
    ReleaseRow,
    RoadmapData,
    RoadmapItemRow,
    ThemeRow,
)
from ipmp_desktop.core.services.roadmap_print import RoadmapPrint
from ipmp_desktop.qt.render.roadmap_painter import RELEASE_COLOR
from ipmp_desktop.qt.render.roadmap_sheet import HEADER_HEIGHT, RoadmapSheet
from ipmp_desktop.qt.views.roadmap.timeline_view import LANE_WIDTH, RoadmapTimelineView

RELEASES = [("Spring release", date(2026, 4, 18)), ("Beta", date(2026, 4, 25))]


def item_row(task_id: int, title: str, theme_id: int, start: date, finish: date) -> RoadmapItemRow:
    """A roadmap item as ``load_roadmap`` gives it, with nothing but dates and a theme."""
    return RoadmapItemRow(
        id=task_id,
        project_id=1,
        parent_id=None,
        parent_item_id=None,
        title=title,
        kind="feature",
        theme_id=theme_id,
        release_id=None,
        horizon=None,
        start=start,
        finish=finish,
        percent=0,
        target_date=None,
        forecast_finish=finish,
        at_risk=False,
        risk_reason="",
        score=None,
        rank=task_id,
        reach=None,
        impact=None,
        confidence=None,
        effort=None,
        value=None,
        time_criticality=None,
        risk_reduction=None,
        job_size=None,
        rank_override=None,
        child_count=0,
        description="",
        problem="",
        outcome="",
        customer_impact="",
        business_value="",
    )


def has_release_color(image: QImage, area: QRect) -> bool:
    want = RELEASE_COLOR
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - want.red())
                + abs(c.green() - want.green())
                + abs(c.blue() - want.blue())
                < 60
            ):
                return True
    return False


@pytest.fixture
def data() -> RoadmapData:
    product = ProductRow(1, "App", "", "rice", 0, None)
    themes = [ThemeRow(1, 1, "Growth", "#3f7fbf", 0)]
    items = [
        item_row(1, "Signup", theme_id=1, start=date(2026, 3, 2), finish=date(2026, 6, 30)),
    ]
    releases = [ReleaseRow(n, 1, name, day, "") for n, (name, day) in enumerate(RELEASES, 1)]
    return RoadmapData(product, themes, releases, items)


def test_on_screen_the_months_are_the_same_with_or_without_releases(qtbot, data) -> None:
    view = RoadmapTimelineView(lambda _command: True)
    qtbot.addWidget(view)
    view.resize(1000, 300)
    view.today = date(2026, 3, 2)
    view.show()
    qtbot.waitExposed(view)

    def grab(shown: RoadmapData) -> QImage:
        view.set_data(shown)
        view.horizontalScrollBar().setValue(0)
        return view.viewport().grab().toImage()

    plain = grab(replace(data, releases=[]))
    plain_header = view.header_height
    marked = grab(data)
    scale = QRect(LANE_WIDTH, 0, marked.width() - LANE_WIDTH, view.scale_height)
    assert plain_header == view.scale_height
    assert marked.copy(scale) == plain.copy(scale)  # no name covers a month or a year
    strip = QRect(LANE_WIDTH, view.scale_height, scale.width(), view.header_height - scale.height())
    assert strip.height() > QFontMetricsF(view.font()).height()
    assert has_release_color(marked, strip)
    # each name is in full and clear of the next one
    chart = view.chart
    labels = view.roadmap_painter.release_labels(chart, QFontMetricsF(view.style_.font))
    assert [text for _box, text in labels] == ["◆ Spring release", "◆ Beta"]
    (first, _), (second, _) = labels
    assert first.top() != second.top() or first.right() <= second.left()
    # the diamond sits on its release's line
    for (box, _text), release in zip(labels, chart.releases, strict=True):
        assert box.left() < release.x < box.left() + 12


def test_close_releases_take_a_second_line_then_cut_names_short(qtbot, data) -> None:
    view = RoadmapTimelineView(lambda _command: True)
    qtbot.addWidget(view)
    metrics = QFontMetricsF(view.style_.font)
    names = ["A rather long release name", "Next", "Third", "Fourth"]
    days = [date(2026, 4, 18), date(2026, 4, 20), date(2026, 4, 22), date(2026, 5, 29)]

    def labels(count: int):
        rows = [ReleaseRow(n, 1, names[n], days[n], "") for n in range(count)]
        view.set_data(replace(data, releases=rows))
        return view.roadmap_painter.release_labels(view.chart, metrics)

    one = labels(1)
    assert [text for _box, text in one] == ["◆ A rather long release name"]
    single = view.header_height
    two = labels(2)  # the second goes under the first, both in full
    assert [(box.top(), text) for box, text in two] == [
        (0, "◆ A rather long release name"),
        (1, "◆ Next"),
    ]
    assert view.header_height == pytest.approx(single + metrics.height(), abs=1)
    # both lines taken: the name before the third on the freer line is cut short
    days[2] = date(2026, 4, 25)
    four = sorted(labels(4), key=lambda label: label[0].left())
    texts = [text for _box, text in four]
    assert texts == ["◆ A rather long release name", texts[1], "◆ Third", "◆ Fourth"]
    assert texts[1] != "◆ Next" and texts[1] in ("◆", "◆ …", "◆ N…", "◆ Ne…", "◆ Nex…")
    days[2] = date(2026, 4, 20)  # on the same day as Next: no room even for its diamond
    texts = [text for _box, text in sorted(labels(4), key=lambda label: label[0].left())]
    assert texts == ["◆ A rather long release name", "◆ Third", "◆ Fourth"]
    for line in (0, 1):
        boxes = sorted((box for box, _ in labels(4) if box.top() == line), key=lambda b: b.left())
        assert all(a.right() <= b.left() for a, b in itertools.pairwise(boxes))


def paper(releases: list[tuple[int, str, date]]) -> RoadmapSheet:
    data = RoadmapPrint(
        product_name="App",
        lanes=[TimelineLane(1, "Growth")],
        items=[TimelineItem(1, 1, "Signup", date(2026, 3, 2), date(2026, 6, 30))],
        releases=releases,
        first_day=date(2026, 3, 1),
        last_day=date(2026, 7, 31),
        today=date(2026, 3, 2),
    )
    return RoadmapSheet(data, PageSetup(pages_wide=1), area_width=800.0)


def paint_top(sheet: RoadmapSheet) -> QImage:
    zoom = 3  # print units are points: paint larger to see the letters
    image = QImage(
        round(sheet.body_width * zoom), round(sheet.top_height * zoom), QImage.Format.Format_RGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(zoom, zoom)
    sheet.paint_top(painter, 0, sheet.body_width, sheet.top_height)
    painter.end()
    return image


def test_on_paper_the_months_are_the_same_with_or_without_releases(qapp) -> None:
    releases = [(n, name, day) for n, (name, day) in enumerate(RELEASES, 1)]
    plain, marked = paper([]), paper(releases)
    assert plain.top_height == HEADER_HEIGHT and marked.top_height > HEADER_HEIGHT
    assert marked.body_width == plain.body_width
    without, with_names = paint_top(plain), paint_top(marked)
    months = QRect(0, 0, without.width(), round(HEADER_HEIGHT * 3) - 1)
    assert with_names.copy(months) == without.copy(months)
    strip = QRect(0, months.height() + 1, with_names.width(), with_names.height() - months.height())
    assert has_release_color(with_names, strip)


def test_the_strip_reserves_room_only_with_releases(qapp) -> None:
    sheet = paper([(1, "Spring release", date(2026, 4, 18))])
    band = sheet.painter.release_band(sheet.layout)
    assert sheet.top_height == pytest.approx(HEADER_HEIGHT + band)
    assert band >= sheet.metrics.height()
    plain = paper([])
    assert plain.painter.release_band(plain.layout) == 0
