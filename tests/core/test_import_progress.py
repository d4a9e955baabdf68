"""The import's progress and Cancel: what a background import relies on, without Qt."""

from datetime import date

import pytest
from sqlalchemy import func, select

from ipmp_desktop.core.commands import revert
from ipmp_desktop.core.interchange.plan import Plan, PlanLink, PlanTask
from ipmp_desktop.core.interchange.store import ROWS_PER_INSERT, STEPS, write_plan
from ipmp_desktop.core.model import Dependency, Project, Task
from ipmp_desktop.core.progress import Cancelled


def chain_plan(tasks: int) -> Plan:
    """``tasks`` tasks, each linked to the one before it."""
    plan = Plan(name="Chain", start=date(2027, 1, 11))
    plan.tasks = [PlanTask(str(n), f"Step {n}", duration_days=1) for n in range(tasks)]
    plan.links = [PlanLink(str(n - 1), str(n)) for n in range(1, tasks)]
    return plan


def table_counts(workspace) -> tuple[int, int, int]:
    with workspace.reading() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(table))
            for table in (Project, Task, Dependency)
        )


def test_progress_goes_forward_to_the_end_and_the_command_is_returned(workspace):
    seen: list[tuple[int, int]] = []
    result = write_plan(
        workspace, chain_plan(2500), progress=lambda done, total: seen.append((done, total)) or True
    )
    assert {total for _done, total in seen} == {STEPS}
    steps = [done for done, _total in seen]
    assert steps == sorted(steps) and steps[0] == 0 and steps[-1] == STEPS
    assert len(steps) >= 2500 // ROWS_PER_INSERT + 4  # a look at Cancel per thousand rows
    assert result.command is not None and result.command.progress is None  # not kept
    assert result.command.project_id == result.project_id
    assert result.changes.projects == frozenset({result.project_id})
    assert table_counts(workspace)[1:] == (2500, 2499)
    revert(workspace, result.command)  # the returned command undoes what the job wrote
    assert table_counts(workspace) == (0, 0, 0)


@pytest.mark.parametrize("stop_at", [0, 10, 30, 60, 85, 97])
def test_a_cancel_at_any_step_writes_nothing(workspace, stop_at):
    def progress(done: int, _total: int) -> bool:
        return done < stop_at

    plan = chain_plan(2500)
    with pytest.raises(Cancelled):
        write_plan(workspace, plan, progress=progress)
    assert table_counts(workspace) == (0, 0, 0)
    result = write_plan(workspace, plan)  # nothing half done stands in the way
    assert table_counts(workspace) == (1, 2500, 2499)
    assert result.report.counts["tasks"] == 2500


def test_a_cancel_after_the_commit_is_too_late_and_the_import_stands(workspace):
    result = write_plan(workspace, chain_plan(10), progress=lambda done, _total: done < STEPS)
    assert result.project_id and table_counts(workspace) == (1, 10, 9)
