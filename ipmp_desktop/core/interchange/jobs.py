"""The headless interchange jobs behind ``ipmp import`` and ``ipmp export`` to data formats.

Both refuse bad input with one sentence (an :class:`InterchangeError` or another DomainError)
before anything is written. A file is written beside its final name and moved into place once
complete, so a failed, cancelled or killed export or import never leaves half a file.

:func:`write_data` is the export both the command line and the GUI run; it takes a ``progress``
callable, so the GUI runs it in a worker thread with a Cancel button (an iCalendar file of a
10,000-task project takes seconds to write).
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ipmp_desktop.core.interchange.formats import Format, for_output, read_bytes, read_plan
from ipmp_desktop.core.interchange.plan import ImportReport, InterchangeError
from ipmp_desktop.core.progress import Progress, report

if TYPE_CHECKING:
    from ipmp_desktop.core.db.workspace import Workspace


@dataclass
class ImportOutcome:
    """Where the import went and its report (None for a restored workspace dump)."""

    workspace: Path | str
    project_id: int | None
    report: ImportReport | None


def import_file(
    path: Path,
    workspace: str | os.PathLike[str],
    *,
    project: str | None = None,
    format_key: str | None = None,
) -> ImportOutcome:
    """Import ``path`` as a new project of ``workspace`` (a file, created when missing, or a
    database URL, set up when the database is empty), or restore a workspace JSON dump into
    the new file or empty database ``workspace``.

    Into an existing workspace the import is one transaction, so a failure or a killed process
    leaves it as it was. A new workspace file is built under a hidden side name in the same
    folder (:func:`partial_path`) and renamed into place once complete and closed, so it
    appears whole or not at all; a failure removes the side file, and a side file a killed
    import left behind is removed by the next import to the same name.
    """
    from ipmp_desktop.core.db.workspace import Workspace, location_to_url
    from ipmp_desktop.core.interchange.formats import SNIFF_BYTES, detect

    url, file = location_to_url(workspace)
    shown: Path | str = Path(os.fspath(workspace)) if file is not None else _without_password(url)
    data = read_bytes(path)
    if format_key is None and detect(data[:SNIFF_BYTES], path.name).key == "json":
        from ipmp_desktop.core.interchange.json_dump import restore_to

        if file is not None and file.exists():
            raise InterchangeError(
                f"{shown} already exists; a workspace dump restores into a new file."
            )
        if file is not None:
            _build_then_move(file, lambda partial: restore_to(data, partial))
        else:
            restore_to(data, workspace)
        return ImportOutcome(shown, None, None)
    if file is not None and file.is_dir():
        raise InterchangeError(f"{shown} is a folder; name the workspace file inside it.")
    _format, plan = read_plan(path, format_key)
    from ipmp_desktop.core.interchange.store import ImportResult, write_plan

    if file is None:
        return _import_to_server(url, shown, plan, project)
    if file.exists():
        with Workspace.open(file) as opened:
            result = write_plan(opened, plan, name=project)
        return ImportOutcome(shown, result.project_id, result.report)

    results: list[ImportResult] = []

    def build(partial: Path) -> None:
        with Workspace.create(partial) as created:
            results.append(write_plan(created, plan, name=project))

    _build_then_move(file, build)
    return ImportOutcome(shown, results[0].project_id, results[0].report)


def _import_to_server(url: str, shown: str, plan, project: str | None) -> ImportOutcome:
    """Write ``plan`` into the database at ``url``; an empty database gets the schema first
    and loses it again if the import fails."""
    from ipmp_desktop.core.db.workspace import Workspace, server_is_empty
    from ipmp_desktop.core.interchange.store import write_plan

    created = server_is_empty(url)
    opened = Workspace.create(url) if created else Workspace.open(url)
    try:
        result = write_plan(opened, plan, name=project)
    except BaseException:
        if created:
            opened.discard()
        else:
            opened.close()
        raise
    opened.close()
    return ImportOutcome(shown, result.project_id, result.report)


def _without_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def partial_path(workspace: Path) -> Path:
    """The hidden side file a new workspace is built in before it is renamed to ``workspace``."""
    return workspace.with_name(f".{workspace.name}.importing")


def _build_then_move(workspace: Path, build: Callable[[Path], object]) -> None:
    """Run ``build(side file)`` to write a whole new workspace, then rename it to ``workspace``;
    on any failure remove the side file (with its write-ahead log) and re-raise."""
    partial = partial_path(workspace)
    _remove_database(partial)  # left by an import that was killed
    try:
        build(partial)
        if workspace.exists():  # made meanwhile by someone else: do not replace it
            raise InterchangeError(f"{workspace} appeared while importing; it was left alone.")
        os.replace(partial, workspace)
    except BaseException:
        _remove_database(partial)
        raise


def _remove_database(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)


def export_file(location: str, output: Path, *, project: str | None = None) -> Path:
    """Write one project (or, for ``.json``, the whole workspace) to ``output``.

    The workspace is opened read-only: it need not be writable.
    """
    from ipmp_desktop.core.db.workspace import Workspace
    from ipmp_desktop.core.services.queries import find_project

    item = for_output(output)
    folder = output.resolve().parent
    if not folder.is_dir():
        raise InterchangeError(f"The folder {folder} does not exist.")
    workspace = Workspace.open(location, read_only=True)
    try:
        project_id = None
        if item.key != "json":
            with workspace.reading() as session:
                project_id = find_project(session, project)
        write_data(workspace, project_id, output)
    finally:
        workspace.close()
    return output


def write_data(
    workspace: "Workspace",
    project_id: int | None,
    output: Path,
    *,
    progress: Progress | None = None,
) -> Format:
    """Write one project (or, for ``.json``, the whole workspace) to ``output``; the format.

    Reads in one snapshot session of its own (safe in a worker thread while the GUI edits),
    so the file is one consistent moment of the workspace.

    Args:
        workspace: where to read.
        project_id: the project; None is allowed for ``.json`` only.
        output: the file; its extension picks the format.
        progress: told ``(done, 3)`` after reading, serialising and writing; False cancels
            before the file is moved into place.

    Raises:
        InterchangeError: no data format for that name, no project, or the file cannot be
            written (one sentence; nothing written).
        Cancelled: ``progress`` answered False; nothing written.
    """
    item = for_output(output)
    if item.key != "json" and project_id is None:
        raise InterchangeError(
            "Choose a project to export first; without one only the whole workspace (.json) "
            "can be written."
        )
    report(progress, 0, 3)
    with workspace.reading() as session:
        if item.key == "json":
            from ipmp_desktop.core.interchange.json_dump import dump_workspace

            data = dump_workspace(session)
        else:
            from ipmp_desktop.core.interchange.project_read import read_project

            plan = read_project(session, project_id)
            report(progress, 1, 3)
            data = item.write(plan)
    report(progress, 2, 3)
    write_atomically(output, data)
    if progress is not None:
        progress(3, 3)  # the file is in place: its answer no longer matters
    return item


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a side file, then move it over ``path``."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InterchangeError(f"Cannot write {path}: {error.strerror}.") from None


__all__ = [
    "ImportOutcome",
    "export_file",
    "import_file",
    "partial_path",
    "read_bytes",
    "write_atomically",
    "write_data",
]
