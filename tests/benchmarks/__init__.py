"""The performance budget: named scenarios, each measuring one number, run on demand.

    python -m tests.benchmarks --json OUT.json [--only KEY,KEY] [--strict]

A scenario is one decorated function in a module of this package (every module here is
imported when the harness runs, so a new file is all it takes)::

    from tests.benchmarks import scenario

    @scenario("board_10k_drop_s", target=0.1)
    def board_drop() -> float:
        ...  # return seconds, megabytes, ... (lower is better)

``target`` is the budget (the value must not exceed it) or None when there is none yet.
Files here are not named ``test_*``, so the normal pytest run never collects them.

Environment overrides (the harness's own test uses them to stay quick):
    IPMP_BENCH_TASKS   size of the "10k" demo workspace (default 10000)
    IPMP_BENCH_REPEAT  repetitions of best-of-N scenarios (default 3)
"""

import functools
import importlib
import os
import pkgutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "SCENARIOS",
    "Measure",
    "Scenario",
    "bench_tasks",
    "demo_file",
    "discover",
    "repeat",
    "run_offscreen",
    "scenario",
    "work_dir",
]


Measure = Callable[[], float]
"""A scenario's function: measures once (best of N inside if it wants) and returns the number."""


@dataclass(frozen=True)
class Scenario:
    """One measured number: ``run()`` returns it; ``target`` is its budget (upper bound)."""

    key: str
    run: Measure
    target: float | None = None


SCENARIOS: dict[str, Scenario] = {}
"""Every registered scenario by key, in registration order."""

_TEMPORARY: list[tempfile.TemporaryDirectory[str]] = []


def scenario(key: str, *, target: float | None = None) -> Callable[[Measure], Measure]:
    """Register the decorated function as the scenario ``key``.

    Raises:
        ValueError: ``key`` is already registered.
    """

    def register(function: Measure) -> Measure:
        if key in SCENARIOS:
            raise ValueError(f"Two benchmark scenarios are named {key!r}.")
        SCENARIOS[key] = Scenario(key, function, target)
        return function

    return register


def discover() -> dict[str, Scenario]:
    """Import every module of this package so their scenarios register; return the registry."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "__main__":
            importlib.import_module(f"{__name__}.{module.name}")
    return SCENARIOS


def bench_tasks() -> int:
    """Size of the large demo workspace the scenarios use."""
    return int(os.environ.get("IPMP_BENCH_TASKS", "10000"))


def repeat() -> int:
    """How many times a best-of-N scenario runs."""
    return max(1, int(os.environ.get("IPMP_BENCH_REPEAT", "3")))


@functools.cache
def work_dir() -> Path:
    """A temporary folder for this run, removed when the process ends."""
    folder = tempfile.TemporaryDirectory(prefix="ipmp-bench-")
    _TEMPORARY.append(folder)  # kept alive until exit, then removed
    return Path(folder.name)


def run_offscreen(script: str, *args: str, timeout: float = 300) -> dict[str, float]:
    """Run ``script`` in a fresh offscreen interpreter; return the JSON of its last line.

    Raises:
        RuntimeError: the script failed (its stderr is in the message).
    """
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the benchmark script failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@functools.cache
def demo_file(tasks: int, seed: int = 1) -> Path:
    """A demo workspace of ``tasks`` tasks, generated once per run and shared by scenarios."""
    from ipmp_desktop.core.demo import generate_demo

    path = work_dir() / f"demo-{tasks}-{seed}.ipmp"
    generate_demo(path, tasks=tasks, seed=seed)
    return path
