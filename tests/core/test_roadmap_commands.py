"""Products, themes, releases and the ideas inbox: round trips, validation, and the task
references a delete clears and its undo puts back."""

from datetime import date

import pytest
from sqlalchemy import select

from ipmp_desktop.core.commands import (
    AddRelease,
    AddTheme,
    CaptureIdea,
    CreateProduct,
    CreateRoadmapItem,
    DeleteIdea,
    DeleteProduct,
    DeleteRelease,
    DeleteTheme,
    MoveRoadmapItem,
    MoveTheme,
    UpdateIdea,
    UpdateProduct,
    UpdateRelease,
    UpdateTheme,
    apply,
    revert,
)
from ipmp_desktop.core.errors import NotFoundError, ValidationError
from ipmp_desktop.core.model import Task, Theme
from ipmp_desktop.core.services.changes import Area
from ipmp_desktop.core.services.roadmap import list_products, load_roadmap
from tests.support import assert_do_undo_redo, dump


@pytest.fixture
def product_id(workspace) -> int:
    command = CreateProduct(name="Shop app", vision="Buying takes a minute.")
    apply(workspace, command)
    return command.product_id


@pytest.fixture
def themes(workspace, product_id) -> list[int]:
    ids = []
    for name in ("Growth", "Speed", "Trust"):
        command = AddTheme(product_id=product_id, name=name)
        apply(workspace, command)
        ids.append(command.theme_id)
    return ids


def add_release(workspace, product_id, name="1.0", day=date(2026, 3, 2)) -> int:
    command = AddRelease(product_id=product_id, name=name, day=day)
    apply(workspace, command)
    return command.release_id


def roadmap(workspace, product_id):
    with workspace.reading() as session:
        return load_roadmap(session, product_id)


def test_create_update_and_list_products(workspace):
    first = CreateProduct(name="  Shop   app ", vision="Fast.", scoring_model="wsjf")
    changes = assert_do_undo_redo(workspace, first)
    assert changes.areas == frozenset({Area.ROADMAP})
    second = CreateProduct(name="Backoffice")
    apply(workspace, second)
    assert_do_undo_redo(
        workspace, UpdateProduct(product_id=second.product_id, scoring_model="value_effort")
    )
    with workspace.reading() as session:
        products = list_products(session)
    assert [(p.name, p.scoring_model, p.position) for p in products] == [
        ("Shop app", "wsjf", 0),
        ("Backoffice", "value_effort", 1),
    ]
    assert products[0].vision == "Fast."


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": " "}, "product name cannot be empty"),
        ({"scoring_model": "moscow"}, "scoring model must be one of"),
        ({"vision": "a\x00b"}, "NUL"),
        ({"owner": "me"}, "no editable field 'owner'"),
    ],
)
def test_bad_product_fields_are_refused(workspace, product_id, values, message):
    before = dump(workspace)
    with pytest.raises(ValidationError, match=message):
        apply(workspace, UpdateProduct(product_id=product_id, **values))
    assert dump(workspace) == before


def test_themes_add_update_move_round_trips(workspace, product_id, themes):
    data = roadmap(workspace, product_id)
    assert [(t.name, t.position) for t in data.themes] == [
        ("Growth", 0),
        ("Speed", 1),
        ("Trust", 2),
    ]
    assert len({t.color for t in data.themes}) == 3  # colors handed out in turn
    assert_do_undo_redo(workspace, AddTheme(product_id=product_id, name="Reach", color="#AABBCC"))
    assert_do_undo_redo(
        workspace, UpdateTheme(theme_id=themes[1], name="Speed up", color="#112233")
    )
    assert_do_undo_redo(workspace, MoveTheme(theme_id=themes[2], position=0))
    assert [t.name for t in roadmap(workspace, product_id).themes] == [
        "Trust",
        "Growth",
        "Speed up",
        "Reach",
    ]
    apply(workspace, MoveTheme(theme_id=themes[2], position=99))  # past the end: last
    assert roadmap(workspace, product_id).themes[-1].id == themes[2]


def test_theme_validation(workspace, product_id, themes):
    with pytest.raises(ValidationError, match="#rrggbb"):
        apply(workspace, AddTheme(product_id=product_id, name="X", color="#11223344"))
    with pytest.raises(ValidationError, match="already at that place"):
        apply(workspace, MoveTheme(theme_id=themes[0], position=0))
    with pytest.raises(NotFoundError, match="product #999"):
        apply(workspace, AddTheme(product_id=999, name="X"))


def test_releases_round_trips_and_order(workspace, product_id):
    late = AddRelease(product_id=product_id, name="2.0", day=date(2026, 9, 1), description="Big")
    assert_do_undo_redo(workspace, late)
    early = add_release(workspace, product_id, name="1.0", day=date(2026, 3, 2))
    assert_do_undo_redo(workspace, UpdateRelease(release_id=early, day=date(2026, 4, 1)))
    data = roadmap(workspace, product_id)
    assert [(r.name, r.day) for r in data.releases] == [
        ("1.0", date(2026, 4, 1)),
        ("2.0", date(2026, 9, 1)),
    ]
    with pytest.raises(ValidationError, match="release date is missing"):
        apply(workspace, UpdateRelease(release_id=early, day=None))


def test_ideas_capture_update_delete(workspace, product_id):
    idea = CaptureIdea(
        product_id=product_id,
        title="Pay with a QR code",
        description="Seen at the fair",
        source=" support   ticket ",
        customer="ACME",
    )
    assert_do_undo_redo(workspace, idea)
    assert_do_undo_redo(workspace, UpdateIdea(idea_id=idea.idea_id, customer="ACME Ltd"))
    (row,) = roadmap(workspace, product_id).ideas
    assert (row.title, row.source, row.customer, row.promoted_task_id) == (
        "Pay with a QR code",
        "support ticket",
        "ACME Ltd",
        None,
    )
    assert_do_undo_redo(workspace, DeleteIdea(idea_id=idea.idea_id))
    with pytest.raises(ValidationError, match="idea title cannot be empty"):
        apply(workspace, CaptureIdea(product_id=product_id, title=""))


def _item(workspace, project_id, theme_id, title, **kw) -> int:
    command = CreateRoadmapItem(project_id=project_id, theme_id=theme_id, title=title, **kw)
    apply(workspace, command)
    return command.task_id


def _refs(workspace, task_ids):
    with workspace.reading() as session:
        rows = session.execute(
            select(Task.id, Task.theme_id, Task.release_id).where(Task.id.in_(task_ids))
        )
        return {row.id: (row.theme_id, row.release_id) for row in rows}


def test_delete_theme_keeps_items_and_undo_puts_the_lane_back(
    workspace, project_id, product_id, themes
):
    release = add_release(workspace, product_id)
    a = _item(workspace, project_id, themes[0], "A")
    b = _item(workspace, project_id, themes[1], "B")
    apply(workspace, MoveRoadmapItem(task_id=a, release_id=release))
    delete = DeleteTheme(theme_id=themes[0])
    changes = assert_do_undo_redo(workspace, delete)
    assert a in changes.tasks and Area.ROADMAP in changes.areas
    assert _refs(workspace, [a, b]) == {a: (None, release), b: (themes[1], None)}
    assert [i.title for i in roadmap(workspace, product_id).items] == ["A", "B"]  # A by release
    revert(workspace, delete)
    assert _refs(workspace, [a, b]) == {a: (themes[0], release), b: (themes[1], None)}


def test_delete_release_clears_only_that_reference(workspace, project_id, product_id, themes):
    release = add_release(workspace, product_id)
    a = _item(workspace, project_id, themes[0], "A")
    apply(workspace, MoveRoadmapItem(task_id=a, release_id=release))
    assert_do_undo_redo(workspace, DeleteRelease(release_id=release))
    assert _refs(workspace, [a]) == {a: (themes[0], None)}


def test_delete_product_round_trip_restores_everything(workspace, project_id, product_id, themes):
    other = CreateProduct(name="Other")
    apply(workspace, other)
    foreign = AddTheme(product_id=other.product_id, name="Elsewhere")
    apply(workspace, foreign)
    release = add_release(workspace, product_id)
    apply(workspace, CaptureIdea(product_id=product_id, title="Dark mode"))
    a = _item(workspace, project_id, themes[0], "A")
    b = _item(workspace, project_id, foreign.theme_id, "B")
    apply(workspace, MoveRoadmapItem(task_id=a, release_id=release))
    delete = DeleteProduct(product_id=product_id)
    assert_do_undo_redo(workspace, delete)
    assert _refs(workspace, [a, b]) == {a: (None, None), b: (foreign.theme_id, None)}
    with workspace.reading() as session:
        assert session.scalars(select(Theme.product_id)).all() == [other.product_id]
        with pytest.raises(NotFoundError, match="no longer exists"):
            load_roadmap(session, product_id)
    revert(workspace, delete)
    assert _refs(workspace, [a, b]) == {a: (themes[0], release), b: (foreign.theme_id, None)}
    data = roadmap(workspace, product_id)
    assert (len(data.themes), len(data.releases), len(data.ideas)) == (3, 1, 1)
    assert [i.title for i in data.items] == ["A"]
