"""The screenshot gallery (``python -m tests.gallery``) draws every window it names, in both
themes. CI keeps the pictures: with ``IPMP_GALLERY_DIR`` set they are written there (``.ci/run``
sets ``build/gallery``), else into a temporary folder."""

import os
from pathlib import Path

from PySide6.QtGui import QImage

from tests.gallery import WINDOW_SIZE, expected_names, write_gallery

GALLERY_DIR_ENV = "IPMP_GALLERY_DIR"


def lightness(image: QImage) -> float:
    """Mean lightness (0-255) over a grid of points."""
    points = [
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), max(1, image.width() // 40))
        for y in range(0, image.height(), max(1, image.height() // 40))
    ]
    return sum(points) / len(points)


def colours(image: QImage) -> int:
    """Distinct colours over a grid of points: a blank or one-colour picture has very few."""
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), max(1, image.width() // 80))
            for y in range(0, image.height(), max(1, image.height() // 80))
        }
    )


def test_the_gallery_draws_every_tab_and_dialog_in_both_themes(qapp, tmp_path):
    out = Path(os.environ.get(GALLERY_DIR_ENV) or tmp_path / "gallery")
    written = write_gallery(out)
    assert [p.stem for p in written] == expected_names()
    index = (out / "index.html").read_text(encoding="utf-8")
    images = {}
    for path in written:
        image = QImage(str(path))
        assert not image.isNull(), f"{path} is no picture"
        assert path.name in index
        images[path.stem] = image
        if "-dialog-" not in path.stem:  # the main window at the gallery's size
            assert (image.width(), image.height()) == WINDOW_SIZE, path.stem
        assert colours(image) >= 30, f"{path.stem} looks blank"
    for name, image in images.items():
        if name.startswith("dark-"):
            light = images["light-" + name.removeprefix("dark-")]
            assert lightness(image) < lightness(light) - 20, f"{name} is not dark"
    full, empty = images["light-full-gantt"], images["light-empty-gantt"]
    assert colours(full) > 2 * colours(empty), "the demo's Gantt shows no more than an empty one"
