"""The generated demo workspace: exact size, deterministic, and a plan that obeys every rule."""

import sqlite3
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.core.errors import ValidationError, WorkspaceError
from tests.support import dump

SPANNING = {"summary", "initiative", "epic", "feature"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """A read-only connection to a 600-task demo, shared by the checks of this module."""
    path = tmp_path_factory.mktemp("demo") / "demo.ipmp"
    generate_demo(path, tasks=600, seed=1)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def rows(connection: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    return connection.execute(sql).fetchall()


@pytest.mark.parametrize("size", [1, 2, 7, 600, 3000])
def test_task_count_is_exact(tmp_path: Path, size: int) -> None:
    summary = generate_demo(tmp_path / "demo.ipmp", tasks=size, seed=size)
    assert summary.tasks == size
    with sqlite3.connect(tmp_path / "demo.ipmp") as connection:
        assert connection.execute("SELECT count(*) FROM task").fetchone()[0] == size
        projects = connection.execute("SELECT count(*) FROM project").fetchone()[0]
    assert summary.projects == projects >= 1
    assert str(summary).startswith(f"Wrote {tmp_path / 'demo.ipmp'}")
    assert "\n" not in str(summary)


def test_summary_counts_the_tasks_that_have_subtasks(tmp_path: Path) -> None:
    summary = generate_demo(tmp_path / "demo.ipmp", tasks=600, seed=1)
    with sqlite3.connect(tmp_path / "demo.ipmp") as connection:
        parents = connection.execute(
            "SELECT count(DISTINCT parent_id) FROM task WHERE parent_id IS NOT NULL"
        ).fetchone()[0]
    assert summary.summaries == parents > 0
    assert f"({parents} summaries," in str(summary)


def test_same_seed_same_workspace_other_seed_other(tmp_path: Path) -> None:
    dumps = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        generate_demo(tmp_path / f"{name}.ipmp", tasks=300, seed=seed)
        with Workspace.open(tmp_path / f"{name}.ipmp") as workspace:
            dumps.append(dump(workspace))
    assert dumps[0] == dumps[1]
    assert dumps[0] != dumps[2]


def test_sqlite_finds_nothing_wrong(demo: sqlite3.Connection) -> None:
    assert rows(demo, "PRAGMA foreign_key_check") == []
    assert [r[0] for r in rows(demo, "PRAGMA integrity_check")] == ["ok"]


def test_every_link_type_and_leads_occur(demo: sqlite3.Connection) -> None:
    types = {r["type"] for r in rows(demo, "SELECT type FROM dependency")}
    assert types == {"FS", "SS", "FF", "SF"}
    lags = [r[0] for r in rows(demo, "SELECT lag_days FROM dependency")]
    assert min(lags) < 0 < max(lags)


def test_links_close_no_cycle(demo: sqlite3.Connection) -> None:
    successors: dict[int, list[int]] = defaultdict(list)
    for r in rows(demo, "SELECT predecessor_id, successor_id FROM dependency"):
        successors[r[0]].append(r[1])
    state: dict[int, str] = {}  # grey while on the DFS stack, black when finished
    for root in list(successors):
        if root in state:
            continue
        state[root] = "grey"
        stack = [(root, iter(successors[root]))]
        while stack:
            node, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                state[node] = "black"
                stack.pop()
                continue
            assert state.get(child) != "grey", f"cycle through task {child}"
            if child not in state:
                state[child] = "grey"
                stack.append((child, iter(successors[child])))


def test_links_stay_in_one_project_and_never_join_a_branch(demo: sqlite3.Connection) -> None:
    parent = {r["id"]: r["parent_id"] for r in rows(demo, "SELECT id, parent_id FROM task")}
    project = {r["id"]: r["project_id"] for r in rows(demo, "SELECT id, project_id FROM task")}

    def ancestors(task_id: int) -> set[int]:
        found = set()
        while parent[task_id] is not None:
            task_id = parent[task_id]
            found.add(task_id)
        return found

    for r in rows(demo, "SELECT predecessor_id AS p, successor_id AS s FROM dependency"):
        assert project[r["p"]] == project[r["s"]]
        assert r["p"] not in ancestors(r["s"]) and r["s"] not in ancestors(r["p"])


def test_kinds_dates_and_durations(demo: sqlite3.Connection) -> None:
    tasks = rows(demo, "SELECT * FROM task")
    children: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for task in tasks:
        children[task["parent_id"]].append(task)
    assert any(t["kind"] == "milestone" for t in tasks)
    for task in tasks:
        assert task["start"] <= task["finish"]
        if task["kind"] == "milestone":
            assert task["duration_days"] == 0 and task["start"] == task["finish"]
        kids = children[task["id"]]
        if task["kind"] == "summary":
            assert kids, f"summary {task['title']!r} has no children"
        if kids:  # a summary, or a roadmap item that spans its delivery work like one
            assert task["kind"] in SPANNING, f"{task['title']!r} has children but no summary"
            assert task["start"] == min(k["start"] for k in kids)
            assert task["finish"] == max(k["finish"] for k in kids)


def test_durations_count_working_days(demo: sqlite3.Connection) -> None:
    holidays: dict[int, tuple[set[date], set[tuple[int, int]]]] = defaultdict(
        lambda: (set(), set())
    )
    for r in rows(demo, "SELECT calendar_id, day, yearly FROM holiday"):
        day = date.fromisoformat(r["day"])
        one_off, yearly = holidays[r["calendar_id"]]
        if r["yearly"]:
            yearly.add((day.month, day.day))
        else:
            one_off.add(day)
    sql = (
        "SELECT t.start, t.finish, t.duration_days, p.calendar_id FROM task t "
        "JOIN project p ON p.id = t.project_id WHERE t.kind <> 'milestone'"
    )
    for r in rows(demo, sql):
        one_off, yearly = holidays[r["calendar_id"]]
        day, finish, worked = date.fromisoformat(r["start"]), date.fromisoformat(r["finish"]), 0
        while day <= finish:
            holiday = day in one_off or (day.month, day.day) in yearly
            worked += day.weekday() < 5 and not holiday
            day += timedelta(days=1)
        assert worked == r["duration_days"]


def test_board_columns_match_project_and_progress(demo: sqlite3.Connection) -> None:
    sql = (
        "SELECT t.project_id, c.project_id AS column_project, c.category, t.percent_complete "
        "FROM task t JOIN board_column c ON c.id = t.column_id"
    )
    found = rows(demo, sql)
    assert len(found) == 600
    for r in found:
        assert r["project_id"] == r["column_project"]
        expected = {"todo": range(0, 1), "doing": range(10, 91), "done": range(100, 101)}
        assert r["percent_complete"] in expected[r["category"]]
    wip = rows(demo, "SELECT wip_limit FROM board_column WHERE wip_limit IS NOT NULL")
    assert wip


def test_ranks_are_distinct_per_sibling_group_and_column(demo: sqlite3.Connection) -> None:
    twice = "HAVING count(*) > 1"
    outline = f"SELECT count(*) FROM task GROUP BY project_id, parent_id, wbs_rank {twice}"
    board = f"SELECT count(*) FROM task GROUP BY column_id, board_rank {twice}"
    assert rows(demo, outline) == [] and rows(demo, board) == []


def test_people_labels_and_archive(demo: sqlite3.Connection) -> None:
    assert 8 <= rows(demo, "SELECT count(*) FROM person")[0][0] <= 30
    assert rows(demo, "SELECT count(*) FROM person WHERE email NOT LIKE '%@%'")[0][0] == 0
    assert rows(demo, "SELECT count(*) FROM assignment")[0][0] > 0
    mismatched = (
        "SELECT count(*) FROM task_label tl JOIN task t ON t.id = tl.task_id "
        "JOIN label l ON l.id = tl.label_id WHERE l.project_id <> t.project_id"
    )
    assert rows(demo, mismatched)[0][0] == 0
    assert rows(demo, "SELECT count(*) FROM task_label")[0][0] > 0
    assert rows(demo, "SELECT count(*) FROM task WHERE archived")[0][0] > 0


def test_bad_size_and_existing_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="between 1 and"):
        generate_demo(tmp_path / "none.ipmp", tasks=0)
    assert not (tmp_path / "none.ipmp").exists()
    existing = tmp_path / "taken.ipmp"
    existing.write_text("keep me")
    with pytest.raises(WorkspaceError, match="already exists"):
        generate_demo(existing, tasks=5)
    assert existing.read_text() == "keep me"


# -- the product roadmaps --------------------------------------------------------------------------


def test_products_have_a_vision_themes_releases_and_ideas(demo: sqlite3.Connection) -> None:
    products = rows(demo, "SELECT * FROM product ORDER BY position")
    assert 1 <= len(products) <= 2
    for product in products:
        pid = product["id"]
        assert product["vision"] and product["scoring_model"] in {"rice", "value_effort", "wsjf"}
        assert 3 <= rows(demo, f"SELECT count(*) FROM theme WHERE product_id = {pid}")[0][0] <= 5
        assert rows(demo, f"SELECT count(*) FROM release WHERE product_id = {pid}")[0][0] == 3
        ideas = rows(demo, f"SELECT * FROM idea WHERE product_id = {pid}")
        assert len(ideas) >= 4 and all(i["source"] for i in ideas)
        (promoted,) = [i for i in ideas if i["promoted_task_id"] is not None]
        (item,) = rows(demo, f"SELECT * FROM task WHERE id = {promoted['promoted_task_id']}")
        assert (item["kind"], item["title"], item["horizon"]) == (
            "feature",
            promoted["title"],
            "later",
        )
        theme = rows(demo, f"SELECT product_id FROM theme WHERE id = {item['theme_id']}")
        assert theme[0][0] == pid


def test_roadmap_items_are_the_phases_and_work_packages(demo: sqlite3.Connection) -> None:
    tasks = {t["id"]: t for t in rows(demo, "SELECT * FROM task")}
    items = [t for t in tasks.values() if t["kind"] in {"epic", "feature"}]
    assert len(items) >= 20 and not any(t["kind"] == "initiative" for t in tasks.values())
    product_of_project: dict[int, int] = {}
    for item in items:
        assert item["theme_id"] is not None and item["horizon"] in {"now", "next", "later"}
        product = rows(demo, f"SELECT product_id FROM theme WHERE id = {item['theme_id']}")[0][0]
        assert product_of_project.setdefault(item["project_id"], product) == product
        if item["kind"] == "epic":
            assert item["parent_id"] is None and item["release_id"] is None
        elif item["parent_id"] is None or tasks[item["parent_id"]]["kind"] != "epic":
            assert item["title"] in {i["title"] for i in rows(demo, "SELECT title FROM idea")}
        assert 0 <= item["confidence"] <= 100 and item["effort"] > 0 and item["job_size"] >= 1
        assert item["reach"] > 0 and item["impact"] > 0 and item["value"] >= 1
    targets = [(t["finish"], t["target_date"]) for t in items if t["target_date"] is not None]
    missed = sum(finish > target for finish, target in targets)
    assert 0 < missed < len(targets) and len(targets) < len(items)
    pinned = [t for t in items if t["rank_override"] is not None]
    assert len(pinned) == len(set(product_of_project.values()))


def test_load_roadmap_on_the_demo(tmp_path: Path) -> None:
    from ipmp_desktop.core.services.roadmap import list_products, load_roadmap

    generate_demo(tmp_path / "demo.ipmp", tasks=600, seed=1)
    with Workspace.open(tmp_path / "demo.ipmp") as workspace, workspace.reading() as session:
        for product in list_products(session):
            data = load_roadmap(session, product.id)
            assert data.items and data.projects and not data.problems
            assert [item.rank for item in data.items] == list(range(1, len(data.items) + 1))
            assert data.items[0].rank_override == 1
            assert all(item.score is not None for item in data.items)
            risky = [item for item in data.items if item.at_risk]
            assert risky and len(risky) < len(data.items)
            assert any(item.risk_reason.startswith("Forecast finish") for item in risky)
            promoted = {idea.promoted_task_id for idea in data.ideas} - {None}
            assert len(promoted) == 1 and promoted <= {item.id for item in data.items}


def test_roadmap_items_knob_makes_a_large_roadmap(tmp_path: Path) -> None:
    summary = generate_demo(
        tmp_path / "big.ipmp", tasks=3000, seed=2, projects=1, roadmap_items=120
    )
    assert (summary.products, summary.roadmap_items, summary.tasks) == (1, 121, 3000)  # + promoted
    assert "1 product with 121 roadmap items" in str(summary)
    with sqlite3.connect(tmp_path / "big.ipmp") as connection:
        kinds = dict(connection.execute("SELECT kind, count(*) FROM task GROUP BY kind").fetchall())
    assert kinds["feature"] > kinds["epic"] >= 3
    with pytest.raises(ValidationError, match="Roadmap items must be 0 or more"):
        generate_demo(tmp_path / "bad.ipmp", tasks=50, roadmap_items=-1)
