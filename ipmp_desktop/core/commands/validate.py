"""Checks shared by commands; each raises ``ValidationError`` with one sentence."""

import math
import re
from datetime import date, datetime
from typing import Any

from ipmp_desktop.core.errors import ValidationError
from ipmp_desktop.core.model import (
    ColumnCategory,
    DependencyType,
    Horizon,
    Priority,
    ScoringModel,
    TaskKind,
)

MAX_TITLE = 500
MAX_NAME = 200
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")
_OPAQUE_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_SCORE_INPUT = 1_000_000
"""Upper bound of the whole-number score inputs (value, time criticality, ...)."""
MAX_REACH = 1_000_000_000
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)


def no_nul(value: str, *, what: str) -> str:
    """Refuse NUL characters: SQLite would store them but PostgreSQL cannot, and a workspace
    must move between the two unchanged."""
    if "\x00" in value:
        raise ValidationError(f"The {what} contains a NUL character; remove it and try again.")
    return value


def text(value: Any, *, what: str, limit: int | None = None) -> str:
    """Free text (may be empty): a string without NUL, at most ``limit`` characters."""
    if not isinstance(value, str):
        raise ValidationError(f"The {what} must be text.")
    if limit is not None and len(value) > limit:
        raise ValidationError(f"The {what} is longer than {limit} characters.")
    return no_nul(value, what=what)


def title(value: Any, *, what: str = "title", limit: int = MAX_TITLE) -> str:
    """A non-empty single-line text, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"The {what} cannot be empty.")
    no_nul(value, what=what)
    text = " ".join(value.split())
    if len(text) > limit:
        raise ValidationError(f"The {what} is longer than {limit} characters.")
    return text


def optional_date(value: Any, *, what: str) -> date | None:
    """None or a date within a sane range."""
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(f"The {what} must be a date (without a time of day).")
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(f"The {what} {value.isoformat()} is outside 1900-2200.")
    return value


def date_order(start: date | None, finish: date | None) -> None:
    """Refuse a finish before the start."""
    if start is not None and finish is not None and finish < start:
        raise ValidationError(
            f"The finish {finish.isoformat()} is before the start {start.isoformat()}."
        )


def int_range(value: Any, *, what: str, low: int, high: int) -> int:
    """An int in ``[low, high]`` (bools refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"The {what} must be a whole number.")
    if not low <= value <= high:
        raise ValidationError(f"The {what} must be between {low} and {high}, not {value}.")
    return value


def choice(value: Any, enum_type: type, *, what: str) -> Any:
    """A member of ``enum_type`` given as member or raw value."""
    try:
        return enum_type(value)
    except ValueError:
        options = ", ".join(str(m.value) for m in enum_type)
        raise ValidationError(f"The {what} must be one of {options}, not {value!r}.") from None


def color(value: Any) -> str | None:
    """None or ``#rrggbb``/``#rrggbbaa``."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _COLOR.match(value):
        raise ValidationError(f"The color {value!r} is not of the form #rrggbb.")
    return value.lower()


def task_field(name: str, value: Any) -> Any:
    """Validate one editable task field and return the value to store."""
    match name:
        case "title":
            return title(value)
        case "description":
            return text(value, what="description")
        case "kind":
            return str(choice(value, TaskKind, what="kind"))
        case "start" | "finish":
            return optional_date(value, what=name)
        case "duration_days":
            return int_range(value, what="duration", low=0, high=100_000)
        case "percent_complete":
            return int_range(value, what="percent complete", low=0, high=100)
        case "priority":
            return int(choice(value, Priority, what="priority"))
        case "estimate_hours":
            if value is None:
                return None
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value < 0
            ):
                raise ValidationError("The estimate must be a number of hours, 0 or more.")
            return float(value)
        case "color":
            return color(value)
        case "archived" | "manual":
            if not isinstance(value, bool):
                raise ValidationError(f"{name.capitalize()} must be yes or no.")
            return value
        case "constraint_type":
            return constraint_type(value)
        case "constraint_date":
            return optional_date(value, what="constraint date")
    return roadmap_field(name, value)


ROADMAP_TEXTS = {
    "problem": "problem",
    "outcome": "outcome",
    "customer_impact": "customer impact",
    "business_value": "business value",
}
_SCORE_INTS = {
    "value": ("value", 0),
    "time_criticality": ("time criticality", 0),
    "risk_reduction": ("risk reduction", 0),
    "job_size": ("job size", 1),
    "rank_override": ("manual rank", 1),
}


def roadmap_field(name: str, value: Any) -> Any:
    """Validate one roadmap field of a task (texts, horizon, target date, score inputs).

    Score inputs may be None (not estimated yet). Ranges: confidence 0 to 100 percent, reach
    and value-like inputs 0 or more, job size and manual rank 1 or more, effort more than 0.
    """
    match name:
        case "horizon":
            return None if value is None else str(choice(value, Horizon, what="horizon"))
        case "target_date":
            return optional_date(value, what="target date")
        case "reach":
            return _optional(value, what="reach", low=0, high=MAX_REACH)
        case "confidence":
            return _optional(value, what="confidence", low=0, high=100)
        case "impact":
            return _optional_number(value, what="impact", positive=False)
        case "effort":
            return _optional_number(value, what="effort", positive=True)
    if name in ROADMAP_TEXTS:
        return text(value, what=ROADMAP_TEXTS[name])
    if name in _SCORE_INTS:
        what, low = _SCORE_INTS[name]
        return _optional(value, what=what, low=low, high=MAX_SCORE_INPUT)
    raise ValidationError(f"A task has no editable field {name!r}.")


def _optional(value: Any, *, what: str, low: int, high: int) -> int | None:
    return None if value is None else int_range(value, what=what, low=low, high=high)


def _optional_number(value: Any, *, what: str, positive: bool) -> float | None:
    """None or a finite number, more than 0 (``positive``) or 0 or more."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
        or (positive and value == 0)
        or value > MAX_SCORE_INPUT
    ):
        bound = "more than 0" if positive else "0 or more"
        raise ValidationError(f"The {what} must be a number {bound} (up to {MAX_SCORE_INPUT}).")
    return float(value)


def theme_color(value: Any) -> str:
    """A theme's lane color: ``#rrggbb`` (no transparency), stored lower case."""
    if not isinstance(value, str) or not _OPAQUE_COLOR.match(value):
        raise ValidationError(f"The theme color {value!r} is not of the form #rrggbb.")
    return value.lower()


def scoring_model(value: Any) -> str:
    """rice, value_effort or wsjf."""
    return str(choice(value, ScoringModel, what="scoring model"))


def required_date(value: Any, *, what: str) -> date:
    """A date within the sane range; None is refused."""
    found = optional_date(value, what=what)
    if found is None:
        raise ValidationError(f"The {what} is missing.")
    return found


def email(value: Any) -> str:
    """An e-mail address or the empty string."""
    address = text(value, what="e-mail address", limit=320).strip()
    if address and ("@" not in address or any(c.isspace() for c in address)):
        raise ValidationError(f"“{address}” is not an e-mail address.")
    return address


CONSTRAINT_TYPES = {
    "asap": "as soon as possible",
    "snet": "start no earlier than",
    "fnlt": "finish no later than",
    "mso": "must start on",
}


def constraint_type(value: Any) -> str:
    """asap, snet, fnlt or mso."""
    if value not in CONSTRAINT_TYPES:
        raise ValidationError(
            f"The constraint must be one of {', '.join(CONSTRAINT_TYPES)}, not {value!r}."
        )
    return str(value)


def dependency_type(value: Any) -> str:
    """FS, SS, FF or SF."""
    return str(choice(value, DependencyType, what="link type"))


def lag(value: Any) -> int:
    """A lag in working days; negative means lead."""
    return int_range(value, what="lag", low=-10_000, high=10_000)


def column_category(value: Any) -> str:
    """todo, doing or done."""
    return str(choice(value, ColumnCategory, what="column category"))
