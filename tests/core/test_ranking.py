"""Rank keys: order, validity, growth under repeated inserts, and bad input.

Whether PostgreSQL's ``ORDER BY`` agrees cannot be checked offline, so these
tests check the alphabet instead; the ``ipmp_desktop.core.ranking`` docstring
says which collations agree and why the rank column needs ``COLLATE "C"``.
"""

import random
import string
from collections.abc import Callable
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipmp_desktop.core.ranking import ALPHABET, RankError, rank_between, rank_sequence

keys = st.builds(
    lambda body, last: body + last,
    st.text(ALPHABET, max_size=10),
    st.sampled_from(ALPHABET[1:]),
)
REPEATS = 5_000


def assert_valid_and_ordered(ranked: list[str]) -> None:
    """Every key is well-formed, and the list is strictly increasing."""
    for key in ranked:
        assert key, "empty key"
        assert key[-1] != "0", key
        assert set(key) <= set(ALPHABET), key
    assert all(a < b for a, b in pairwise(ranked))


def test_alphabet_is_digits_then_lowercase_in_byte_order() -> None:
    assert string.digits + string.ascii_lowercase == ALPHABET
    assert list(ALPHABET.encode()) == sorted(ALPHABET.encode())


def test_both_ends_open_gives_a_one_char_key() -> None:
    assert len(rank_between(None, None)) == 1


@given(st.lists(keys, min_size=2, max_size=2, unique=True))
def test_between_two_keys_is_strictly_inside(pair: list[str]) -> None:
    before, after = sorted(pair)
    key = rank_between(before, after)
    assert_valid_and_ordered([before, key, after])
    assert len(key) <= max(len(before), len(after)) + 2


@given(keys)
def test_open_ends(key: str) -> None:
    first, last = rank_between(None, key), rank_between(key, None)
    assert_valid_and_ordered([first, key, last])
    assert max(len(first), len(last)) <= 2 * (len(key) + 1)


@given(st.lists(st.integers(min_value=0, max_value=10**6), max_size=200))
def test_any_insert_order_keeps_the_list_sorted(spots: list[int]) -> None:
    ranked: list[str] = []
    for spot in spots:
        i = spot % (len(ranked) + 1)
        before = ranked[i - 1] if i else None
        after = ranked[i] if i < len(ranked) else None
        ranked.insert(i, rank_between(before, after))
    assert_valid_and_ordered(ranked)


@given(st.integers(min_value=0, max_value=3_000))
def test_sequence_is_increasing(n: int) -> None:
    ranked = rank_sequence(n)
    assert len(ranked) == n
    assert_valid_and_ordered(ranked)


@pytest.mark.parametrize(("n", "longest"), [(1, 1), (35, 2), (10_000, 4)])
def test_sequence_keys_are_short(n: int, longest: int) -> None:
    assert max(map(len, rank_sequence(n))) <= longest


def test_sequence_leaves_room_between_neighbours() -> None:
    ranked = rank_sequence(10_000)
    assert all(len(rank_between(a, b)) <= 4 for a, b in pairwise(ranked))


def insert_repeatedly(ranked: list[str], spot: Callable[[int], int]) -> list[str]:
    """Insert REPEATS keys; ``spot(step)`` says at which index each one goes."""
    for step in range(REPEATS):
        i = spot(step)
        before = ranked[i - 1] if i else None
        after = ranked[i] if i < len(ranked) else None
        ranked.insert(i, rank_between(before, after))
    return ranked


# Measured: 8, 8, 11, 11 chars (see the ranking module docstring); bounds add margin.
@pytest.mark.parametrize(
    ("start", "spot", "bound"),
    [
        pytest.param(["i"], lambda step: 0, 10, id="front"),
        pytest.param(["i"], lambda step: step + 1, 10, id="end"),
        pytest.param(["a", "b"], lambda step: 1, 16, id="always-after-a"),
        pytest.param(["a", "b"], lambda step: step + 1, 16, id="always-before-b"),
    ],
)
def test_repeated_inserts_at_one_spot_stay_short(
    start: list[str], spot: Callable[[int], int], bound: int
) -> None:
    ranked = insert_repeatedly(list(start), spot)
    assert_valid_and_ordered(ranked)
    assert max(map(len, ranked)) <= bound


@pytest.mark.parametrize(
    "spot", [lambda step: 5_000, lambda step: 5_000 + step], ids=["above-row", "below-row"]
)
def test_repeated_inserts_inside_a_sequence_stay_short(spot: Callable[[int], int]) -> None:
    ranked = insert_repeatedly(rank_sequence(10_000), spot)
    assert_valid_and_ordered(ranked)
    assert max(map(len, ranked)) <= 20  # measured 14


def test_random_inserts_stay_short() -> None:
    rng = random.Random(1)
    ranked = insert_repeatedly([], lambda step: rng.randint(0, step))
    assert_valid_and_ordered(ranked)
    assert max(map(len, ranked)) <= 10  # measured 7


def test_worst_case_growth_is_about_one_char_per_five_inserts() -> None:
    ranked = insert_repeatedly(["a", "b"], lambda step: 1 + (step + 1) // 2)
    assert_valid_and_ordered(ranked)
    assert max(map(len, ranked)) <= 1_100  # measured 1,001


@pytest.mark.parametrize(("before", "after"), [("b", "b"), ("c", "b"), ("b1", "b")])
def test_out_of_order_bounds_are_rejected(before: str, after: str) -> None:
    with pytest.raises(RankError):
        rank_between(before, after)


@pytest.mark.parametrize("bad", ["", "a0", "0", "A", "a-b", "é", 7])
def test_malformed_keys_are_rejected(bad: object) -> None:
    for before, after in ((bad, None), (None, bad), ("0001", bad), (bad, "zzz")):
        with pytest.raises(RankError):
            rank_between(before, after)  # type: ignore[arg-type]


def test_rank_error_is_a_value_error_and_negative_counts_fail() -> None:
    assert issubclass(RankError, ValueError)
    with pytest.raises(RankError):
        rank_sequence(-1)
