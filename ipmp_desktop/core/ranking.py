"""Rank keys: strings whose byte order is the display order, so a move rewrites one row.

A key is an *integer part* followed by an optional *fraction*:

* The integer part is a head character that says how many digits follow, then those digits.
  Heads ``i``..``z`` are non-negative integers of 1..18 digits, heads ``h``..``0`` negative
  ones of 1..18 digits. A longer integer has a later head, so plain byte order sorts them.
* The fraction is a base-36 string that never ends in ``0``, so there is always room for a
  key between two others.

Adding at either end steps the integer part, so the keys grow with the logarithm of the number
of rows added there: 36 adds fit in 2 characters, 1,296 more in 3, 46,656 more in 4. Inserting
between two neighbours appends a fraction digit about every five inserts into the same gap,
which is the best any dense order can do.

Only ``0-9`` and ``a-z`` are used: their byte order (SQLite's BINARY collation) and the order
of the usual PostgreSQL locales agree for such strings, so the same ``ORDER BY`` works on both.
"""

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
BASE = len(DIGITS)
_VALUE = {char: value for value, char in enumerate(DIGITS)}
_SPLIT = 18  # heads with index >= 18 ('i'..'z') are non-negative integers
ZERO = "i0"
SMALLEST = "0" + "0" * 18


class RankError(ValueError):
    """A malformed key, or bounds that are not in increasing order."""


def _length(head: str) -> int:
    index = _VALUE.get(head)
    if index is None:
        raise RankError(f"{head!r} cannot start a rank key.")
    return index - _SPLIT + 1 if index >= _SPLIT else _SPLIT - index


def _split(key: str) -> tuple[str, str]:
    """``(integer_part, fraction)`` of a valid key."""
    if not key:
        raise RankError("A rank key cannot be empty.")
    size = _length(key[0]) + 1
    if len(key) < size or any(c not in _VALUE for c in key):
        raise RankError(f"{key!r} is not a rank key.")
    fraction = key[size:]
    if fraction.endswith("0"):
        raise RankError(f"{key!r} is not a rank key (its fraction ends in 0).")
    return key[:size], fraction


def _increment(integer: str) -> str | None:
    head, digits = integer[0], list(integer[1:])
    for position in range(len(digits) - 1, -1, -1):
        value = _VALUE[digits[position]] + 1
        if value < BASE:
            digits[position] = DIGITS[value]
            return head + "".join(digits)
        digits[position] = "0"
    index = _VALUE[head]
    if index == BASE - 1:
        return None  # 'z' followed by 18 z's: nothing after it
    if index == _SPLIT - 1:
        return ZERO
    next_head = DIGITS[index + 1]
    return next_head + "0" * _length(next_head)


def _decrement(integer: str) -> str | None:
    head, digits = integer[0], list(integer[1:])
    for position in range(len(digits) - 1, -1, -1):
        value = _VALUE[digits[position]] - 1
        if value >= 0:
            digits[position] = DIGITS[value]
            return head + "".join(digits)
        digits[position] = "z"
    index = _VALUE[head]
    if index == 0:
        return None
    previous = DIGITS[index - 1]
    return previous + "z" * _length(previous)


def _midpoint(low: str, high: str | None) -> str:
    """A fraction strictly between ``low`` and ``high`` (None: no upper bound); no trailing 0."""
    if high is not None:
        shared = 0
        while shared < len(high) and (low[shared] if shared < len(low) else "0") == high[shared]:
            shared += 1
        if shared:
            return high[:shared] + _midpoint(low[shared:], high[shared:])
    low_digit = _VALUE[low[0]] if low else 0
    high_digit = _VALUE[high[0]] if high else BASE
    if high_digit - low_digit > 1:
        return DIGITS[(low_digit + high_digit + 1) // 2]
    if high is not None and len(high) > 1:
        return high[0]
    return DIGITS[low_digit] + _midpoint(low[1:], None)


def rank_between(before: str | None, after: str | None) -> str:
    """A key that sorts strictly after ``before`` and strictly before ``after``.

    Args:
        before: the key of the row above, or None at the top.
        after: the key of the row below, or None at the bottom.

    Raises:
        RankError: a key is malformed, or ``before >= after``.
    """
    if before is not None:
        _split(before)
    if after is not None:
        _split(after)
    if before is not None and after is not None and before >= after:
        raise RankError(f"{before!r} does not sort before {after!r}.")
    if before is None and after is None:
        return ZERO
    if before is None:
        assert after is not None
        integer, fraction = _split(after)
        if integer == SMALLEST:
            if not fraction:
                raise RankError("Nothing sorts before the smallest rank key.")
            return integer + _midpoint("", fraction)
        if integer < after:
            return integer
        lower = _decrement(integer)
        assert lower is not None
        return lower
    integer, fraction = _split(before)
    if after is None:
        higher = _increment(integer)
        return higher if higher is not None else integer + _midpoint(fraction, None)
    after_integer, after_fraction = _split(after)
    if integer == after_integer:
        return integer + _midpoint(fraction, after_fraction)
    higher = _increment(integer)
    if higher is not None and higher < after:
        return higher
    return integer + _midpoint(fraction, None)


def rank_sequence(count: int, after: str | None = None) -> list[str]:
    """``count`` increasing keys, each after the previous (first after ``after``).

    Used to give a batch of new rows their order in one go (import, demo data).
    """
    keys: list[str] = []
    previous = after
    for _ in range(count):
        previous = rank_between(previous, None)
        keys.append(previous)
    return keys
