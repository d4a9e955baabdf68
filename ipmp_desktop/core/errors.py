"""Typed errors with messages a person can act on.

Every failure the user can cause (bad input, a stale id, a file that is not a workspace) is raised
as a :class:`DomainError` subclass whose ``str()`` is one clear sentence, fit for a dialog or the
command line. A command that raises leaves the database untouched: its transaction rolls back.
"""


class DomainError(Exception):
    """A failure the user can understand and act on; ``str(error)`` is the message."""


class ValidationError(DomainError):
    """Input that breaks a rule of the domain (an empty title, finish before start, ...)."""


class NotFoundError(DomainError):
    """An id that no longer names a row, usually because it was deleted meanwhile."""


class CycleError(ValidationError):
    """A dependency or outline change that would make something depend on itself."""


class WorkspaceError(DomainError):
    """A workspace file that cannot be opened or written as asked."""


class NotAWorkspaceError(WorkspaceError):
    """The file is not an IPMP workspace (not SQLite, or SQLite written by another program)."""


class CorruptWorkspaceError(WorkspaceError):
    """The file is an SQLite database that fails its integrity check."""


class NewerWorkspaceError(WorkspaceError):
    """The file was written by a newer IPMP version whose schema this version does not know."""


class ReadOnlyWorkspaceError(WorkspaceError):
    """The file (or its folder) cannot be written, so edits could not be saved."""


class LockedWorkspaceError(WorkspaceError):
    """Another program holds a write lock on the file."""


class MigrationError(WorkspaceError):
    """A schema upgrade failed; the file was left as it was and a backup is beside it."""


class ConfirmationNeeded(DomainError):
    """The command can go ahead only if the user agrees (e.g. a drop past a WIP limit).

    ``retry`` is the command to push when the user confirms; nothing was written.
    """

    def __init__(self, message: str, retry: object) -> None:
        super().__init__(message)
        self.retry = retry


class WipLimitError(ValidationError):
    """A move would push a column past a WIP limit whose policy refuses it."""
