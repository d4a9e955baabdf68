"""``Changes``: what a command touched, so each view refreshes only that."""

import enum
from dataclasses import dataclass, field, fields


class Area(enum.StrEnum):
    """Parts of the app that may need to refresh after a change."""

    PROJECTS = "projects"
    OUTLINE = "outline"
    BOARD = "board"
    SCHEDULE = "schedule"
    ROADMAP = "roadmap"


def _ids() -> frozenset[int]:
    return frozenset()


@dataclass(frozen=True, slots=True)
class Changes:
    """Ids a command touched, by kind, and the areas that must refresh.

    ``tasks`` are rows whose fields changed in place; ``structure`` names projects whose set of
    tasks, hierarchy or order changed (rows appeared, vanished or moved), which views handle by
    reloading that project. ``reschedule`` names projects whose schedule inputs changed (dates,
    durations, links, hierarchy): the runner reschedules them in the same step. Combine records
    with ``|``.
    """

    projects: frozenset[int] = field(default_factory=_ids)
    tasks: frozenset[int] = field(default_factory=_ids)
    structure: frozenset[int] = field(default_factory=_ids)
    columns: frozenset[int] = field(default_factory=_ids)
    dependencies: frozenset[int] = field(default_factory=_ids)
    labels: frozenset[int] = field(default_factory=_ids)
    people: frozenset[int] = field(default_factory=_ids)
    calendars: frozenset[int] = field(default_factory=_ids)
    reschedule: frozenset[int] = field(default_factory=_ids)
    areas: frozenset[Area] = field(default_factory=frozenset)

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            **{f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @classmethod
    def of(cls, **kinds: object) -> "Changes":
        """Build from iterables: ``Changes.of(tasks=[1, 2], areas=[Area.BOARD])``."""
        return cls(**{name: frozenset(values) for name, values in kinds.items()})  # type: ignore[arg-type]


TASK_AREAS = frozenset({Area.OUTLINE, Area.BOARD, Area.SCHEDULE, Area.ROADMAP})
"""A task row is shown by every view."""
