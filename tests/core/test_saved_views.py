"""Saved views as read models: round trip through SaveView, ordering, forgiving parsing."""

import json
from datetime import date

import pytest

from ipmp_desktop.core.commands import CreateProject, SaveView, apply
from ipmp_desktop.core.model import SavedView
from ipmp_desktop.core.services.board import CardFilter, DueFilter, LaneMode
from ipmp_desktop.core.services.views import (
    SavedViewRow,
    list_saved_views,
    parse_view_settings,
    view_settings,
)


def saved(workspace, project_id):
    with workspace.reading() as session:
        return list_saved_views(session, project_id)


def write_raw(workspace, project_id, name, settings):
    """A view written behind the commands' back, as a hand-edited or newer file would have."""
    with workspace.unit_of_work() as uow:
        uow.session.add(SavedView(project_id=project_id, name=name, settings=settings))


def test_a_saved_view_reads_back_as_saved(workspace, project_id):
    wanted = CardFilter(
        text="login",
        label_ids=frozenset({3, 1}),
        person_ids=frozenset({7}),
        due=DueFilter.NEXT_14_DAYS,
        blocked_only=True,
        show_archived=True,
    )
    save = SaveView(
        project_id=project_id, name="Mine", settings=view_settings(LaneMode.ASSIGNEE, wanted)
    )
    apply(workspace, save)
    assert saved(workspace, project_id) == [
        SavedViewRow(save.view_id, "Mine", LaneMode.ASSIGNEE, wanted)
    ]


def test_view_settings_is_json_ready():
    settings = view_settings(LaneMode.PARENT, CardFilter(label_ids=frozenset({2})))
    assert json.loads(json.dumps(settings)) == {
        "lanes": "parent",
        "filter": {
            "text": "",
            "label_ids": [2],
            "person_ids": [],
            "due": "any",
            "blocked_only": False,
            "show_archived": False,
        },
    }


def test_views_are_listed_by_name_ignoring_case_and_per_project(workspace, project_id):
    for name in ("beta", "Alpha", "Gamma"):
        apply(
            workspace,
            SaveView(
                project_id=project_id,
                name=name,
                settings=view_settings(LaneMode.NONE, CardFilter()),
            ),
        )
    other = CreateProject(name="Other", start=date(2026, 1, 5))
    apply(workspace, other)
    apply(workspace, SaveView(project_id=other.project_id, name="Elsewhere", settings={}))
    assert [row.name for row in saved(workspace, project_id)] == ["Alpha", "beta", "Gamma"]
    assert [row.name for row in saved(workspace, other.project_id)] == ["Elsewhere"]


@pytest.mark.parametrize(
    "settings",
    [
        "",
        "not json {",
        "null",
        "[1, 2]",
        '"lanes"',
        '{"lanes": "diagonal", "filter": "everything"}',
        '{"lanes": 5, "filter": {"label_ids": "1,2", "person_ids": null, "due": "someday"}}',
        '{"filter": {"text": 42, "blocked_only": "false", "show_archived": 1}}',
    ],
)
def test_unreadable_settings_fall_back_to_defaults(workspace, project_id, settings):
    write_raw(workspace, project_id, "Broken", settings)
    (row,) = saved(workspace, project_id)
    assert (row.name, row.lane_mode, row.filter) == ("Broken", LaneMode.NONE, CardFilter())


def test_what_can_be_read_is_kept_when_the_rest_is_bad():
    text = json.dumps(
        {
            "lanes": "label",
            "filter": {"label_ids": [1, "x", 2.5, True, 4], "due": "overdue", "extra": 1},
        }
    )
    assert parse_view_settings(text) == (
        LaneMode.LABEL,
        CardFilter(label_ids=frozenset({1, 4}), due=DueFilter.OVERDUE),
    )
