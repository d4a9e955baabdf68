"""A real X server (Xvfb) for end-to-end tests driven by xdotool; a private log folder for
every app a test starts."""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipmp_desktop.qt.app import LOG_DIR_ENV


@pytest.fixture(autouse=True)
def app_log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The log folder of the apps the test starts (``IPMP_LOG_DIR``), never the user's.

    Set in ``os.environ``, which the tests hand on to the app's process.
    """
    folder = tmp_path / "logs"
    monkeypatch.setenv(LOG_DIR_ENV, str(folder))
    return folder


def in_ci() -> bool:
    """True under CI (``CI`` set, and not to a "no" such as ``false`` or ``0``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing_tools() -> list[str]:
    return [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]


@pytest.fixture(scope="session")
def x_display() -> Iterator[str]:
    """Start Xvfb on a free display number and yield its name (":N")."""
    missing = _missing_tools()
    if missing:
        if in_ci():  # there a skip would hide that the app was never driven
            pytest.fail(f"CI must install {', '.join(missing)} (see .ci/run)")
        pytest.skip(f"end-to-end tests need {', '.join(missing)}: apt-get install xvfb xdotool")
    for number in range(140, 200):
        if not os.path.exists(f"/tmp/.X11-unix/X{number}") and not os.path.exists(
            f"/tmp/.X{number}-lock"
        ):
            break
    display = f":{number}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{number}"):
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    try:
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def xdotool(display: str, *args: str, timeout: float = 20) -> str:
    """Run xdotool against ``display`` and return its output."""
    result = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return result.stdout.strip()
