"""Random command steps for the property test: one generator per command kind.

Each generator looks at a :class:`World` (the rows of the current dump) and draws a
:class:`Step`: a command class, its keyword arguments, and what must happen -- OK (it must
succeed), REFUSED (a stale id or bad value: it must raise a ``DomainError``) or EITHER. A small
oracle decides OK/REFUSED for well-formed steps whose fate depends on the data (moves, links).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from hypothesis import strategies as st

from ipmp_desktop.core.commands import (
    AddDependency,
    Command,
    CreateLabel,
    CreatePerson,
    CreateProject,
    CreateTask,
    DeleteProject,
    DeleteTasks,
    IndentTask,
    MoveTaskInOutline,
    OutdentTask,
    RemoveDependency,
    ReorderTask,
    SetAssignees,
    SetTaskLabels,
    UpdateDependency,
    UpdateProject,
    UpdateTask,
)
from ipmp_desktop.core.errors import CycleError
from ipmp_desktop.core.model import Base, DependencyType, TaskKind
from ipmp_desktop.core.scheduling.cpm import PlanLink, PlanTask, _Plan

Dump = dict[str, list[tuple[Any, ...]]]
Row = dict[str, Any]
Kwargs = dict[str, Any]

OK, REFUSED, EITHER = "ok", "refused", "either"
STALE = 999_999
"""An id no row ever gets in these short examples."""

ID_TABLES = ("project", "calendar", "board_column", "task", "dependency", "label", "person")
TEXT = st.characters(categories=("L", "N", "P", "Zs"), max_codepoint=0x2FFF)
TITLES = st.text(TEXT, min_size=1, max_size=12).filter(str.strip)
DESCRIPTIONS = st.text(TEXT, max_size=20)
DATES = st.dates(date(2000, 1, 1), date(2040, 12, 31))
LABEL_NAMES = st.sampled_from(["bug", "Bug", " bug ", "ui", "front  end"]) | TITLES
TASK_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "title": TITLES,
    "description": DESCRIPTIONS,
    "kind": st.sampled_from([str(kind) for kind in TaskKind]),
    "duration_days": st.integers(0, 60),
    "percent_complete": st.integers(0, 100),
    "priority": st.integers(0, 4),
    "estimate_hours": st.none() | st.floats(0, 1000, allow_nan=False, allow_infinity=False),
    "color": st.sampled_from([None, "", "#ff0000", "#00AA00", "#12345678"]),
    "archived": st.booleans(),
}


class World:
    """The rows of one dump as dicts, and every id seen so far in the example."""

    def __init__(self, snapshot: Dump, seen: dict[str, set[int]]) -> None:
        self.tables: dict[str, list[Row]] = {
            name: [
                dict(zip(Base.metadata.tables[name].columns.keys(), row, strict=True))
                for row in rows
            ]
            for name, rows in snapshot.items()
        }
        self.seen = seen
        for name in ID_TABLES:
            seen.setdefault(name, set()).update(self.ids(name))
        self.tasks = {row["id"]: row for row in self.tables["task"]}

    def ids(self, table: str, **where: Any) -> list[int]:
        return [r["id"] for r in self.tables[table] if all(r[k] == v for k, v in where.items())]

    def stale(self, table: str) -> list[int]:
        """Ids of rows deleted earlier in the example, and one never used."""
        return [*sorted(self.seen[table] - set(self.ids(table))), STALE]

    def children(self, parent_id: int | None, project_id: int) -> list[int]:
        """Children in outline order, as the core sorts them."""
        rows = [
            r
            for r in self.tasks.values()
            if r["parent_id"] == parent_id and r["project_id"] == project_id
        ]
        return [r["id"] for r in sorted(rows, key=lambda r: (r["wbs_rank"], r["id"]))]

    def ancestors(self, task_id: int) -> list[int]:
        chain = [task_id]
        while self.tasks[chain[-1]]["parent_id"] is not None:
            chain.append(self.tasks[chain[-1]]["parent_id"])
        return chain

    def subtree(self, task_id: int) -> set[int]:
        return {t for t in self.tasks if task_id in self.ancestors(t)}

    def schedulable(
        self, *, moved: tuple[int, int | None] | None = None, link: tuple[int, int] | None = None
    ) -> bool:
        """Whether the scheduler finds no cycle once a task is moved under a new parent or a
        link is added (links to a summary bind its subtasks, so cycles can run through one)."""
        parents = {i: row["parent_id"] for i, row in self.tasks.items()}
        if moved is not None:
            parents[moved[0]] = moved[1]
        links = [(d["predecessor_id"], d["successor_id"]) for d in self.tables["dependency"]]
        links += [link] if link is not None else []
        plan = _Plan(
            [PlanTask(i, 1, parent_id=p) for i, p in parents.items()],
            [PlanLink(a, b) for a, b in links],
        )
        try:
            plan.topological_order()
        except CycleError:
            return False
        return True

    def links_into_branch(self, task_id: int, parent_id: int | None) -> bool:
        """Whether moving ``task_id`` under ``parent_id`` would put a task under a summary it
        is linked with (the core refuses that, as AddDependency does)."""
        if parent_id is None:
            return False
        moving = self.subtree(task_id)
        above = {parent_id, *self.ancestors(parent_id)}
        return any(
            (d["predecessor_id"] in moving and d["successor_id"] in above)
            or (d["predecessor_id"] in above and d["successor_id"] in moving)
            for d in self.tables["dependency"]
        )

    def linked(self, start: int, goal: int) -> bool:
        """Whether a dependency path leads from ``start`` to ``goal``."""
        frontier, seen = [start], {start}
        while frontier:
            here = frontier.pop()
            for dep in self.tables["dependency"]:
                if dep["predecessor_id"] == here and dep["successor_id"] not in seen:
                    if dep["successor_id"] == goal:
                        return True
                    seen.add(dep["successor_id"])
                    frontier.append(dep["successor_id"])
        return False

    def projects_with_tasks(self) -> list[int]:
        return sorted({row["project_id"] for row in self.tasks.values()})


@dataclass
class Step:
    """One command to build and apply, and what must happen: OK, REFUSED or EITHER."""

    command: type[Command]
    kwargs: Kwargs
    expect: str

    def __str__(self) -> str:
        return f"{self.command.__name__}({self.kwargs}) expect={self.expect}"


def pick(data: st.DataObject, items: Any) -> Any:
    return data.draw(st.sampled_from(list(items)))


def maybe(data: st.DataObject, items: Any) -> Any:
    items = list(items)
    return pick(data, items) if items and data.draw(st.booleans()) else None


def subset(data: st.DataObject, items: Any, max_size: int = 3) -> list[Any]:
    items = list(items)
    return data.draw(st.lists(st.sampled_from(items), max_size=max_size)) if items else []


def flawed(
    data: st.DataObject,
    command: type[Command],
    kwargs: Kwargs,
    flaws: dict[str, Callable[[], Kwargs]],
) -> Step:
    """Usually the step as built; about one time in five a variant that must be refused."""
    if flaws and data.draw(st.integers(0, 4)) == 0:
        return Step(command, flaws[pick(data, sorted(flaws))](), REFUSED)
    return Step(command, kwargs, OK)


def other_project(w: World, project_id: int, *, with_tasks: bool = False) -> list[int]:
    pool = w.projects_with_tasks() if with_tasks else w.ids("project")
    return [p for p in pool if p != project_id]


def dates_pair(data: st.DataObject) -> tuple[date | None, date | None]:
    first, second = data.draw(st.none() | DATES), data.draw(st.none() | DATES)
    if first is not None and second is not None and second < first:
        first, second = second, first
    return first, second


# -- one generator per command kind; None when the workspace lacks what it needs -------------


def gen_create_project(data: st.DataObject, w: World) -> Step:
    kw = {
        "name": data.draw(TITLES),
        "start": data.draw(DATES),
        "calendar_id": maybe(data, w.ids("calendar")),
    }
    return flawed(
        data,
        CreateProject,
        kw,
        {
            "blank": lambda: {**kw, "name": "   "},
            "no start": lambda: {**kw, "start": None},
            "early": lambda: {**kw, "start": date(1800, 1, 1)},
            "calendar": lambda: {**kw, "calendar_id": pick(data, w.stale("calendar"))},
        },
    )


def gen_update_project(data: st.DataObject, w: World) -> Step | None:
    if not w.ids("project"):
        return None
    values = {
        "name": TITLES,
        "description": DESCRIPTIONS,
        "start": DATES,
        "calendar_id": st.sampled_from([None, *w.ids("calendar")]),
    }
    fields = data.draw(st.lists(st.sampled_from(sorted(values)), min_size=1, unique=True))
    kw = {"project_id": pick(data, w.ids("project"))}
    kw |= {name: data.draw(values[name]) for name in fields}
    return flawed(
        data,
        UpdateProject,
        kw,
        {
            "stale": lambda: {**kw, "project_id": pick(data, w.stale("project"))},
            "blank": lambda: {**kw, "name": ""},
            "no start": lambda: {**kw, "start": None},
            "calendar": lambda: {**kw, "calendar_id": pick(data, w.stale("calendar"))},
            "unknown": lambda: {**kw, "color": "#ffffff"},
            "nothing": lambda: {"project_id": kw["project_id"]},
        },
    )


def gen_delete_project(data: st.DataObject, w: World) -> Step | None:
    if not w.ids("project"):
        return None
    kw = {"project_id": pick(data, w.ids("project"))}
    return flawed(
        data, DeleteProject, kw, {"stale": lambda: {"project_id": pick(data, w.stale("project"))}}
    )


def gen_create_task(data: st.DataObject, w: World) -> Step | None:
    if not w.ids("project"):
        return None
    project = pick(data, w.ids("project"))
    parent = maybe(data, w.ids("task", project_id=project))
    start, finish = dates_pair(data)
    kw = {
        "project_id": project,
        "title": data.draw(TITLES),
        "parent_id": parent,
        "after_id": maybe(data, w.children(parent, project)),
        "kind": data.draw(TASK_VALUES["kind"]),
        "start": start,
        "finish": finish,
        "duration_days": data.draw(TASK_VALUES["duration_days"]),
        "column_id": maybe(data, w.ids("board_column", project_id=project)),
        "description": data.draw(DESCRIPTIONS),
        "priority": data.draw(TASK_VALUES["priority"]),
    }
    flaws = {
        "stale project": lambda: {**kw, "project_id": pick(data, w.stale("project"))},
        "blank": lambda: {**kw, "title": " \t "},
        "dates": lambda: {
            **kw,
            "kind": "task",
            "start": date(2030, 2, 2),
            "finish": date(2030, 2, 1),
        },
        "kind": lambda: {**kw, "kind": "saga"},
        "priority": lambda: {**kw, "priority": 9},
        "duration": lambda: {**kw, "duration_days": -1},
        "stale parent": lambda: {**kw, "parent_id": pick(data, w.stale("task")), "after_id": None},
        "stale after": lambda: {**kw, "after_id": pick(data, w.stale("task"))},
    }
    strangers = [t for t in w.tasks if t not in w.children(parent, project)]
    if strangers:
        flaws["after elsewhere"] = lambda: {**kw, "after_id": pick(data, strangers)}
    others = other_project(w, project, with_tasks=True)
    if others:
        flaws["parent elsewhere"] = lambda: {
            **kw,
            "after_id": None,
            "parent_id": pick(data, w.ids("task", project_id=pick(data, others))),
        }
    if other_project(w, project):
        flaws["column elsewhere"] = lambda: {
            **kw,
            "column_id": pick(
                data,
                [
                    c
                    for c in w.ids("board_column")
                    if c not in w.ids("board_column", project_id=project)
                ],
            ),
        }
    return flawed(data, CreateTask, kw, flaws)


def gen_update_task(data: st.DataObject, w: World) -> Step | None:
    if not w.tasks:
        return None
    fields = data.draw(st.lists(st.sampled_from([*TASK_VALUES, "dates"]), min_size=1, unique=True))
    kw: Kwargs = {"task_id": pick(data, w.tasks)}
    for name in fields:
        if name == "dates":
            kw["start"], kw["finish"] = dates_pair(data)
        else:
            kw[name] = data.draw(TASK_VALUES[name])
    bad_values: dict[str, Kwargs] = {
        "blank": {"title": "  "},
        "percent": {"percent_complete": 101},
        "duration": {"duration_days": -5},
        "color": {"color": "red"},
        "priority": {"priority": 9},
        "kind": {"kind": "saga"},
        "estimate": {"estimate_hours": -1.0},
        "archived": {"archived": "yes"},
        "description": {"description": 5},
        "dates": {"start": date(2030, 2, 2), "finish": date(2030, 2, 1)},
        "unknown": {"owner": 1},
    }
    flaws = {name: (lambda bad=bad: {**kw, **bad}) for name, bad in bad_values.items()}
    flaws["stale"] = lambda: {**kw, "task_id": pick(data, w.stale("task"))}
    flaws["nothing"] = lambda: {"task_id": kw["task_id"]}
    return flawed(data, UpdateTask, kw, flaws)


def gen_delete_tasks(data: st.DataObject, w: World) -> Step | None:
    if not w.tasks:
        return None
    project = pick(data, w.projects_with_tasks())
    chosen = data.draw(
        st.lists(st.sampled_from(w.ids("task", project_id=project)), min_size=1, max_size=3)
    )
    kw = {"task_ids": chosen}
    flaws = {
        "empty": lambda: {"task_ids": []},
        "stale": lambda: {"task_ids": [*chosen, pick(data, w.stale("task"))]},
    }
    others = other_project(w, project, with_tasks=True)
    if others:
        flaws["two projects"] = lambda: {
            "task_ids": [*chosen, pick(data, w.ids("task", project_id=pick(data, others)))]
        }
    return flawed(data, DeleteTasks, kw, flaws)


def gen_move_task(data: st.DataObject, w: World) -> Step | None:
    if not w.tasks:
        return None
    task = pick(data, w.tasks)
    project = w.tasks[task]["project_id"]
    parent = maybe(data, w.ids("task", project_id=project))
    after = (
        maybe(data, w.children(parent, project))
        if data.draw(st.booleans())
        else maybe(data, w.ids("task", project_id=project))
    )
    kw = {"task_id": task, "parent_id": parent, "after_id": after}
    refused = (
        (parent is not None and parent in w.subtree(task))
        or (after is not None and (after == task or after not in w.children(parent, project)))
        or (
            parent is not None
            and parent not in w.subtree(task)
            and (w.links_into_branch(task, parent) or not w.schedulable(moved=(task, parent)))
        )
    )
    flaws = {
        "stale": lambda: {**kw, "task_id": pick(data, w.stale("task"))},
        "stale parent": lambda: {**kw, "parent_id": pick(data, w.stale("task"))},
    }
    others = other_project(w, project, with_tasks=True)
    if others:
        flaws["parent elsewhere"] = lambda: {
            **kw,
            "parent_id": pick(data, w.ids("task", project_id=pick(data, others))),
        }
    step = flawed(data, MoveTaskInOutline, kw, flaws)
    if refused:
        step.expect = REFUSED
    return step


def gen_shift_task(data: st.DataObject, w: World) -> Step | None:
    """IndentTask, OutdentTask or ReorderTask; the oracle says whether the outline allows it."""
    if not w.tasks:
        return None
    command = pick(data, [IndentTask, OutdentTask, ReorderTask])
    offset = pick(data, [-1, 1])

    def allowed(task: int) -> bool:
        row = w.tasks[task]
        siblings = w.children(row["parent_id"], row["project_id"])
        index = siblings.index(task)
        if command is IndentTask:
            return (
                index > 0
                and not w.links_into_branch(task, siblings[index - 1])
                and w.schedulable(moved=(task, siblings[index - 1]))
            )
        if command is OutdentTask and row["parent_id"] is not None:
            return w.schedulable(moved=(task, w.tasks[row["parent_id"]]["parent_id"]))
        if command is OutdentTask:
            return row["parent_id"] is not None
        return 0 <= index + offset < len(siblings)

    movable = [t for t in w.tasks if allowed(t)]
    task = pick(data, movable if movable and data.draw(st.booleans()) else w.tasks)
    kw: Kwargs = {"task_id": task} | ({"offset": offset} if command is ReorderTask else {})
    flaws = {"stale": lambda: {**kw, "task_id": pick(data, w.stale("task"))}}
    if command is ReorderTask:
        flaws["offset"] = lambda: {**kw, "offset": pick(data, [0, 2, -3])}
    step = flawed(data, command, kw, flaws)
    if not allowed(task):
        step.expect = REFUSED
    return step


def gen_add_dependency(data: st.DataObject, w: World) -> Step | None:
    if not w.tasks:
        return None
    project = pick(data, w.projects_with_tasks())
    tasks = w.ids("task", project_id=project)
    pred, succ = pick(data, tasks), pick(data, tasks)
    kw = {
        "predecessor_id": pred,
        "successor_id": succ,
        "type": pick(data, [str(t) for t in DependencyType]),
        "lag_days": data.draw(st.integers(-10, 10)),
    }
    refused = (
        pred == succ
        or pred in w.ancestors(succ)
        or succ in w.ancestors(pred)
        or w.linked(succ, pred)
        or any(
            d["predecessor_id"] == pred and d["successor_id"] == succ
            for d in w.tables["dependency"]
        )
        or not w.schedulable(link=(pred, succ))
    )
    flaws = {
        "type": lambda: {**kw, "type": "XY"},
        "lag": lambda: {**kw, "lag_days": 10_001},
        "bool lag": lambda: {**kw, "lag_days": True},
        "stale": lambda: {**kw, "successor_id": pick(data, w.stale("task"))},
    }
    chains = [(a, b) for a in tasks for b in tasks if a != b and w.linked(a, b)]
    if chains:
        flaws["cycle"] = lambda: (
            dict(zip(("successor_id", "predecessor_id"), pick(data, chains), strict=True))
            | {"type": kw["type"], "lag_days": 0}
        )
    others = other_project(w, project, with_tasks=True)
    if others:
        flaws["elsewhere"] = lambda: {
            **kw,
            "successor_id": pick(data, w.ids("task", project_id=pick(data, others))),
        }
    step = flawed(data, AddDependency, kw, flaws)
    if refused:
        step.expect = REFUSED
    return step


def gen_update_dependency(data: st.DataObject, w: World) -> Step | None:
    if not w.ids("dependency"):
        return None
    kw: Kwargs = {"dependency_id": pick(data, w.ids("dependency"))}
    if data.draw(st.booleans()):
        kw["type"] = pick(data, [str(t) for t in DependencyType])
    if "type" not in kw or data.draw(st.booleans()):
        kw["lag_days"] = data.draw(st.integers(-10_000, 10_000))
    return flawed(
        data,
        UpdateDependency,
        kw,
        {
            "stale": lambda: {**kw, "dependency_id": pick(data, w.stale("dependency"))},
            "type": lambda: {**kw, "type": "XX"},
            "lag": lambda: {**kw, "lag_days": -10_001},
            "unknown": lambda: {**kw, "successor_id": 1},
            "nothing": lambda: {"dependency_id": kw["dependency_id"]},
        },
    )


def gen_remove_dependency(data: st.DataObject, w: World) -> Step | None:
    if not w.ids("dependency"):
        return None
    kw = {"dependency_id": pick(data, w.ids("dependency"))}
    return flawed(
        data,
        RemoveDependency,
        kw,
        {"stale": lambda: {"dependency_id": pick(data, w.stale("dependency"))}},
    )


def gen_create_label(data: st.DataObject, w: World) -> Step | None:
    if not w.ids("project"):
        return None
    project = pick(data, w.ids("project"))
    kw = {
        "project_id": project,
        "name": data.draw(LABEL_NAMES),
        "color": pick(data, ["#808080", "#12AB34", ""]),
    }
    taken = {r["name"] for r in w.tables["label"] if r["project_id"] == project}
    step = flawed(
        data,
        CreateLabel,
        kw,
        {
            "stale": lambda: {**kw, "project_id": pick(data, w.stale("project"))},
            "blank": lambda: {**kw, "name": "  "},
            "color": lambda: {**kw, "color": "blue"},
        },
    )
    if " ".join(step.kwargs["name"].split()) in taken:
        step.expect = REFUSED
    return step


def gen_create_person(data: st.DataObject, w: World) -> Step:
    kw = {"name": data.draw(TITLES), "email": pick(data, ["", "ada@example.org", " x@y.z "])}
    return flawed(
        data,
        CreatePerson,
        kw,
        {
            "blank": lambda: {**kw, "name": ""},
            "email": lambda: {**kw, "email": "nope"},
            "spaced email": lambda: {**kw, "email": "a b@c.d"},
        },
    )


def gen_set_task_labels(data: st.DataObject, w: World) -> Step | None:
    if not w.tasks:
        return None
    task = pick(data, w.tasks)
    project = w.tasks[task]["project_id"]
    kw = {"task_id": task, "label_ids": subset(data, w.ids("label", project_id=project))}
    flaws = {
        "stale": lambda: {**kw, "task_id": pick(data, w.stale("task"))},
        "stale label": lambda: {
            **kw,
            "label_ids": [*kw["label_ids"], pick(data, w.stale("label"))],
        },
    }
    foreign = [r["id"] for r in w.tables["label"] if r["project_id"] != project]
    if foreign:
        flaws["label elsewhere"] = lambda: {**kw, "label_ids": [pick(data, foreign)]}
    return flawed(data, SetTaskLabels, kw, flaws)


def gen_set_assignees(data: st.DataObject, w: World) -> Step | None:
    if not w.tasks:
        return None
    kw = {"task_id": pick(data, w.tasks), "person_ids": subset(data, w.ids("person"))}
    return flawed(
        data,
        SetAssignees,
        kw,
        {
            "stale": lambda: {**kw, "task_id": pick(data, w.stale("task"))},
            "stale person": lambda: {**kw, "person_ids": [pick(data, w.stale("person"))]},
        },
    )


GENERATORS: list[Callable[[st.DataObject, World], Step | None]] = [
    gen_create_task,
    gen_create_project,
    gen_update_project,
    gen_delete_project,
    gen_create_task,
    gen_create_task,
    gen_update_task,
    gen_update_task,
    gen_delete_tasks,
    gen_move_task,
    gen_move_task,
    gen_shift_task,
    gen_shift_task,
    gen_shift_task,
    gen_add_dependency,
    gen_add_dependency,
    gen_add_dependency,
    gen_update_dependency,
    gen_remove_dependency,
    gen_create_label,
    gen_create_person,
    gen_set_task_labels,
    gen_set_assignees,
]
