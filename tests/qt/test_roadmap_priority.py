"""The prioritisation table: score inputs edited in place re-rank the items, the scoring model
is chosen per product, any column sorts (numbers as numbers), and every step undoes."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from ipmp_desktop.core.commands import (
    AddTheme,
    CreateProduct,
    CreateRoadmapItem,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.services.queries import most_recent_project
from ipmp_desktop.core.services.roadmap import load_roadmap
from ipmp_desktop.qt.change_bus import ChangeBus
from ipmp_desktop.qt.undo import UndoController
from ipmp_desktop.qt.views.roadmap.priority_table import (
    WARNING,
    PriorityColumn,
    PriorityView,
)

C = PriorityColumn
INPUTS = {  # RICE: Search 250, Checkout 240, Wishlist 22.5 · value/effort: W 5, C 4, S 1
    "Checkout": dict(reach=300, impact=2.0, confidence=40, effort=1.0, value=4),
    "Search": dict(reach=1000, impact=1.0, confidence=50, effort=2.0, value=2),
    "Wishlist": dict(reach=90, impact=1.0, confidence=100, effort=4.0, value=20),
}
WSJF = {  # (value + time criticality + risk reduction) / job size: W 11, S 4, C 1.5
    "Checkout": dict(time_criticality=5, risk_reduction=3, job_size=8),
    "Search": dict(time_criticality=1, risk_reduction=1, job_size=1),
    "Wishlist": dict(time_criticality=1, risk_reduction=1, job_size=2),
}


@dataclass
class Roadmap:
    workspace: Workspace
    controller: UndoController
    view: PriorityView
    product_id: int
    project_id: int
    theme_id: int
    ids: dict[str, int]
    refusals: list[str] = field(default_factory=list)

    def reload(self) -> None:
        with self.workspace.reading() as session:
            self.view.set_data(load_roadmap(session, self.product_id))

    def shown(self) -> list[str]:
        titles = {task_id: title for title, task_id in self.ids.items()}
        return [titles[task_id] for task_id in self.view.shown_ids()]

    def cell(self, title: str, column: int):
        return self.view.index_of(self.ids[title], column)

    def ranks(self) -> dict[str, int]:
        return {title: int(self.cell(title, C.RANK).data()) for title in self.ids}

    def edit(self, title: str, column: int, text: str) -> bool:
        return self.view.proxy.setData(self.cell(title, column), text)


@pytest.fixture
def roadmap(qtbot, workspace_path: Path) -> Iterator[Roadmap]:
    """Three scored features of the product "Shop" in the conftest project, and the table."""
    workspace = Workspace.open(workspace_path)
    with workspace.reading() as session:
        project_id = most_recent_project(session)
    product = CreateProduct(name="Shop")
    apply(workspace, product)
    theme = AddTheme(product_id=product.product_id, name="Growth")
    apply(workspace, theme)
    ids = {}
    for title, inputs in INPUTS.items():
        item = CreateRoadmapItem(project_id=project_id, theme_id=theme.theme_id, title=title)
        apply(workspace, item)
        apply(workspace, UpdateTask(task_id=item.task_id, **inputs, **WSJF[title]))
        ids[title] = item.task_id
    bus = ChangeBus()
    controller = UndoController(workspace, bus)
    view = PriorityView(controller.push)
    qtbot.addWidget(view)
    state = Roadmap(
        workspace, controller, view, product.product_id, project_id, theme.theme_id, ids
    )
    bus.changed.connect(lambda _changes: state.reload())
    controller.refused.connect(state.refusals.append)
    view.notice.connect(state.refusals.append)
    state.reload()
    yield state
    controller.stack.clear()
    workspace.close()


def test_columns_scores_and_rank_order(roadmap: Roadmap, qtmodeltester):
    model = roadmap.view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in C]
    assert headers[:5] == ["Rank", "Item", "Kind", "Theme", "Horizon"]
    assert headers[-6:] == [
        "Score",
        "Rank override",
        "Progress %",
        "Forecast finish",
        "Target",
        "Risk",
    ]
    assert roadmap.shown() == ["Search", "Checkout", "Wishlist"]
    assert roadmap.ranks() == {"Search": 1, "Checkout": 2, "Wishlist": 3}
    assert [roadmap.cell(t, C.SCORE).data() for t in roadmap.shown()] == ["250", "240", "22.5"]
    search = {c: roadmap.cell("Search", c).data() for c in C}
    assert search[C.KIND] == "Feature" and search[C.THEME] == "Growth"
    assert search[C.REACH] == "1000" and search[C.IMPACT] == "1" and search[C.EFFORT] == "2"
    assert search[C.PROGRESS] == "0 %" and search[C.FORECAST] == "2026-01-16"
    assert search[C.RISK] == "" and search[C.TARGET] == ""
    qtmodeltester.check(model, force_py=True)


def test_editing_an_input_rescores_reranks_and_undoes(roadmap: Roadmap):
    view, stack = roadmap.view, roadmap.controller.stack
    view.table.selectRow(roadmap.cell("Search", C.ITEM).row())
    assert view.selected_ids() == [roadmap.ids["Search"]]
    assert view.proxy.flags(roadmap.cell("Search", C.REACH)) & Qt.ItemFlag.ItemIsEditable
    assert roadmap.edit("Search", C.REACH, " 10 ")  # 10 x 1 x 50 % / 2 = 2.5
    assert stack.count() == 1
    assert roadmap.cell("Search", C.REACH).data() == "10"
    assert roadmap.cell("Search", C.SCORE).data() == "2.50"
    assert roadmap.shown() == ["Checkout", "Wishlist", "Search"]
    assert roadmap.ranks() == {"Checkout": 1, "Wishlist": 2, "Search": 3}
    assert view.selected_ids() == [roadmap.ids["Search"]]  # the selection follows the item
    assert not roadmap.edit("Search", C.REACH, "10")  # unchanged: no undo step
    stack.undo()
    assert roadmap.shown() == ["Search", "Checkout", "Wishlist"]
    assert roadmap.cell("Search", C.SCORE).data() == "250"
    stack.redo()
    assert roadmap.ranks()["Search"] == 3


def test_blank_text_clears_an_input_and_the_score(roadmap: Roadmap):
    assert roadmap.edit("Search", C.EFFORT, "")
    assert roadmap.cell("Search", C.EFFORT).data() == ""
    assert roadmap.cell("Search", C.SCORE).data() == ""
    assert roadmap.shown() == ["Checkout", "Wishlist", "Search"]  # unscored ranks last
    assert roadmap.edit("Search", C.EFFORT, "0,5")  # a decimal comma reads as a point
    assert roadmap.cell("Search", C.EFFORT).data() == "0.5"
    assert roadmap.cell("Search", C.SCORE).data() == "1,000"


@pytest.mark.parametrize(
    ("column", "text", "reason"),
    [
        (C.REACH, "many", "The reach must be a number (a whole one), not “many”."),
        (C.CONFIDENCE, "12.5 %", "The confidence must be a number (a whole one)"),
        (C.TARGET, "next week", "The target must be a date like 2026-06-30"),
        (C.CONFIDENCE, "150", "between 0 and 100"),  # read, then refused by the command
        (C.EFFORT, "0", "effort"),
    ],
)
def test_bad_text_pushes_nothing_and_says_why(roadmap: Roadmap, column, text, reason):
    assert not roadmap.edit("Checkout", column, text)
    assert roadmap.controller.stack.count() == 0
    assert len(roadmap.refusals) == 1 and reason in roadmap.refusals[0]


def test_the_scoring_model_switches_scores_ranks_and_columns(roadmap: Roadmap):
    view, stack = roadmap.view, roadmap.controller.stack
    shown = lambda: [c for c in C if not view.table.isColumnHidden(c)]  # noqa: E731
    assert [view.model_box.itemText(i) for i in range(3)] == ["RICE", "Value ÷ Effort", "WSJF"]
    assert C.REACH in shown() and C.JOB_SIZE not in shown()
    view.table.sortByColumn(C.REACH, Qt.SortOrder.DescendingOrder)  # hidden below: back to rank
    view.model_box.activated.emit(view.model_box.findData("value_effort"))
    assert stack.count() == 1
    assert roadmap.shown() == ["Wishlist", "Checkout", "Search"]
    assert [roadmap.cell(t, C.SCORE).data() for t in roadmap.shown()] == ["5.00", "4.00", "1.00"]
    assert {C.VALUE, C.EFFORT} <= set(shown()) and C.REACH not in shown()
    assert view.table.horizontalHeader().sortIndicatorSection() == C.RANK
    assert view.set_scoring_model("wsjf")
    assert view.model_box.currentText() == "WSJF"
    assert roadmap.shown() == ["Wishlist", "Search", "Checkout"]
    assert roadmap.cell("Wishlist", C.SCORE).data() == "11.0"
    assert C.EFFORT not in shown() and C.TIME_CRITICALITY in shown()
    reach = roadmap.cell("Search", C.REACH)
    assert not view.proxy.flags(reach) & Qt.ItemFlag.ItemIsEditable  # not a WSJF input
    assert not view.proxy.setData(reach, "5")
    assert roadmap.edit("Checkout", C.JOB_SIZE, "1")  # (4 + 5 + 3) / 1 = 12
    assert roadmap.shown() == ["Checkout", "Wishlist", "Search"]
    stack.undo()
    stack.undo()
    assert view.model_box.currentText() == "Value ÷ Effort"
    stack.undo()
    assert view.model_box.currentText() == "RICE"
    assert roadmap.shown() == ["Search", "Checkout", "Wishlist"]


def test_rank_override_and_target_with_the_risk_flag(roadmap: Roadmap):
    assert roadmap.edit("Wishlist", C.RANK_OVERRIDE, "1")
    assert roadmap.shown() == ["Wishlist", "Search", "Checkout"]
    assert roadmap.edit("Checkout", C.TARGET, "2026-01-12")  # before its forecast 16 Jan
    risk = roadmap.cell("Checkout", C.RISK)
    assert roadmap.cell("Checkout", C.TARGET).data() == "2026-01-12"
    assert risk.data() == "⚠ At risk"
    assert risk.data(Qt.ItemDataRole.ForegroundRole) == WARNING
    assert "after the target 12 Jan" in risk.data(Qt.ItemDataRole.ToolTipRole)
    assert roadmap.cell("Search", C.RISK).data(Qt.ItemDataRole.ForegroundRole) is None
    assert roadmap.edit("Checkout", C.TARGET, "")
    assert roadmap.cell("Checkout", C.RISK).data() == ""
    assert roadmap.edit("Wishlist", C.RANK_OVERRIDE, " ")
    assert roadmap.shown() == ["Search", "Checkout", "Wishlist"]


def test_sorting_by_any_column_numbers_as_numbers_blanks_last(roadmap: Roadmap):
    table = roadmap.view.table
    table.sortByColumn(C.REACH, Qt.SortOrder.AscendingOrder)  # 90 < 300 < 1000, not as text
    assert roadmap.shown() == ["Wishlist", "Checkout", "Search"]
    table.sortByColumn(C.REACH, Qt.SortOrder.DescendingOrder)
    assert roadmap.shown() == ["Search", "Checkout", "Wishlist"]
    table.sortByColumn(C.ITEM, Qt.SortOrder.DescendingOrder)
    assert roadmap.shown() == ["Wishlist", "Search", "Checkout"]
    assert roadmap.edit("Checkout", C.TARGET, "2026-03-01")
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        table.sortByColumn(C.TARGET, order)  # the two without a target stay last, by rank
        assert roadmap.shown() == ["Checkout", "Search", "Wishlist"]
    table.sortByColumn(C.SCORE, Qt.SortOrder.DescendingOrder)
    assert roadmap.edit("Search", C.REACH, "10")  # the sort follows the new scores
    assert roadmap.shown() == ["Checkout", "Wishlist", "Search"]
    table.sortByColumn(C.RANK, Qt.SortOrder.AscendingOrder)
    assert roadmap.shown() == ["Checkout", "Wishlist", "Search"]


def test_a_new_item_keeps_the_selection_and_passes_the_model_tester(
    roadmap: Roadmap, qtmodeltester
):
    view = roadmap.view
    qtmodeltester.check(view.model, force_py=True)  # stays connected for the changes below
    view.table.selectRow(roadmap.cell("Checkout", C.ITEM).row())
    item = CreateRoadmapItem(project_id=roadmap.project_id, theme_id=roadmap.theme_id, title="Ads")
    assert roadmap.controller.push(item)  # other items: a reset, the selection is put back
    roadmap.ids["Ads"] = item.task_id
    assert roadmap.shown() == ["Search", "Checkout", "Wishlist", "Ads"]
    assert view.selected_ids() == [roadmap.ids["Checkout"]]
    assert roadmap.edit("Ads", C.RANK_OVERRIDE, "2")  # a reorder: a layout change
    assert roadmap.shown() == ["Ads", "Search", "Checkout", "Wishlist"]
    assert view.selected_ids() == [roadmap.ids["Checkout"]]
    view.set_data(None)
    assert view.model.rowCount() == 0 and not view.model_box.isEnabled()


def test_double_click_opens_the_item_unless_the_cell_is_editable(roadmap: Roadmap, qtbot):
    view = roadmap.view
    view.resize(1600, 400)
    view.show()
    qtbot.waitExposed(view)
    opened: list[int] = []
    view.open_item.connect(opened.append)
    table = view.table
    for column in (C.ITEM, C.REACH):
        point = table.visualRect(roadmap.cell("Search", column)).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)  # press first
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == [roadmap.ids["Search"]]
    assert table.state() == table.State.EditingState  # the reach cell opened an editor


def test_typing_in_the_cell_editor_commits_one_edit(roadmap: Roadmap, qtbot):
    view = roadmap.view
    view.show()
    qtbot.waitExposed(view)
    table = view.table
    cell = roadmap.cell("Search", C.REACH)
    table.setCurrentIndex(cell)
    table.edit(cell)
    editor = table.viewport().findChild(QLineEdit)
    assert editor.text() == "1000"
    editor.setText("10")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits from the event loop
    qtbot.waitUntil(lambda: roadmap.controller.stack.count() == 1)
    qtbot.wait(50)
    assert roadmap.controller.stack.count() == 1  # committed once, not again on closing
    assert roadmap.shown() == ["Checkout", "Wishlist", "Search"]
    assert table.currentIndex() == roadmap.cell("Search", C.REACH)  # the cursor moved with it


def test_columns_fit_their_contents_once_the_table_shows(roadmap: Roadmap, qtbot):
    view = roadmap.view
    header = view.table.horizontalHeader()
    default = header.defaultSectionSize()
    assert header.sectionSize(C.RANK) == default  # hidden: not measured (the tab opens quicker)
    view.show()
    qtbot.waitExposed(view)
    fitted = max(view.table.sizeHintForColumn(C.RANK), header.sectionSizeHint(C.RANK))
    assert header.sectionSize(C.RANK) == fitted < default
    roadmap.reload()  # fitted once: later loads keep the widths the user may have dragged
    header.resizeSection(C.RANK, 77)
    roadmap.reload()
    assert header.sectionSize(C.RANK) == 77
