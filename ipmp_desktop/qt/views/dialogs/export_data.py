"""File > Export Data…: the current project as another tool's file, or the workspace as JSON.

The file name's extension picks the format (:func:`~ipmp_desktop.core.interchange.formats.
for_output`): ``.xml`` MS Project XML, ``.gan`` GanttProject, ``.csv``, ``.ics`` iCalendar, and
``.json`` the whole workspace (every project, lossless). The file is written beside its name and
moved into place once complete, so a failed export leaves nothing half written. Pictures of a
view (PDF, SVG, PNG) stay with File > Export….

The file is written in a worker thread (an iCalendar file of a 10,000-task project takes
seconds) behind a progress dialog whose Cancel leaves nothing written.
"""

import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.formats import FORMATS, Format, for_output
from ipmp_desktop.core.interchange.jobs import write_data
from ipmp_desktop.core.interchange.plan import InterchangeError
from ipmp_desktop.qt.operations import BackgroundOperation, progress_dialog

PICTURE_SUFFIXES = (".pdf", ".svg", ".png")


def export_filters() -> list[tuple[str, str]]:
    """(file dialog filter, extension) for each format we write, in the registry's order."""
    out = []
    for item in FORMATS:
        if item.key == "json":
            out.append(("Whole workspace as JSON (*.json)", ".json"))
        elif item.writer is not None:
            patterns = " ".join(f"*{suffix}" for suffix in item.extensions)
            out.append((f"{item.name} ({patterns})", item.extensions[0]))
    return out


def suggested_path(folder: Path, project_name: str | None) -> Path:
    """A first file name: the project's name (made safe for file systems) as MS Project XML."""
    unsafe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', " ", project_name or "")
    stem = re.sub(r"\s+", " ", unsafe).strip(" .") or "Workspace"
    return folder / f"{stem}.xml"


def ask_export_path(parent: QWidget, suggestion: Path) -> Path | None:
    """The file name the user picks in the save dialog (the chosen filter's extension added when
    the name has none), or None when cancelled."""
    filters = export_filters()
    name, chosen = QFileDialog.getSaveFileName(
        parent, "Export Data", str(suggestion), ";;".join(text for text, _suffix in filters)
    )
    if not name:
        return None
    path = Path(name)
    if not path.suffix:
        suffix = dict(filters).get(chosen, "")
        path = path.with_name(path.name + suffix)
    return path


def check_export(path: Path, project_id: int | None) -> Format:
    """The format ``path`` asks for, once it is clear the export can start (quick checks, on
    the GUI thread, so that a bad name is answered at once).

    Raises:
        InterchangeError: the name asks for no data format, the folder is missing, or there is
            no project to export; one sentence, nothing written.
    """
    if path.suffix.lower() in PICTURE_SUFFIXES:
        raise InterchangeError(
            f"{path.name} is a picture of a view: use File > Export… for PDF, SVG and PNG; "
            "Export Data writes .xml, .gan, .csv, .ics or .json."
        )
    item = for_output(path)
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InterchangeError(f"The folder {folder} does not exist.")
    if item.key != "json" and project_id is None:
        raise InterchangeError(
            "Choose a project to export first; without one only the whole workspace (.json) "
            "can be written."
        )
    return item


def start_export(
    workspace: Workspace, project_id: int | None, path: Path, parent: QWidget
) -> BackgroundOperation:
    """Write the project (or the whole workspace) to ``path`` in a worker thread, with a
    progress dialog whose Cancel leaves nothing written; call :func:`check_export` first.

    The operation's ``succeeded`` carries the :class:`Format` written; connect to its signals,
    then call ``start()``.
    """
    operation = BackgroundOperation(
        lambda progress: write_data(workspace, project_id, path, progress=progress),
        what="the export",
        parent=parent,
    )
    progress_dialog(operation, parent, "Export Data", f"Exporting to {path.name}…")
    return operation


__all__ = ["ask_export_path", "check_export", "export_filters", "start_export", "suggested_path"]
