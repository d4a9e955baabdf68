"""Render the application icon set from ``resources/icons/ipmp.svg``.

    python packaging/make_icons.py [--out ROOT]

Writes, under ROOT (default: the repository):

- ``resources/icons/hicolor/<n>x<n>/apps/ipmp.png`` for every size in ``HICOLOR_SIZES``, and the
  SVG itself as ``resources/icons/hicolor/scalable/apps/ipmp.svg`` (the freedesktop icon theme
  layout, which ``packaging/linux/install.sh`` copies and the app loads its window icon from);
- ``packaging/windows/ipmp.ico``: the sizes Windows asks for, each a PNG payload;
- ``packaging/macos/ipmp.icns``: the sizes macOS asks for, each a PNG payload.

The PNGs and the two containers are committed; run this again after changing the SVG. Only Qt
(``QSvgRenderer``) is needed: the ICO and ICNS containers are a few fixed-size headers in front of
PNG data, written here by hand rather than pulling in an imaging library for it.
"""

import argparse
import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("resources/icons/ipmp.svg")
HICOLOR = Path("resources/icons/hicolor")
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types that hold PNG data, with the pixel size each one must be.
ICNS_ENTRIES = (
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic10", 1024),  # 512x512@2x
    ("ic11", 32),  # 16x16@2x
    ("ic12", 64),  # 32x32@2x
    ("ic13", 256),  # 128x128@2x
    ("ic14", 512),  # 256x256@2x
)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows ICO file holding one PNG image per size (sizes 1..256, square).

    Layout: ICONDIR (reserved, type 1 = icon, count), one 16-byte ICONDIRENTRY per image, then
    the images. A width or height of 256 is stored as 0.
    """
    sizes = sorted(pngs)
    if not sizes or sizes[0] < 1 or sizes[-1] > 256:
        raise ValueError("an ICO holds images of 1 to 256 pixels")
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = pngs[size]
        stored = size % 256  # 256 is written as 0
        entries += struct.pack("<BBBBHHII", stored, stored, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        payload += data
    return header + entries + payload


def icns_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A macOS ICNS file: the 'icns' magic and total length, then (type, length, data) entries.

    Lengths are big-endian and include their own 8-byte headers.
    """
    body = b""
    for kind, data in entries:
        if len(kind) != 4:
            raise ValueError(f"an ICNS entry type has four characters, not {kind!r}")
        body += kind.encode("ascii") + struct.pack(">I", len(data) + 8) + data
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn into a transparent ``size`` x ``size`` image, as PNG bytes.

    A ``QGuiApplication`` must exist (``make_icons`` makes one).
    """
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def make_icons(out: Path, svg: Path = ROOT / SOURCE) -> list[Path]:
    """Write the whole icon set under ``out``; returns the files written."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 (kept alive)
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _, size in ICNS_ENTRIES)})
    pngs = {size: render_png(svg, size) for size in sizes}
    written = []
    for size in HICOLOR_SIZES:
        target = out / HICOLOR / f"{size}x{size}" / "apps" / "ipmp.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
        written.append(target)
    scalable = out / HICOLOR / "scalable" / "apps" / "ipmp.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    if scalable.resolve() != svg.resolve():
        shutil.copyfile(svg, scalable)
    written.append(scalable)
    ico = out / "packaging" / "windows" / "ipmp.ico"
    ico.parent.mkdir(parents=True, exist_ok=True)
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    icns = out / "packaging" / "macos" / "ipmp.icns"
    icns.parent.mkdir(parents=True, exist_ok=True)
    icns.write_bytes(icns_bytes([(kind, pngs[size]) for kind, size in ICNS_ENTRIES]))
    return [*written, ico, icns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT, help="root to write under")
    options = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in make_icons(options.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
