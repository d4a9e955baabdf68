"""Crash safety for real: a child process edits a workspace file and is SIGKILLed mid-stream.

The child (``crash_worker.py``) prints ``DO`` before each ``apply()`` and ``ACK`` after it returned.
After every kill the file must open with ``Workspace.open``, pass ``PRAGMA integrity_check``, and
hold exactly the acknowledged edits -- plus, at most, the one edit that was in flight. The same
file is reused for every round, so each open recovers the write-ahead log the kill left behind:
on even rounds the test checks the file itself, on odd rounds a copy of the file and its WAL (no
shared-memory index), leaving the original hot for the next child to recover.

Reproduce a failure with ``IPMP_CRASH_SEED=<seed>`` (the seed is in every failure message).
"""

import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from ipmp_desktop.core.commands import CreateProject, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.model import Dependency, Task

WORKER = Path(__file__).with_name("crash_worker.py")
KILLS = 30
STARTUP_TIMEOUT_S = 30.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

Op = tuple[str, ...]


@dataclass(frozen=True)
class State:
    """The project's tasks ``{id: (title, parent_id)}`` and links ``{id: (pred, succ)}``."""

    tasks: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    links: dict[int, tuple[int, int]] = field(default_factory=dict)

    def after(self, op: Op, result: int | None) -> "State":
        """This state with ``op`` applied; ``result`` is the new row id of CREATE and LINK."""
        tasks, links = dict(self.tasks), dict(self.links)
        match op:
            case ("CREATE", parent, title):
                assert result is not None and result not in tasks
                tasks[result] = (title, None if parent == "-" else int(parent))
            case ("RENAME", task, title):
                tasks[int(task)] = (title, tasks[int(task)][1])
            case ("DELETE", task):
                doomed = {int(task)}
                while grown := {t for t, (_, p) in tasks.items() if p in doomed} - doomed:
                    doomed |= grown
                tasks = {t: v for t, v in tasks.items() if t not in doomed}
                links = {d: v for d, v in links.items() if not doomed & set(v)}
            case ("LINK", pred, succ):
                assert result is not None and result not in links
                links[result] = (int(pred), int(succ))
            case ("UNLINK", link):
                del links[int(link)]
            case _:
                raise AssertionError(f"unknown operation {op}")
        return replace(self, tasks=tasks, links=links)


@dataclass
class Round:
    """What one child printed before it was killed."""

    lines: list[str]
    stderr: str
    acks: int = 0

    def replay(self, state: State) -> tuple[State, Op | None]:
        """Apply every acknowledged edit; return the new state and the edit in flight, if any."""
        pending: tuple[int, Op] | None = None
        for line in self.lines:
            kind, *rest = line.split()
            if kind == "DO":
                assert pending is None, f"two DO lines without an answer: {line}"
                pending = (int(rest[0]), tuple(rest[1:]))
            elif kind in ("ACK", "NACK"):
                assert pending is not None and pending[0] == int(rest[0]), line
                self.acks += 1
                if kind == "ACK":
                    result = int(rest[1]) if len(rest) > 1 else None
                    state = state.after(pending[1], result)
                pending = None
        return state, pending[1] if pending else None


def run_child_until_killed(path: Path, seed: int, number: int, rng: random.Random) -> Round:
    """Start a child, wait for READY, then SIGKILL it after a random delay or ack count."""
    stderr_path = path.with_name(f"stderr-{number}.txt")
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    with stderr_path.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), str(seed), str(number)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        reader = threading.Thread(target=pump, args=(child, lines), daemon=True)
        reader.start()
        try:
            wait_for(lambda line: line == "READY\n", lines, seen, STARTUP_TIMEOUT_S)
            if rng.random() < 0.5:
                time.sleep(rng.uniform(0.005, 0.150))
            else:
                wanted = rng.randint(1, 40)
                wait_for(lambda _: count_answers(seen) >= wanted, lines, seen, 10.0)
        except TimeoutError as error:
            child.kill()
            child.wait(timeout=10)
            raise AssertionError(f"{error}\nchild stderr:\n{stderr_path.read_text()}") from None
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        reader.join(timeout=10)
    while not lines.empty():
        seen.append(lines.get())
    log = stderr_path.read_text()
    assert child.returncode == -signal.SIGKILL, f"child ended by itself:\n{log}"
    complete = [line for line in seen if line.endswith("\n")]  # the kill may cut the last line
    return Round(lines=[line for line in complete if line != "READY\n"], stderr=log)


def pump(child: subprocess.Popen[str], lines: queue.Queue[str]) -> None:
    assert child.stdout is not None
    for line in child.stdout:
        lines.put(line)


def count_answers(lines: list[str]) -> int:
    return sum(line.startswith(("ACK", "NACK")) for line in lines)


def wait_for(
    done: Callable[[str], bool], lines: queue.Queue[str], seen: list[str], timeout: float
) -> None:
    """Move lines from the child into ``seen`` until ``done(last line)``."""
    deadline = time.monotonic() + timeout
    while not seen or not done(seen[-1]):
        try:
            seen.append(lines.get(timeout=max(0.0, deadline - time.monotonic())))
        except queue.Empty:
            raise TimeoutError(f"the child is too slow or gone; it printed {seen[-5:]}") from None


def read_back(path: Path) -> State:
    """Open ``path`` as the app would, check its integrity, and read the project's rows."""
    with Workspace.open(path) as workspace:
        with workspace.engine.connect() as connection:
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
            dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        assert integrity == ["ok"]
        assert dangling == []
        with workspace.reading() as session:
            tasks = session.execute(select(Task.id, Task.title, Task.parent_id)).all()
            links = session.execute(
                select(Dependency.id, Dependency.predecessor_id, Dependency.successor_id)
            ).all()
    return State(
        tasks={row.id: (row.title, row.parent_id) for row in tasks},
        links={row.id: (row.predecessor_id, row.successor_id) for row in links},
    )


def copy_crashed(path: Path, folder: Path) -> Path:
    """Copy the file and its WAL (as a crash left them) without the shared-memory index."""
    folder.mkdir(exist_ok=True)
    for leftover in folder.iterdir():
        leftover.unlink()
    target = folder / path.name
    shutil.copyfile(path, target)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    return target


def settle(expected: State, in_flight: Op | None, found: State) -> tuple[State, bool]:
    """Match what the file holds to the acknowledged state, with or without the edit in flight.

    Returns the matching state and whether the in-flight edit had committed.
    """
    if found == expected:
        return expected, False
    assert in_flight is not None, "the file differs from the acknowledged edits"
    mismatch = f"the file matches neither side of {in_flight}"
    result = None
    if in_flight[0] in ("CREATE", "LINK"):
        ids = found.tasks.keys() - expected.tasks.keys() if in_flight[0] == "CREATE" else (
            found.links.keys() - expected.links.keys()
        )
        assert len(ids) == 1, mismatch
        result = ids.pop()
    assert expected.after(in_flight, result) == found, mismatch
    return found, True


def test_acknowledged_edits_survive_sigkill(tmp_path: Path) -> None:
    seed = int(os.environ.get("IPMP_CRASH_SEED") or random.randrange(2**32))
    print(f"IPMP_CRASH_SEED={seed}")
    rng = random.Random(seed)
    path = tmp_path / "crash.ipmp"
    with Workspace.create(path) as workspace:
        apply(workspace, CreateProject(name="Crash", start=date(2026, 1, 5)))
    state, acks, landed = State(), 0, 0
    started = time.monotonic()
    for number in range(KILLS):
        outcome = run_child_until_killed(path, seed, number, rng)
        try:
            state, in_flight = outcome.replay(state)
            checked = path if number % 2 == 0 else copy_crashed(path, tmp_path / "copy")
            state, committed = settle(state, in_flight, read_back(checked))
        except AssertionError as error:
            raise AssertionError(
                f"IPMP_CRASH_SEED={seed} round {number}: {error}\n"
                f"last lines: {outcome.lines[-6:]}\nchild stderr:\n{outcome.stderr}"
            ) from error
        acks += outcome.acks
        landed += committed
    print(f"{KILLS} kills, {acks} answered edits, {landed} in-flight edits found committed, "
          f"{len(state.tasks)} tasks, {time.monotonic() - started:.1f} s")
    assert acks >= KILLS, f"IPMP_CRASH_SEED={seed}: too few edits ({acks}) to mean anything"
