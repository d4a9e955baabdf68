"""``ipmp import`` killed (SIGKILL) while it writes: no new workspace file is left behind, and
an existing workspace keeps exactly what it held.

The child imports a 20,000-level GanttProject file, which takes a few seconds; it is killed
half a second after its first file shows up in the output folder, and must still be running
then (else the test would prove nothing and says so).
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.queries import list_projects
from tests.deep_outline import outline_gan

ROOT = Path(__file__).resolve().parents[2]
LEVELS = 20_000
STARTUP_TIMEOUT_S = 60.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


@pytest.fixture(scope="module")
def deep_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("source") / "deep.gan"
    path.write_bytes(outline_gan(LEVELS))
    return path


def kill_import_midway(source: Path, target: Path) -> None:
    """Start ``ipmp import SOURCE -o TARGET``; SIGKILL it soon after it starts writing."""
    folder = target.parent
    before = set(folder.iterdir())
    child = subprocess.Popen(
        [sys.executable, "-m", "ipmp_desktop", "import", str(source), "-o", str(target)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not set(folder.iterdir()) - before:
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.01)
        time.sleep(0.5)
        assert child.poll() is None, "the import finished before it could be killed"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stderr:
            child.stderr.close()


def test_a_killed_import_leaves_no_new_workspace(deep_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "new.ipmp"
    kill_import_midway(deep_file, target)
    left = sorted(path.name for path in tmp_path.iterdir())
    assert not any(name.startswith("new.ipmp") for name in left), left
    assert all(name.startswith(".") for name in left), left  # at most the hidden side file
    # the next import to the same name removes what the killed one left and succeeds
    done = subprocess.run(
        [sys.executable, "-m", "ipmp_desktop", "import", str(deep_file), "-o", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["new.ipmp"]
    with Workspace.open(target) as workspace, workspace.reading() as session:
        assert [project.name for project in list_projects(session)] == ["Deep"]


def test_a_killed_import_into_a_workspace_leaves_it_as_it_was(
    deep_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "old.ipmp"
    with Workspace.create(target):
        pass
    assert (
        subprocess.run(
            [sys.executable, "-m", "ipmp_desktop", "import", str(deep_file), "-o", str(target)],
            cwd=ROOT,
            capture_output=True,
            timeout=300,
            check=False,
        ).returncode
        == 0
    )
    kill_import_midway(deep_file, target)
    with Workspace.open(target) as workspace, workspace.reading() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert [project.name for project in list_projects(session)] == ["Deep"]
