"""Fractional-indexing rank keys for ordering cards and outline rows.

A rank key is a non-empty string over ``0-9a-z`` (base 36) read as the digits
of a fraction in ``(0, 1)``: ``"i"`` is 18/36, ``"i8"`` is 18/36 + 8/36**2.
Keys never end in ``"0"``, so each number has exactly one spelling and string
order equals numeric order. There is therefore always a key strictly between
two different keys, and moving a row rewrites only that row's key.

Why only digits and lowercase letters: SQLite sorts TEXT bytewise (BINARY)
while PostgreSQL sorts by the column's collation. Case, punctuation and
spaces are where locale collations stray furthest from byte order, so keys
avoid them, and for these strings the C, POSIX and C.UTF-8 collations and
the root, English, German and Swedish ICU ones all sort like bytes. Not every
locale does: some treat letter pairs as one letter (Danish "aa" sorts after
"z", Czech "ch" after "h"); of 743 ICU collations checked against a local
PostgreSQL 15, 74 disagreed. The PostgreSQL rank column therefore needs
``COLLATE "C"``. The tests can only check the alphabet, not a server.

How keys are chosen and how they grow (measured by tests/core/test_ranking.py):

* Open end (insert at the front or the end): the new key is the next key
  beside its neighbour on a grid of 1, 2, 4, 8, ... digits, using the coarsest
  grid that has room. Starting from ``"i"`` that gives 17 one-digit keys, then
  35 two-digit, 1,260 four-digit and about 1.6 million eight-digit keys:
  5,000 front (or end) inserts in a row end at 8 chars.
* Between two keys whose lengths differ by two or more (typical for repeated
  inserts at one spot, where the newer neighbour is the longer one): the new
  key hugs the longer neighbour at that neighbour's length, or two digits
  finer when there is no room, leaving the gap on the older side open.
  5,000 inserts in a row at one spot end at 11 chars between ``"a"`` and
  ``"b"``, and at 14 chars inside a 10,000-key :func:`rank_sequence`.
* Otherwise: a midpoint key, at most one char longer than the longer
  neighbour. This suits inserts at random places (5,000 of them into one
  list stay within 7 chars). The worst case, always splitting the newest and
  smallest gap (alternating "above the new row" and "below the new row"),
  grows by one char per five inserts: 1,001 chars after 5,000.

Callers that see keys grow past a limit they choose can renumber a list with
:func:`rank_sequence`.

The module is pure standard library (no Qt), like all of ``ipmp_desktop.core``.
"""

from __future__ import annotations

__all__ = ["ALPHABET", "RankError", "rank_between", "rank_sequence"]

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
_BASE = len(ALPHABET)
_TOP = ALPHABET[-1]
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
_HUG_MIN_LENGTH_GAP = 2
_HUG_EXTRA_DIGITS = 2
_SEQUENCE_MIN_SPACING = 16


class RankError(ValueError):
    """Raised for a malformed key or when ``before`` is not below ``after``."""


def rank_between(before: str | None, after: str | None) -> str:
    """Return a new key strictly between two keys.

    Args:
        before: Key of the row that will come just before, or None when the
            new row goes first.
        after: Key of the row that will come just after, or None when the
            new row goes last.

    Returns:
        A valid key ``k`` with ``before < k < after`` (ignoring None ends).

    Raises:
        RankError: If a key is malformed or ``before >= after``.
    """
    for key in (before, after):
        if key is not None:
            _check(key)
    if before is not None and after is not None and before >= after:
        raise RankError(f"rank keys out of order: {before!r} >= {after!r}")
    if before is None and after is None:
        return ALPHABET[_BASE // 2]
    if before is None or after is None:
        return _step_at_open_end(before or "", after)
    gap = len(before) - len(after)
    if abs(gap) >= _HUG_MIN_LENGTH_GAP:
        longer = before if gap > 0 else after
        for digits in (len(longer), len(longer) + _HUG_EXTRA_DIGITS):
            key = _extreme_key(before, after, digits, low=gap > 0)
            if key is not None:
                return key
    return _midpoint(before, after)


def rank_sequence(n: int) -> list[str]:
    """Return ``n`` increasing keys spread evenly, with room around each.

    All keys share one grid whose cells are at least 16 units apart, so a few
    inserts fit between any two before keys get longer: 10,000 keys use at
    most 4 chars.

    Args:
        n: How many keys to make; 0 gives an empty list.

    Returns:
        The keys in increasing order.

    Raises:
        RankError: If ``n`` is negative.
    """
    if n < 0:
        raise RankError(f"cannot make {n} rank keys")
    digits = 1
    while _BASE**digits < _SEQUENCE_MIN_SPACING * (n + 1):
        digits += 1
    span = _BASE**digits
    return [_to_key(span * i // (n + 1), digits).rstrip("0") for i in range(1, n + 1)]


def _check(key: object) -> None:
    """Raise RankError unless ``key`` is a valid rank key."""
    if not isinstance(key, str) or not key:
        raise RankError(f"rank key must be a non-empty str, got {key!r}")
    if key[-1] == "0" or any(char not in _VALUE for char in key):
        raise RankError(f"malformed rank key {key!r}")


def _to_key(value: int, digits: int) -> str:
    """Spell ``value`` in base 36 with exactly ``digits`` digits."""
    chars = []
    for _ in range(digits):
        value, rest = divmod(value, _BASE)
        chars.append(ALPHABET[rest])
    return "".join(reversed(chars))


def _add_one(digits: str, delta: int) -> str | None:
    """Add ``delta`` (+1 or -1) to a fixed-width number, None on overflow."""
    chars = list(digits)
    for i in range(len(chars) - 1, -1, -1):
        value = _VALUE[chars[i]] + delta
        if 0 <= value < _BASE:
            chars[i] = ALPHABET[value]
            return "".join(chars)
        chars[i] = ALPHABET[value % _BASE]
    return None


def _extreme_key(before: str, after: str | None, digits: int, low: bool) -> str | None:
    """Smallest (``low``) or largest key of exactly ``digits`` digits in the gap.

    ``before`` may be "" (zero); ``after`` may be None (one). Returns None if
    no such key exists. The grid value is read as a fixed-width number, so
    plain string comparison of equal-length strings compares values.
    """
    first = _add_one(before[:digits].ljust(digits, "0"), +1)
    if after is None:
        last: str | None = _TOP * digits
    elif len(after) > digits:
        last = after[:digits]
    else:
        last = _add_one(after.ljust(digits, "0"), -1)
    if first is None or last is None or first > last:
        return None
    key = first if low else last
    if key[-1] == "0":
        key = _add_one(key, +1 if low else -1)
        if key is None or not first <= key <= last:
            return None
    return key


def _step_at_open_end(before: str, after: str | None) -> str:
    """Key next to the one neighbour on the coarsest 2**k-digit grid with room."""
    digits = 1
    while True:
        key = _extreme_key(before, after, digits, low=after is None)
        if key is not None:
            return key
        digits *= 2


def _midpoint(before: str, after: str) -> str:
    """Return a short key roughly halfway between ``before`` < ``after``."""
    i = 0
    while (before[i] if i < len(before) else "0") == after[i]:
        i += 1
    prefix = after[:i]
    low = _VALUE[before[i]] if i < len(before) else 0
    high = _VALUE[after[i]]
    if high - low > 1:
        return prefix + ALPHABET[(low + high) // 2]
    if len(after) > i + 1:
        return after[: i + 1]
    rest = before[i + 1 :]
    run = len(rest) - len(rest.lstrip(_TOP))
    nxt = _VALUE[rest[run]] if run < len(rest) else 0
    return prefix + ALPHABET[low] + _TOP * run + ALPHABET[(nxt + _BASE) // 2]
