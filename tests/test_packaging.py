"""The wheel carries migrations/ and resources/, and the installed package finds them there;
the desktop integration files validate and install; the bundle's build files hold together."""

import configparser
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import ipmp_desktop

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.ipmp.Desktop"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())

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
    assert "ipmp_desktop/resources/icons/hicolor/256x256/apps/ipmp.png" in names
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


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(path, encoding="utf-8")
    return entry["Desktop Entry"]


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_metainfo_passes_appstreamcli_validate():
    run = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed"
)
def test_desktop_entry_passes_desktop_file_validate():
    run = subprocess.run(
        ["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr


def test_metainfo_licence_and_newest_release_match_the_package():
    import xml.etree.ElementTree as ElementTree  # our own file, not untrusted input

    meta = ElementTree.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert meta.findtext("project_license") == PYPROJECT["project"]["license"]
    assert meta.find("releases/release").get("version") == ipmp_desktop.__version__


def test_install_script_installs_the_entry_mime_type_and_icons(tmp_path):
    program = tmp_path / "my apps" / "ipmp"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    prefix = tmp_path / "prefix"
    script = str(LINUX / "install.sh")
    run = subprocess.run(
        ["bash", script, "--prefix", str(prefix), "--exec", str(program)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    share = prefix / "share"
    desktop = _desktop_entry(share / "applications" / f"{APP_ID}.desktop")
    assert desktop["Exec"] == f'"{program}" %f'  # quoted: the path has a space
    assert desktop["TryExec"] == str(program)
    assert desktop["MimeType"] == _desktop_entry(LINUX / f"{APP_ID}.desktop")["MimeType"]
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    if shutil.which("update-mime-database"):
        assert "*.ipmp" in (share / "mime" / "globs2").read_text()
    removed = subprocess.run(
        ["bash", script, "--prefix", str(prefix), "--uninstall"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert removed.returncode == 0, removed.stderr
    assert not list(share.rglob(f"{APP_ID}*"))


def test_install_script_refuses_a_program_that_is_not_there(tmp_path):
    run = subprocess.run(
        ["bash", str(LINUX / "install.sh"), "--prefix", str(tmp_path), "--exec", "/no/such/ipmp"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "not an executable file" in run.stderr
    assert not (tmp_path / "share").exists()


def test_bundle_build_files_hold_together():
    for script in ("packaging/build.sh", "packaging/linux/install.sh"):
        check = subprocess.run(["bash", "-n", str(ROOT / script)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    spec = (ROOT / "packaging" / "pyinstaller" / "ipmp.spec").read_text()
    compile(spec, "ipmp.spec", "exec")
    for name in ("ipmp_main.py", '"ipmp.ico"', '"ipmp.icns"', "BUNDLE(", "collect_submodules"):
        assert name in spec
    assert (ROOT / "packaging" / "pyinstaller" / "ipmp_main.py").is_file()
    assert (ROOT / "packaging" / "windows" / "ipmp.ico").is_file()
    assert (ROOT / "packaging" / "macos" / "ipmp.icns").is_file()
    project = PYPROJECT["project"]
    assert any(r.startswith("pyinstaller") for r in project["optional-dependencies"]["package"])
    assert not any(r.lower().startswith("pyinstaller") for r in project["dependencies"])
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert "bash packaging/build.sh" in [line.strip() for line in ci]
