"""The value-versus-effort dots carry their items' names: painted beside each dot, none over
another dot or name or a quadrant's name, long ones elided; a crowd keeps the names of the
higher-ranked items; the tooltips still name every dot."""

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QRectF
from PySide6.QtGui import QHelpEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.core.services.roadmap import list_products, load_roadmap
from ipmp_desktop.qt.views.roadmap.matrix_view import DOT_RADIUS, ValueEffortMatrixView


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("matrix") / "demo.ipmp"
    generate_demo(path, tasks=600, seed=1)
    return path


@pytest.fixture
def view(qtbot, demo):
    """The demo's first product in the matrix, the size it has in a 1280x800 window."""
    with Workspace.open(demo) as workspace, workspace.reading() as session:
        data = load_roadmap(session, list_products(session)[0].id)
    matrix = ValueEffortMatrixView(lambda _command: True)
    qtbot.addWidget(matrix)
    matrix.resize(1270, 625)
    matrix.set_data(data)
    matrix.show()
    qtbot.waitExposed(matrix)
    return matrix


def ink(image: QImage, box: QRectF, text_color) -> int:
    """How many pixels in ``box`` have about the text colour."""
    found = 0
    for y in range(int(box.top()), int(box.bottom())):
        for x in range(int(box.left()), int(box.right())):
            c = image.pixelColor(x, y)
            diff = abs(c.red() - text_color.red()) + abs(c.green() - text_color.green())
            found += diff + abs(c.blue() - text_color.blue()) < 150
    return found


def test_the_dots_have_their_names_painted_beside_them(view) -> None:
    canvas = view.canvas
    items = canvas.items
    assert len(items) > 50
    labels = canvas.labels()
    assert len(labels) >= 0.85 * len(items)  # a crowd may cost a few names, not many
    image = canvas.grab().toImage()
    text = canvas.palette().color(QPalette.ColorRole.Text)
    for label in labels:
        item = items[label.index]
        assert label.text == item.title or (
            label.text.endswith("…") and item.title.startswith(label.text[:-1])
        )
        box = QRectF(label.x, label.y, label.width, label.height)
        assert ink(image, box, text) > 5, f"no name painted for {item.title}"
        centre = canvas.to_point(item.effort or 0, item.value or 0)
        # beside its own dot: the box is within a name's reach of it
        gap_x = max(box.left() - centre.x(), centre.x() - box.right(), 0)
        gap_y = max(box.top() - centre.y(), centre.y() - box.bottom(), 0)
        assert gap_x <= DOT_RADIUS + 6 and gap_y <= DOT_RADIUS + 6


def test_no_name_covers_a_dot_a_name_or_a_quadrant_title(view) -> None:
    canvas = view.canvas
    labels = canvas.labels()
    boxes = [QRectF(label.x, label.y, label.width, label.height) for label in labels]
    quadrants = canvas.quadrant_name_rects()
    for n, (label, box) in enumerate(zip(labels, boxes, strict=True)):
        assert canvas.plot_rect().contains(box)
        for m, item in enumerate(canvas.items):
            if m != label.index:
                centre = canvas.to_point(item.effort or 0, item.value or 0)
                dot = QRectF(centre.x() - DOT_RADIUS, centre.y() - DOT_RADIUS, 14, 14)
                assert not box.intersects(dot), (canvas.items[label.index].title, item.title)
        assert not any(box.intersects(other) for other in boxes[n + 1 :])
        assert not any(box.intersects(q) for q in quadrants)


def test_the_highest_ranked_keep_their_names_and_tooltips_stay(view) -> None:
    canvas = view.canvas
    named = {canvas.items[label.index].id for label in canvas.labels()}
    top = [item.id for item in sorted(canvas.items, key=lambda item: item.rank)[:10]]
    assert set(top) <= named
    item = canvas.items[-1]
    centre = canvas.to_point(item.effort or 0, item.value or 0).toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, canvas.mapToGlobal(centre))
    QApplication.sendEvent(canvas, event)
    assert QToolTip.text().startswith(canvas.item_at(centre.toPointF()).title)
