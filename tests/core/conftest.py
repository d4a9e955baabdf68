"""Fixtures for core tests: a workspace on SQLite, and on PostgreSQL when one is configured."""

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ipmp_desktop.core.commands import CreateProject, apply
from ipmp_desktop.core.db import Workspace
from tests.support import new_workspace, postgres_url

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """An empty workspace, once per backend (PostgreSQL when IPMP_TEST_DATABASE_URL is set)."""
    if request.param == "postgresql" and postgres_url() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must set IPMP_TEST_DATABASE_URL so the DB tests run on PostgreSQL")
        pytest.skip("IPMP_TEST_DATABASE_URL is not set (CI sets it; see .ci/run)")
    with new_workspace(request.param, tmp_path) as ws:
        yield ws


@pytest.fixture
def project_id(workspace: Workspace) -> int:
    """A project in ``workspace`` with the default columns."""
    command = CreateProject(name="Launch", start=date(2026, 1, 5))
    apply(workspace, command)
    assert command.project_id is not None
    return command.project_id
