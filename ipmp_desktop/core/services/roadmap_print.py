"""What a roadmap timeline shows, for the screen and for paper alike: lanes, items, releases.

The timeline view and a printed roadmap turn a :class:`RoadmapData` into the inputs of
:func:`~ipmp_desktop.core.layout.roadmap.layout_timeline` with the same functions here, so a
print shows what the screen shows. :func:`load_roadmap_print` adds what only paper needs: the
dates the printed time axis spans (the whole roadmap, or a date range the items are clipped to).
:func:`roadmap_product_for` finds the product an export means by a name.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipmp_desktop.core.errors import NotFoundError
from ipmp_desktop.core.layout.roadmap import TimelineItem, TimelineLane
from ipmp_desktop.core.layout.timescale import add_months
from ipmp_desktop.core.model import ROADMAP_KINDS, Project, Release, Task, Theme
from ipmp_desktop.core.services.roadmap import RoadmapData, list_products, load_roadmap

NO_THEME_COLOR = "#7f8c9a"
"""The colour of themes without one, and of the lane of items without a theme."""
TRAIL_DAYS = 14
"""Room kept after the last item or release before the printed month ends."""


@dataclass(frozen=True)
class RoadmapPrint:
    """Everything a printed roadmap timeline needs, with no database behind it.

    ``items`` and ``releases`` are those that touch ``first_day``..``last_day`` (inclusive).
    """

    product_name: str
    lanes: list[TimelineLane]
    items: list[TimelineItem]
    releases: list[tuple[int, str, date]]
    first_day: date
    last_day: date
    today: date

    @property
    def days(self) -> int:
        """Calendar days printed, both ends included."""
        return (self.last_day - self.first_day).days + 1


def timeline_lanes(data: RoadmapData) -> list[TimelineLane]:
    """One lane per theme in the product's order, and "No theme" last when an item has none."""
    found = [TimelineLane(t.id, t.name, t.color or NO_THEME_COLOR) for t in data.themes]
    if any(item.theme_id is None for item in data.items):
        found.append(TimelineLane(None, "No theme"))
    return found


def timeline_items(data: RoadmapData) -> list[TimelineItem]:
    """The items as the timeline draws them (undated ones are left out by the layout)."""
    return [
        TimelineItem(
            id=item.id,
            theme_id=item.theme_id,
            title=item.title,
            start=item.start,
            finish=item.finish,
            percent=item.percent,
            at_risk=item.at_risk,
            has_children=item.child_count > 0,
        )
        for item in data.items
    ]


def timeline_releases(data: RoadmapData) -> list[tuple[int, str, date]]:
    """Release markers as ``(id, name, day)``."""
    return [(release.id, release.name, release.day) for release in data.releases]


def _finish(item: TimelineItem) -> date | None:
    if item.start is None:
        return None
    return item.finish if item.finish is not None and item.finish >= item.start else item.start


def _touches(item: TimelineItem, first: date, last: date) -> bool:
    finish = _finish(item)
    return item.start is not None and finish is not None and item.start <= last and finish >= first


def roadmap_span(
    items: list[TimelineItem], releases: list[tuple[int, str, date]], today: date
) -> tuple[date, date]:
    """Whole months from the first item or release to a little after the last one; three
    months from ``today``'s when nothing is dated."""
    starts = [item.start for item in items if item.start is not None]
    starts += [day for _id, _name, day in releases]
    ends = [finish for item in items if (finish := _finish(item)) is not None]
    ends += [day for _id, _name, day in releases]
    if not starts:
        first = today.replace(day=1)
        return first, add_months(first, 3) - timedelta(days=1)
    first = min(starts).replace(day=1)
    last = (max(ends) + timedelta(days=TRAIL_DAYS)).replace(day=1)
    return first, add_months(last, 1) - timedelta(days=1)


def load_roadmap_print(
    session: Session,
    product_id: int,
    *,
    date_range: tuple[date, date] | None = None,
    today: date | None = None,
) -> RoadmapPrint:
    """Read one product's roadmap timeline for printing.

    Args:
        date_range: first and last day printed; items and releases outside it are left out,
            items across its ends are kept (their bars run off the printed axis).
        today: the day the today line marks (default: the real today).

    Raises:
        NotFoundError: the product does not exist.
    """
    today = today or date.today()
    data = load_roadmap(session, product_id)
    items = timeline_items(data)
    releases = timeline_releases(data)
    if date_range is None:
        first, last = roadmap_span(items, releases, today)
    else:
        first, last = date_range
        items = [item for item in items if _touches(item, first, last)]
        releases = [release for release in releases if first <= release[2] <= last]
    return RoadmapPrint(
        product_name=data.product.name,
        lanes=timeline_lanes(data),
        items=items,
        releases=releases,
        first_day=first,
        last_day=last,
        today=today,
    )


def roadmap_product_for(
    session: Session, name: str | None = None, project_id: int | None = None
) -> int:
    """The product an export of the roadmap means.

    ``name`` (say, the command line's ``--project``) is matched against the product names
    first (case does not matter), then against the project names: the product with most
    items in that project is meant. Without a name, ``project_id`` (the project the export
    would otherwise show) picks the product with most items in it; failing that, the only
    product, or else the first in the user's order.

    Raises:
        NotFoundError: the workspace has no product; or ``name`` names neither a product nor
            a project, or a project whose items are on no product's roadmap.
    """
    products = list_products(session)
    if not products:
        raise NotFoundError("This workspace has no product, so it has no roadmap to export.")
    order = [product.id for product in products]
    if name is not None:
        wanted = name.strip().casefold()
        for product in products:
            if product.name.casefold() == wanted:
                return product.id
        projects = session.execute(select(Project.id, Project.name).order_by(Project.id))
        found = next((pid for pid, title in projects if title.casefold() == wanted), None)
        if found is None:
            known = ", ".join(product.name for product in products)
            raise NotFoundError(f"No product or project is named '{name}'; products: {known}.")
        holder = _product_of_project(session, found, order)
        if holder is None:
            raise NotFoundError(f"No product's roadmap holds items of the project '{name}'.")
        return holder
    if project_id is not None:
        holder = _product_of_project(session, project_id, order)
        if holder is not None:
            return holder
    return products[0].id


def _product_of_project(session: Session, project_id: int, order: list[int]) -> int | None:
    """The product whose themes and releases the project's items name most often (ties: the
    first in the user's order)."""
    kinds = [str(kind) for kind in ROADMAP_KINDS]
    items = select(Task.theme_id, Task.release_id).where(
        Task.project_id == project_id, Task.kind.in_(kinds)
    )
    themes = dict(session.execute(select(Theme.id, Theme.product_id)).all())
    releases = dict(session.execute(select(Release.id, Release.product_id)).all())
    votes: Counter[int] = Counter()
    for theme_id, release_id in session.execute(items):
        product = themes.get(theme_id) if theme_id is not None else releases.get(release_id)
        if product is not None:
            votes[product] += 1
    if not votes:
        return None
    return max(order, key=lambda product_id: (votes[product_id], -order.index(product_id)))
