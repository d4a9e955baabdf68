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
