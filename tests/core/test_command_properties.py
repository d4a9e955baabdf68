"""Property: any sequence of commands undoes and redoes exactly, and refusals write nothing.

Each example starts from a fresh workspace with a little seed data, then applies a random
sequence of every command kind (drawn by ``command_steps``). Arguments are drawn from the ids
that exist at that step; some steps carry a stale id or a bad value instead, and must be refused
with a ``DomainError`` while the database stays exactly as it was. A small oracle also says which
well-formed steps must succeed (a valid move, a link that closes no cycle). After every step the
structural invariants hold. Finally everything is undone in reverse order (each undo must
restore the dump from before its command) and redone in order (each redo must give the dump
from after it).
"""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from ipmp_desktop.core.commands import (
    AddDependency,
    Command,
    CreateLabel,
    CreatePerson,
    CreateProject,
    CreateTask,
    apply,
    revert,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import DomainError
from tests.core.command_steps import (
    GENERATORS,
    OK,
    REFUSED,
    Step,
    World,
    gen_create_project,
    gen_create_task,
    pick,
)
from tests.support import dump, new_workspace, postgres_url

# -- invariants ----------------------------------------------------------------------------------


def check_invariants(workspace: Workspace, w: World) -> None:
    """Foreign keys hold, outlines are trees within one project, links form no cycle and
    never join a task with its own ancestor."""
    if workspace.path is not None:
        with workspace.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    for task in w.tasks.values():
        parent = task["parent_id"]
        if parent is not None:
            assert parent in w.tasks, f"task {task['id']} has a missing parent"
            assert w.tasks[parent]["project_id"] == task["project_id"], task
        chain = [task["id"]]
        while w.tasks[chain[-1]]["parent_id"] is not None:
            chain.append(w.tasks[chain[-1]]["parent_id"])
            assert len(chain) == len(set(chain)), f"outline loop {chain}"
    for key in ("wbs", "board"):
        places = [
            (t["project_id"], t["parent_id"] if key == "wbs" else t["column_id"], t[f"{key}_rank"])
            for t in w.tasks.values()
        ]
        assert len(places) == len(set(places)), f"two tasks share a {key} rank: {sorted(places)}"
    for dep in w.tables["dependency"]:
        pred, succ = w.tasks[dep["predecessor_id"]], w.tasks[dep["successor_id"]]
        assert pred["project_id"] == succ["project_id"], dep
        assert not w.linked(succ["id"], pred["id"]), f"dependency cycle through {dep}"
        assert pred["id"] not in w.ancestors(succ["id"]), f"link into own branch: {dep}"
        assert succ["id"] not in w.ancestors(pred["id"]), f"link into own branch: {dep}"
    labels = {row["id"]: row for row in w.tables["label"]}
    for link in w.tables["task_label"]:
        assert labels[link["label_id"]]["project_id"] == w.tasks[link["task_id"]]["project_id"]


# -- the property ------------------------------------------------------------------------------


def seed(workspace: Workspace) -> None:
    """Two projects with a small outline, a link, a label and a person."""
    first, second = (
        CreateProject(name="A", start=date(2026, 1, 5)),
        CreateProject(name="B", start=date(2026, 3, 2)),
    )
    apply(workspace, first)
    apply(workspace, second)
    ids: dict[str, int] = {}
    for name, project, parent in [
        ("a1", first, None),
        ("a2", first, None),
        ("a21", first, "a2"),
        ("a3", first, None),
        ("b1", second, None),
        ("b2", second, None),
    ]:
        command = CreateTask(
            project_id=project.project_id, title=name, parent_id=ids.get(parent or "")
        )
        apply(workspace, command)
        ids[name] = command.task_id
    apply(workspace, AddDependency(predecessor_id=ids["a1"], successor_id=ids["a3"]))
    apply(workspace, CreateLabel(project_id=first.project_id, name="bug"))
    apply(workspace, CreatePerson(name="Ann"))


def run_sequence(workspace: Workspace, data: st.DataObject) -> None:
    seen: dict[str, set[int]] = {}
    before = dump(workspace)
    dumps = [before]
    done: list[tuple[Command, Step]] = []
    for _ in range(data.draw(st.integers(1, 40), label="steps")):
        world = World(dumps[-1], seen)
        step = pick(data, GENERATORS)(data, world)
        if step is None:
            step = (gen_create_task if world.ids("project") else gen_create_project)(data, world)
            assert step is not None
        note(f"step {len(done)}: {step}")
        try:
            command = step.command(**step.kwargs)
            apply(workspace, command)
        except DomainError as error:
            assert step.expect != OK, f"{step} was refused: {error}"
            assert dump(workspace) == dumps[-1], f"{step} was refused but wrote"
            continue
        assert step.expect != REFUSED, f"{step} was accepted"
        dumps.append(dump(workspace))
        done.append((command, step))
        check_invariants(workspace, World(dumps[-1], seen))
    for index in reversed(range(len(done))):
        revert(workspace, done[index][0])
        assert dump(workspace) == dumps[index], f"undo of {done[index][1]} left differences"
    for index, (command, step) in enumerate(done):
        apply(workspace, command, first=False)
        assert dump(workspace) == dumps[index + 1], f"redo of {step} differs from its do"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_random_command_sequences_undo_and_redo_exactly(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if backend == "postgresql" and postgres_url() is None:
        pytest.skip("IPMP_TEST_DATABASE_URL is not set")
    folder: Path = tmp_path_factory.mktemp("properties")

    @settings(
        max_examples=60 if backend == "sqlite" else 20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def sequence(data: st.DataObject) -> None:
        with new_workspace(backend, folder) as workspace:
            try:
                seed(workspace)
                run_sequence(workspace, data)
            finally:
                if workspace.path is not None:
                    workspace.close()
                    workspace.path.unlink(missing_ok=True)

    sequence()
