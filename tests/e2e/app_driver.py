"""Drive the real ``ipmp`` in a real X window as a person does: a pointer and a keyboard
(xdotool through XTEST), with :mod:`tests.e2e.probe` telling where things are on screen."""

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import xdotool
from tests.e2e.probe import ANSWER

KEY_PAUSE = 0.12
"""Seconds after a key or click: the app handles it before the next one arrives, as it would
between a person's keystrokes (there is no window manager to queue focus changes)."""


def fresh_home_env(display: str, home: Path) -> dict[str, str]:
    """The environment of a first start: ``home`` as HOME, no XDG folders of this machine, no
    log folder override; the app finds everything of its own under ``home``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("XDG_") and key != "IPMP_LOG_DIR"
    }
    home.mkdir(parents=True, exist_ok=True)
    return {**env, "HOME": str(home), "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}


class DrivenApp:
    """One run of ``ipmp ARGS`` under the probe, with pointer and keyboard helpers.

    Args:
        display: the X display (":N").
        env: the app's environment.
        args: the ``ipmp`` arguments (none: what a user starting it from the menu gets).
    """

    def __init__(self, display: str, env: dict[str, str], *args: str) -> None:
        self.display = display
        self.log = Path(env["HOME"]) / "ipmp-stderr.txt"
        self._stderr = self.log.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.probe", *args],
            env=env,
            cwd=Path(__file__).resolve().parents[2],  # so "tests.e2e.probe" imports
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self._answers: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.window = ""

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(ANSWER):
                self._answers.put(line[len(ANSWER) :])

    def wait_for_window(self, title: str, timeout: float = 30) -> str:
        """Wait until the main window titled ``title`` is shown; focus it as a click would."""
        found = xdotool(
            self.display, "search", "--sync", "--onlyvisible", "--name", title, timeout=timeout
        )
        self.window = found.splitlines()[0]
        self.state()  # the probe answers once the window's event loop runs
        self.focus()
        return self.window

    def focus(self) -> None:
        """Put the pointer in the window and give it the keyboard focus (with no window
        manager, keys go nowhere until the window is focused)."""
        geometry = xdotool(self.display, "getwindowgeometry", "--shell", self.window)
        values = dict(line.split("=", 1) for line in geometry.splitlines() if "=" in line)
        self.move((int(values["X"]) + 40, int(values["Y"]) + 40))
        xdotool(self.display, "windowfocus", "--sync", self.window)
        time.sleep(KEY_PAUSE)

    # -- asking the probe --

    def ask(self, kind: str, *args: Any, timeout: float = 15) -> Any:
        """One question to the probe (see :mod:`tests.e2e.probe`); fails the test on no answer."""
        if self.process.poll() is not None:
            pytest.fail(f"the app has exited ({self.process.returncode}): {self.stderr()}")
        assert self.process.stdin is not None
        self.process.stdin.write(f"{kind} {json.dumps(list(args))}\n")
        self.process.stdin.flush()
        try:
            return json.loads(self._answers.get(timeout=timeout))
        except queue.Empty:
            pytest.fail(f"the app did not answer {kind} {args} in {timeout} s: {self.stderr()}")

    def state(self) -> dict[str, Any]:
        """What the window shows (the probe's ``state``)."""
        found = self.ask("state")
        assert "error" not in found, found["error"] if isinstance(found, dict) else found
        return found

    def where(self, *what: str) -> tuple[int, int]:
        """The screen point of a thing shown; fails the test if it is not on screen."""
        found = self.ask("where", *what)
        if isinstance(found, dict):
            pytest.fail(f"{what}: {found['error']}")
        return found[0], found[1]

    def eventually(self, check: Callable[[dict[str, Any]], bool], what: str, timeout=10.0) -> dict:
        """Wait until ``check(state)`` holds; on a timeout fail with ``what`` and the state."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.state()
            if check(seen):
                return seen
            if time.monotonic() > deadline:
                shown = {k: v for k, v in seen.items() if k != "rows"}
                pytest.fail(f"{what}; the window shows {shown} and rows {seen['rows']}")
            time.sleep(0.1)

    def stderr(self) -> str:
        """What the app wrote to stderr so far (for failure messages)."""
        self._stderr.flush()
        return self.log.read_text(encoding="utf-8")[-3000:]

    # -- a person's hands --

    def keys(self, *sequence: str) -> None:
        """Press keys (xdotool names: ``ctrl+n``, ``Return``) on the focused window."""
        for key in sequence:
            xdotool(self.display, "key", "--clearmodifiers", key)
            time.sleep(KEY_PAUSE)

    def type(self, text: str) -> None:
        """Type ``text`` key by key."""
        xdotool(self.display, "type", "--delay", "25", text)
        time.sleep(KEY_PAUSE)

    def move(self, point: tuple[int, int]) -> None:
        """Move the pointer to ``point`` and give the app a moment to see the motion.

        No ``--sync``: xdotool then waits for a motion that never comes when the pointer is
        there already. The X server keeps the order of requests, so a click that follows
        happens where the pointer was moved to.
        """
        xdotool(self.display, "mousemove", str(point[0]), str(point[1]))
        time.sleep(KEY_PAUSE)

    def click(self, point: tuple[int, int], *, double: bool = False) -> None:
        """Move there and click the left button (twice for ``double``)."""
        self.move(point)
        xdotool(self.display, "click", *(["--repeat", "2"] if double else []), "1")
        time.sleep(KEY_PAUSE * 2)

    def drag(self, start: tuple[int, int], end: tuple[int, int], steps: int = 12) -> None:
        """Press at ``start``, move in small steps (past the drag distance) and release at
        ``end``, pausing before the release as a hand does."""
        self.move(start)
        xdotool(self.display, "mousedown", "1")
        time.sleep(0.1)
        (x1, y1), (x2, y2) = start, end
        for step in range(1, steps + 1):
            x = x1 + (x2 - x1) * step // steps
            y = y1 + (y2 - y1) * step // steps
            xdotool(self.display, "mousemove", str(x), str(y))
            time.sleep(0.04)
        time.sleep(0.3)
        xdotool(self.display, "mouseup", "1")
        time.sleep(KEY_PAUSE * 2)

    # -- the end --

    def quit_with_ctrl_q(self) -> None:
        """Press Ctrl+Q and wait for the app to exit cleanly."""
        self.keys("ctrl+q")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the app did not quit on Ctrl+Q: {self.state()}")
        assert self.process.returncode == 0, self.stderr()

    def kill(self) -> None:
        """Stop the app if it still runs (after a failure)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self._stderr.close()
