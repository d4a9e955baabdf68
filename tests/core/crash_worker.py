"""Child process of ``test_crash_safety``: edits a workspace file in a loop until it is killed.

Usage: ``python crash_worker.py PATH SEED ROUND``. The workspace must hold exactly one project.

Protocol on stdout, one flushed line each. ``DO`` is printed before ``apply()`` and ``ACK`` after
it returned (so the commit is done); a ``DO`` without its ``ACK`` was in flight at the kill::

    READY
    DO <n> CREATE <parent_id or -> <title>    ACK <n> <task_id>
    DO <n> RENAME <task_id> <title>           ACK <n>
    DO <n> DELETE <task_id>                   ACK <n>
    DO <n> LINK <pred_id> <succ_id>           ACK <n> <dependency_id>   or   NACK <n> <error>
    DO <n> UNLINK <dependency_id>             ACK <n>

Titles are ``t<round>.<n>``, unique over the whole test.
"""

import itertools
import random
import sys

from sqlalchemy import select

from ipmp_desktop.core.commands import (
    AddDependency,
    CreateTask,
    DeleteTasks,
    RemoveDependency,
    UpdateTask,
    apply,
)
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.errors import DomainError
from ipmp_desktop.core.model import Dependency, Project, Task

MAX_TASKS = 60


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(path: str, seed: str, round_: str) -> None:
    rng = random.Random(f"{seed}/{round_}")
    workspace = Workspace.open(path)
    with workspace.reading() as session:
        project_id = session.scalars(select(Project.id)).one()
        tasks: dict[int, int | None] = dict(session.execute(select(Task.id, Task.parent_id)).all())
        links = {
            row.id: (row.predecessor_id, row.successor_id)
            for row in session.execute(
                select(Dependency.id, Dependency.predecessor_id, Dependency.successor_id)
            )
        }
    say("READY")
    for n in itertools.count():
        title = f"t{round_}.{n}"
        ops = ["CREATE"] * 7 + ["RENAME"] * 5 * bool(tasks) + ["DELETE"] * 2 * bool(tasks)
        ops += ["LINK"] * 4 * (len(tasks) > 1) + ["UNLINK"] * 2 * bool(links)
        op = "DELETE" if len(tasks) > MAX_TASKS else rng.choice(ops)
        if op == "CREATE":
            parent = rng.choice(sorted(tasks)) if tasks and rng.random() < 0.3 else None
            say(f"DO {n} CREATE {parent or '-'} {title}")
            create = CreateTask(project_id=project_id, title=title, parent_id=parent)
            apply(workspace, create)
            assert create.task_id is not None
            tasks[create.task_id] = parent
            say(f"ACK {n} {create.task_id}")
        elif op == "RENAME":
            task = rng.choice(sorted(tasks))
            say(f"DO {n} RENAME {task} {title}")
            apply(workspace, UpdateTask(task_id=task, title=title))
            say(f"ACK {n}")
        elif op == "DELETE":
            task = rng.choice(sorted(tasks))
            say(f"DO {n} DELETE {task}")
            delete = DeleteTasks(task_ids=[task])
            apply(workspace, delete)
            for gone in delete.all_ids:
                del tasks[gone]
            for gone in delete.dependency_ids:
                del links[gone]
            say(f"ACK {n}")
        elif op == "LINK":
            pred, succ = rng.sample(sorted(tasks), 2)
            say(f"DO {n} LINK {pred} {succ}")
            link = AddDependency(predecessor_id=pred, successor_id=succ)
            try:
                apply(workspace, link)
            except DomainError as error:
                say(f"NACK {n} {type(error).__name__}")
                continue
            assert link.dependency_id is not None
            links[link.dependency_id] = (pred, succ)
            say(f"ACK {n} {link.dependency_id}")
        else:
            dependency = rng.choice(sorted(links))
            say(f"DO {n} UNLINK {dependency}")
            apply(workspace, RemoveDependency(dependency_id=dependency))
            del links[dependency]
            say(f"ACK {n}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
