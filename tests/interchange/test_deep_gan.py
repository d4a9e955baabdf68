"""A ``.gan`` of a deep outline is written without recursion, in text that grows linearly with
the depth, and reads back as the same outline."""

import sys
from datetime import date
from xml.etree.ElementTree import fromstring

from ipmp_desktop.core.interchange.gan import read_gan, write_gan
from ipmp_desktop.core.interchange.plan import Plan, PlanTask

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
