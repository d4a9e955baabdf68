"""Prioritisation scores of roadmap items: RICE, value over effort, and WSJF.

Each function returns None while an input is missing (not estimated yet) or would divide by
zero, so an unscored item is told apart from one that scores 0. Higher scores rank first.
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ipmp_desktop.core.model import ScoringModel

__all__ = ["rank_order", "rice", "score", "value_effort", "wsjf"]

T = TypeVar("T")


def rice(
    reach: float | None, impact: float | None, confidence: float | None, effort: float | None
) -> float | None:
    """Reach x impact x confidence / effort (RICE).

    Args:
        reach: people or events per period.
        impact: the usual scale is 0.25 (minimal) to 3 (massive).
        confidence: percent, 0 to 100.
        effort: person-months, more than 0.
    """
    if reach is None or impact is None or confidence is None or not effort:
        return None
    return reach * impact * (confidence / 100) / effort


def value_effort(value: float | None, effort: float | None) -> float | None:
    """Value divided by effort (person-months)."""
    if value is None or not effort:
        return None
    return value / effort


def wsjf(
    value: float | None,
    time_criticality: float | None,
    risk_reduction: float | None,
    job_size: float | None,
) -> float | None:
    """Weighted shortest job first: cost of delay (value + time criticality + risk reduction
    or opportunity enablement) divided by job size."""
    if value is None or time_criticality is None or risk_reduction is None or not job_size:
        return None
    return (value + time_criticality + risk_reduction) / job_size


def score(model: str, item: Any) -> float | None:
    """The score of ``item`` (anything with the task's score-input attributes) by ``model``.

    An unknown model scores nothing (None) rather than failing a whole roadmap.
    """
    if model == ScoringModel.RICE:
        return rice(item.reach, item.impact, item.confidence, item.effort)
    if model == ScoringModel.VALUE_EFFORT:
        return value_effort(item.value, item.effort)
    if model == ScoringModel.WSJF:
        return wsjf(item.value, item.time_criticality, item.risk_reduction, item.job_size)
    return None


def rank_order(
    items: Iterable[T],
    *,
    override: Callable[[T], int | None],
    score_of: Callable[[T], float | None],
    title: Callable[[T], str],
) -> list[T]:
    """``items`` in rank order: manual ranks first (ascending), then score (highest first,
    unscored last), then title (case-insensitive); equal titles keep their given order."""

    def key(item: T) -> tuple[Any, ...]:
        manual = override(item)
        value = score_of(item)
        return (
            manual is None,
            manual if manual is not None else 0,
            value is None,
            -value if value is not None else 0.0,
            title(item).casefold(),
        )

    return sorted(items, key=key)
