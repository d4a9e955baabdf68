"""How a long core job reports progress and learns that the user cancelled it.

A job that may run for seconds (an import of 10,000 tasks, an export of a large plan) takes a
``progress(done, total) -> bool`` callable and calls it between its steps. A False answer means
the user cancelled: the job raises :class:`Cancelled` before its next step, and because a job
writes in one transaction (or to a side file moved into place at the end) nothing is left
behind. The caller decides what the callable does (a Qt signal, a console bar, nothing); the core
never knows, which keeps it free of Qt.
"""

from collections.abc import Callable

Progress = Callable[[int, int], bool]
"""``progress(done, total)``: True to go on, False to stop (the user cancelled)."""


class Cancelled(Exception):
    """The user cancelled a long job; it stopped and wrote nothing.

    Not a ``DomainError``: nothing went wrong, so there is nothing to tell the user.
    """


def report(progress: Progress | None, done: int, total: int) -> None:
    """Tell ``progress`` how far the job is; raise :class:`Cancelled` when it says stop.

    Args:
        progress: the caller's callable, or None when nobody is watching (nothing to do).
        done: units of work done so far.
        total: units of work in all (``done <= total``).

    Raises:
        Cancelled: ``progress`` answered False.
    """
    if progress is not None and not progress(done, total):
        raise Cancelled()


__all__ = ["Cancelled", "Progress", "report"]
