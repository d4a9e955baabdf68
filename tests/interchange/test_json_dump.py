"""The JSON workspace dump: lossless on every table, byte-stable, and refusing bad files whole."""

import json
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ipmp_desktop import __version__
from ipmp_desktop.core.commands import (
    AddChecklistItem,
    AddComment,
    CreateProject,
    CreateTask,
    RecycleTasks,
    SaveBaseline,
    SaveView,
    SetLaneWipLimit,
    UpdateChecklistItem,
    apply,
)
from ipmp_desktop.core.db import Workspace, migrate
from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.core.interchange.formats import looks_like_dump
from ipmp_desktop.core.interchange.json_dump import (
    FORMAT_NAME,
    FORMAT_VERSION,
    dump_workspace,
    restore_into,
    restore_workspace,
)
from ipmp_desktop.core.interchange.plan import InterchangeError
from ipmp_desktop.core.model import Base, BoardColumn, Project, Task
from tests.interchange import plan_checks
from tests.support import dump, new_workspace, postgres_url

BACKENDS = ["sqlite", "postgresql"]
AWKWARD_TEXT = 'Line one\nline "two", tab\t; back\\slash \u2028 émoji 🚀 </script>'


def _dump_bytes(workspace: Workspace) -> bytes:
    with workspace.reading() as session:
        return dump_workspace(session)


def _fill_what_the_demo_leaves_empty(workspace: Workspace) -> None:
    """Baselines, checklists, comments, lane limits, saved views and the recycle bin."""
    with workspace.reading() as session:
        project_id = session.scalars(select(Project.id).order_by(Project.id)).first()
        tasks = session.scalars(
            select(Task.id).where(Task.project_id == project_id, Task.kind == "task")
        ).all()
        column_id = session.scalars(
            select(BoardColumn.id).where(BoardColumn.project_id == project_id)
        ).first()
    assert project_id is not None and column_id is not None and len(tasks) > 3
    apply(workspace, SaveBaseline(project_id=project_id, name="Signed off"))
    item = AddChecklistItem(task_id=tasks[0], text="Check the, semicolons; here")
    apply(workspace, item)
    assert item.item_id is not None
    apply(workspace, UpdateChecklistItem(item_id=item.item_id, done=True))
    apply(workspace, AddChecklistItem(task_id=tasks[0], text="Second line"))
    apply(workspace, AddComment(task_id=tasks[1], body=AWKWARD_TEXT, author="Zoë"))
    apply(
        workspace,
        SetLaneWipLimit(column_id=column_id, lane_mode="person", lane_key="3", wip_limit=2),
    )
    apply(workspace, SaveView(project_id=project_id, name="Mine", settings={"lanes": "person"}))
    apply(workspace, RecycleTasks(task_ids=[tasks[-1]]))


@pytest.fixture(scope="module")
def full_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A 300-task demo with rows in every table of the schema."""
    path = tmp_path_factory.mktemp("full") / "full.ipmp"
    generate_demo(path, tasks=300, seed=5)
    with Workspace.open(path) as workspace:
        _fill_what_the_demo_leaves_empty(workspace)
        yield workspace


@pytest.fixture(scope="module")
def full_dump(full_workspace: Workspace) -> bytes:
    return _dump_bytes(full_workspace)


@pytest.fixture(params=BACKENDS)
def empty_workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A new, empty workspace on each backend (PostgreSQL when IPMP_TEST_DATABASE_URL is set)."""
    if request.param == "postgresql" and postgres_url() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must set IPMP_TEST_DATABASE_URL so the DB tests run on PostgreSQL")
        pytest.skip("IPMP_TEST_DATABASE_URL is not set (CI sets it; see .ci/run)")
    with new_workspace(request.param, tmp_path) as workspace:
        yield workspace


def test_the_fixture_has_rows_in_every_table(full_workspace: Workspace) -> None:
    empty = [name for name, rows in dump(full_workspace).items() if not rows]
    assert empty == []


def test_restore_gives_every_row_of_every_table_back(
    full_workspace: Workspace, full_dump: bytes, tmp_path: Path
) -> None:
    path = restore_workspace(full_dump, tmp_path / "restored.ipmp")
    assert path == (tmp_path / "restored.ipmp").resolve()
    with Workspace.open(path) as restored:
        assert dump(restored) == dump(full_workspace)
        assert _dump_bytes(restored) == full_dump


def test_restore_into_each_backend_is_lossless_and_ids_continue(
    empty_workspace: Workspace, full_workspace: Workspace, full_dump: bytes
) -> None:
    restore_into(empty_workspace, full_dump)
    assert dump(empty_workspace) == dump(full_workspace)
    # the same rows give the same bytes whatever the backend (rows are sorted in Python)
    assert _dump_bytes(empty_workspace) == full_dump
    with empty_workspace.reading() as session:
        highest = {
            table.name: session.scalar(select(func.max(table.c.id)))
            for table in (Project.__table__, Task.__table__)
        }
    project = CreateProject(name="After the restore", start=date(2026, 3, 2))
    apply(empty_workspace, project)
    task = CreateTask(project_id=project.project_id, title="New")
    apply(empty_workspace, task)
    assert project.project_id == highest["project"] + 1
    assert task.task_id == highest["task"] + 1


def test_dump_is_byte_stable_and_says_what_it_is(
    full_workspace: Workspace, full_dump: bytes
) -> None:
    assert _dump_bytes(full_workspace) == full_dump
    document = json.loads(full_dump)
    assert document["header"] == {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "schema_revision": migrate.head_revision(),
        "app_version": __version__,
    }
    assert set(document["tables"]) == set(Base.metadata.tables)
    task = document["tables"]["task"]
    assert task["columns"] == [column.name for column in Base.metadata.tables["task"].columns]
    ids = [row[0] for row in task["rows"]]
    assert ids == sorted(ids) and len(ids) == 299  # one of the 300 is in the recycle bin
    comment = document["tables"]["comment"]["rows"][0]
    assert AWKWARD_TEXT in comment
    created = comment[document["tables"]["comment"]["columns"].index("created_at")]
    assert created[10] == "T" and len(created) == 19  # ISO, seconds, no zone
    assert looks_like_dump(full_dump[:300])  # the format registry recognises the dump


def _edited(full_dump: bytes, edit: Any) -> bytes:
    document = json.loads(full_dump)
    edit(document)
    return json.dumps(document).encode()


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def edit(document: Any) -> None:
        for step in path[:-1]:
            document = document[step]
        document[path[-1]] = value

    return edit


def _column(name: str, table: str = "task") -> int:
    return list(Base.metadata.tables[table].columns.keys()).index(name)


REFUSALS = {
    "truncated": (lambda data: data[: len(data) // 2], "not complete, valid JSON"),
    "other json": (lambda data: b'{"name": "Board", "lists": []}', "not an IPMP workspace"),
    "a list": (lambda data: b"[1, 2, 3]", "not an IPMP workspace"),
    "binary": (lambda data: b"\x89PNG\r\n\x1a\n\xff\xfe", "not UTF-8"),
    "empty": (lambda data: b"", "not complete, valid JSON"),
    "newer format": (
        lambda data: _edited(data, _set(("header", "format_version"), FORMAT_VERSION + 1)),
        "format version 2, newer than this IPMP reads",
    ),
    "newer schema": (
        lambda data: _edited(data, _set(("header", "schema_revision"), "9999_future")),
        "newer IPMP (schema 9999_future)",
    ),
    "missing table": (
        lambda data: _edited(data, lambda doc: doc["tables"].pop("comment")),
        "lacks the tables comment",
    ),
    "unknown table": (
        lambda data: _edited(data, _set(("tables", "gadget"), {"columns": [], "rows": []})),
        "tables this version does not know (gadget)",
    ),
    "missing column": (
        lambda data: _edited(data, lambda doc: doc["tables"]["person"]["columns"].pop()),
        "table person lacks the columns email",
    ),
    "short row": (
        lambda data: _edited(data, lambda doc: doc["tables"]["person"]["rows"][0].pop()),
        "row 1 of table person does not match its columns",
    ),
    "text as a number": (
        lambda data: _edited(data, _set(("tables", "task", "rows", 4, _column("priority")), "2")),
        'row 5 of table task has "2" as priority, which is not a whole number',
    ),
    "bad date": (
        lambda data: _edited(data, _set(("tables", "project", "rows", 0, 3), "2026-02-30")),
        "as start, which is not a date (YYYY-MM-DD)",
    ),
    "zoned time": (
        lambda data: _edited(
            data, _set(("tables", "project", "rows", 0, 5), "2026-01-01T10:00:00+02:00")
        ),
        "as created_at, which is not a date and time without a zone",
    ),
    "missing required value": (
        lambda data: _edited(data, _set(("tables", "task", "rows", 0, _column("title")), None)),
        "row 1 of table task has no title",
    ),
    "dangling foreign key": (
        lambda data: _edited(
            data, _set(("tables", "task", "rows", 3, _column("project_id")), 4242)
        ),
        "1 rows of table task point at missing rows of project (project_id)",
    ),
    "parent cycle": (
        lambda data: _edited(data, _make_parent_cycle),
        "rows of table task are their own ancestors",
    ),
    "check constraint": (
        lambda data: _edited(
            data, _set(("tables", "task", "rows", 2, _column("percent_complete")), 150)
        ),
        "in task #3, the percent complete must be between 0 and 100, not 150",
    ),
    "link cycle": (lambda data: _edited(data, _close_a_link_cycle), "the links form a cycle"),
    "finish before start": (
        lambda data: _edited(data, _finish_before_start),
        "the finish 1990-01-01 is before the start",
    ),
    "over-long title": (
        lambda data: _edited(
            data, _set(("tables", "task", "rows", 0, _column("title")), "x" * 10**5)
        ),
        "in task #1, the title is longer than 500 characters",
    ),
    "title of spaces": (
        lambda data: _edited(data, _set(("tables", "task", "rows", 0, _column("title")), "  ")),
        "in task #1, the title cannot be empty",
    ),
    "unknown link type": (
        lambda data: _edited(data, _set(("tables", "dependency", "rows", 0, 3), "XX")),
        "the link type must be one of FS, SS, FF, SF",
    ),
    "duplicate id": (
        lambda data: _edited(data, _duplicate_person),
        "rows break a rule of the database",
    ),
    "not a number": (lambda data: data.replace(b"[1, ", b"[NaN, ", 1), "not a JSON number"),
}


def _make_parent_cycle(document: dict[str, Any]) -> None:
    rows = document["tables"]["task"]["rows"]
    parent = _column("parent_id")
    child = next(row for row in rows if row[parent] is not None)
    mother = next(row for row in rows if row[0] == child[parent])
    mother[parent] = child[0]


def _close_a_link_cycle(document: dict[str, Any]) -> None:
    rows = document["tables"]["dependency"]["rows"]
    _id, pred, succ, *_rest = rows[0]
    rows.append([max(row[0] for row in rows) + 1, succ, pred, "FS", 0])


def _finish_before_start(document: dict[str, Any]) -> None:
    start, finish = _column("start"), _column("finish")
    row = next(row for row in document["tables"]["task"]["rows"] if row[start] is not None)
    row[finish] = "1990-01-01"


def _duplicate_person(document: dict[str, Any]) -> None:
    rows = document["tables"]["person"]["rows"]
    rows.append([rows[0][0], "Twin", "twin@example.com"])


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusals_name_the_problem_and_leave_no_file(
    case: str, full_dump: bytes, tmp_path: Path
) -> None:
    mutate, sentence = REFUSALS[case]
    target = tmp_path / "restored.ipmp"
    with pytest.raises(InterchangeError) as caught:
        restore_workspace(mutate(full_dump), target)
    assert sentence in str(caught.value)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_refused_restore_leaves_a_server_workspace_empty(
    empty_workspace: Workspace, full_dump: bytes
) -> None:
    for case in ("duplicate id", "link cycle"):
        mutate, sentence = REFUSALS[case]
        before = dump(empty_workspace)
        with pytest.raises(InterchangeError, match=sentence):
            restore_into(empty_workspace, mutate(full_dump))
        assert dump(empty_workspace) == before


def test_restore_into_refuses_a_workspace_with_rows(
    full_workspace: Workspace, full_dump: bytes
) -> None:
    before = dump(full_workspace)
    with pytest.raises(InterchangeError, match="empty workspace only"):
        restore_into(full_workspace, full_dump)
    assert dump(full_workspace) == before


def test_an_empty_workspace_round_trips(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "empty.ipmp") as workspace:
        data = _dump_bytes(workspace)
    restored = restore_workspace(data, tmp_path / "again.ipmp")
    with Workspace.open(restored) as workspace:
        assert _dump_bytes(workspace) == data
        assert all(not rows for rows in dump(workspace).values())


# -- fuzzing -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_dump(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A dump small enough to restore hundreds of times: a project, an outline, a comment."""
    with Workspace.create(tmp_path_factory.mktemp("small") / "small.ipmp") as workspace:
        project = CreateProject(name="Fuzz", start=date(2026, 1, 5))
        apply(workspace, project)
        parent = CreateTask(project_id=project.project_id, title="Phase")
        apply(workspace, parent)
        child = CreateTask(project_id=project.project_id, title="Work", parent_id=parent.task_id)
        apply(workspace, child)
        apply(workspace, AddComment(task_id=child.task_id, body="Hi, there; ok"))
        return _dump_bytes(workspace)


def _restore_or_refuse(data: bytes) -> None:
    """Restore ``data`` into a throw-away file: it either works or refuses, leaving no file."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "fuzz.ipmp"
        try:
            restore_workspace(data, target)
        except InterchangeError as error:
            assert str(error).strip()
            assert list(Path(folder).iterdir()) == []
        else:
            with Workspace.open(target) as restored:
                _dump_bytes(restored)


FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_bytes(small_dump: bytes, data: st.DataObject) -> None:
    _restore_or_refuse(plan_checks.mutate(small_dump, data))


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["2026-01-05", "2026-01-05T10:00:00", "", "0005"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``node``."""
    places = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            places += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            places += _places(value, (*path, index))
    return places


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_values(small_dump: bytes, data: st.DataObject) -> None:
    document = json.loads(small_dump)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        place = data.draw(st.sampled_from(_places(document)), label="place")
        if not place:
            document = data.draw(JSON_VALUES, label="document")
            continue
        holder = document
        for step in place[:-1]:
            holder = holder[step]
        if data.draw(st.booleans(), label="remove") and len(holder) > 0:
            del holder[place[-1]]
        else:
            holder[place[-1]] = data.draw(JSON_VALUES, label="value")
        if not isinstance(document, dict | list):
            break
    _restore_or_refuse(json.dumps(document).encode())


@FUZZ
@given(blob=st.binary(max_size=400))
def test_fuzz_random_bytes(blob: bytes) -> None:
    _restore_or_refuse(blob)
