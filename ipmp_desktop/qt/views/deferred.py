"""Views in hidden tabs gather ``Changes`` and apply them when shown.

An edit in the Gantt should not pay for redrawing a board or a roadmap nobody sees. A view mixes
:class:`DefersChangesWhileHidden` in before ``QWidget``, sets ``self._pending = None`` in its
constructor and implements ``_apply_changes``; the ``ChangeBus`` keeps calling ``apply_changes``.
"""

from ipmp_desktop.core.services.changes import Changes


class DefersChangesWhileHidden:
    """``apply_changes`` now when visible, else once on the next ``showEvent``."""

    _pending: Changes | None = None

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what ``changes`` touched, or remember it until the view is shown."""
        if not self.isVisible():  # type: ignore[attr-defined]
            self._pending = changes if self._pending is None else self._pending | changes
            return
        self._apply_changes(changes)  # type: ignore[attr-defined]

    def showEvent(self, event) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._apply_changes(pending)  # type: ignore[attr-defined]
