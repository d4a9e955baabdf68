"""A person's first five minutes with IPMP (issue #13), with a real pointer and keyboard in a
real X window, on a fresh home folder: start ``ipmp`` with no argument, make a project, type
three tasks into the Gantt table, link two bars with the connector, add a card on the board and
drag it, undo and redo, export the Gantt to PDF from the menu, quit, start again: all there.

Every step is what a person does (keys and clicks through XTEST); the probe only says where
things are on screen and what the window shows.
"""

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from ipmp_desktop.core.db import Workspace
from tests.e2e.app_driver import DrivenApp, fresh_home_env
from tests.qt.print_support import pdf_pages

pytestmark = pytest.mark.e2e

PROJECT = "Website relaunch"
CARD = "Order the banners"


def planned_tasks(today: date) -> list[tuple[str, date, int]]:
    """Name, typed start and duration (working days) of the three tasks: Mondays after
    ``today``, so no weekend moves them and the first differs from the default start."""
    monday = today + timedelta(days=7 - today.weekday())
    return [
        ("Write the brief", monday, 3),
        ("Design the pages", monday + timedelta(days=14), 5),
        ("Launch", monday + timedelta(days=21), 1),
    ]


def row(seen: dict, name: str) -> dict | None:
    return next((r for r in seen["rows"] if r["name"] == name), None)


def type_task(app: DrivenApp, name: str, start: date, days: int) -> None:
    """Insert a row, type its name, then click its Duration and Start cells and type them."""
    app.keys("Insert")
    app.eventually(lambda s: s["focus"][0] == "QLineEdit", "Insert opened no name editor")
    app.type(name)
    app.keys("Return")
    app.eventually(lambda s: row(s, name) is not None, f"no row {name!r} after Enter")
    app.click(app.where("cell", name, "Duration"))
    app.type(str(days))
    app.keys("Return")
    app.click(app.where("cell", name, "Start"))
    app.type(start.isoformat())
    app.keys("Return")
    app.eventually(
        lambda s: (
            row(s, name)["start"] == start.isoformat() and row(s, name)["duration"] == f"{days} d"
        ),
        f"{name!r} did not take the typed start {start} and duration {days} d",
    )


def link_with_the_connector(app: DrivenApp, first: str, second: str) -> None:
    """Hover the first bar, check its finish connector shows, drag it onto the second bar."""
    app.click(app.where("table"))  # below the rows: no task selected, no connector shown
    connector = app.where("connector", first, "finish")
    before = app.ask("look", *connector, 4)
    app.move(app.where("bar", first))
    app.eventually(lambda s: s["hovered_bar"] is not None, f"hovering {first!r} marks no bar")
    after = app.ask("look", *connector, 4)
    assert after != before and len(after) > len(before), (
        f"no connector is drawn where {first!r}'s finish connector is: {before} → {after}"
    )
    app.drag(connector, app.where("bar_start", second))
    app.eventually(
        lambda s: row(s, second)["predecessors"] == "1" and s["undo"] == "&Undo Link tasks",
        f"dragging {first!r}'s connector onto {second!r} made no link",
    )


def quick_add_and_drag(app: DrivenApp) -> None:
    """Type a card into To do's quick-add line, Enter, then drag the card to In progress."""
    app.click(app.where("quick_add", "To do"))
    app.type(CARD)
    app.keys("Return")
    seen = app.eventually(
        lambda s: s["board"]["To do"][:1] == [CARD], "Enter in the quick-add line added no card"
    )
    assert seen["focus"][0] == "QLineEdit" and seen["focus_text"] == "", (
        f"after Enter the cursor left the quick-add line: {seen['focus']}"
    )
    app.drag(app.where("card", CARD), app.where("column", "In progress"))
    app.eventually(lambda s: s["board"]["In progress"] == [CARD], "the card did not move")


def export_gantt_pdf(app: DrivenApp, home: Path) -> Path:
    """File > Export…, Export…, accept the suggested file name; returns the PDF."""
    app.click(app.where("menu", "File"))
    app.eventually(lambda s: s["popup"] == "QMenu", "the File menu did not open")
    app.click(app.where("menu_item", "Export…"))
    app.eventually(lambda s: s["modal"] == "Print & Export — Gantt chart", "no Print & Export")
    app.click(app.where("button", "Export…"))
    seen = app.eventually(lambda s: s["modal"] == "Export", "Export… asked for no file name")
    pdf = home / seen["focus_text"]
    assert pdf.suffix == ".pdf", seen["focus_text"]
    app.keys("Return")
    app.eventually(
        lambda s: (
            s["modal"] == "Print & Export — Gantt chart" and f"Exported {pdf}." in s["modal_labels"]
        ),
        f"the dialog did not say it exported {pdf}",
        timeout=20,
    )
    app.click(app.where("button", "Close"))
    app.eventually(lambda s: s["modal"] is None, "Close left the dialog open")
    app.focus()  # no window manager gives the main window its focus back
    return pdf


def test_first_five_minutes(x_display, tmp_path):
    began = time.monotonic()
    home = tmp_path / "home"
    env = fresh_home_env(x_display, home)
    workspace = home / ".local" / "share" / "IPMP" / "My plans.ipmp"
    tasks = planned_tasks(date.today())
    app = DrivenApp(x_display, env)
    try:
        app.wait_for_window("My plans.ipmp — IPMP")
        seen = app.state()
        assert seen["location"] == str(workspace) and workspace.exists()
        assert seen["projects"] == [] and seen["welcome"], "a first start shows no welcome page"

        app.keys("ctrl+n")
        app.eventually(lambda s: s["modal"] == "New Project", "Ctrl+N opened no New Project")
        app.type(PROJECT)
        app.keys("Return")
        app.eventually(
            lambda s: s["project"] == PROJECT and s["modal"] is None and not s["welcome"],
            "Enter in New Project showed no new project",
        )
        app.focus()  # no window manager gives the main window its focus back

        app.keys("ctrl+2")
        app.eventually(lambda s: s["tab"] == "Gantt", "Ctrl+2 did not show the Gantt")
        for name, start, days in tasks:
            type_task(app, name, start, days)
        link_with_the_connector(app, tasks[0][0], tasks[1][0])

        app.keys("ctrl+1")
        app.eventually(lambda s: s["tab"] == "Board", "Ctrl+1 did not show the board")
        quick_add_and_drag(app)
        app.keys("ctrl+z")
        app.eventually(
            lambda s: s["board"]["In progress"] == [] and s["board"]["To do"][:1] == [CARD],
            "Ctrl+Z did not take the card back to To do",
        )
        app.keys("ctrl+shift+z")
        app.eventually(lambda s: s["board"]["In progress"] == [CARD], "Ctrl+Shift+Z did not redo")

        app.keys("ctrl+2")
        app.eventually(lambda s: s["tab"] == "Gantt", "Ctrl+2 did not show the Gantt")
        pdf = export_gantt_pdf(app, home)
        printed = "\n".join(pdf_pages(pdf))
        for name, _start, _days in tasks:
            assert name in printed, f"{name!r} is not in the exported PDF"
        app.quit_with_ctrl_q()
    finally:
        app.kill()

    again = DrivenApp(x_display, env)
    try:
        again.wait_for_window("My plans.ipmp — IPMP")
        seen = again.state()
        assert seen["project"] == PROJECT
        shown = [(r["name"], r["start"], r["duration"], r["predecessors"]) for r in seen["rows"]]
        expected = [(n, s.isoformat(), f"{d} d", "") for n, s, d in tasks] + [
            (CARD, seen["rows"][-1]["start"], "1 d", "")
        ]
        expected[1] = (*expected[1][:3], "1")
        assert shown == expected
        assert seen["board"]["In progress"] == [CARD]
        again.quit_with_ctrl_q()
    finally:
        again.kill()
    with Workspace.open(workspace) as opened, opened.reading() as session:
        links = session.execute(
            text(
                "SELECT p.title, s.title, d.type FROM dependency d "
                "JOIN task p ON p.id = d.predecessor_id JOIN task s ON s.id = d.successor_id"
            )
        ).all()
    assert [tuple(link) for link in links] == [(tasks[0][0], tasks[1][0], "FS")]
    assert time.monotonic() - began < 90, "the first five minutes took too long to drive"
