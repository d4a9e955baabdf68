"""Trello JSON import: the corpus boards, the rules the corpus lacks (checklists, dates), the
sniffer, the store, and fuzzing (only a Plan or an InterchangeError ever comes out)."""

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.column_guess import guess_categories
from ipmp_desktop.core.interchange.plan import InterchangeError
from ipmp_desktop.core.interchange.store import write_plan
from ipmp_desktop.core.interchange.trello import GREY, looks_like_trello, read_trello
from ipmp_desktop.core.model import BoardColumn, Comment, Label, Task
from tests.interchange.conftest import corpus_files
from tests.interchange.plan_checks import assert_sound, mutate, read_or_refuse

# -- the corpus ---------------------------------------------------------------------------------


def _read(corpus: Path, name: str):
    return read_trello((corpus / "trello" / name).read_bytes(), name)


def test_every_corpus_board_imports(corpus: Path) -> None:
    files = corpus_files("trello", ".json")
    assert len(files) == 2
    for path in files:
        plan = read_trello(path.read_bytes(), path.name)
        assert_sound(plan)
        assert plan.report.counts["tasks"] == len(plan.tasks) > 0


def test_2021_export(corpus: Path) -> None:
    # data-trelloJson.json: one list "TODO", one card "Name Card 7" (id hashcard7), one board
    # label with an empty name and colour yellow (used by no card), member John Doe, no
    # checklists, and actions without any commentCard.
    plan = _read(corpus, "data-trelloJson.json")
    assert plan.name == "Test Board Name"
    assert [(c.name, c.category) for c in plan.columns] == [("TODO", "todo")]
    [card] = plan.tasks
    assert (card.key, card.title, card.column) == ("hashcard7", "Name Card 7", "TODO")
    assert card.labels == [] and card.checklist == [] and card.comments == []
    assert card.assignments == [] and not card.archived
    assert (card.start, card.finish) == (None, None)
    assert plan.label_colors == {"yellow": "#f2d600"}  # unnamed: named after its colour
    assert [r.name for r in plan.resources] == ["John Doe"]
    assert plan.links == []


def test_2015_export(corpus: Path) -> None:
    # trello.json (board "Clipkit"): lists by pos やりたいこと 32767.5, やること 65535,
    # 作業中 163839, クローズ 196607 and the archived 中止 262143, which holds no card; 67
    # cards: 25, 8, 7 and 27 per list; no top-level labels, cards embed 機能 (green) and
    # バグ (red); 4 commentCard actions; 10 cards with one member each; 1 archived card.
    plan = _read(corpus, "trello.json")
    assert plan.name == "Clipkit"
    assert [(c.name, c.category) for c in plan.columns] == [
        ("やりたいこと", "todo"),
        ("やること", "todo"),
        ("作業中", "doing"),
        ("クローズ", "done"),
    ]
    assert any("中止" in line for line in plan.report.dropped)
    per_column = [sum(t.column == c.name for t in plan.tasks) for c in plan.columns]
    assert per_column == [25, 8, 7, 27]
    # board order = task order: lists by pos, then cards by pos
    assert [t.column for t in plan.tasks] == sorted(
        (t.column for t in plan.tasks), key=[c.name for c in plan.columns].index
    )
    doing = [t.title for t in plan.tasks if t.column == "作業中"]
    assert doing[:3] == [
        "承認プロセス機能",
        "複数のサイト管理者を設定",
        "CSS、画像などのリソース管理",
    ]
    assert doing[-1] == "サイト管理「統計」が他のサイトの記事も集計対象にしているみたい"
    assert plan.tasks[0].title == "使用できるタグを固定できるようにする"
    assert [t.title for t in plan.tasks if t.archived] == [
        "アイテムをストックへ保存するブックマークレット"
    ]
    assert plan.label_colors == {"機能": "#61bd4f", "バグ": "#eb5a46"}
    assert plan.tasks[0].labels == ["機能"]
    assert sum(t.labels == ["バグ"] for t in plan.tasks) == 9
    assert [r.name for r in plan.resources] == ["Kotaro Ogawa", "yasunori.kinoshita", "みやまえ"]
    assigned = [t for t in plan.tasks if t.assignments]
    assert len(assigned) == 10
    rest = next(t for t in plan.tasks if t.title == "REST APIの記事追加関連を実装")
    assert rest.assignments == [("54dd550f953d03e06b57c147", 100)]
    assert plan.report.counts["comments"] == 4
    long_url = next(t for t in plan.tasks if t.title.startswith("画像アイテムに長いURL"))
    assert [(a, c) for a, _b, c in long_url.comments] == [  # oldest first
        ("みやまえ", datetime(2015, 2, 14, 6, 28, 31, 916000)),
        ("みやまえ", datetime(2015, 2, 14, 6, 28, 58, 959000)),
    ]
    assert long_url.comments[0][1].startswith("Errno::ENAMETOOLONG")
    assert long_url.comments[1][1].startswith("Paperclipが元ファイル名で一時保存")
    assert all(t.start is None and t.finish is None for t in plan.tasks)  # no card is dated


def test_order_follows_pos_not_the_arrays(corpus: Path) -> None:
    board = json.loads((corpus / "trello" / "trello.json").read_bytes())
    plan = read_trello(json.dumps(board).encode(), "a.json")
    board["lists"].reverse()
    board["cards"].reverse()
    reordered = read_trello(json.dumps(board).encode(), "b.json")
    assert [c.name for c in reordered.columns] == [c.name for c in plan.columns]
    assert [t.key for t in reordered.tasks] == [t.key for t in plan.tasks]


def test_the_2015_board_goes_into_a_workspace(corpus: Path, tmp_path: Path) -> None:
    plan = _read(corpus, "trello.json")
    with Workspace.create(tmp_path / "w.ipmp") as workspace:
        result = write_plan(workspace, plan)
        with workspace.reading() as session:
            pid = result.project_id
            columns = session.execute(
                select(BoardColumn.name, BoardColumn.category)
                .where(BoardColumn.project_id == pid)
                .order_by(BoardColumn.position)
            ).all()
            assert [tuple(c) for c in columns] == [
                ("やりたいこと", "todo"), ("やること", "todo"), ("作業中", "doing"),
                ("クローズ", "done"),
            ]  # fmt: skip
            count = select(func.count()).select_from(Task).where(Task.project_id == pid)
            assert session.scalar(count) == 67
            assert session.scalar(count.where(Task.archived.is_(True))) == 1
            labels = session.execute(select(Label.name, Label.color).where(Label.project_id == pid))
            assert dict(labels.all()) == {"機能": "#61bd4f", "バグ": "#eb5a46"}
            assert session.scalar(select(func.count()).select_from(Comment)) == 4


# -- rules the corpus does not show -----------------------------------------------------------


def _board(**extra: Any) -> dict[str, Any]:
    """A small board: lists given out of pos order, one archived list holding an open card."""
    board: dict[str, Any] = {
        "name": "Sample",
        "lists": [
            {"id": "L3", "name": "Done", "pos": 300.5, "closed": False},
            {"id": "L1", "name": "Backlog", "pos": 100, "closed": False},
            {"id": "L2", "name": "Doing", "pos": 200.25, "closed": False},
            {"id": "L4", "name": "Old", "pos": 400, "closed": True},
        ],
        "labels": [
            {"id": "g", "name": "", "color": "green"},
            {"id": "n", "name": "Plain", "color": None},
            {"id": "e", "name": "", "color": None},
        ],
        "members": [{"id": "m1", "fullName": "Ann Smith", "username": "ann"}],
        "cards": [
            {"id": "c2", "name": "Second", "idList": "L1", "pos": 20, "idLabels": ["g", "n"],
             "due": "2025-03-14T23:30:00.000Z", "idMembers": ["m1", "ghost"]},
            {"id": "c1", "name": "First", "idList": "L1", "pos": 10.5, "idLabels": ["e"],
             "start": "2025-03-10T08:00:00.000Z", "due": "2025-03-19T16:00:00.000Z",
             "dueComplete": True},
            {"id": "c3", "name": "Kept in an archived list", "idList": "L4", "pos": 1},
            {"id": "c4", "name": "Archived card", "idList": "L3", "pos": 1, "closed": True},
            {"id": "c5", "name": "Backwards", "idList": "L2", "pos": 1,
             "start": "2025-03-12T00:00:00Z", "due": "2025-03-11T00:00:00Z"},
            {"id": "c6", "name": "Lost list", "idList": "nowhere", "pos": 1},
        ],
        "checklists": [
            {"id": "k2", "idCard": "c1", "name": "After", "pos": 2,
             "checkItems": [{"name": "z", "state": "incomplete", "pos": 1}]},
            {"id": "k1", "idCard": "c1", "name": "Before", "pos": 1,
             "checkItems": [
                 {"name": "second", "state": "incomplete", "pos": 20},
                 {"name": "first", "state": "complete", "pos": 10},
             ]},
            {"id": "k3", "idCard": "c2", "name": "Only", "pos": 1,
             "checkItems": [{"name": "one", "state": "complete", "pos": 1}]},
        ],
        "actions": [
            {"type": "commentCard", "date": "2025-03-02T10:00:00.000Z",
             "data": {"text": "later", "card": {"id": "c2"}},
             "memberCreator": {"fullName": "Ann Smith"}},
            {"type": "commentCard", "date": "2025-03-01T10:00:00.000Z",
             "data": {"text": "earlier", "card": {"id": "c2"}},
             "memberCreator": {"fullName": "Bob"}},
            {"type": "updateCard", "date": "2025-03-01T09:00:00.000Z", "data": {}},
        ],
    }  # fmt: skip
    board.update(extra)
    return board


def _sample(**extra: Any):
    return read_trello(json.dumps(_board(**extra)).encode(), "sample.json")


def test_lists_cards_and_archived_lists() -> None:
    plan = _sample()
    assert [(c.name, c.category) for c in plan.columns] == [
        ("Backlog", "todo"), ("Doing", "doing"), ("Done", "done"), ("Old", "todo"),
    ]  # fmt: skip
    assert [t.key for t in plan.tasks] == ["c1", "c2", "c5", "c4", "c3", "c6"]
    assert plan.task("c3").column == "Old"  # the archived list is kept: it holds an open card
    assert plan.task("c4").archived and not plan.task("c3").archived
    assert plan.task("c6").column is None  # its list is not in the file: the first column
    assert any("kept as columns" in line for line in plan.report.mapped)


def test_an_archived_list_without_open_cards_is_dropped() -> None:
    board = _board()
    board["cards"] = [c for c in board["cards"] if c["id"] != "c3"]
    plan = read_trello(json.dumps(board).encode(), "sample.json")
    assert [c.name for c in plan.columns] == ["Backlog", "Doing", "Done"]
    assert any("Old" in line and "no cards" in line for line in plan.report.dropped)


def test_labels_checklists_comments_and_members() -> None:
    plan = _sample()
    assert plan.task("c2").labels == ["green", "Plain"]
    assert plan.task("c1").labels == ["grey"]  # no name and no colour
    assert plan.label_colors == {"green": "#61bd4f", "Plain": GREY, "grey": GREY}
    assert plan.task("c1").checklist == [
        ("Before: first", True), ("Before: second", False), ("After: z", False),
    ]  # fmt: skip
    assert plan.task("c2").checklist == [("one", True)]  # a single checklist: no prefix
    assert plan.task("c2").comments == [
        ("Bob", "earlier", datetime(2025, 3, 1, 10)),
        ("Ann Smith", "later", datetime(2025, 3, 2, 10)),
    ]
    assert plan.task("c2").assignments == [("m1", 100)]
    assert any("not among the board's members" in line for line in plan.report.dropped)


def test_dates_and_completion() -> None:
    plan = _sample()
    first = plan.task("c1")  # Mon 10 March to Wed 19 March: 8 working days
    assert (first.start, first.finish, first.duration_days) == (
        date(2025, 3, 10), date(2025, 3, 19), 8,
    )  # fmt: skip
    assert first.percent == 100  # dueComplete
    second = plan.task("c2")  # only a due date, 23:30 UTC on Friday 14 March: one day, ending then
    assert (second.start, second.finish, second.duration_days) == (
        date(2025, 3, 14), date(2025, 3, 14), 1,
    )  # fmt: skip
    assert second.percent == 0
    backwards = plan.task("c5")  # due before its start: a one-day task on the start
    assert (backwards.start, backwards.finish) == (date(2025, 3, 12), date(2025, 3, 12))
    assert any("one-day tasks ending that day" in line for line in plan.report.mapped)
    assert any("UTC" in line for line in plan.report.mapped)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Backlog", "To Do", "Doing", "Review", "Done", "Archive"],
         ["todo", "todo", "doing", "doing", "done", "done"]),
        (["Definition of Done", "To Do", "Doing", "Done"], ["todo", "todo", "doing", "done"]),
        (["Ideas", "Next", "Testing", "Shipped"], ["todo", "todo", "doing", "done"]),
        (["To do", "This week", "Today", "Complete"], ["todo", "doing", "doing", "done"]),
        (["Todo", "Later", "Done"], ["todo", "todo", "done"]),
        (["Not started", "Not done", "Closed"], ["todo", "todo", "done"]),
        (["A", "B", "C"], ["todo", "todo", "todo"]),
        (["To do", "Doing", "Blocked"], ["todo", "doing", "todo"]),
        (["Done"], ["done"]),
        ([], []),
    ],
)  # fmt: skip
def test_column_categories_from_names_and_order(names: list[str], expected: list[str]) -> None:
    assert guess_categories(names) == expected


def test_every_key_is_optional() -> None:
    plan = read_trello(b'{"cards": [{}], "lists": [{}]}', "bare.json")
    assert [t.title for t in plan.tasks] == ["(untitled card)"]
    assert [c.name for c in plan.columns] == ["List 1"]
    assert read_trello(b'{"cards": []}', "empty.json").tasks == []


@pytest.mark.parametrize(
    "blob",
    [b"", b"not json", b"[1, 2]", b'{"name": "no lists or cards"}', b'{"cards": {"a": 1}}'],
)
def test_what_is_not_a_board_is_refused(blob: bytes) -> None:
    with pytest.raises(InterchangeError):
        read_trello(blob, "x.json")


def test_sniffer(corpus: Path) -> None:
    for path in corpus_files("trello", ".json"):
        head = path.read_bytes()
        assert looks_like_trello(head[:65536]) and looks_like_trello(head[:4096]), path.name
    for path in corpus_files("jira_csv", ".csv"):
        assert not looks_like_trello(path.read_bytes()[:65536])
    assert not looks_like_trello(b'{"format": "ipmp-workspace", "tables": {}}')
    assert not looks_like_trello(b'<?xml version="1.0"?><Project/>')
    assert looks_like_trello(json.dumps(_board()).encode())


# -- fuzzing ------------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SEEDS = [p.read_bytes() for p in corpus_files("trello", ".json")] + [json.dumps(_board()).encode()]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2025-03-10T08:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31",
                       "L1", "c1", "complete", "commentCard"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)  # fmt: skip
"""Values planted in a board: wrong types, odd numbers, dates at the edges, known ids."""


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            places += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:8]):
            places += _places(value, (*path, index))
    return places


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_bytes(data: st.DataObject) -> None:
    read_or_refuse(read_trello, mutate(data.draw(st.sampled_from(SEEDS), label="seed"), data))


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_values(data: st.DataObject) -> None:
    board = _board()
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        place = data.draw(st.sampled_from(_places(board)[1:]), label="place")
        holder = board
        for step in place[:-1]:
            holder = holder[step]
        if data.draw(st.booleans(), label="remove"):
            del holder[place[-1]]
        else:
            holder[place[-1]] = data.draw(JSON_VALUES, label="value")
    read_or_refuse(read_trello, json.dumps(board).encode())


@FUZZ
@given(blob=st.binary(max_size=300))
def test_fuzz_random_bytes(blob: bytes) -> None:
    read_or_refuse(read_trello, blob)
