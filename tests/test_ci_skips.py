"""In CI a test that skips itself fails: the check that nothing is silently left out."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run_probe(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    probe = ROOT / "tests" / f"test_zz_probe_{os.getpid()}.py"
    probe.write_text(
        "import pytest\n\n\ndef test_needs_a_tool():\n    pytest.skip('the tool is missing')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    try:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(probe)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        probe.unlink()


def test_a_skip_fails_in_ci_and_stays_a_skip_elsewhere(tmp_path: Path) -> None:
    in_ci = _run_probe(tmp_path, ci=True)
    assert in_ci.returncode == 1, in_ci.stdout
    assert "skipped in CI" in in_ci.stdout and "the tool is missing" in in_ci.stdout
    outside = _run_probe(tmp_path, ci=False)
    assert outside.returncode == 0, outside.stdout
    assert "1 skipped" in outside.stdout
