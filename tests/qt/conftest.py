"""Fixtures for Qt tests: a populated workspace and a main window on it (offscreen)."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ipmp_desktop.core.commands import CreateProject, CreateTask, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.qt.settings import AppSettings
from ipmp_desktop.qt.views.main_window import MainWindow


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    """A workspace with one project: Phase 1 (Design, Build) and Launch."""
    path = tmp_path / "plan.ipmp"
    with Workspace.create(path) as workspace:
        project = CreateProject(name="Website", start=date(2026, 1, 5))
        apply(workspace, project)
        phase = CreateTask(project_id=project.project_id, title="Phase 1")
        apply(workspace, phase)
        for title in ("Design", "Build"):
            apply(
                workspace,
                CreateTask(
                    project_id=project.project_id,
                    title=title,
                    parent_id=phase.task_id,
                    start=date(2026, 1, 5),
                ),
            )
        apply(
            workspace, CreateTask(project_id=project.project_id, title="Launch", kind="milestone")
        )
    return path


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    """Settings in a private INI file (never the user's)."""
    return AppSettings.at(tmp_path / "settings.ini")


@pytest.fixture
def window(qtbot, settings: AppSettings, workspace_path: Path) -> Iterator[MainWindow]:
    """The main window showing ``workspace_path``."""
    main = MainWindow(settings)
    qtbot.addWidget(main)
    assert main.open_location(str(workspace_path))
    main.show()
    yield main
    main.close()
