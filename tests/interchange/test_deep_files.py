"""Deep outlines in files: a ``.gan`` is written without recursion, in text that grows linearly
with the depth, and reads back as the same outline; an iCalendar chain of parents is read in
work that grows linearly with its length."""

import sys
from datetime import date
from xml.etree.ElementTree import fromstring

from ipmp_desktop.core.interchange.gan import read_gan, write_gan
from ipmp_desktop.core.interchange.ical_read import read_ical
from ipmp_desktop.core.interchange.plan import Plan, PlanTask
from tests.deep_outline import count_lines

LEVELS = 3000


def deep_plan(levels: int) -> Plan:
    plan = Plan(name="Deep", start=date(2027, 1, 4))
    for number in range(levels):
        plan.tasks.append(
            PlanTask(
                key=str(number + 1),
                title=f"Level {number} & <co>",
                parent=str(number) if number else None,
                start=date(2027, 1, 4),
                duration_days=1,
            )
        )
    plan.tasks[-1].notes = 'Quotes " and\nnew lines & <tags>'
    return plan


def test_a_deep_outline_is_written_and_read_back() -> None:
    assert sys.getrecursionlimit() < LEVELS  # so recursing per level would fail
    data = write_gan(deep_plan(LEVELS))
    assert len(data) < 400 * LEVELS  # indenting every level would make it ~6,000 per task
    back = read_gan(data, "deep.gan")
    assert [(t.key, t.parent, t.title) for t in back.tasks] == [
        (t.key, t.parent, t.title) for t in deep_plan(LEVELS).tasks
    ]
    assert back.tasks[-1].notes == 'Quotes " and\nnew lines & <tags>'
    assert back.tasks[0].kind == "summary" and back.tasks[-1].kind == "task"


def test_a_shallow_file_is_indented_one_element_a_line() -> None:
    data = write_gan(deep_plan(3))
    lines = data.decode().splitlines()
    assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
    task_lines = [line for line in lines if line.lstrip().startswith("<task ")]
    indents = [len(line) - len(line.lstrip()) for line in task_lines]
    assert indents[1] - indents[0] == indents[2] - indents[1] == 4
    assert 'name="Level 0 &amp; &lt;co&gt;"' in task_lines[0]
    assert fromstring(data).tag == "project"


def ical_chain(entries: int) -> bytes:
    """``entries`` to-dos, each the parent of the one listed before it (so the deepest comes
    first in the file), then a circle of three that names one another as parents."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//deep//EN"]
    for number in reversed(range(entries)):
        lines += ["BEGIN:VTODO", f"UID:t{number}", f"SUMMARY:Level {number}"]
        if number:
            lines.append(f"RELATED-TO;RELTYPE=PARENT:t{number - 1}")
        lines.append("END:VTODO")
    for number, parent in (("x", "z"), ("y", "x"), ("z", "y")):
        lines += ["BEGIN:VTODO", f"UID:{number}", f"RELATED-TO:{parent}", "END:VTODO"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_deep_chain_of_calendar_parents_reads_in_linear_work() -> None:
    plan = read_ical(ical_chain(LEVELS), "deep.ics")
    keys = [task.key for task in plan.tasks]
    assert keys[:LEVELS] == [f"t{n}" for n in range(LEVELS)]  # parents first
    assert plan.tasks[LEVELS - 1].parent == f"t{LEVELS - 2}"
    # the circle x -> z -> y -> x is cut at x, the first of it in the file
    assert [(t.key, t.parent) for t in plan.tasks[LEVELS:]] == [
        ("x", None),
        ("y", "x"),
        ("z", "y"),
    ]
    small = count_lines(lambda: read_ical(ical_chain(500), "deep.ics"))
    large = count_lines(lambda: read_ical(ical_chain(2000), "deep.ics"))
    assert large < 4.6 * small, (small, large)
