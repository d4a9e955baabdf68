"""Helpers for importer tests: byte mutations and attacks for fuzzing, the shape every Plan must
have, counting what a plan holds, and running MPXJ as an independent reader."""

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipmp_desktop.core.commands.validate import EARLIEST, LATEST
from ipmp_desktop.core.interchange.plan import LINK_TYPES, InterchangeError, Plan
from tests.interchange.conftest import CORPUS

Reader = Callable[[bytes, str], Plan]
"""An importer: the file's bytes and its name in, a Plan out (or an InterchangeError)."""


def mutate(blob: bytes, data: st.DataObject) -> bytes:
    """``blob`` with one to four bytes flipped, runs deleted or inserted, or the tail cut."""
    out = bytearray(blob)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        if not out:
            break
        at = data.draw(st.integers(0, len(out) - 1), label="at")
        action = data.draw(st.sampled_from(["flip", "delete", "truncate", "insert"]))
        if action == "flip":
            out[at] ^= data.draw(st.integers(1, 255), label="mask")
        elif action == "delete":
            del out[at : at + data.draw(st.integers(1, 40), label="length")]
        elif action == "truncate":
            del out[at:]
        else:
            out[at:at] = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
    return bytes(out)


def read_or_refuse(reader: Callable[[bytes, str], Plan], blob: bytes) -> Plan | None:
    """Run an importer on untrusted bytes: a sound Plan or an InterchangeError, nothing else."""
    try:
        plan = reader(blob, "fuzz.bin")
    except InterchangeError as error:
        assert str(error).strip()
        return None
    assert_sound(plan)
    return plan


def assert_sound(plan: Plan) -> None:
    """What the store relies on: unique keys, parents first, dates in range and in order,
    links between known tasks of a known type, no link to itself."""
    keys: set[str] = set()
    for task in plan.tasks:
        assert task.key not in keys, task.key
        assert task.parent is None or task.parent in keys, (task.key, task.parent)
        keys.add(task.key)
        assert task.title.strip()
        for day in (task.start, task.finish):
            assert day is None or EARLIEST <= day <= LATEST
        if task.start and task.finish:
            assert task.start <= task.finish
        assert task.duration_days >= 0
        assert 0 <= task.percent <= 100
        assert 0 <= task.priority <= 4
    for link in plan.links:
        assert link.type in LINK_TYPES
        assert link.predecessor in keys and link.successor in keys
        assert link.predecessor != link.successor
    assert plan.report.format


def outline_depth(plan: Plan) -> int:
    """How deep the outline nests: 0 without tasks, 1 when every task is at the top level."""
    parents = {task.key: task.parent for task in plan.tasks}
    deepest = 0
    for key in parents:
        level, current = 1, parents[key]
        while current is not None:
            level, current = level + 1, parents[current]
        deepest = max(deepest, level)
    return deepest


_COUNTS: dict[str, Callable[[Plan], int]] = {
    "tasks": lambda plan: len(plan.tasks),
    "links": lambda plan: len(plan.links),
    "milestones": lambda plan: sum(task.kind == "milestone" for task in plan.tasks),
    "summaries": lambda plan: sum(task.kind == "summary" for task in plan.tasks),
    "depth": outline_depth,
    "resources": lambda plan: len(plan.resources),
    "assignments": lambda plan: sum(len(task.assignments) for task in plan.tasks),
    "baselines": lambda plan: len(plan.baselines),
    # -1 without a calendar, so that no expected count matches a plan that has none
    "holidays": lambda plan: len(plan.calendar.holidays) if plan.calendar is not None else -1,
}


def plan_counts(plan: Plan, *names: str) -> tuple[int, ...]:
    """What ``plan`` holds, counted by ``names`` in that order: tasks, links, milestones,
    summaries, depth (:func:`outline_depth`), resources, assignments, baselines, holidays."""
    return tuple(_COUNTS[name](plan) for name in names)


def assert_not_read_as(
    looks_like: Callable[[bytes], bool], reader: Reader, others: Sequence[Path], refusal: str
) -> None:
    """Files of ``others`` formats are neither sniffed by ``looks_like`` nor read by ``reader``
    (which refuses each with a message matching ``refusal``)."""
    assert others
    for path in others:
        assert not looks_like(path.read_bytes()[:4096])
        with pytest.raises(InterchangeError, match=refusal):
            reader(path.read_bytes(), path.name)


# -- attacks and fuzzing --------------------------------------------------------------------------


def entity_bomb(document: str) -> bytes:
    """``document`` (whose root is ``<project>`` and which uses the entity ``&c;``) behind a
    DOCTYPE that makes ``&c;`` a thousand characters by nested entities: an XML bomb."""
    return (
        '<?xml version="1.0"?><!DOCTYPE project [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        + document
    ).encode()


def assert_refuses_attacks(
    reader: Reader, bomb: bytes, garbage: Sequence[bytes], suffix: str
) -> None:
    """``reader`` refuses ``bomb`` saying it declares entities, and every blob of ``garbage``
    with an InterchangeError (files named with ``suffix``)."""
    with pytest.raises(InterchangeError, match="entities"):
        reader(bomb, f"bomb{suffix}")
    for data in garbage:
        with pytest.raises(InterchangeError):
            reader(data, f"bad{suffix}")


def retype(blob: bytes, values: Sequence[str], data: st.DataObject) -> bytes:
    """``blob`` (an XML file) with one to six attribute values replaced by one of ``values`` or
    a short random text, cleaned of quotes, ``<`` and ``&`` so the XML stays well formed."""
    parts = blob.decode().split('="')
    for _ in range(data.draw(st.integers(1, 6), label="edits")):
        index = data.draw(st.integers(1, len(parts) - 1), label="attribute")
        rest = parts[index].split('"', 1)
        value = data.draw(st.sampled_from(values) | st.text(max_size=6), label="value")
        value = value.replace('"', "").replace("<", "").replace("&", "")
        parts[index] = value + '"' + (rest[1] if len(rest) > 1 else "")
    return '="'.join(parts).encode("utf-8", "surrogatepass")


XML_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def xml_fuzz_tests(
    check: Callable[[bytes], None], seeds: Sequence[bytes], values: Sequence[str]
) -> tuple[Callable[..., None], Callable[..., None], Callable[..., None]]:
    """The three fuzz tests of an XML importer, for its test module to bind to ``test_*`` names:
    ``seeds`` with bytes damaged (:func:`mutate`), ``seeds`` with attribute values replaced by
    ``values`` (:func:`retype`), and random bytes. Each hands its input to ``check``, which must
    accept a sound plan or our error and nothing else. The first two draw from the corpus and
    are skipped without it."""
    needs_corpus = pytest.mark.skipif(
        not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}"
    )

    @needs_corpus
    @XML_FUZZ
    @given(data=st.data())
    def mutated_files(data: st.DataObject) -> None:
        check(mutate(data.draw(st.sampled_from(seeds), label="seed"), data))

    @needs_corpus
    @XML_FUZZ
    @given(data=st.data())
    def hostile_attribute_values(data: st.DataObject) -> None:
        check(retype(data.draw(st.sampled_from(seeds), label="seed"), values, data))

    @XML_FUZZ
    @given(st.binary(max_size=3000))
    def random_bytes(blob: bytes) -> None:
        check(blob)

    return mutated_files, hostile_attribute_values, random_bytes


# -- an independent reader ------------------------------------------------------------------------


def run_mpxj(arguments: Sequence[str], timeout: float) -> Any:
    """Run ``python ARGUMENTS`` (a script using MPXJ, in its own process: a JVM starts once per
    process) and return the JSON of the last line it prints. Skips the test when MPXJ, JPype or
    Java is missing."""
    pytest.importorskip("mpxj", reason="the mpxj test dependency is not installed")
    pytest.importorskip("jpype", reason="the JPype1 test dependency is not installed")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime (java is not on PATH) for MPXJ")
    done = subprocess.run(
        [sys.executable, *arguments], capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
