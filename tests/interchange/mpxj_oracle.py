"""Read a project file with MPXJ (Java, through JPype) and print what it holds as JSON.

    python tests/interchange/mpxj_oracle.py FILE [DATE ...]

An independent reader for the MS Project XML tests: it runs in its own process because a JVM
starts once per process and cannot be stopped and started again. It prints one JSON object:
``tasks`` (uid, name, start, finish, outline level, milestone, summary), ``links`` (predecessor
and successor uid, type, lag in days), ``resources``, ``assignments`` and, for each DATE given
(ISO), whether the project calendar works on it.
"""

import json
import sys


def main(path: str, dates: list[str]) -> dict[str, object]:
    import jpype
    import mpxj  # noqa: F401  # puts MPXJ's jars on the class path; must precede startJVM

    jpype.startJVM()
    from java.time import LocalDate  # type: ignore[import-not-found]
    from org.mpxj import TimeUnit  # type: ignore[import-not-found]
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    project = UniversalProjectReader().read(path)
    properties = project.getProjectProperties()
    tasks, links = [], []
    for task in project.getTasks():
        if task.getUniqueID() is None or int(task.getUniqueID()) == 0:
            continue
        tasks.append(
            {
                "uid": int(task.getUniqueID()),
                "name": str(task.getName() or ""),
                "start": str(task.getStart()) if task.getStart() else None,
                "finish": str(task.getFinish()) if task.getFinish() else None,
                "level": int(task.getOutlineLevel()),
                "milestone": bool(task.getMilestone()),
                "summary": bool(task.getSummary()),
            }
        )
        for relation in task.getPredecessors():
            lag = relation.getLag().convertUnits(TimeUnit.DAYS, properties)
            links.append(
                {
                    "predecessor": int(relation.getPredecessorTask().getUniqueID()),
                    "successor": int(relation.getSuccessorTask().getUniqueID()),
                    "type": str(relation.getType()),
                    "lag_days": float(lag.getDuration()),
                }
            )
    calendar = project.getDefaultCalendar()
    working = {day: bool(calendar.isWorkingDate(LocalDate.parse(day))) for day in dates}
    resources = [
        {"uid": int(r.getUniqueID()), "name": str(r.getName())}
        for r in project.getResources()
        if r.getName() is not None
    ]
    assignments = [
        {
            "task": int(a.getTask().getUniqueID()),
            "resource": int(a.getResource().getUniqueID()),
            "units": float(a.getUnits().doubleValue()),
        }
        for a in project.getResourceAssignments()
        if a.getResource() is not None
    ]
    return {
        "tasks": tasks,
        "links": links,
        "resources": resources,
        "assignments": assignments,
        "working": working,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2:])))
    sys.stdout.flush()
