"""Saved board views as read models: a name, a swimlane choice and a filter.

A view's ``settings`` column holds the JSON that :func:`view_settings` builds::

    {"lanes": "<LaneMode value>", "filter": CardFilter.to_dict()}

Reading is forgiving: a view written by an older or newer version, or edited by hand, loads
with defaults in place of whatever cannot be understood. It never raises.
"""

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipmp_desktop.core.model import SavedView
from ipmp_desktop.core.services.board import CardFilter, DueFilter, LaneMode


@dataclass(frozen=True, slots=True)
class SavedViewRow:
    """A saved view as the filter bar lists it."""

    id: int
    name: str
    lane_mode: LaneMode
    filter: CardFilter


def view_settings(lane_mode: LaneMode, card_filter: CardFilter) -> dict[str, Any]:
    """The JSON-ready ``settings`` of a view (what ``SaveView`` takes)."""
    return {"lanes": str(lane_mode), "filter": card_filter.to_dict()}


def list_saved_views(session: Session, project_id: int) -> list[SavedViewRow]:
    """The saved views of a project, by name ignoring case."""
    rows = session.execute(
        select(SavedView.id, SavedView.name, SavedView.settings)
        .where(SavedView.project_id == project_id)
        .order_by(func.lower(SavedView.name), SavedView.id)
    )
    return [_row(view_id, name, settings) for view_id, name, settings in rows]


def parse_view_settings(text: str | None) -> tuple[LaneMode, CardFilter]:
    """The lanes and filter stored in ``text``; defaults for anything unreadable."""
    try:
        data = json.loads(text or "")
    except (TypeError, ValueError):
        return LaneMode.NONE, CardFilter()
    if not isinstance(data, dict):
        return LaneMode.NONE, CardFilter()
    try:
        lane_mode = LaneMode(data.get("lanes"))
    except (TypeError, ValueError):
        lane_mode = LaneMode.NONE
    raw_filter = data.get("filter")
    return lane_mode, _parse_filter(raw_filter if isinstance(raw_filter, dict) else {})


def _row(view_id: int, name: str, settings: str | None) -> SavedViewRow:
    lane_mode, card_filter = parse_view_settings(settings)
    return SavedViewRow(view_id, name, lane_mode, card_filter)


def _parse_filter(data: dict[str, Any]) -> CardFilter:
    # Field by field, so one bad value (a non-numeric id, "false" as text) costs only itself.
    try:
        due = DueFilter(data.get("due", DueFilter.ANY))
    except (TypeError, ValueError):
        due = DueFilter.ANY
    text = data.get("text", "")
    return CardFilter(
        text=text if isinstance(text, str) else "",
        label_ids=_ids(data.get("label_ids")),
        person_ids=_ids(data.get("person_ids")),
        due=due,
        blocked_only=data.get("blocked_only") is True,
        show_archived=data.get("show_archived") is True,
    )


def _ids(value: Any) -> frozenset[int]:
    if not isinstance(value, list):
        return frozenset()
    return frozenset(i for i in value if isinstance(i, int) and not isinstance(i, bool))
