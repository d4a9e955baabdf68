"""The icon set: hicolor PNGs of the right sizes, and ICO / ICNS containers that parse."""

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# ICNS PNG entry types and the pixel size Apple defines for each
ICNS_SIZES = {
    "icp4": 16, "icp5": 32, "icp6": 64, "ic07": 128, "ic08": 256, "ic09": 512,
    "ic10": 1024, "ic11": 32, "ic12": 64, "ic13": 256, "ic14": 512,
}  # fmt: skip


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (which must come first)."""
    assert data[:8] == PNG_MAGIC, "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def parse_ico(data: bytes) -> dict[int, bytes]:
    """The images of an ICO file by size, checking its header and directory."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1), "not an icon file"
    images = {}
    for number in range(count):
        entry = data[6 + 16 * number : 6 + 16 * (number + 1)]
        width, height, colours, zero, planes, bits, size, offset = struct.unpack("<BBBBHHII", entry)
        assert (colours, zero, planes, bits) == (0, 0, 1, 32)
        assert offset >= 6 + 16 * count and offset + size <= len(data)
        image = data[offset : offset + size]
        assert png_size(image) == (width or 256, height or 256)
        images[width or 256] = image
    return images


def parse_icns(data: bytes) -> dict[str, bytes]:
    """The entries of an ICNS file by type, checking the magic and every length."""
    magic, total = struct.unpack(">4sI", data[:8])
    assert magic == b"icns" and total == len(data)
    entries, at = {}, 8
    while at < total:
        kind, length = struct.unpack(">4sI", data[at : at + 8])
        assert length >= 8 and at + length <= total
        entries[kind.decode("ascii")] = data[at + 8 : at + length]
        at += length
    assert at == total
    return entries


@pytest.mark.parametrize("size", HICOLOR_SIZES)
def test_hicolor_png_has_its_size(size):
    path = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "ipmp.png"
    assert png_size(path.read_bytes()) == (size, size)


def test_scalable_icon_is_the_svg():
    scalable = ROOT / "resources" / "icons" / "hicolor" / "scalable" / "apps" / "ipmp.svg"
    assert scalable.read_bytes() == (ROOT / "resources" / "icons" / "ipmp.svg").read_bytes()


def test_windows_ico_holds_every_size_up_to_256():
    images = parse_ico((ROOT / "packaging" / "windows" / "ipmp.ico").read_bytes())
    assert sorted(images) == [16, 24, 32, 48, 64, 128, 256]


def test_macos_icns_entries_have_their_sizes():
    entries = parse_icns((ROOT / "packaging" / "macos" / "ipmp.icns").read_bytes())
    assert {"ic07", "ic08", "ic09", "ic10"} <= set(entries)
    for kind, image in entries.items():
        side = ICNS_SIZES[kind]
        assert png_size(image) == (side, side), kind


def test_parsers_refuse_a_broken_container():
    ico = bytearray((ROOT / "packaging" / "windows" / "ipmp.ico").read_bytes())
    ico[6 + 12 : 6 + 16] = struct.pack("<I", len(ico))  # first image starts past the end
    with pytest.raises(AssertionError):
        parse_ico(bytes(ico))
    icns = (ROOT / "packaging" / "macos" / "ipmp.icns").read_bytes()
    with pytest.raises(AssertionError):
        parse_icns(icns[:-1])


def test_make_icons_renders_the_whole_set(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), "--out", str(tmp_path)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    for size in HICOLOR_SIZES:
        made = tmp_path / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "ipmp.png"
        assert png_size(made.read_bytes()) == (size, size)
    assert sorted(parse_ico((tmp_path / "packaging" / "windows" / "ipmp.ico").read_bytes())) == [
        16, 24, 32, 48, 64, 128, 256
    ]  # fmt: skip
    icns = parse_icns((tmp_path / "packaging" / "macos" / "ipmp.icns").read_bytes())
    assert png_size(icns["ic10"]) == (1024, 1024)
