"""The sentences an MS Project XML import adds to its report: what it mapped, what it dropped.

The reader counts what it met (``Counter`` keys below); these functions turn the counts into one
sentence each, so the report says how many tasks each mapping or loss touched.
"""

import re
from collections import Counter
from xml.etree.ElementTree import Element

from ipmp_desktop.core.interchange.mspdi_schema import NS
from ipmp_desktop.core.interchange.plan import ImportReport

_MAPPED = {
    "level_jump": "{n} task{s} whose outline level is more than one below the row above "
    "[is|are] placed one level below it.",
    "milestone_parent": "{n} milestone{s} with subtasks [becomes a summary task|become summary "
    "tasks].",
    "untitled": "{n} task{s} without a name [is|are] named 'Task <UID>'.",
    "long_milestone": "{n} milestone{s} with a duration [becomes a zero-length milestone|become "
    "zero-length milestones].",
    "zero_duration": "{n} task{s} of zero duration [becomes a milestone|become milestones].",
    "percent": "{n} percentage{s} complete outside 0-100 [is|are] clamped.",
    "manual": "{n} manually scheduled task{s} [stays|stay] manual and [keeps its|keep their] "
    "dates.",
    "inactive": "{n} inactive task{s} [is|are] imported as archived.",
    "elapsed": "{n} elapsed duration{s} (24 hours a day, every day) [is|are] counted in working "
    "days of the project calendar from the task's start.",
    "span": "{n} task{s} [has a duration that does|have durations that do] not fill [its|their] "
    "dates on the project calendar (a task or resource calendar, a split or a late finish in "
    "MS Project); the duration is kept and our scheduler sets the finish.",
    "short": "{n} duration{s} shorter than a day [is|are] rounded up to one working day.",
    "fraction": "{n} duration{s} that [is|are] not a whole number of days [is|are] rounded to "
    "the nearest day.",
    "priority": "{n} priorit[y is|ies are] mapped from MS Project's 0-1000 (500 normal): below "
    "500 low, 501-699 medium, 700-899 high, 900 and above critical.",
    "constraint_3": "{n} 'must finish on' constraint{s} [becomes|become] 'must start on' the day "
    "that makes the task finish on that date.",
    "constraint_5": "{n} 'start no later than' constraint{s} [becomes|become] 'finish no later "
    "than' the day a task starting on that date finishes.",
    "constraint_6": "{n} 'finish no earlier than' constraint{s} [becomes|become] 'start no "
    "earlier than' the day that makes the task finish on that date.",
    "link_type": "{n} link{s} of an unknown type [is|are] read as finish-to-start.",
    "percent_lag": "{n} lag{s} given as a percentage of the predecessor's duration [is|are] "
    "converted to working days.",
    "elapsed_lag": "{n} elapsed lag{s} [is|are] converted to working days (calendar days times "
    "working days a week over seven).",
    "lag_fraction": "{n} lag{s} that [is|are] not a whole number of working days [is|are] "
    "rounded to the nearest day.",
}

_DROPPED = {
    "blank": "{n} blank task row{s} [is|are] skipped.",
    "external": "{n} external task{s} (placeholders for other projects' tasks) [is|are] not "
    "imported.",
    "constraint_1": "{n} 'as late as possible' constraint{s} [is|are] not kept: such tasks are "
    "scheduled as soon as possible.",
    "constraint_no_date": "{n} constraint{s} without a date [is|are] not kept.",
    "cross_project": "{n} link{s} to [a task of another project is|tasks of other projects "
    "are] not kept.",
    "dangling": "{n} link{s} from [a task that is|tasks that are] not imported [is|are] not kept.",
    "unnamed_resource": "{n} resource{s} without a name [is|are] not imported.",
    "material_resource": "{n} material or cost resource{s} [is|are] not imported: only people are.",
    "resource_notes": "The notes of {n} resource{s} are not kept.",
    "assignment_dropped": "{n} assignment{s} of resources or tasks that are not imported [is|are] "
    "not kept.",
    "assignment_repeated": "{n} repeated assignment{s} of one resource to one task [is|are] "
    "dropped.",
}

_CHOICE = re.compile(r"\[([^|\]]*)\|([^\]]*)\]")


def say(template: str, n: int) -> str:
    """``template`` for a count of ``n``: ``{n}`` is the count, ``{s}`` an "s" when it is not
    one, and ``[one|many]`` picks the words that agree with it."""
    pick = 1 if n == 1 else 2
    text = _CHOICE.sub(lambda match: match.group(pick), template)
    return text.format(n=n, s="" if n == 1 else "s")


def report_mappings(counts: Counter[str], report: ImportReport, minutes_per_day: int) -> None:
    """One sentence in ``report`` for each count the reader gathered."""
    if minutes_per_day != 480:
        report.map(f"Durations are converted at {minutes_per_day / 60:g} working hours a day.")
    for key, sentence in _MAPPED.items():
        if counts[key]:
            report.map(say(sentence, counts[key]))
    for key, sentence in _DROPPED.items():
        if counts[key]:
            report.drop(say(sentence, counts[key]))
    unknown = sum(
        value
        for key, value in counts.items()
        if key.startswith("constraint_") and key[11:].isdigit() and not 1 <= int(key[11:]) <= 7
    )
    if unknown:
        report.drop(say("{n} constraint{s} of an unknown type [is|are] not kept.", unknown))


def report_extras(
    root: Element, tasks: dict[int, Element], calendars: int, report: ImportReport
) -> None:
    """Name what the file holds that a plan has no place for (costs, custom fields, ...)."""
    if calendars > 0:
        report.drop(
            say(
                "{n} other calendar{s} (of resources or tasks) [is|are] not imported; every "
                "task follows the project calendar.",
                calendars,
            )
        )
    found: Counter[str] = Counter()
    wanted = ("ExtendedAttribute", "Cost", "FixedCost", "HyperlinkAddress", "Deadline")
    names = {f"{NS}{name}": name for name in (*wanted, "CalendarUID")}
    for element in tasks.values():
        for child in element:
            name = names.get(child.tag)
            if name is None:
                continue
            text = (child.text or "").strip()
            if name == "ExtendedAttribute":
                found["custom"] += 1
            elif name in ("Cost", "FixedCost") and _nonzero(text):
                found["cost"] += 1
            elif name in ("HyperlinkAddress", "Deadline") and text:
                found[name] += 1
            elif name == "CalendarUID" and text not in ("", "-1"):
                found["calendar"] += 1
    timephased = sum(1 for _ in root.iter(f"{NS}TimephasedData"))
    sentences = {
        "custom": "{n} custom field value{s} of tasks [is|are] not kept.",
        "cost": "{n} task cost{s} [is|are] not kept.",
        "HyperlinkAddress": "{n} task hyperlink{s} [is|are] not kept.",
        "Deadline": "{n} task deadline{s} [is|are] not kept.",
        "calendar": "{n} task{s} with a calendar of [its|their] own [follows|follow] the project "
        "calendar.",
    }
    for key, sentence in sentences.items():
        if found[key]:
            report.drop(say(sentence, found[key]))
    if timephased:
        report.drop(say("{n} timephased work and cost record{s} [is|are] not kept.", timephased))


def _nonzero(text: str) -> bool:
    try:
        return float(text or 0) != 0
    except ValueError:
        return False
