"""Round trips through a workspace for importer tests: a small project built with commands, read
as a Plan, passed through a format and written back as a new project, compared by titles."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ipmp_desktop.core.commands import AddDependency, CreateProject, CreateTask, UpdateTask, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.plan import Plan
from ipmp_desktop.core.interchange.project_read import read_project
from ipmp_desktop.core.interchange.store import ImportResult, write_plan


@dataclass(frozen=True)
class Website:
    """The ids :func:`build_website` made."""

    project_id: int
    phase: int
    design: int
    build: int
    launch: int


def build_website(workspace: Workspace, build_title: str) -> Website:
    """Project "Website" from Monday 5 January 2026: "Phase 1" holding "Design" (3 days, 50 %
    done) and ``build_title`` (4 days, priority 3), then the milestone "Launch"; Design ->
    Build finish-to-start with a lag of 2 days, Build -> Launch finish-to-finish. Build so
    starts on Monday 12 January."""
    project = CreateProject(name="Website", start=date(2026, 1, 5))
    apply(workspace, project)
    pid = project.project_id
    assert pid is not None
    phase = CreateTask(project_id=pid, title="Phase 1")
    apply(workspace, phase)
    design = CreateTask(project_id=pid, title="Design", parent_id=phase.task_id)
    apply(workspace, design)
    build = CreateTask(project_id=pid, title=build_title, parent_id=phase.task_id)
    apply(workspace, build)
    launch = CreateTask(project_id=pid, title="Launch", kind="milestone")
    apply(workspace, launch)
    apply(workspace, UpdateTask(task_id=design.task_id, duration_days=3, percent_complete=50))
    apply(workspace, UpdateTask(task_id=build.task_id, duration_days=4, priority=3))
    apply(
        workspace,
        AddDependency(predecessor_id=design.task_id, successor_id=build.task_id, lag_days=2),
    )
    apply(
        workspace,
        AddDependency(predecessor_id=build.task_id, successor_id=launch.task_id, type="FF"),
    )
    ids = (phase.task_id, design.task_id, build.task_id, launch.task_id)
    assert all(task_id is not None for task_id in ids)
    return Website(pid, *ids)  # type: ignore[arg-type]


def round_trip(
    workspace: Workspace, project_id: int, through: Callable[[Plan], Plan], name: str | None = None
) -> tuple[Plan, Plan, ImportResult]:
    """The project as a Plan (before), that plan passed ``through`` a format (written, then read)
    and imported as a new project named ``name`` (None: the plan's name), and the new project
    as a Plan (after)."""
    with workspace.reading() as session:
        before = read_project(session, project_id)
    result = write_plan(workspace, through(before), name=name)
    with workspace.reading() as session:
        after = read_project(session, result.project_id)
    return before, after, result


def assert_website_kept(
    website: Website,
    before: Plan,
    after: Plan,
    result: ImportResult,
    shape: Callable[[Plan], object],
) -> None:
    """What :func:`round_trip` gave for :func:`build_website`'s project holds: Build starts on
    Monday 12 January (Design Mon 5 to Wed 7, the lag Thu 8 and Fri 9), the tasks are alike as
    ``shape`` sees them, both links are kept, and the import moved no date."""
    build = before.task(str(website.build))
    assert build.start == date(2026, 1, 12)
    assert shape(after) == shape(before)
    links = sorted([("Design", build.title, "FS", 2), (build.title, "Launch", "FF", 0)])
    assert titled_links(after) == titled_links(before) == links
    assert result.report.shifted == []


def titled_links(plan: Plan) -> list[tuple[str, str, str, int]]:
    """The plan's links as ``(predecessor title, successor title, type, lag days)``, sorted."""
    titles = {task.key: task.title for task in plan.tasks}
    return sorted(
        (titles[link.predecessor], titles[link.successor], link.type, link.lag_days)
        for link in plan.links
    )
