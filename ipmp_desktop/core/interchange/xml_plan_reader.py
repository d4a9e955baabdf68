"""What the readers of nested-XML project files (GanttProject, GNOME Planner) share.

Both formats nest ``<task>`` elements to make the outline, list ``<resource>`` elements with an
integer ``id`` and ``<allocation>`` elements joining a ``task-id`` to a ``resource-id``, and
report what they cannot keep as counted sentences. :class:`XmlPlanReader` does those parts once;
each format's reader subclasses it and reads the rest of its format.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from xml.etree.ElementTree import Element

from ipmp_desktop.core.interchange.plan import InterchangeError, Plan, PlanResource, PlanTask
from ipmp_desktop.core.interchange.safe_xml import children
from ipmp_desktop.core.interchange.workdays import parse_int


class XmlPlanReader(ABC):
    """One read of one file: the plan being filled, its report, and the tally of what is dropped.

    A subclass calls :meth:`_outline` and :meth:`_resources` from its own passes, may override
    the hooks :meth:`_check_resource` and :meth:`_check_allocation` to report a format's extra
    fields, and must override :meth:`_explain` with the sentences :meth:`_finish_report` adds.

    Args:
        root: the file's root element.
        source: the file's name, for messages, the report and a plan without a name.
        format_name: the format as the report names it ("GanttProject").
    """

    def __init__(self, root: Element, source: str, format_name: str) -> None:
        self.root = root
        self.source = source
        self.plan = Plan(name=(root.get("name") or "").strip() or Path(source).stem)
        self.report = self.plan.report
        self.report.source, self.report.format = source, format_name
        self.dropped: dict[str, tuple[int, str]] = {}
        """What is left out: ``what -> (count, why)``, reported last."""

    # -- tasks ------------------------------------------------------------------------------

    def _outline(
        self, tasks: Element | None, read_task: Callable[[Element, str | None], PlanTask]
    ) -> list[tuple[PlanTask, Element]]:
        """Every ``<task>`` under ``tasks``, read by ``read_task(element, parent key)`` and added
        to the plan in outline order; a task holding tasks becomes a summary. Depth first with
        an explicit stack, as nesting is untrusted.

        Returns:
            Each task with its element, in outline order.

        Raises:
            InterchangeError: two tasks have the same id.
        """
        found: list[tuple[PlanTask, Element]] = []
        keys: set[str] = set()
        stack: list[tuple[Element, str | None]] = [
            (element, None) for element in reversed(children(tasks, "task"))
        ]
        while stack:
            element, parent = stack.pop()
            task = read_task(element, parent)
            if task.key in keys:
                raise InterchangeError(f"{self.source}: two tasks have the id {task.key}.")
            keys.add(task.key)
            self.plan.tasks.append(task)
            found.append((task, element))
            subtasks = children(element, "task")
            if subtasks:
                task.kind = "summary"
            stack.extend((child, task.key) for child in reversed(subtasks))
        return found

    def _percent(self, text: str | None, what: str) -> int:
        """A percent complete attribute, 0 when absent, held to 0..100."""
        return max(0, min(parse_int(text, 0, self.source, what), 100))

    # -- resources --------------------------------------------------------------------------

    def _resources(
        self, resources: Element | None, allocations: Element | None, *, email: str, units: str
    ) -> None:
        """The people (``<resource>``: ``id``, ``name`` and the attribute ``email``) and the
        tasks' assignments (``<allocation>``: ``task-id``, ``resource-id`` and the percent in
        the attribute ``units``, held to 0..1000). Allocations naming a missing task or person
        are dropped.

        Raises:
            InterchangeError: two resources have the same id, or an id is not a number.
        """
        plan = self.plan
        keys: set[str] = set()
        for element in children(resources, "resource"):
            key = str(parse_int(element.get("id"), None, self.source, "a resource's id"))
            if key in keys:
                raise InterchangeError(f"{self.source}: two resources have the id {key}.")
            keys.add(key)
            name = (element.get("name") or "").strip()
            if not name:
                name = f"Resource {key}"
                self.report.map("resources without a name are called 'Resource <id>'")
            plan.resources.append(PlanResource(key, name, (element.get(email) or "").strip()))
            self._check_resource(element)
        tasks = {task.key: task for task in plan.tasks}
        count = 0
        for element in children(allocations, "allocation"):
            what = "an allocation"
            task = tasks.get(str(parse_int(element.get("task-id"), None, self.source, what)))
            resource = str(parse_int(element.get("resource-id"), None, self.source, what))
            if task is None or resource not in keys:
                self._drop("allocations", "they name a missing task or resource")
                continue
            share = max(0, min(parse_int(element.get(units), 100, self.source, what), 1000))
            task.assignments.append((resource, share))
            count += 1
            self._check_allocation(element)
        self.report.counts["resources"] = len(plan.resources)
        self.report.counts["assignments"] = count

    def _check_resource(self, element: Element) -> None:  # noqa: B027 (an optional hook)
        """Report what a ``<resource>`` holds beyond id, name and e-mail (nothing by default)."""

    def _check_allocation(self, element: Element) -> None:  # noqa: B027 (an optional hook)
        """Report what a kept ``<allocation>`` holds beyond its units (nothing by default)."""

    # -- report -----------------------------------------------------------------------------

    def _drop(self, what: str, why: str, count: int = 1) -> None:
        """Tally ``count`` more of ``what`` left out, for ``why``."""
        known = self.dropped.get(what)
        self.dropped[what] = (known[0] + count if known else count, why)

    def _finish_report(self) -> None:
        """Task, milestone and summary counts first, the format's sentences (:meth:`_explain`),
        then one sentence for each thing dropped."""
        report, tasks = self.report, self.plan.tasks
        counts = {
            "tasks": len(tasks),
            "milestones": sum(task.kind == "milestone" for task in tasks),
            "summaries": sum(task.kind == "summary" for task in tasks),
        }
        report.counts = counts | report.counts
        self._explain()
        for what, (count, why) in self.dropped.items():
            report.drop(f"{what} ({count}): {why}")

    @abstractmethod
    def _explain(self) -> None:
        """Add the format's sentences on how its values were mapped to ``self.report``."""
