"""The roadmap read model: which tasks are a product's items, their roll-ups, risk, score, rank."""

from datetime import date

import pytest

from ipmp_desktop.core.commands import (
    AddRelease,
    AddTheme,
    CaptureIdea,
    CreateProduct,
    CreateProject,
    CreateRoadmapItem,
    CreateTask,
    MoveRoadmapItem,
    UpdateProduct,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.services.roadmap import load_roadmap

MONDAY = date(2026, 1, 5)


def run(workspace, command):
    apply(workspace, command)
    return command


@pytest.fixture
def world(workspace, project_id):
    """Product "Shop" (themes Growth, Speed; release 1.0) over two projects, and "Other"."""
    ids = {"project": project_id}
    ids["second"] = run(workspace, CreateProject(name="Mobile", start=MONDAY)).project_id
    ids["shop"] = run(workspace, CreateProduct(name="Shop")).product_id
    ids["other"] = run(workspace, CreateProduct(name="Other")).product_id
    for key, product, name in (("growth", "shop", "Growth"), ("speed", "shop", "Speed")):
        ids[key] = run(workspace, AddTheme(product_id=ids[product], name=name)).theme_id
    ids["ops"] = run(workspace, AddTheme(product_id=ids["other"], name="Ops")).theme_id
    release = AddRelease(product_id=ids["shop"], name="1.0", day=date(2026, 3, 2))
    ids["release"] = run(workspace, release).release_id
    return ids


def item(workspace, project_id, theme_id, title, **kw) -> int:
    command = CreateRoadmapItem(project_id=project_id, theme_id=theme_id, title=title, **kw)
    return run(workspace, command).task_id


def task(workspace, project_id, title, **kw) -> int:
    return run(workspace, CreateTask(project_id=project_id, title=title, **kw)).task_id


def roadmap(workspace, product_id):
    with workspace.reading() as session:
        return load_roadmap(session, product_id)


def test_which_tasks_are_the_products_items(workspace, world):
    p, q = world["project"], world["second"]
    epic = item(workspace, p, world["growth"], "Epic", kind="epic")
    phase = task(workspace, p, "Phase", parent_id=epic)  # a plain summary between two items
    feature = item(workspace, p, world["speed"], "Feature", parent_id=phase)
    task(workspace, p, "Story", parent_id=feature)
    by_release = item(workspace, q, world["growth"], "Mobile wallet")
    apply(workspace, MoveRoadmapItem(task_id=by_release, release_id=world["release"]))
    item(workspace, q, world["ops"], "Elsewhere")
    task(workspace, p, "Plain task")
    data = roadmap(workspace, world["shop"])
    by_title = {i.title: i for i in data.items}
    assert set(by_title) == {"Epic", "Feature", "Mobile wallet"}
    assert by_title["Feature"].parent_item_id == epic
    assert by_title["Feature"].parent_id == phase
    assert by_title["Epic"].child_count == 1 and by_title["Feature"].child_count == 1
    assert data.projects == {p: "Launch", q: "Mobile"}
    assert [i.title for i in data.lane(world["speed"])] == ["Feature"]
    assert data.item(epic).kind == "epic" and data.item(999) is None
    assert [i.title for i in roadmap(workspace, world["other"]).items] == ["Elsewhere"]


def test_dates_and_percent_roll_up_from_delivery_tasks(workspace, world):
    p = world["project"]
    epic = item(workspace, p, world["growth"], "Epic", kind="epic")
    a = task(workspace, p, "A", parent_id=epic, start=MONDAY, duration_days=4)
    task(workspace, p, "B", parent_id=epic, start=date(2026, 1, 12), duration_days=4)
    apply(workspace, UpdateTask(task_id=a, percent_complete=100))
    (row,) = roadmap(workspace, world["shop"]).items
    assert (row.start, row.finish, row.forecast_finish) == (
        MONDAY,
        date(2026, 1, 15),
        date(2026, 1, 15),
    )
    assert row.percent == 50


def test_risk_from_the_forecast_and_from_critical_work(workspace, world):
    p = world["project"]
    long_one = item(workspace, p, world["growth"], "Long", kind="epic")
    task(workspace, p, "Big job", parent_id=long_one, start=MONDAY, duration_days=10)
    short_one = item(workspace, p, world["speed"], "Short", kind="epic")
    task(workspace, p, "Small job", parent_id=short_one, start=MONDAY, duration_days=2)
    undated = item(workspace, p, world["speed"], "No target", start=MONDAY, duration_days=1)
    late = item(workspace, p, world["growth"], "Late", start=MONDAY, duration_days=3)
    for task_id, target in ((long_one, date(2026, 2, 27)), (short_one, date(2026, 1, 30))):
        apply(workspace, UpdateTask(task_id=task_id, target_date=target))
    apply(workspace, UpdateTask(task_id=late, target_date=date(2026, 1, 6)))
    items = {i.id: i for i in roadmap(workspace, world["shop"]).items}
    assert not items[undated].at_risk and items[undated].risk_reason == ""
    assert not items[short_one].at_risk  # its work has float
    assert items[long_one].at_risk
    assert items[long_one].risk_reason == (
        "“Big job” below it is on the critical path with no float left."
    )
    assert items[late].at_risk
    assert items[late].risk_reason == "Forecast finish 7 Jan is after the target 6 Jan."
    apply(workspace, UpdateTask(task_id=late, target_date=date(2025, 12, 31)))
    late_row = roadmap(workspace, world["shop"]).item(late)
    assert late_row.risk_reason == "Forecast finish 7 Jan 2026 is after the target 31 Dec 2025."


def test_a_childless_critical_item_says_so(workspace, world):
    solo = item(workspace, world["project"], world["growth"], "Solo", start=MONDAY)
    apply(workspace, UpdateTask(task_id=solo, target_date=date(2026, 6, 1)))
    (row,) = roadmap(workspace, world["shop"]).items
    assert row.risk_reason == "It is on the critical path with no float left before the target."


def test_score_and_rank_follow_the_products_model(workspace, world):
    p = world["project"]
    ids = {}
    inputs = {
        "A": {"reach": 100, "impact": 1.0, "confidence": 100, "effort": 1.0, "value": 1},
        "B": {"reach": 500, "impact": 2.0, "confidence": 50, "effort": 5.0, "value": 50},
        "C": {"value": 9, "effort": 1.0},
    }
    for title, values in inputs.items():
        ids[title] = item(workspace, p, world["growth"], title)
        apply(workspace, UpdateTask(task_id=ids[title], **values))
    data = roadmap(workspace, world["shop"])
    assert [(i.title, i.score, i.rank) for i in data.items] == [
        ("A", 100.0, 1),
        ("B", 100.0, 2),
        ("C", None, 3),
    ]
    apply(workspace, UpdateProduct(product_id=world["shop"], scoring_model="value_effort"))
    assert [i.title for i in roadmap(workspace, world["shop"]).items] == ["B", "C", "A"]
    apply(workspace, UpdateTask(task_id=ids["A"], rank_override=1))
    assert [(i.title, i.rank) for i in roadmap(workspace, world["shop"]).items] == [
        ("A", 1),
        ("B", 2),
        ("C", 3),
    ]


def test_ideas_newest_first_and_missing_product(workspace, world):
    for title in ("First", "Second"):
        apply(workspace, CaptureIdea(product_id=world["shop"], title=title))
    data = roadmap(workspace, world["shop"])
    assert [idea.title for idea in data.ideas] == ["Second", "First"]
    assert data.items == [] and data.themes[0].name == "Growth"
    with workspace.reading() as session, pytest.raises(NotFoundError, match="product #999"):
        load_roadmap(session, 999)
