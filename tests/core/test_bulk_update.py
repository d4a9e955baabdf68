"""update_rows: the same columns of many rows, each by its key, converted as the columns say."""

from datetime import date

from sqlalchemy import select

from ipmp_desktop.core.commands import CreateTask, apply
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.db.bulk import update_rows
from ipmp_desktop.core.model import Task

COLUMNS = (Task.id, Task.title, Task.start, Task.finish, Task.duration_days)


def stored(workspace: Workspace, ids: list[int]) -> dict[int, tuple]:
    with workspace.reading() as session:
        rows = session.execute(select(*COLUMNS).where(Task.id.in_(ids)))
        return {row.id: tuple(row[1:]) for row in rows}


def three_tasks(workspace: Workspace, project_id: int) -> list[int]:
    commands = [
        CreateTask(project_id=project_id, title=f"T{n}", start=date(2026, 1, 5 + n))
        for n in range(3)
    ]
    for command in commands:
        apply(workspace, command)
    return [command.task_id for command in commands]  # type: ignore[misc]


def test_each_row_gets_its_own_values(workspace: Workspace, project_id: int) -> None:
    ids = three_tasks(workspace, project_id)
    untouched = stored(workspace, ids)[ids[1]]
    # the names in another order than the table's columns, a date set to None
    names = ("duration_days", "finish", "start")
    with workspace.unit_of_work() as uow:
        update_rows(
            uow.session.connection(),
            Task.__table__,
            names,
            [
                (ids[0], 3, date(2026, 2, 4), date(2026, 2, 2)),
                (ids[2], 0, None, date(2026, 3, 2)),
            ],
        )
    after = stored(workspace, ids)
    assert after[ids[0]] == ("T0", date(2026, 2, 2), date(2026, 2, 4), 3)
    assert after[ids[2]] == ("T2", date(2026, 3, 2), None, 0)
    assert after[ids[1]] == untouched


def test_text_and_one_column(workspace: Workspace, project_id: int) -> None:
    ids = three_tasks(workspace, project_id)
    before = stored(workspace, ids)
    with workspace.unit_of_work() as uow:
        update_rows(uow.session.connection(), Task.__table__, ["title"], [(ids[1], "Renamed ü")])
    after = stored(workspace, ids)
    assert after[ids[1]] == ("Renamed ü", *before[ids[1]][1:])
    assert after[ids[0]] == before[ids[0]] and after[ids[2]] == before[ids[2]]


def test_no_rows_writes_nothing(workspace: Workspace, project_id: int) -> None:
    ids = three_tasks(workspace, project_id)
    before = stored(workspace, ids)
    with workspace.unit_of_work() as uow:
        update_rows(uow.session.connection(), Task.__table__, ("start",), [])
        update_rows(uow.session.connection(), Task.__table__, ("start",), iter(()))
    assert stored(workspace, ids) == before


def test_rolled_back_with_its_transaction(workspace: Workspace, project_id: int) -> None:
    ids = three_tasks(workspace, project_id)
    before = stored(workspace, ids)
    try:
        with workspace.unit_of_work() as uow:
            update_rows(uow.session.connection(), Task.__table__, ("title",), [(ids[0], "Gone")])
            raise RuntimeError("refused")
    except RuntimeError:
        pass
    assert stored(workspace, ids) == before
