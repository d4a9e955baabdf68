"""Run the benchmark scenarios, print a table and write ``{key: value}`` as JSON.

    python -m tests.benchmarks --json OUT.json [--only KEY,KEY] [--strict]

Exit status: 0 when every scenario ran (and, with ``--strict``, met its target); 1 when a
scenario failed or, with ``--strict``, missed its target; 2 on bad arguments.
"""

import argparse
import json
import sys
import traceback
from pathlib import Path

from tests.benchmarks import Scenario, discover


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--json", type=Path, required=True, help="where to write the results")
    parser.add_argument("--only", default="", help="comma-separated scenario keys to run")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    return parser.parse_args(argv)


def select(registry: dict[str, Scenario], only: str) -> list[Scenario]:
    """The scenarios named in ``only`` (all when empty), in registry order.

    Raises:
        LookupError: ``only`` names a scenario that is not registered.
    """
    wanted = [key.strip() for key in only.split(",") if key.strip()]
    unknown = [key for key in wanted if key not in registry]
    if unknown:
        known = ", ".join(registry)
        raise LookupError(f"Unknown scenario {unknown[0]!r}; known: {known}.")
    return [s for key, s in registry.items() if not wanted or key in wanted]


def row(key: str, value: str, target: str, verdict: str) -> str:
    return f"{key:<32} {value:>12} {target:>10}  {verdict}"


def run_all(scenarios: list[Scenario]) -> tuple[dict[str, float], list[str], list[str]]:
    """Run each scenario, printing a table row as it finishes; return results and problems."""
    results: dict[str, float] = {}
    failed: list[str] = []
    over: list[str] = []
    print(row("scenario", "value", "target", ""))
    for item in scenarios:
        target = "-" if item.target is None else f"<= {item.target:g}"
        try:
            value = float(item.run())
        except Exception:
            traceback.print_exc()
            failed.append(item.key)
            print(row(item.key, "error", target, "FAILED"), flush=True)
            continue
        results[item.key] = round(value, 4)
        verdict = ""
        if item.target is not None:
            verdict = "ok" if value <= item.target else "OVER"
            if value > item.target:
                over.append(item.key)
        print(row(item.key, f"{value:.3f}", target, verdict), flush=True)
    return results, failed, over


def main(argv: list[str] | None = None, registry: dict[str, Scenario] | None = None) -> int:
    """Entry point; ``registry`` replaces the discovered scenarios (for the harness's test)."""
    options = parse_args(argv)
    registry = discover() if registry is None else registry
    if options.list:
        for key, item in registry.items():
            print(key if item.target is None else f"{key} (target <= {item.target:g})")
        return 0
    try:
        scenarios = select(registry, options.only)
    except LookupError as refusal:
        print(refusal, file=sys.stderr)
        return 2
    results, failed, over = run_all(scenarios)
    options.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    if over:
        print(f"over target: {', '.join(over)}", file=sys.stderr)
    return 1 if over and options.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
