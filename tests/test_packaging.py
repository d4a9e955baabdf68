"""The wheel carries migrations/ and resources/, and the installed package finds them there."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import sys, tempfile, pathlib
import ipmp_desktop
from ipmp_desktop.paths import migrations_dir, resources_dir
from ipmp_desktop.core.db import Workspace
root = pathlib.Path(sys.argv[1]).resolve()
assert pathlib.Path(ipmp_desktop.__file__).resolve().is_relative_to(root), ipmp_desktop.__file__
assert migrations_dir().is_relative_to(root), migrations_dir()
assert (resources_dir() / "icons" / "ipmp.svg").is_file()
with tempfile.TemporaryDirectory() as folder:
    Workspace.create(pathlib.Path(folder) / "w.ipmp").close()
print("OK")
"""


@pytest.mark.slow
def test_wheel_ships_and_finds_migrations_and_resources(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("ipmp_desktop-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert "ipmp_desktop/migrations/env.py" in names
    assert any(n.startswith("ipmp_desktop/migrations/versions/0001") for n in names)
    assert "ipmp_desktop/resources/icons/ipmp.svg" in names
    assert not any(n.startswith("tests/") for n in names)
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-c", CHECK, str(site)],
        env={**os.environ, "PYTHONPATH": str(site)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.stdout.strip().endswith("OK"), run.stdout + run.stderr


def test_desktop_entry_metainfo_and_mime_type_agree():
    import configparser
    import tomllib
    import xml.etree.ElementTree as ElementTree  # our own files, not untrusted input

    linux = ROOT / "packaging" / "linux"
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(linux / "io.github.ipmp.Desktop.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert desktop["Exec"].split()[0] in scripts
    assert desktop["Type"] == "Application"
    meta = ElementTree.parse(linux / "io.github.ipmp.Desktop.metainfo.xml").getroot()
    app_id = meta.findtext("id")
    assert desktop["Icon"] == app_id
    assert meta.findtext("launchable") == f"{app_id}.desktop"
    assert (linux / f"{app_id}.desktop").is_file()
    mime = ElementTree.parse(linux / "io.github.ipmp.Desktop.mime.xml").getroot()
    namespace = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime_type = mime.find("m:mime-type", namespace)
    assert desktop["MimeType"].rstrip(";") == mime_type.get("type")
    assert mime_type.find("m:glob", namespace).get("pattern") == "*" + ".ipmp"
    assert meta.find("provides/mediatype").text == mime_type.get("type")
