"""The resources of an MS Project XML file and their assignments to tasks.

Work resources become the plan's people (keyed on ``UID``); UID 0, blank and unnamed rows are
skipped, and material and cost resources are not imported, as a plan's people are persons. An
assignment whose ``ResourceUID`` is -65535 names no resource and is not one.
"""

from collections import Counter
from xml.etree.ElementTree import Element

from ipmp_desktop.core.interchange.mspdi_schema import (
    NS,
    UNASSIGNED_RESOURCE,
    fields_of,
    float_field,
    int_field,
)
from ipmp_desktop.core.interchange.plan import PlanResource, PlanTask


def read_resources(
    root: Element, tasks: dict[int, PlanTask], counts: Counter[str]
) -> list[PlanResource]:
    """The people of the document ``root``, each assignment added to its task in ``tasks``
    (by task UID) as ``(resource key, units in percent)``; ``counts`` gathers what was left out.

    Raises:
        ValueError: a UID or units value that is not a number (the caller names the file).
    """
    kept: dict[int, PlanResource] = {}
    for element in root.iterfind(f"{NS}Resources/{NS}Resource"):
        fields = fields_of(element)
        uid = int_field(fields, "UID", 0)
        if uid == 0 or fields.get("IsNull") == "1" or uid in kept:
            continue
        if not fields.get("Name"):
            counts["unnamed_resource"] += 1
        elif int_field(fields, "Type", 1) != 1 or fields.get("IsCostResource") == "1":
            counts["material_resource"] += 1
        else:
            email = fields.get("EmailAddress", "")
            kept[uid] = PlanResource(str(uid), fields["Name"], email)
            counts["resource_notes"] += bool(fields.get("Notes"))
    for element in root.iterfind(f"{NS}Assignments/{NS}Assignment"):
        fields = fields_of(element)
        resource_uid = int_field(fields, "ResourceUID", UNASSIGNED_RESOURCE)
        if resource_uid == UNASSIGNED_RESOURCE:
            continue
        task = tasks.get(int_field(fields, "TaskUID", 0))
        resource = kept.get(resource_uid)
        if task is None or resource is None:
            counts["assignment_dropped"] += 1
            continue
        if any(key == resource.key for key, _ in task.assignments):
            counts["assignment_repeated"] += 1
            continue
        units = round(float_field(fields, "Units", 1.0) * 100)
        task.assignments.append((resource.key, max(0, min(units, 10_000))))
    return list(kept.values())
