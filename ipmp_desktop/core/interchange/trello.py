"""Trello board exports (JSON) as a :class:`Plan`: lists become board columns, cards tasks.

What a board export holds and how it is read:
    * lists, in the order of their float ``pos`` (never the array order), become columns; an
      archived (``closed``) list stays a column while it holds open cards, and is dropped with
      a report line when it holds none (its archived cards are still imported, archived);
    * cards, by ``pos`` within their list, become tasks in board order (the plan's task order,
      which the store uses for board ranks); archived cards are imported archived;
    * labels keep their names and colours (an unnamed label is named after its colour; a
      label without colour is grey); checklists become the card's checklist (several on one
      card are merged in order, each item prefixed with its checklist's name);
    * ``start`` and ``due`` (UTC timestamps) become the start and finish dates, taken in UTC; a
      card with only a due date is a one-day task ending that day; ``dueComplete`` is 100 %;
    * members become resources and the card's members its assignees; comments come from the
      export's ``actions`` list (``commentCard``), which Trello caps, so old ones may be missing.

Every key is optional (the 2015 export has no top-level ``labels``): a missing or mistyped
value is treated as absent. Trello has no dependencies.
"""

import json
import math
from collections import defaultdict
from typing import Any

from ipmp_desktop.core.interchange.column_guess import RULE, guess_categories
from ipmp_desktop.core.interchange.loose_dates import span, utc_datetime
from ipmp_desktop.core.interchange.plan import (
    MAX_IMPORT_BYTES,
    InterchangeError,
    Plan,
    PlanColumn,
    PlanResource,
    PlanTask,
)
from ipmp_desktop.core.interchange.text_limits import MAX_COLUMN

GREY = "#808080"
TRELLO_COLORS = {
    "green": "#61bd4f", "yellow": "#f2d600", "orange": "#ff9f1a", "red": "#eb5a46",
    "purple": "#c377e0", "blue": "#0079bf", "sky": "#00c2e0", "lime": "#51e898",
    "pink": "#ff78cb", "black": "#344563",
    "green_dark": "#216e4e", "yellow_dark": "#7f5f01", "orange_dark": "#a54800",
    "red_dark": "#ae2e24", "purple_dark": "#5e4db2", "blue_dark": "#0055cc",
    "sky_dark": "#206a83", "lime_dark": "#4c6b1f", "pink_dark": "#943d73",
    "black_dark": "#44546f",
    "green_light": "#baf3db", "yellow_light": "#f8e6a0", "orange_light": "#fedec8",
    "red_light": "#ffd5d2", "purple_light": "#dfd8fd", "blue_light": "#cce0ff",
    "sky_light": "#c6edfb", "lime_light": "#d3f1a7", "pink_light": "#fdd0ec",
    "black_light": "#dcdfe4",
}  # fmt: skip
"""Trello's label colour names as hex (the classic palette, and the dark/light variants)."""


def looks_like_trello(head: bytes) -> bool:
    """Whether the first bytes (a few KB) of a file look like a Trello board export: a JSON
    object naming ``lists`` and ``cards``, or the board's ``labelNames`` beside cards or lists
    (in big exports the ``lists`` key may come after megabytes of cards)."""
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return False
    if b'"lists"' in head and b'"cards"' in head:
        return True
    return b'"labelNames"' in head and (b'"cards"' in head or b'"idBoard"' in head)


def read_trello(data: bytes, source: str) -> Plan:
    """A Trello board export as a plan (see the module docstring).

    Raises:
        InterchangeError: too large, not JSON, or JSON that is not a board (no lists or cards).
    """
    board = _load(data, source)
    plan = Plan(
        name=_text(board, "name").strip() or "Trello board", description=_text(board, "desc")
    )
    report = plan.report
    report.source, report.format = source, "Trello JSON"
    cards = _objects(board, "cards")
    columns = _columns(plan, _objects(board, "lists"), cards)
    labels = _labels(plan, board, cards)
    members = {_text(m, "id"): m for m in _objects(board, "members") if _text(m, "id")}
    plan.resources = [
        PlanResource(key, (_text(m, "fullName") or _text(m, "username") or key).strip() or key)
        for key, m in members.items()
    ]
    reader = _Cards(columns, labels, set(members), _checklists(board), _comments(board))
    order = {list_id: at for at, list_id in enumerate(columns)}
    placed = sorted(
        enumerate(cards),
        key=lambda p: (order.get(_text(p[1], "idList"), len(order)), _pos(p[1]), p[0]),
    )
    plan.tasks = [reader.task(index, card) for index, card in placed]
    _finish_report(plan, cards, reader)
    return plan


class _Cards:
    """Turns cards into tasks, counting what the report must mention."""

    def __init__(self, columns, labels, members, checklists, comments) -> None:
        self.columns: dict[str, str] = columns
        self.labels: dict[str, str] = labels
        self.members: set[str] = members
        self.checklists: dict[str, list[tuple[str, bool]]] = checklists
        self.comments: dict[str, list[tuple[str, str, Any]]] = comments
        self.keys: set[str] = set()
        self.stray = self.only_due = self.dated = self.bad_dates = 0
        self.reversed_dates = self.unknown_members = 0

    def task(self, index: int, card: dict[str, Any]) -> PlanTask:
        card_id = _text(card, "id")
        key = card_id or f"card-{index + 1}"
        while key in self.keys:
            key = f"{key}-{index + 1}"
        self.keys.add(key)
        list_id = _text(card, "idList")
        self.stray += list_id not in self.columns
        start_text, due_text = card.get("start"), card.get("due")
        start, due = utc_datetime(start_text), utc_datetime(due_text)
        self.bad_dates += (start is None and _given(start_text)) + (
            due is None and _given(due_text)
        )
        self.only_due += start is None and due is not None
        self.reversed_dates += start is not None and due is not None and due < start
        people = list(dict.fromkeys(_strings(card, "idMembers")))
        self.unknown_members += sum(m not in self.members for m in people)
        start_day, finish_day, days = span(start and start.date(), due and due.date())
        self.dated += start_day is not None
        return PlanTask(
            key=key,
            title=_text(card, "name").strip() or "(untitled card)",
            notes=_text(card, "desc"),
            column=self.columns.get(list_id),
            archived=card.get("closed") is True,
            start=start_day,
            finish=finish_day,
            duration_days=days,
            percent=100 if card.get("dueComplete") is True else 0,
            labels=_card_labels(card, self.labels),
            checklist=self.checklists.pop(card_id, []) if card_id else [],
            comments=self.comments.pop(card_id, []) if card_id else [],
            assignments=[(m, 100) for m in people if m in self.members],
        )


def _load(data: bytes, source: str) -> dict[str, Any]:
    if len(data) > MAX_IMPORT_BYTES:
        raise InterchangeError(
            f"{source} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; it is not read."
        )
    try:
        board = json.loads(data)
    except (ValueError, RecursionError):
        raise InterchangeError(f"{source} is not a readable JSON file.") from None
    if not isinstance(board, dict) or not (
        isinstance(board.get("lists"), list) or isinstance(board.get("cards"), list)
    ):
        raise InterchangeError(
            f"{source} is JSON but not a Trello board export (no lists or cards)."
        )
    return board


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def _objects(obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = obj.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(obj: dict[str, Any], key: str) -> list[str]:
    value = obj.get(key)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _pos(obj: dict[str, Any]) -> float:
    value = obj.get("pos")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return math.inf
    return float(value) if math.isfinite(value) else math.inf


def _given(value: object) -> bool:
    """Whether a date key holds something (so failing to read it is worth a report line)."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def _columns(
    plan: Plan, lists: list[dict[str, Any]], cards: list[dict[str, Any]]
) -> dict[str, str]:
    """Columns in ``pos`` order; returns the column name of each kept list id."""
    open_cards: dict[str, int] = defaultdict(int)
    all_cards: dict[str, int] = defaultdict(int)
    for card in cards:
        all_cards[_text(card, "idList")] += 1
        if card.get("closed") is not True:
            open_cards[_text(card, "idList")] += 1
    kept: list[tuple[str, str]] = []
    dropped, revived, renamed, orphaned = [], [], 0, 0
    used: set[str] = set()
    for _index, item in sorted(enumerate(lists), key=lambda p: (_pos(p[1]), p[0])):
        list_id = _text(item, "id")
        name = " ".join(_text(item, "name").split())
        if len(name) > MAX_COLUMN:  # cut before the names are made unique, and said so
            plan.report.drop(
                f"the list name “{name[:40]}…” had {len(name):,} characters; "
                f"the first {MAX_COLUMN} are kept."
            )
            name = name[:MAX_COLUMN]
        name = name or f"List {len(kept) + 1}"
        if item.get("closed") is True:
            if not open_cards.get(list_id):
                dropped.append(name)
                orphaned += all_cards.get(list_id, 0)
                continue
            revived.append(name)
        unique, n = name, 1
        while unique.casefold() in used:
            n += 1
            unique = f"{name[:94]} ({n})"
        renamed += unique != name
        used.add(unique.casefold())
        kept.append((list_id, unique))
    categories = guess_categories([name for _id, name in kept])
    plan.columns = [
        PlanColumn(name, category) for (_id, name), category in zip(kept, categories, strict=True)
    ]
    if plan.columns:
        plan.report.map(RULE + ".")
    if dropped:
        lists_word = "lists" if len(dropped) > 1 else "list"
        plan.report.drop(
            f"{len(dropped)} archived {lists_word} without open cards ({', '.join(dropped)}): "
            "not made columns"
            + (
                f"; their {orphaned} archived cards are imported, archived, in the first column."
                if orphaned
                else "; they hold no cards."
            )
        )
    if revived:
        plan.report.map(
            f"archived list{'s' if len(revived) > 1 else ''} {', '.join(revived)} still "
            "hold open cards, so they are kept as columns."
        )
    if renamed:
        plan.report.map(f"{renamed} lists share a name; a number was added to tell them apart.")
    return {list_id: name for list_id, name in kept if list_id}


def _labels(plan: Plan, board: dict[str, Any], cards: list[dict[str, Any]]) -> dict[str, str]:
    """Label names by label id (top-level labels, and those embedded in cards)."""
    found: dict[str, tuple[str, str]] = {}
    unnamed = False
    for label in [*_objects(board, "labels"), *(x for c in cards for x in _objects(c, "labels"))]:
        label_id = _text(label, "id")
        if not label_id or label_id in found:
            continue
        color = label.get("color")
        color_name = color if isinstance(color, str) and color else "grey"
        name = " ".join(_text(label, "name").split())
        unnamed = unnamed or not name
        found[label_id] = (name or color_name, TRELLO_COLORS.get(color_name, GREY))
        if color_name != "grey" and color_name not in TRELLO_COLORS:
            plan.report.map(f"label colour {color_name!r} is unknown; shown grey.")
    clashes = 0
    for name, hex_color in found.values():
        clashes += plan.label_colors.setdefault(name, hex_color) != hex_color
    if unnamed:
        plan.report.map("labels without a name are named after their colour.")
    if clashes:
        plan.report.map(
            f"{clashes} labels share a name with another colour; the first colour is kept."
        )
    return {label_id: name for label_id, (name, _color) in found.items()}


def _card_labels(card: dict[str, Any], labels: dict[str, str]) -> list[str]:
    ids = _strings(card, "idLabels") or [_text(x, "id") for x in _objects(card, "labels")]
    names: list[str] = []
    for label_id in ids:
        name = labels.get(label_id)
        if name is not None and name not in names:
            names.append(name)
    return names


def _checklists(board: dict[str, Any]) -> dict[str, list[tuple[str, bool]]]:
    """Checklist items per card id, checklists and items in ``pos`` order."""
    by_card: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for index, checklist in enumerate(_objects(board, "checklists")):
        by_card[_text(checklist, "idCard")].append((index, checklist))
    out: dict[str, list[tuple[str, bool]]] = {}
    for card_id, found in by_card.items():
        found.sort(key=lambda p: (_pos(p[1]), p[0]))
        items = []
        for _index, checklist in found:
            prefix = f"{_text(checklist, 'name').strip()}: " if len(found) > 1 else ""
            entries = sorted(
                enumerate(_objects(checklist, "checkItems")), key=lambda p: (_pos(p[1]), p[0])
            )
            for _i, item in entries:
                text = (prefix + " ".join(_text(item, "name").split())).strip() or "(empty)"
                items.append((text, _text(item, "state") == "complete"))
        out[card_id] = items
    return out


def _comments(board: dict[str, Any]) -> dict[str, list[tuple[str, str, Any]]]:
    """``(author, text, created)`` per card id, oldest first, from ``commentCard`` actions."""
    by_card: dict[str, list[tuple[str, str, Any]]] = defaultdict(list)
    for action in _objects(board, "actions"):
        if action.get("type") != "commentCard":
            continue
        data = action.get("data") if isinstance(action.get("data"), dict) else {}
        card = data.get("card") if isinstance(data.get("card"), dict) else {}
        creator = action.get("memberCreator")
        creator = creator if isinstance(creator, dict) else {}
        author = _text(creator, "fullName") or _text(creator, "username")
        by_card[_text(card, "id")].append(
            (author, _text(data, "text"), utc_datetime(action.get("date")))
        )
    for comments in by_card.values():
        comments.sort(key=lambda c: (c[2] is None, c[2] or 0))
    return by_card


def _finish_report(plan: Plan, cards: list[dict[str, Any]], reader: _Cards) -> None:
    report = plan.report
    tasks = plan.tasks
    report.counts.update({
        "tasks": len(tasks),
        "columns": len(plan.columns),
        "labels": len(plan.label_colors),
        "resources": len(plan.resources),
        "archived": sum(t.archived for t in tasks),
        "checklist items": sum(len(t.checklist) for t in tasks),
        "comments": sum(len(t.comments) for t in tasks),
    })  # fmt: skip
    if reader.dated:
        report.map("card dates are taken in UTC (start -> start, due -> finish).")
    if reader.only_due:
        report.map(
            f"{reader.only_due} cards with only a due date became one-day tasks ending that day."
        )
    if reader.reversed_dates:
        report.map(
            f"{reader.reversed_dates} cards due before their start became one-day tasks on "
            "the start."
        )
    if any(t.percent == 100 for t in tasks):
        report.map("cards whose due date is marked complete are 100 % complete.")
    if reader.stray:
        report.map(
            f"{reader.stray} cards whose list is not in the file are put in the first column."
        )
    if reader.bad_dates:
        report.drop(
            f"{reader.bad_dates} card dates that are not readable timestamps within 1900-2200."
        )
    if reader.unknown_members:
        report.drop(f"{reader.unknown_members} card members who are not among the board's members.")
    orphans = sum(len(items) for items in reader.checklists.values())
    if orphans:
        report.drop(f"{orphans} checklist items of cards that are not in the file.")
    lost = sum(len(found) for found in reader.comments.values())
    if lost:
        report.drop(f"{lost} comments on cards that are not in the file.")
    announced = sum(_badge(card, "comments") for card in cards)
    if announced > report.counts["comments"]:
        report.drop(
            f"{announced - report.counts['comments']} comments are not in the export's action "
            "list (Trello keeps only the latest actions), so they could not be imported."
        )
    attachments = sum(len(_objects(card, "attachments")) for card in cards)
    if attachments:
        report.drop(f"{attachments} attachments (files and links on cards) are not imported.")
    custom = sum(len(_objects(card, "customFieldItems")) for card in cards)
    if custom:
        report.drop(f"{custom} custom field values are not imported.")
    if plan.resources:
        report.map("members become resources; a card's members are its assignees (100 %).")


def _badge(card: dict[str, Any], key: str) -> int:
    badges = card.get("badges")
    value = badges.get(key) if isinstance(badges, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
