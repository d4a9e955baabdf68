"""Every user-visible mutation, as a command with ``do``/``undo`` returning ``Changes``."""

from ipmp_desktop.core.commands.base import Command, Macro
from ipmp_desktop.core.commands.dependencies import (
    AddDependency,
    RemoveDependency,
    UpdateDependency,
)
from ipmp_desktop.core.commands.projects import CreateProject, DeleteProject, UpdateProject
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

__all__ = [
    "AddDependency",
    "Command",
    "CreateLabel",
    "CreatePerson",
    "CreateProject",
    "CreateTask",
    "DeleteProject",
    "DeleteTasks",
    "History",
    "IndentTask",
    "Macro",
    "MoveTaskInOutline",
    "OutdentTask",
    "RemoveDependency",
    "ReorderTask",
    "SetAssignees",
    "SetTaskLabels",
    "UpdateDependency",
    "UpdateProject",
    "UpdateTask",
    "apply",
    "revert",
]
