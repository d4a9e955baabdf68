"""The benchmark harness itself: it runs scenarios, prints a table and writes the JSON."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks import Scenario
from tests.benchmarks.__main__ import main

ROOT = Path(__file__).resolve().parent.parent


def fake_registry() -> dict[str, Scenario]:
    return {
        "fast_s": Scenario("fast_s", lambda: 0.25, target=1.0),
        "big_mb": Scenario("big_mb", lambda: 120.0),
        "slow_s": Scenario("slow_s", lambda: 2.0, target=1.0),
    }


def test_fake_scenarios_are_run_printed_and_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    assert main(["--json", str(out), "--only", "fast_s,big_mb"], fake_registry()) == 0
    assert json.loads(out.read_text()) == {"fast_s": 0.25, "big_mb": 120.0}
    table = capsys.readouterr().out
    assert "fast_s" in table and "<= 1" in table and "ok" in table
    assert "slow_s" not in table


def test_missed_target_fails_only_when_strict(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert main(["--json", str(out)], fake_registry()) == 0
    assert json.loads(out.read_text())["slow_s"] == 2.0
    assert main(["--json", str(out), "--strict"], fake_registry()) == 1


def test_unknown_key_and_failing_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    assert main(["--json", str(out), "--only", "nope"], fake_registry()) == 2
    assert "Unknown scenario 'nope'" in capsys.readouterr().err

    def broken() -> float:
        raise RuntimeError("boom")

    registry = {**fake_registry(), "broken_s": Scenario("broken_s", broken)}
    assert main(["--json", str(out), "--only", "fast_s,broken_s"], registry) == 1
    assert json.loads(out.read_text()) == {"fast_s": 0.25}


def test_real_demo_scenario_runs_small_as_a_module(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = {**os.environ, "IPMP_BENCH_TASKS": "60", "IPMP_BENCH_REPEAT": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks",
            "--json",
            str(out),
            "--only",
            "demo_10k_generate_s",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text())
    assert list(results) == ["demo_10k_generate_s"]
    assert 0 < results["demo_10k_generate_s"] < 3


def test_cold_start_scenarios_run_small_as_a_module(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = {**os.environ, "IPMP_BENCH_TASKS": "60", "IPMP_BENCH_REPEAT": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks",
            "--json",
            str(out),
            "--only",
            "cold_start_10k_s,cold_start_rss_10k_mb",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text())
    assert sorted(results) == ["cold_start_10k_s", "cold_start_rss_10k_mb"]
    assert 0 < results["cold_start_10k_s"] < 30
    assert 20 < results["cold_start_rss_10k_mb"] < 1000
