"""Helpers for importer tests: byte mutations for fuzzing, and the shape every Plan must have."""

from collections.abc import Callable

from hypothesis import strategies as st

from ipmp_desktop.core.commands.validate import EARLIEST, LATEST
from ipmp_desktop.core.interchange.plan import LINK_TYPES, InterchangeError, Plan


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
