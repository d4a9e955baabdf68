"""Every user-visible mutation, as a command with ``do``/``undo`` returning ``Changes``."""

from ipmp_desktop.core.commands.base import Command, Macro
from ipmp_desktop.core.commands.baselines import DeleteBaseline, RenameBaseline, SaveBaseline
from ipmp_desktop.core.commands.board import ArchiveTasks, MoveCards
from ipmp_desktop.core.commands.calendars import AddHolidays, RemoveHolidays, UpdateCalendar
from ipmp_desktop.core.commands.cards import (
    AddChecklistItem,
    AddComment,
    DeleteComment,
    RemoveChecklistItem,
    UpdateChecklistItem,
)
from ipmp_desktop.core.commands.columns import (
    AddColumn,
    DeleteColumn,
    MoveColumn,
    SetLaneWipLimit,
    UpdateColumn,
)
from ipmp_desktop.core.commands.dependencies import (
    AddDependency,
    RemoveDependency,
    SetPredecessors,
    UpdateDependency,
)
from ipmp_desktop.core.commands.projects import CreateProject, DeleteProject, UpdateProject
from ipmp_desktop.core.commands.recycle import EmptyRecycleBin, RecycleTasks, RestoreRecycled
from ipmp_desktop.core.commands.roadmap import (
    AddRelease,
    AddTheme,
    CreateProduct,
    DeleteProduct,
    DeleteRelease,
    DeleteTheme,
    MoveTheme,
    UpdateProduct,
    UpdateRelease,
    UpdateTheme,
)
from ipmp_desktop.core.commands.roadmap_ideas import (
    CaptureIdea,
    DeleteIdea,
    PromoteIdea,
    UpdateIdea,
)
from ipmp_desktop.core.commands.roadmap_items import CreateRoadmapItem, MoveRoadmapItem
from ipmp_desktop.core.commands.roadmap_shift import ShiftRoadmapItem
from ipmp_desktop.core.commands.runner import History, apply, revert
from ipmp_desktop.core.commands.tagging import (
    CreateLabel,
    CreatePerson,
    SetAssignees,
    SetTaskLabels,
)
from ipmp_desktop.core.commands.tasks import (
    CreateTask,
    DeleteTasks,
    IndentTask,
    MoveTaskInOutline,
    OutdentTask,
    ReorderTask,
    UpdateTask,
)
from ipmp_desktop.core.commands.views import DeleteView, SaveView

__all__ = [
    "AddChecklistItem",
    "AddColumn",
    "AddComment",
    "AddDependency",
    "AddHolidays",
    "AddRelease",
    "AddTheme",
    "ArchiveTasks",
    "CaptureIdea",
    "Command",
    "CreateLabel",
    "CreatePerson",
    "CreateProduct",
    "CreateProject",
    "CreateRoadmapItem",
    "CreateTask",
    "DeleteBaseline",
    "DeleteColumn",
    "DeleteComment",
    "DeleteIdea",
    "DeleteProduct",
    "DeleteProject",
    "DeleteRelease",
    "DeleteTasks",
    "DeleteTheme",
    "DeleteView",
    "EmptyRecycleBin",
    "History",
    "IndentTask",
    "Macro",
    "MoveCards",
    "MoveColumn",
    "MoveRoadmapItem",
    "MoveTaskInOutline",
    "MoveTheme",
    "OutdentTask",
    "PromoteIdea",
    "RecycleTasks",
    "RemoveChecklistItem",
    "RemoveDependency",
    "RemoveHolidays",
    "RenameBaseline",
    "ReorderTask",
    "RestoreRecycled",
    "SaveBaseline",
    "SaveView",
    "SetAssignees",
    "SetLaneWipLimit",
    "SetPredecessors",
    "SetTaskLabels",
    "ShiftRoadmapItem",
    "UpdateCalendar",
    "UpdateChecklistItem",
    "UpdateColumn",
    "UpdateDependency",
    "UpdateIdea",
    "UpdateProduct",
    "UpdateProject",
    "UpdateRelease",
    "UpdateTask",
    "UpdateTheme",
    "apply",
    "revert",
]
