"""Predecessors as one line of text, the way the task table shows and edits them.

A task's incoming links read like ``3FS+2d;5SS;2.1FF-1d;4``: each item is the WBS number of a
predecessor, then optionally the link type (FS, SS, FF or SF; FS when left out) and a lag in
working days (``+2d``, ``-1d``; the ``d`` may be left out). Items are separated by ``;`` or ``,``
and may carry spaces. The text names tasks by WBS number, so the caller supplies the mapping
between WBS numbers and task ids (the outline it shows); this module never reads the database.
"""

import re
from collections.abc import Callable, Iterable

from ipmp_desktop.core.commands import validate
from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import DependencyType

Link = tuple[int, str, int]
"""``(predecessor_id, type, lag_days)`` of one incoming link."""

SEPARATOR = ";"
_SPLIT = re.compile(r"[;,]")
_WBS = re.compile(r"\d+(?:\s*\.\s*\d+)*")
_TYPE_WORD = re.compile(r"[A-Za-z]+")
_LAG = re.compile(r"([+-])\s*(\d+)\s*[dD]?")
_TYPES = {str(kind) for kind in DependencyType}


def format_predecessors(links: Iterable[Link], wbs_of: Callable[[int], str | None]) -> str:
    """The text of a task's incoming links, in the order given.

    Args:
        links: ``(predecessor_id, type, lag_days)`` per link.
        wbs_of: the WBS number shown for a task id, or None when the task is not shown; such
            predecessors are left out of the text.

    Returns:
        E.g. ``"3FS+2d;5SS;4"``: an FS link without lag is just the WBS number.
    """
    items = []
    for predecessor_id, link_type, lag_days in links:
        wbs = wbs_of(predecessor_id)
        if wbs is None:
            continue
        kind = str(link_type).upper()
        if kind == DependencyType.FS and lag_days == 0:
            items.append(wbs)
            continue
        lag = f"{lag_days:+d}d" if lag_days else ""
        items.append(f"{wbs}{kind}{lag}")
    return SEPARATOR.join(items)


def parse_predecessors(text: str, id_of_wbs: Callable[[str], int | None]) -> list[Link]:
    """Read the text of a task's incoming links.

    Args:
        text: items separated by ``;`` or ``,`` (see the module docstring); empty items are
            ignored, so an empty text means "no predecessors".
        id_of_wbs: the task id of a WBS number (``"2.1"``), or None when no task has it;
            numbers are passed without leading zeros or inner spaces.

    Returns:
        ``(predecessor_id, type, lag_days)`` per item, in the order written; types upper case.

    Raises:
        ValidationError: one sentence naming the item that is not understood: an unknown WBS
            number, a bad type, a bad lag, or a task listed twice.
    """
    links: list[Link] = []
    seen: dict[int, str] = {}
    for raw in _SPLIT.split(text):
        item = raw.strip()
        if not item:
            continue
        wbs, link_type, lag = _parse_item(item)
        task_id = id_of_wbs(wbs)
        if task_id is None:
            raise ValidationError(f"“{item}”: there is no task {wbs} in this outline.")
        if task_id in seen:
            raise ValidationError(
                f"“{item}”: task {wbs} is already listed as “{seen[task_id]}”; "
                "list each predecessor once."
            )
        seen[task_id] = item
        links.append((task_id, link_type, lag))
    return links


def _parse_item(item: str) -> tuple[str, str, int]:
    """``(wbs, type, lag)`` of one item, the WBS number normalised (``"02 .1"`` -> ``"2.1"``)."""
    number = _WBS.match(item)
    if number is None:
        raise ValidationError(
            f"“{item}” does not start with the WBS number of a task, such as 3 or 2.1."
        )
    wbs = ".".join(str(int(part)) for part in number.group().split("."))
    rest = item[number.end() :].lstrip()
    link_type = str(DependencyType.FS)
    word = _TYPE_WORD.match(rest)
    if word is not None:
        link_type = word.group().upper()
        if link_type not in _TYPES:
            raise ValidationError(
                f"“{item}”: {word.group()} is not a link type; use FS, SS, FF or SF."
            )
        rest = rest[word.end() :].lstrip()
    if not rest:
        return wbs, link_type, 0
    lag = _LAG.fullmatch(rest)
    if lag is None:
        raise ValidationError(
            f"“{item}”: the lag must be a signed number of working days, such as +2d or -1d."
        )
    days = int(lag.group(2)) * (-1 if lag.group(1) == "-" else 1)
    try:
        validate.lag(days)
    except ValidationError as error:
        raise ValidationError(f"“{item}”: {error}") from None
    return wbs, link_type, days
