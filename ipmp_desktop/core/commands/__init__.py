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
    "ArchiveTasks",
    "Command",
    "CreateLabel",
    "CreatePerson",
    "CreateProject",
    "CreateTask",
    "DeleteBaseline",
    "DeleteColumn",
    "DeleteComment",
    "DeleteProject",
    "DeleteTasks",
    "DeleteView",
    "EmptyRecycleBin",
    "History",
    "IndentTask",
    "Macro",
    "MoveCards",
    "MoveColumn",
    "MoveTaskInOutline",
    "OutdentTask",
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
    "UpdateCalendar",
    "UpdateChecklistItem",
    "UpdateColumn",
    "UpdateDependency",
    "UpdateProject",
    "UpdateTask",
    "apply",
    "revert",
]
