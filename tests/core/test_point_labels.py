"""Names beside scatter-plot dots: beside their dot, never over another dot or name, inside the
plot, elided when long or crowded, left out only where no room is left."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ipmp_desktop.core.layout.point_labels import PointLabel, place_point_labels

RADIUS = 7.0
LINE = 14.0
BOUNDS = (0.0, 0.0, 600.0, 400.0)


def width(text: str) -> float:
    return 7.0 * len(text)


def place(points, texts, **options):
    return place_point_labels(
        points,
        texts,
        width,
        radius=RADIUS,
        line_height=LINE,
        bounds=options.pop("bounds", BOUNDS),
        max_width=options.pop("max_width", 140.0),
        **options,
    )


def box(label: PointLabel) -> tuple[float, float, float, float]:
    return label.x, label.y, label.x + label.width, label.y + label.height


def test_a_lone_dot_has_its_name_in_full_right_of_it() -> None:
    (label,) = place([(100.0, 100.0)], ["Search"])
    assert label.text == "Search" and label.index == 0
    assert label.x > 100 + RADIUS and label.y < 100 < label.y + label.height
    assert label.width == width("Search")


def test_a_dot_on_the_right_sends_the_name_left() -> None:
    labels = place([(100.0, 100.0), (130.0, 100.0)], ["Search", "Billing"])
    first = next(label for label in labels if label.index == 0)
    assert first.x + first.width < 100 - RADIUS  # to the left of its dot
    assert first.text == "Search"


def test_at_the_plots_right_edge_the_name_goes_left() -> None:
    (label,) = place([(590.0, 100.0)], ["Search"])
    assert label.x + label.width <= 590 - RADIUS


def test_a_name_keeps_clear_of_other_text() -> None:
    (label,) = place([(100.0, 100.0)], ["Search"], avoid=[(105.0, 90.0, 200.0, 110.0)])
    assert label.x + label.width <= 100 - RADIUS


def test_a_long_name_is_elided_to_the_widest_allowed() -> None:
    (label,) = place([(100.0, 100.0)], ["A very long name for one roadmap item"], max_width=84.0)
    assert label.text.endswith("…") and label.width <= 84.0
    assert "A very long name for one roadmap item".startswith(label.text[:-1])


def test_a_crowd_gets_shorter_names_then_none() -> None:
    points = [(300.0 + 3 * n, 200.0 + 2 * n) for n in range(12)]  # nearly on top of each other
    texts = [f"Item number {n}" for n in range(12)]
    labels = place(points, texts)
    assert 0 < len(labels) < 12
    assert labels[0].index == 0 and labels[0].text == texts[0]  # the first served first


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(10, 590), st.floats(10, 390), st.text("abcdef ", min_size=1, max_size=30)
        ),
        min_size=1,
        max_size=60,
    )
)
def test_names_cover_no_dot_and_no_name_and_stay_inside(dots) -> None:
    points = [(x, y) for x, y, _ in dots]
    texts = [text for _x, _y, text in dots]
    labels = place(points, texts)
    left, top, right, bottom = BOUNDS
    for n, label in enumerate(labels):
        x0, y0, x1, y1 = box(label)
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom
        for m, (px, py) in enumerate(points):
            if m != label.index:
                assert not label.overlaps(px - RADIUS, py - RADIUS, px + RADIUS, py + RADIUS)
        for other in labels[n + 1 :]:
            assert not label.overlaps(*box(other))
        original = texts[label.index]
        assert label.text == original or (
            label.text.endswith("…") and original.startswith(label.text[:-1].rstrip())
        )
    assert len({label.index for label in labels}) == len(labels)
