"""GanttProject files with a deep outline (each task nested in the previous one), or the same
tasks side by side, for the deep-outline tests and benchmarks.

The text is written directly rather than with ``write_gan``: a generator must not lean on the
code under test, and a file of 20,000 nested tasks is a few string joins.
"""

START = "2027-01-04"  # a Monday


def outline_gan(tasks: int, *, nested: bool = True, steps: bool = False) -> bytes:
    """A ``.gan`` of ``tasks`` one-day tasks named ``Level <n>``, all starting on :data:`START`.

    Args:
        tasks: how many ``Level`` tasks.
        nested: each inside the one before it (else all at the top level).
        steps: each nested level also holds a leaf ``Step <n>`` first, which starts with the
            step of the level above (start-to-start), so the scheduler and the outline meet at
            every level; without steps only the last level is a leaf.

    Task ``n`` is 40 percent done when ``n`` is a multiple of 7, else 0. Every level links
    (finish-to-start) to the level three below it, which a project cannot hold when nested
    (a summary linked to its own subtask), so the import drops those links and says so.
    """
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<project name="Deep" view-date="2027-01-04" version="3.3.3309">'
        '<calendars><day-types><day-type id="0"/><day-type id="1"/>'
        '<default-week id="1" name="default" sun="1" mon="0" tue="0" wed="0" thu="0" fri="0" '
        'sat="1"/></day-types></calendars>'
        '<tasks empty-milestones="true">'
    ]
    for number in range(tasks):
        parts.append(_task(number, f"Level {number}"))
        if number + 3 < tasks:
            parts.append(f'<depend id="{number + 3}" type="2" difference="0" hardness="Strong"/>')
        if not nested:
            parts.append("</task>")
        elif steps:
            parts.append(_task(tasks + number, f"Step {number}"))
            if number + 1 < tasks:
                parts.append(f'<depend id="{tasks + number + 1}" type="1" difference="0"/>')
            parts.append("</task>")
    if nested:
        parts.append("</task>" * tasks)
    parts.append("</tasks></project>")
    return "\n".join(parts).encode()


def _task(number: int, name: str) -> str:
    complete = 40 if number % 7 == 0 else 0
    return f'<task id="{number}" name="{name}" start="{START}" duration="1" complete="{complete}">'
