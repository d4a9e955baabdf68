"""What a product roadmap shows: themes, releases, ranked items with their delivery status, ideas.

Roadmap items are tasks (kinds in ``ROADMAP_KINDS``). An item belongs to the product of its
theme (or, without a theme, of its release); an item with neither belongs where its nearest item
ancestor does. Its dates and percent complete are what the scheduler stored (an item with
children spans them: the reschedule rolls dates and progress up), so the roadmap, the board and
the Gantt chart never disagree. On top of that :func:`load_roadmap` works out the delivery risk
(forecast finish against the target date, critical work without float) with the critical path
analysis the Gantt chart shows, once per project that has an item with a target date, and the
score and rank of every item by the product's scoring model.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.model import ROADMAP_KINDS, Idea, Product, Project, Release, Task, Theme
from ipmp_desktop.core.scheduling.stored import StoredPlan
from ipmp_desktop.core.services import scoring
from ipmp_desktop.core.services.roadmap_risk import Critical, critical_work, risk_reason

_T = Task.__table__.c
_KINDS = [str(kind) for kind in ROADMAP_KINDS]


@dataclass(frozen=True, slots=True)
class ProductRow:
    """A product as the product switcher shows it."""

    id: int
    name: str
    vision: str
    scoring_model: str
    position: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ThemeRow:
    """A lane of the roadmap, top down by ``position``."""

    id: int
    product_id: int
    name: str
    color: str
    position: int


@dataclass(frozen=True, slots=True)
class ReleaseRow:
    """A dated marker on the roadmap."""

    id: int
    product_id: int
    name: str
    day: date
    description: str


@dataclass(frozen=True, slots=True)
class IdeaRow:
    """An idea in the inbox; ``promoted_task_id`` is the item made from it, if any."""

    id: int
    product_id: int
    title: str
    description: str
    source: str
    customer: str
    created_at: datetime
    promoted_task_id: int | None


@dataclass(frozen=True, slots=True)
class RoadmapItemRow:
    """One roadmap item with its delivery status, score and rank.

    ``start``, ``finish`` and ``percent`` are as scheduled (rolled up from the children when
    it has any); ``forecast_finish`` is the finish the schedule forecasts. ``at_risk`` is set
    when that is later than ``target_date``, or when the item has a target and critical work
    below it (or it itself, without children) has no float left; ``risk_reason`` says which in
    one sentence. ``score`` follows the product's scoring model (None while inputs are
    missing); ``rank`` is 1 for the first item of the product. ``parent_item_id`` is the
    nearest item of the same product above it (``parent_id`` may be a plain summary).
    """

    id: int
    project_id: int
    parent_id: int | None
    parent_item_id: int | None
    title: str
    kind: str
    theme_id: int | None
    release_id: int | None
    horizon: str | None
    start: date | None
    finish: date | None
    percent: int
    target_date: date | None
    forecast_finish: date | None
    at_risk: bool
    risk_reason: str
    score: float | None
    rank: int
    reach: int | None
    impact: float | None
    confidence: int | None
    effort: float | None
    value: int | None
    time_criticality: int | None
    risk_reduction: int | None
    job_size: int | None
    rank_override: int | None
    child_count: int
    description: str
    problem: str
    outcome: str
    customer_impact: str
    business_value: str


@dataclass
class RoadmapData:
    """Everything the roadmap of one product shows; ``items`` are in rank order.

    ``projects`` names the projects the items live in; ``problems`` says, per project, why its
    schedule could not be analysed (then no item of it is flagged for critical work).
    """

    product: ProductRow
    themes: list[ThemeRow] = field(default_factory=list)
    releases: list[ReleaseRow] = field(default_factory=list)
    items: list[RoadmapItemRow] = field(default_factory=list)
    ideas: list[IdeaRow] = field(default_factory=list)
    projects: dict[int, str] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)

    def item(self, task_id: int) -> RoadmapItemRow | None:
        """The item with ``task_id``, or None when it is not on this roadmap."""
        return next((item for item in self.items if item.id == task_id), None)

    def lane(self, theme_id: int | None, horizon: str | None = None) -> list[RoadmapItemRow]:
        """The items of one theme (None: without a theme), of one horizon when given."""
        return [
            item
            for item in self.items
            if item.theme_id == theme_id and (horizon is None or item.horizon == horizon)
        ]


def list_products(session: Session) -> list[ProductRow]:
    """Every product of the workspace, in the user's order."""
    found = session.execute(
        select(
            Product.id,
            Product.name,
            Product.vision,
            Product.scoring_model,
            Product.position,
            Product.created_at,
        ).order_by(Product.position, Product.id)
    )
    return [ProductRow(*row) for row in found]


def load_roadmap(session: Session, product_id: int) -> RoadmapData:
    """Read the roadmap of one product: themes, releases, ranked items with status, ideas.

    Raises:
        NotFoundError: the product does not exist (deleted meanwhile).
    """
    product = session.get(Product, product_id)
    if product is None:
        raise NotFoundError(f"The product #{product_id} no longer exists (deleted meanwhile?).")
    data = RoadmapData(
        ProductRow(
            product.id,
            product.name,
            product.vision,
            product.scoring_model,
            product.position,
            product.created_at,
        )
    )
    data.themes = [
        ThemeRow(*row)
        for row in session.execute(
            select(Theme.id, Theme.product_id, Theme.name, Theme.color, Theme.position)
            .where(Theme.product_id == product_id)
            .order_by(Theme.position, Theme.id)
        )
    ]
    data.releases = [
        ReleaseRow(*row)
        for row in session.execute(
            select(Release.id, Release.product_id, Release.name, Release.day, Release.description)
            .where(Release.product_id == product_id)
            .order_by(Release.day, Release.id)
        )
    ]
    data.ideas = _ideas(session, product_id)
    _ItemReader(session, data).read()
    return data


def _ideas(session: Session, product_id: int) -> list[IdeaRow]:
    found = session.execute(
        select(
            Idea.id,
            Idea.product_id,
            Idea.title,
            Idea.description,
            Idea.source,
            Idea.customer,
            Idea.created_at,
            Idea.promoted_task_id,
        )
        .where(Idea.product_id == product_id)
        .order_by(Idea.created_at.desc(), Idea.id.desc())
    )
    return [IdeaRow(*row) for row in found]


_ITEM_COLUMNS = (
    _T.id,
    _T.project_id,
    _T.parent_id,
    _T.title,
    _T.kind,
    _T.theme_id,
    _T.release_id,
    _T.horizon,
    _T.start,
    _T.finish,
    _T.percent_complete,
    _T.target_date,
    _T.reach,
    _T.impact,
    _T.confidence,
    _T.effort,
    _T.value,
    _T.time_criticality,
    _T.risk_reduction,
    _T.job_size,
    _T.rank_override,
    _T.description,
    _T.problem,
    _T.outcome,
    _T.customer_impact,
    _T.business_value,
)


class _ItemReader:
    """Finds the product's items in the projects that hold any, and works out their status."""

    def __init__(self, session: Session, data: RoadmapData) -> None:
        self.session = session
        self.data = data
        self.themes = {theme.id for theme in data.themes}
        self.releases = {release.id for release in data.releases}
        self.parent: dict[int, int | None] = {}
        self.children: dict[int, list[int]] = defaultdict(list)
        self.rows: dict[int, Any] = {}  # item-kind tasks of the projects involved, by id
        self.plans: dict[int, StoredPlan] = {}  # the projects that need the analysis

    def read(self) -> None:
        projects = self._projects()
        if not projects:
            return
        self.data.projects = dict(
            self.session.execute(
                select(Project.id, Project.name).where(Project.id.in_(projects))
            ).all()
        )
        for row in self.session.execute(
            select(*_ITEM_COLUMNS).where(_T.project_id.in_(projects), _T.kind.in_(_KINDS))
        ):
            self.rows[row.id] = row
        for project_id in projects:
            self._outline(project_id)
        mine = self._members()
        critical = self._critical(mine)
        model = self.data.product.scoring_model
        scores = {task_id: scoring.score(model, self.rows[task_id]) for task_id in mine}
        ordered = scoring.rank_order(
            mine,
            override=lambda t: self.rows[t].rank_override,
            score_of=scores.__getitem__,
            title=lambda t: self.rows[t].title,
        )
        self.data.items = [
            self._row(task_id, rank, scores[task_id], critical.get(task_id), mine)
            for rank, task_id in enumerate(ordered, start=1)
        ]

    def _outline(self, project_id: int) -> None:
        """Read who is whose parent in the project; from the stored plan when a target date
        there asks for the schedule analysis (one read of the tasks serves both)."""
        if any(r.project_id == project_id and r.target_date for r in self.rows.values()):
            stored = self.plans[project_id] = StoredPlan.load(self.session, project_id)
            pairs: Any = (row[:2] for row in stored.rows)
        else:
            pairs = self.session.execute(
                select(_T.id, _T.parent_id).where(_T.project_id == project_id)
            ).all()
        for task_id, parent_id in pairs:
            self.parent[task_id] = parent_id
            if parent_id is not None:
                self.children[parent_id].append(task_id)

    def _projects(self) -> list[int]:
        """Projects with an item that names one of the product's themes or releases."""
        if not self.themes and not self.releases:
            return []
        found = self.session.scalars(
            select(_T.project_id)
            .where(
                _T.kind.in_(_KINDS),
                _T.theme_id.in_(self.themes) | _T.release_id.in_(self.releases),
            )
            .distinct()
        )
        return sorted(found)

    def _members(self) -> dict[int, int | None]:
        """The product's items, each with its nearest item ancestor of the product (or None).

        An item without a theme or release belongs where the item above it does, so items are
        decided top down, each after the one above it; no walk revisits an ancestor, however
        deep items nest."""
        above = self._items_above()
        owner: dict[int, bool] = {}  # item id -> on this product's roadmap
        for start in self.rows:
            pending: list[int] = []
            waiting: set[int] = set()
            current: int | None = start
            while current is not None and current not in owner and current not in waiting:
                pending.append(current)
                waiting.add(current)
                current = above[current]
            for task_id in reversed(pending):
                row = self.rows[task_id]
                if row.theme_id is not None:
                    owner[task_id] = row.theme_id in self.themes
                elif row.release_id is not None:
                    owner[task_id] = row.release_id in self.releases
                else:
                    up = above[task_id]
                    owner[task_id] = up is not None and owner.get(up, False)
        return {
            task_id: up if up is not None and owner[up] else None
            for task_id, up in above.items()
            if owner[task_id]
        }

    def _items_above(self) -> dict[int, int | None]:
        """Each item's nearest ancestor that is an item (or None), found with one walk up per
        chain: every task passed on the way learns the answer too. A looping chain of parents
        (a corrupt file) ends in None."""
        nearest: dict[int | None, int | None] = {None: None}  # task -> nearest item above it
        for start in self.rows:
            path: list[int] = []
            on_path: set[int] = set()
            current: int | None = start
            while current not in nearest and current not in on_path:
                path.append(current)
                on_path.add(current)
                parent = self.parent.get(current)
                if parent is not None and parent in self.rows:
                    nearest[current] = parent
                    break
                current = parent
            found = nearest.get(current) if current not in on_path else None
            for task_id in reversed(path):
                if task_id in nearest:
                    found = nearest[task_id]
                    continue
                nearest[task_id] = found
                if task_id in self.rows:
                    found = task_id
        return {task_id: nearest[task_id] for task_id in self.rows}

    def _critical(self, mine: dict[int, int | None]) -> dict[int, Critical]:
        """Critical work at or below each item with a target date, one analysis per project."""
        targets = [t for t in mine if self.rows[t].target_date is not None]
        found: dict[int, Critical] = {}
        parents = set(self.children)
        for project_id in sorted({self.rows[t].project_id for t in targets}):
            work, problem = critical_work(self.plans[project_id], self.parent, parents)
            if problem:
                self.data.problems[project_id] = problem
            found.update((t, work[t]) for t in targets if t in work)
        return found

    def _row(
        self,
        task_id: int,
        rank: int,
        score: float | None,
        critical: Critical | None,
        mine: dict[int, int | None],
    ) -> RoadmapItemRow:
        row = self.rows[task_id]
        reason = risk_reason(task_id, row.finish, row.target_date, critical, self._title)
        return RoadmapItemRow(
            id=row.id,
            project_id=row.project_id,
            parent_id=row.parent_id,
            parent_item_id=mine[task_id],
            title=row.title,
            kind=row.kind,
            theme_id=row.theme_id,
            release_id=row.release_id,
            horizon=row.horizon,
            start=row.start,
            finish=row.finish,
            percent=row.percent_complete,
            target_date=row.target_date,
            forecast_finish=row.finish,
            at_risk=bool(reason),
            risk_reason=reason,
            score=score,
            rank=rank,
            reach=row.reach,
            impact=row.impact,
            confidence=row.confidence,
            effort=row.effort,
            value=row.value,
            time_criticality=row.time_criticality,
            risk_reduction=row.risk_reduction,
            job_size=row.job_size,
            rank_override=row.rank_override,
            child_count=len(self.children.get(task_id, ())),
            description=row.description,
            problem=row.problem,
            outcome=row.outcome,
            customer_impact=row.customer_impact,
            business_value=row.business_value,
        )

    def _title(self, task_id: int) -> str:
        if task_id in self.rows:
            return self.rows[task_id].title
        return self.session.scalar(select(Task.title).where(Task.id == task_id)) or "?"
