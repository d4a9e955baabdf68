"""The one way views learn that data changed."""

from PySide6.QtCore import QObject, Signal

from ipmp_desktop.core.services.changes import Changes


class ChangeBus(QObject):
    """Re-emits the ``Changes`` of every applied, undone or redone command.

    Views connect to :attr:`changed` and refresh only what the record names; no view tells
    another to refresh.
    """

    changed = Signal(object)

    def publish(self, changes: Changes) -> None:
        """Emit ``changes`` unless empty."""
        if changes:
            self.changed.emit(changes)
