"""SQLAlchemy 2 typed entities, one module per aggregate.

Importing this package registers every table on :data:`Base.metadata`, which alembic's
``env.py`` and the tests compare against the migrations.
"""

from ipmp_desktop.core.model.base import Base
from ipmp_desktop.core.model.baseline import Baseline, BaselineTask
from ipmp_desktop.core.model.board import (
    BoardColumn,
    ColumnCategory,
    LaneWipLimit,
    SavedView,
    WipPolicy,
)
from ipmp_desktop.core.model.calendar import Calendar, Holiday
from ipmp_desktop.core.model.card import ChecklistItem, Comment
from ipmp_desktop.core.model.people import Assignment, Person
from ipmp_desktop.core.model.project import Project
from ipmp_desktop.core.model.recycle import RecycledTasks
from ipmp_desktop.core.model.roadmap import Horizon, Idea, Product, Release, ScoringModel, Theme
from ipmp_desktop.core.model.task import (
    ROADMAP_KINDS,
    Dependency,
    DependencyType,
    Label,
    Priority,
    Task,
    TaskKind,
    task_labels,
)

__all__ = [
    "ROADMAP_KINDS",
    "Assignment",
    "Base",
    "Baseline",
    "BaselineTask",
    "BoardColumn",
    "Calendar",
    "ChecklistItem",
    "ColumnCategory",
    "Comment",
    "Dependency",
    "DependencyType",
    "Holiday",
    "Horizon",
    "Idea",
    "Label",
    "LaneWipLimit",
    "Person",
    "Priority",
    "Product",
    "Project",
    "RecycledTasks",
    "Release",
    "SavedView",
    "ScoringModel",
    "Task",
    "TaskKind",
    "Theme",
    "WipPolicy",
    "task_labels",
]
