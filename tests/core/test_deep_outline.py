"""Deep outlines: a chain of thousands of tasks, each nested in the one before it, imports,
schedules, numbers and lays out without recursion, and the work grows linearly with the depth.

Linearity is proven by counting, not timing: the Python lines the application runs for the
whole pipeline are counted at two depths (a ``sys.settrace`` tracer that only counts lines in
``ipmp_desktop``), and four times the levels must cost about four times the lines. Before this
was fixed, walking every task's ancestors (the progress roll-up, WBS numbers, the summary-link
check, the roadmap's critical work) made it sixteen times.
"""

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from ipmp_desktop.core.commands import (
    AddTheme,
    CreateProduct,
    MoveRoadmapItem,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.interchange.gan import read_gan
from ipmp_desktop.core.interchange.plan import Plan, PlanTask
from ipmp_desktop.core.interchange.store import write_plan
from ipmp_desktop.core.layout import TimeScale, layout_gantt
from ipmp_desktop.core.services.gantt_print import GanttPrint, load_gantt_print
from ipmp_desktop.core.services.outline import OutlineTree
from ipmp_desktop.core.services.queries import project_tasks
from ipmp_desktop.core.services.roadmap import load_roadmap
from tests.deep_outline import outline_gan

APP = str(Path(__file__).resolve().parents[2] / "ipmp_desktop")


def import_and_print(folder: Path, levels: int, *, steps: bool = False) -> GanttPrint:
    """Read a deep ``.gan``, import it into a new workspace (which schedules it), read its
    Gantt chart for printing and lay the chart out; return what was printed."""
    plan = read_gan(outline_gan(levels, steps=steps), "deep.gan")
    with Workspace.create(folder / f"deep-{levels}.ipmp") as workspace:
        result = write_plan(workspace, plan)
        with workspace.reading() as session:
            printed = load_gantt_print(session, result.project_id)
    layout = layout_gantt(printed.tasks, printed.links, TimeScale(printed.first_day, 4.0), 22.0)
    assert len(layout.bars) == len(printed.rows)
    return printed


def test_five_thousand_levels_import_schedule_and_lay_out(tmp_path: Path) -> None:
    levels = 5000
    plan = read_gan(outline_gan(levels), "deep.gan")
    assert sys.getrecursionlimit() < levels  # so recursing per level would fail
    assert len(plan.tasks) == levels
    assert plan.tasks[-1].parent == plan.tasks[-2].key
    assert "4997 links between a summary and its own subtask." in plan.report.dropped
    with Workspace.create(tmp_path / "deep.ipmp") as workspace:
        result = write_plan(workspace, plan)
        with workspace.reading() as session:
            rows = {row.title: row for row in project_tasks(session, result.project_id)}
            printed = load_gantt_print(session, result.project_id)
    # the one leaf is the last level (not done), so every summary above it is 0 % done
    top, deepest = rows["Level 0"], rows[f"Level {levels - 1}"]
    assert top.kind == "summary" and top.percent_complete == 0 and top.parent_id is None
    assert deepest.kind == "task" and deepest.parent_id == rows[f"Level {levels - 2}"].id
    assert [row.depth for row in printed.rows] == list(range(levels))
    assert printed.rows[9].cells[0] == ".".join(["1"] * 10)
    assert printed.rows[-1].cells[0] == "1.1.1.1.….1.1.1.1"
    layout = layout_gantt(printed.tasks, printed.links, TimeScale(printed.first_day, 4.0), 22.0)
    assert len(layout.bars) == levels and layout.height == levels * 22.0


def test_deep_progress_rolls_up_through_every_level(tmp_path: Path) -> None:
    levels = 3000
    printed = import_and_print(tmp_path, levels, steps=True)
    percents = {task.id: task.percent for task in printed.tasks}
    by_name = {row.cells[1]: row.task_id for row in printed.rows}
    for level in (0, 1500, 2990, 2999):
        # its leaves are the steps of its level and every level below; a step's id is
        # levels + its number, and every seventh id is 40 % done
        steps = range(level, levels)
        done = sum((levels + n) % 7 == 0 for n in steps)
        expected = (2 * 40 * done + len(steps)) // (2 * len(steps))  # rounded half up
        assert percents[by_name[f"Level {level}"]] == expected, level
    assert percents[by_name["Step 3"]] == 40 and percents[by_name["Step 7"]] == 0


def test_the_whole_number_and_the_shown_number_name_the_same_task(tmp_path: Path) -> None:
    levels = 1500
    plan = read_gan(outline_gan(levels), "deep.gan")
    with Workspace.create(tmp_path / "deep.ipmp") as workspace:
        result = write_plan(workspace, plan)
        with workspace.reading() as session:
            tree = OutlineTree.from_rows(project_tasks(session, result.project_id))
    order = [task_id for task_id, _depth in tree.depth_first()]
    deepest = order[-1]
    whole = tree.wbs(deepest)
    assert whole == ".".join(["1"] * levels)
    assert tree.task_at(whole) == deepest
    assert tree.task_at(whole + ".1") is None and tree.task_at("2") is None
    assert tree.task_at("1.x") is None and tree.task_at("") is None
    assert tree.shown_wbs(deepest) == "1.1.1.1.….1.1.1.1"
    assert tree.shown_wbs(order[0]) == "1"


def count_lines(work: Callable[[], Any]) -> int:
    """How many lines of the application's own code ``work()`` runs."""
    lines = 0

    def local(frame: FrameType, event: str, _arg: object) -> Any:
        nonlocal lines
        if event == "line":
            lines += 1
        return local

    def calls(frame: FrameType, _event: str, _arg: object) -> Any:
        return local if frame.f_code.co_filename.startswith(APP) else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        work()
    finally:
        sys.settrace(previous)
    return lines


def test_work_grows_linearly_with_the_depth(tmp_path: Path) -> None:
    small = count_lines(lambda: import_and_print(tmp_path, 250, steps=True))
    large = count_lines(lambda: import_and_print(tmp_path, 1000, steps=True))
    # four times the levels: about four times the work (it was sixteen when quadratic)
    assert large < 4.6 * small, (small, large)


def test_printed_text_grows_linearly_with_the_depth(tmp_path: Path) -> None:
    printed = import_and_print(tmp_path, 2000)
    characters = sum(len(cell) for row in printed.rows for cell in row.cells)
    # whole WBS numbers alone would be 2,000 x 2,000 characters
    assert characters < 60 * len(printed.rows)


def deep_roadmap(folder: Path, levels: int) -> tuple[Workspace, int]:
    """A project of ``levels`` epics, each nested in the one before and holding a one-day
    step first; the top epic is in a theme of a product and has a target date. Returns the
    open workspace and the product."""
    plan = Plan(name="Epics", start=date(2027, 1, 4))
    for number in range(levels):
        parent = f"e{number - 1}" if number else None
        plan.tasks.append(PlanTask(key=f"e{number}", title=f"Epic {number}", parent=parent))
        plan.tasks[-1].kind = "epic"
        plan.tasks.append(PlanTask(key=f"s{number}", title=f"Step {number}", parent=f"e{number}"))
    workspace = Workspace.create(folder / f"roadmap-{levels}.ipmp")
    result = write_plan(workspace, plan)
    product = CreateProduct(name="Deep product")
    apply(workspace, product)
    theme = AddTheme(product_id=product.product_id, name="Depth")
    apply(workspace, theme)
    with workspace.reading() as session:
        top = next(
            row.id for row in project_tasks(session, result.project_id) if row.title == "Epic 0"
        )
    apply(workspace, MoveRoadmapItem(task_id=top, theme_id=theme.theme_id))
    apply(workspace, UpdateTask(task_id=top, target_date=date(2027, 1, 1)))
    return workspace, product.product_id


def test_a_deep_roadmap_finds_every_item_through_the_one_above(tmp_path: Path) -> None:
    levels = 3000
    workspace, product = deep_roadmap(tmp_path, levels)
    with workspace, workspace.reading() as session:
        items = load_roadmap(session, product).items
    assert len(items) == levels  # every epic belongs through the one above it
    by_title = {item.title: item for item in items}
    assert by_title["Epic 5"].parent_item_id == by_title["Epic 4"].id
    assert by_title["Epic 0"].at_risk and by_title["Epic 0"].parent_item_id is None


def test_roadmap_work_grows_linearly_with_the_depth(tmp_path: Path) -> None:
    counts = []
    for levels in (250, 1000):
        workspace, product = deep_roadmap(tmp_path, levels)
        with workspace, workspace.reading() as session:
            counts.append(count_lines(lambda: load_roadmap(session, product)))  # noqa: B023
    small, large = counts
    assert large < 4.6 * small, (small, large)


def test_an_edit_deep_down_reschedules_every_level_above(tmp_path: Path) -> None:
    levels = 3000
    plan = read_gan(outline_gan(levels, steps=True), "deep.gan")
    with Workspace.create(tmp_path / "deep.ipmp") as workspace:
        result = write_plan(workspace, plan)  # scheduled: the next edit goes incrementally
        with workspace.reading() as session:
            ids = {row.title: row.id for row in project_tasks(session, result.project_id)}
        apply(workspace, UpdateTask(task_id=ids[f"Step {levels - 1}"], duration_days=4))
        with workspace.reading() as session:
            rows = {row.title: row for row in project_tasks(session, result.project_id)}
    # Monday 4 January plus four working days: every level above now finishes on Thursday
    assert rows[f"Step {levels - 1}"].finish == date(2027, 1, 7)
    assert {rows[f"Level {n}"].finish for n in range(levels)} == {date(2027, 1, 7)}
    assert rows["Step 0"].finish == date(2027, 1, 4)
