"""The demo's product roadmaps, laid over the generated projects.

Each product of :data:`~ipmp_desktop.core.demo.roadmap_content.PRODUCTS` whose projects are in
the demo gets its vision, themes, releases and ideas. Its roadmap items are the projects' own
summaries: phases become epics and work packages features (or, with ``items`` given, as many
summaries as that, level by level), so progress and dates roll up from the same delivery tasks
the board and the Gantt chart show. Items get a theme, a horizon from their dates, score inputs
and mostly a target date, some of which the forecast misses. One idea per product is promoted:
a backlog task becomes the childless feature made from it.

No task row is added or removed: the task count of the demo stays exact.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from ipmp_desktop.core.demo.roadmap_content import (
    BUSINESS_VALUES,
    CUSTOMER_IMPACTS,
    OUTCOMES,
    PROBLEMS,
    PRODUCTS,
    ProductTemplate,
)
from ipmp_desktop.core.demo.rows import DemoRows
from ipmp_desktop.core.model import TaskKind

_FIBONACCI = (1, 2, 3, 5, 8, 13, 20)
_REACH = (100, 250, 500, 1000, 2500, 5000, 10000)
_IMPACT = (0.25, 0.5, 1.0, 2.0, 3.0)
_CONFIDENCE = (50, 80, 100)
_EMPTY_ITEM = dict.fromkeys(("problem", "outcome", "customer_impact", "business_value"), "")


def add_roadmaps(
    rng: random.Random,
    rows: DemoRows,
    projects: list[tuple[int, str]],
    items: int | None = None,
) -> None:
    """Queue the products of the demo's ``projects`` (``(project id, template name)``).

    Args:
        items: roadmap items per product at most; None makes every phase and work package one.
    """
    tasks_by_project: dict[int, list[dict[str, Any]]] = {}
    for row in rows.by_table.get("task", []):
        tasks_by_project.setdefault(row["project_id"], []).append(row)
    for position, template in enumerate(PRODUCTS):
        mine = [pid for pid, name in projects if name in template.projects]
        if mine:
            tasks = [row for pid in mine for row in tasks_by_project.get(pid, [])]
            _Product(rng, rows, template, tasks).build(position, items)


class _Product:
    """One product: its rows, its items among ``tasks`` (outline order, parents first)."""

    def __init__(
        self,
        rng: random.Random,
        rows: DemoRows,
        template: ProductTemplate,
        tasks: list[dict[str, Any]],
    ) -> None:
        self.rng = rng
        self.rows = rows
        self.template = template
        self.tasks = tasks
        self.status = rows.status_date
        self.product_id = rows.new_ids("product")
        self.themes: list[int] = []
        self.releases: list[tuple[int, date]] = []

    def build(self, position: int, items: int | None) -> None:
        created = min((t["created_at"] for t in self.tasks), default=None)
        self.rows.add(
            "product",
            {
                "id": self.product_id,
                "name": self.template.name,
                "vision": self.template.vision,
                "scoring_model": self.template.scoring_model,
                "position": position,
                "created_at": created or datetime.combine(self.status, time(9)),
            },
        )
        self._themes_and_releases()
        chosen = self._items(items)
        theme_of: dict[int, int] = {}
        pinned = self.rng.choice(chosen)["id"] if chosen else None
        for row in chosen:
            theme = theme_of.get(row["parent_id"])
            if theme is None or self.rng.random() < 0.3:
                theme = self.rng.choice(self.themes)
            theme_of[row["id"]] = theme
            self.rows.amend("task", self._item_fields(row, theme, row["id"] == pinned))
        self._ideas()

    def _themes_and_releases(self) -> None:
        for position, (name, color) in enumerate(self.template.themes):
            theme_id = self.rows.new_ids("theme")
            self.themes.append(theme_id)
            row = {"product_id": self.product_id, "name": name, "color": color}
            self.rows.add("theme", {"id": theme_id, **row, "position": position})
        for name, weeks, description in self.template.releases:
            release_id = self.rows.new_ids("release")
            day = self.status + timedelta(weeks=weeks)
            self.releases.append((release_id, day))
            row = {"product_id": self.product_id, "name": name, "description": description}
            self.rows.add("release", {"id": release_id, **row, "day": day})

    def _items(self, items: int | None) -> list[dict[str, Any]]:
        """Summaries made items, level by level; their kind set (epic on top, else feature)."""
        depth: dict[int, int] = {}
        ranked = []
        for index, row in enumerate(self.tasks):
            level = depth[row["id"]] = depth.get(row["parent_id"], 0) + 1
            if row["kind"] == TaskKind.SUMMARY and (items is not None or level <= 2):
                ranked.append((level, index, row))
        ranked.sort(key=lambda entry: entry[:2])
        chosen = [row for _level, _index, row in ranked[:items]]
        for row in chosen:
            row["kind"] = str(TaskKind.EPIC if depth[row["id"]] == 1 else TaskKind.FEATURE)
        return sorted(chosen, key=lambda row: row["id"])  # parents first, for their themes

    def _item_fields(self, row: dict[str, Any], theme: int, pinned: bool) -> dict[str, Any]:
        rng = self.rng
        epic = row["kind"] == TaskKind.EPIC
        texts = dict(_EMPTY_ITEM)
        if epic or rng.random() < 0.4:
            texts["problem"], texts["outcome"] = rng.choice(PROBLEMS), rng.choice(OUTCOMES)
        if epic:
            texts["customer_impact"] = rng.choice(CUSTOMER_IMPACTS)
            texts["business_value"] = rng.choice(BUSINESS_VALUES)
        release = None
        if not epic:
            release = next((rid for rid, day in self.releases if day >= row["finish"]), None)
        target = None
        if rng.random() < 0.85:  # about one target in four is missed by the forecast
            target = row["finish"] + timedelta(days=rng.randint(-8, 30))
        return {
            "id": row["id"],
            "theme_id": theme,
            "release_id": release,
            "horizon": self._horizon(row["start"]),
            **texts,
            "target_date": target,
            "reach": rng.choice(_REACH),
            "impact": rng.choice(_IMPACT),
            "confidence": rng.choice(_CONFIDENCE),
            "effort": round(rng.uniform(0.5, 8.0), 1),
            "value": rng.choice(_FIBONACCI),
            "time_criticality": rng.choice(_FIBONACCI),
            "risk_reduction": rng.choice(_FIBONACCI),
            "job_size": rng.choice(_FIBONACCI),
            "rank_override": 1 if pinned else None,
        }

    def _horizon(self, start: date) -> str:
        if start <= self.status + timedelta(weeks=4):
            return "now"
        return "next" if start <= self.status + timedelta(weeks=13) else "later"

    def _ideas(self) -> None:
        """The inbox; the first idea is promoted to a late backlog task, made a feature."""
        backlog = [
            t
            for t in self.tasks
            if t["kind"] == TaskKind.TASK and t["percent_complete"] == 0 and not t["archived"]
        ]
        promoted = max(backlog, key=lambda t: (t["start"], t["id"])) if backlog else None
        for number, (title, description, source, customer) in enumerate(self.template.ideas):
            day = self.status - timedelta(days=9 * number + 3)
            task_id = None
            if number == 0 and promoted is not None:
                task_id = promoted["id"]
                promoted["kind"], promoted["title"] = str(TaskKind.FEATURE), title
                fields = self._item_fields(promoted, self.rng.choice(self.themes), False)
                self.rows.amend("task", {**fields, "horizon": "later", **_EMPTY_ITEM})
            self.rows.add(
                "idea",
                {
                    "id": self.rows.new_ids("idea"),
                    "product_id": self.product_id,
                    "title": title,
                    "description": description,
                    "source": source,
                    "customer": customer,
                    "created_at": datetime.combine(day, time(10, 30)),
                    "promoted_task_id": task_id,
                },
            )
