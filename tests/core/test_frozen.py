"""positional_constructor: the same frozen objects as the dataclass's own constructor."""

import dataclasses
from datetime import date

import pytest

from ipmp_desktop.core.frozen import positional_constructor
from ipmp_desktop.core.services.gantt import GanttTaskRow
from ipmp_desktop.core.services.queries import TaskRow


@dataclasses.dataclass(frozen=True, slots=True)
class Pair:
    left: int
    right: str | None


def test_objects_equal_hash_and_stay_frozen() -> None:
    new_pair = positional_constructor(Pair)
    made = new_pair(1, None)
    assert type(made) is Pair
    assert made == Pair(1, None) and hash(made) == hash(Pair(1, None))
    assert made != Pair(1, "x")
    assert repr(made) == "Pair(left=1, right=None)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.left = 2  # type: ignore[misc]


def test_every_field_is_required_in_order() -> None:
    new_pair = positional_constructor(Pair)
    assert new_pair(right="b", left=2) == Pair(2, "b")
    with pytest.raises(TypeError):
        new_pair(1)
    with pytest.raises(TypeError):
        new_pair(1, "a", "extra")


@pytest.mark.parametrize("cls", [TaskRow, GanttTaskRow])
def test_read_rows_built_both_ways_are_equal(cls: type) -> None:
    values = [
        date(2026, 1, 5) if "start" in f.name or "finish" in f.name else len(f.name)
        for f in dataclasses.fields(cls)
    ]
    assert positional_constructor(cls)(*values) == cls(*values)
