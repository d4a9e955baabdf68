"""Previewing a roadmap drag: the items a shift or a resize would move, as the command then
moves them, worked out without writing anything."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from ipmp_desktop.core.commands import ShiftRoadmapItem, UpdateTask, apply, revert
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.core.errors import DomainError, NotFoundError
from ipmp_desktop.core.services.roadmap import RoadmapData, list_products, load_roadmap
from ipmp_desktop.core.services.roadmap_shift_preview import ShiftPreview
from tests.support import dump


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("preview") / "demo.ipmp"
    generate_demo(path, tasks=600, seed=1)
    return path


def roadmap(workspace: Workspace, product_id: int) -> RoadmapData:
    with workspace.reading() as session:
        return load_roadmap(session, product_id)


def what_moved(before: RoadmapData, after: RoadmapData) -> dict[int, tuple[date, date, bool]]:
    """Items whose dates the command changed: their new dates and risk."""
    old = {item.id: (item.start, item.finish) for item in before.items}
    return {
        item.id: (item.start, item.finish, item.at_risk)
        for item in after.items
        if (item.start, item.finish) != old[item.id]
    }


def predicted(outcome) -> dict[int, tuple[date, date, bool]]:
    return {m.task_id: (m.new_start, m.new_finish, m.at_risk) for m in outcome.moves.values()}


def check(workspace: Workspace, data: RoadmapData, task_id: int, outcome, command) -> str:
    """Apply ``command``; assert it did what ``outcome`` said; undo it. Returns the refusal."""
    try:
        apply(workspace, command)
    except DomainError as error:
        assert outcome.refusal, f"the preview let through what was refused: {error}"
        return str(error)
    assert not outcome.refusal, f"the preview refused what went through: {outcome.refusal}"
    after = roadmap(workspace, data.product.id)
    assert predicted(outcome) == what_moved(data, after)
    revert(workspace, command)
    return ""


def test_preview_of_shifts_is_what_the_command_does(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.ipmp"
    path.write_bytes(demo.read_bytes())
    with Workspace.open(path) as workspace:
        with workspace.reading() as session:
            product = list_products(session)[0]
        data = roadmap(workspace, product.id)
        dated = [item for item in data.items if item.start is not None][:20]
        before = dump(workspace)
        others = went = refused = 0
        for item in dated:
            with workspace.reading() as session:
                preview = ShiftPreview(session, data, item.id)
            outcomes = {days: preview.shift(days) for days in (31, -9)}
            assert dump(workspace) == before  # previewing writes nothing
            for days, outcome in outcomes.items():
                command = ShiftRoadmapItem(task_id=item.id, days=days)
                if check(workspace, data, item.id, outcome, command):
                    refused += 1
                else:
                    went += 1
                    others += len(outcome.others())
            assert dump(workspace) == before
        assert went >= 20 and refused >= 1  # both ways were tried
        assert others > 100  # the demo links items across themes: shifts move other items


def test_preview_of_a_resize_is_what_the_command_does(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.ipmp"
    path.write_bytes(demo.read_bytes())
    with Workspace.open(path) as workspace:
        with workspace.reading() as session:
            products = list_products(session)
        tried = 0
        for product in products:
            data = roadmap(workspace, product.id)
            for item in data.items:
                if item.child_count or item.finish is None:
                    continue
                with workspace.reading() as session:
                    preview = ShiftPreview(session, data, item.id)
                finish = item.finish + timedelta(days=40)
                outcome = preview.resize(finish)
                assert item.id in outcome.moves
                check(workspace, data, item.id, outcome, UpdateTask(task_id=item.id, finish=finish))
                tried += 1
        assert tried >= 1


def test_a_refused_shift_is_refused_with_the_commands_reason(demo: Path, tmp_path: Path) -> None:
    """A leaf scheduled manually: the preview says what the command would say."""
    path = tmp_path / "copy.ipmp"
    path.write_bytes(demo.read_bytes())
    with Workspace.open(path) as workspace:
        with workspace.reading() as session:
            product = list_products(session)[0]
        data = roadmap(workspace, product.id)
        item = next(i for i in data.items if i.child_count and i.start is not None)
        with workspace.reading() as session:
            preview = ShiftPreview(session, data, item.id)
            leaf = preview.leaves[0]
        apply(workspace, UpdateTask(task_id=leaf.id, manual=True))
        with workspace.reading() as session:
            preview = ShiftPreview(session, data, item.id)
        outcome = preview.shift(14)
        assert "is scheduled manually" in outcome.refusal
        with pytest.raises(DomainError) as error:
            apply(workspace, ShiftRoadmapItem(task_id=item.id, days=14))
        assert outcome.refusal == str(error.value)
        assert not outcome.moves and not outcome.summary()


def test_summary_counts_other_items_and_new_risk(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.ipmp"
    path.write_bytes(demo.read_bytes())
    with Workspace.open(path) as workspace, workspace.reading() as session:
        product = list_products(session)[0]
        data = load_roadmap(session, product.id)
        item = next(i for i in data.items if i.start is not None)
        outcome = ShiftPreview(session, data, item.id).shift(31)
        with pytest.raises(NotFoundError):
            ShiftPreview(session, data, -1)
    others = outcome.others()
    assert others and item.id in outcome.moves and item.id not in {m.task_id for m in others}
    risky = sum(m.at_risk and not m.was_at_risk for m in others)
    plural = "s" if len(others) != 1 else ""
    expected = f"moves {len(others)} other item{plural}"
    assert outcome.summary() == expected + (f" ({risky} newly at risk)" if risky else "")
    assert [m.new_start for m in others] == sorted(m.new_start for m in others)
