"""Paper, page setup and pagination: how a chart larger than a sheet is cut into page tiles.

Everything here is in *print units*: 1/96 inch, the same unit a chart uses on a screen at 100 %,
so a printed bar is as long as it is on a 96 dpi screen at scale 1. A printable document is one
or more *sheets* (a Gantt chart, a board, one board column, a roadmap timeline). Each sheet has a
scrolling *body* and two repeated strips: a left column (task names, lane names) and a top header
(time scale, column titles). :func:`paginate` cuts the body into tiles that fit the page's
printable area once the strips are repeated on each one, breaking only where the sheet allows
(between rows, between cards, on day boundaries) unless a single piece is larger than a page.

Tiles are named as on a map, column letter then row number (A1, B1 … A2), so a wall poster can
be assembled from its overview page.
"""

import itertools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

UNITS_PER_INCH = 96.0
MM_PER_INCH = 25.4

PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "A5": (148.0, 210.0),
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A2": (420.0, 594.0),
    "A1": (594.0, 841.0),
    "A0": (841.0, 1189.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
    "Tabloid": (279.4, 431.8),
    "Ledger": (431.8, 279.4),
}
"""Portrait width and height of each paper size, in millimetres (Ledger is Tabloid sideways)."""

TOKENS = ("project", "view", "printed", "page", "pages", "range", "tile")
"""The tokens a header or footer may hold, written in braces: ``{project}``."""

DEFAULT_HEADER = ("{project}", "{view}", "{range}")
DEFAULT_FOOTER = ("Printed {printed}", "", "Page {page} of {pages} · {tile}")

_TOKEN = re.compile(r"\{(\w+)\}")


def mm_to_units(mm: float) -> float:
    """Millimetres to print units."""
    return mm / MM_PER_INCH * UNITS_PER_INCH


def paper_name(name: str) -> str:
    """The canonical spelling of a paper size (``a3`` → ``A3``); ValueError if unknown."""
    for known in PAPER_SIZES_MM:
        if known.lower() == name.strip().lower():
            return known
    choices = ", ".join(PAPER_SIZES_MM)
    raise ValueError(f"Unknown paper size {name!r}; choose one of {choices}.")


@dataclass(frozen=True)
class PageSetup:
    """How to print: the sheet of paper, what goes on it and at what scale.

    Args:
        paper: a key of :data:`PAPER_SIZES_MM`.
        landscape: turn the paper sideways.
        margins_mm: left, top, right, bottom.
        date_range: first and last day to print (inclusive); None prints the whole plan.
        pages_wide: fit the chart's width to this many pages (the default: one page wide);
            None keeps ``day_width`` (Gantt, roadmap) or scale 1 (board poster tiles).
        pages_tall: boards and roadmaps only: also fit the height to this many pages.
        day_width: the fixed time scale (print units per day) when ``pages_wide`` is None.
        header, footer: left, centre and right text, with :data:`TOKENS` in braces.
        legend: print a legend of the symbols in the footer.
        overview: add an assembly overview page in front of a sheet tiled several pages across.
        columns: outline columns to print left of the chart (Gantt); names of
            ``ipmp_desktop.core.services.gantt_print.PRINT_COLUMNS``.
        rows: "all", "shown" (the view's filter and collapsed state) or "selection".
    """

    paper: str = "A4"
    landscape: bool = True
    margins_mm: tuple[float, float, float, float] = (10.0, 10.0, 10.0, 10.0)
    date_range: tuple[date, date] | None = None
    pages_wide: int | None = 1
    pages_tall: int | None = None
    day_width: float = 8.0
    header: tuple[str, str, str] = DEFAULT_HEADER
    footer: tuple[str, str, str] = DEFAULT_FOOTER
    legend: bool = True
    overview: bool = True
    columns: tuple[str, ...] = ("wbs", "name", "start", "finish")
    rows: str = "all"

    def __post_init__(self) -> None:
        paper_name(self.paper)
        if any(m < 0 for m in self.margins_mm):
            raise ValueError("Margins cannot be negative.")
        if self.pages_wide is not None and not 1 <= self.pages_wide <= 200:
            raise ValueError("Pages wide must be between 1 and 200.")
        if self.pages_tall is not None and not 1 <= self.pages_tall <= 200:
            raise ValueError("Pages tall must be between 1 and 200.")
        if self.date_range is not None and self.date_range[0] > self.date_range[1]:
            first, last = self.date_range
            raise ValueError(f"The date range ends ({last}) before it starts ({first}).")
        if self.day_width <= 0:
            raise ValueError("The time scale must be positive.")
        if self.rows not in ("all", "shown", "selection"):
            raise ValueError(f"Unknown row choice {self.rows!r}.")
        width, height = self.paper_size()
        left, top, right, bottom = (mm_to_units(m) for m in self.margins_mm)
        if width - left - right < 96 or height - top - bottom < 96:
            raise ValueError("The margins leave less than an inch of the page to print on.")

    def with_(self, **changes) -> "PageSetup":
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def paper_size(self) -> tuple[float, float]:
        """Width and height of the sheet as it lies (orientation applied), in print units."""
        width, height = PAPER_SIZES_MM[paper_name(self.paper)]
        if self.landscape != (width > height):
            width, height = height, width
        return mm_to_units(width), mm_to_units(height)

    def printable(self) -> "Box":
        """The part of the page inside the margins, in print units from the paper's corner."""
        width, height = self.paper_size()
        left, top, right, bottom = (mm_to_units(m) for m in self.margins_mm)
        return Box(left, top, width - left - right, height - top - bottom)


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle: left, top, width, height."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True, slots=True)
class Tile:
    """One page's share of a sheet's body: body x in [x0, x1) and y in [y0, y1).

    ``column``/``row`` count from 0; ``label`` is the map name (A1 is the top-left tile).
    """

    column: int
    row: int
    label: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Pagination:
    """The tiles of one sheet, in reading order (across, then down), and the scale they use.

    ``scale`` maps sheet units to print units (1.0 prints at screen size). ``left_width`` and
    ``top_height`` are the repeated strips as printed on each tile, in sheet units (the left
    strip may be narrower than the sheet's when it would not leave room for the body).
    """

    tiles: list[Tile]
    columns: int
    rows: int
    scale: float
    left_width: float
    top_height: float
    x_cuts: list[float] = field(default_factory=list)
    y_cuts: list[float] = field(default_factory=list)

    def tile(self, column: int, row: int) -> Tile:
        """The tile at a grid position."""
        return self.tiles[row * self.columns + column]


BreakFinder = Callable[[float, float], float]
"""``finder(start, limit)`` returns where a piece starting at ``start`` may end: the best
allowed break in ``(start, limit]``, or a value <= ``start`` when there is none (the piece is
then cut at ``limit``)."""


def tile_label(column: int, row: int) -> str:
    """A1-style name of a tile: columns A..Z, AA, AB …; rows from 1."""
    letters = ""
    n = column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def split(length: float, capacity: float, finder: BreakFinder | None = None) -> list[float]:
    """Cut ``[0, length)`` into pieces no longer than ``capacity``; returns the cut positions
    including 0 and ``length``.

    Each piece ends at the break ``finder`` proposes, or at ``capacity`` when it proposes none
    (a single row or card taller than a page is cut, never lost).
    """
    if capacity <= 0:
        raise ValueError("A page has no room for the chart; reduce the margins or the columns.")
    cuts = [0.0]
    start = 0.0
    epsilon = 1e-6
    while length - start > epsilon:
        limit = start + capacity
        if limit >= length - epsilon:
            end = length
        else:
            end = finder(start, limit) if finder else limit
            if end <= start + epsilon or end > limit + epsilon:
                end = limit
        cuts.append(end)
        start = end
    if len(cuts) == 1:
        cuts.append(max(length, 0.0))
    return cuts


def every(step: float) -> BreakFinder:
    """Breaks allowed at every multiple of ``step`` (rows of one height, days of one width)."""

    def finder(start: float, limit: float) -> float:
        if step <= 0:
            return limit
        return math.floor(limit / step + 1e-9) * step

    return finder


def at_positions(positions: list[float]) -> BreakFinder:
    """Breaks allowed only at the given sorted positions (card and lane edges)."""
    import bisect

    def finder(start: float, limit: float) -> float:
        index = bisect.bisect_right(positions, limit + 1e-9) - 1
        return positions[index] if index >= 0 else start

    return finder


def paginate(
    *,
    body_width: float,
    body_height: float,
    left_width: float,
    top_height: float,
    area: Box,
    scale: float = 1.0,
    x_breaks: BreakFinder | None = None,
    y_breaks: BreakFinder | None = None,
    max_left_share: float = 0.5,
) -> Pagination:
    """Cut a sheet's body into tiles for a printable ``area`` (print units) at ``scale``.

    The left strip is narrowed to ``max_left_share`` of the area's width when it is wider, so
    every tile keeps room for the chart. ``x_breaks``/``y_breaks`` say where the body may be cut.
    """
    if scale <= 0:
        raise ValueError("The print scale must be positive.")
    room_width = area.width / scale
    room_height = area.height / scale
    left = min(left_width, room_width * max_left_share)
    top = min(top_height, room_height * 0.5)
    x_cuts = split(body_width, room_width - left, x_breaks)
    y_cuts = split(body_height, room_height - top, y_breaks)
    tiles = [
        Tile(column, row, tile_label(column, row), x0, x1, y0, y1)
        for row, (y0, y1) in enumerate(itertools.pairwise(y_cuts))
        for column, (x0, x1) in enumerate(itertools.pairwise(x_cuts))
    ]
    return Pagination(
        tiles=tiles,
        columns=len(x_cuts) - 1,
        rows=len(y_cuts) - 1,
        scale=scale,
        left_width=left,
        top_height=top,
        x_cuts=x_cuts,
        y_cuts=y_cuts,
    )


def fit_scale(
    *,
    body_width: float,
    body_height: float,
    left_width: float,
    top_height: float,
    area: Box,
    pages_wide: int | None,
    pages_tall: int | None,
    largest: float = 1.0,
) -> float:
    """The largest scale (at most ``largest``) at which the sheet fits the pages asked for.

    With ``pages_wide`` the body plus one left strip per page fits that many pages across;
    with ``pages_tall`` likewise down. With neither the scale is ``largest``.
    """
    scale = largest
    if pages_wide:
        scale = min(scale, pages_wide * area.width / (body_width + pages_wide * left_width))
    if pages_tall:
        scale = min(scale, pages_tall * area.height / (body_height + pages_tall * top_height))
    return max(scale, 1e-3)


def fit_day_width_to_pages(
    days: int, pages_wide: int, area_width: float, left_width: float, max_left_share: float = 0.5
) -> float:
    """The day width at which ``days`` fill ``pages_wide`` pages beside the left strip, each
    page holding a whole number of days (pages break between days)."""
    left = min(left_width, area_width * max_left_share)
    days_per_page = math.ceil(max(days, 1) / pages_wide)
    return max((area_width - left) / days_per_page * (1 - 1e-9), 0.05)


@dataclass(frozen=True, slots=True)
class Cut:
    """A shape cut by a tile edge: ``side`` is "left" or "right", at body y ``y``."""

    key: int
    side: str
    y: float


def cuts_at_edges(spans: list[tuple[int, float, float, float]], x0: float, x1: float) -> list[Cut]:
    """Which spans ``(key, start x, end x, mid y)`` run past a tile's left or right edge.

    Those get a continuation mark, so no bar is cut without the reader knowing it goes on.
    """
    marks: list[Cut] = []
    for key, start, end, y in spans:
        if start < x0 - 0.5 and end > x0 + 0.5:
            marks.append(Cut(key, "left", y))
        if start < x1 - 0.5 and end > x1 + 0.5:
            marks.append(Cut(key, "right", y))
    return marks


def fill_tokens(template: str, values: Mapping[str, object]) -> str:
    """Replace ``{token}`` by its value; an unknown token is left as written."""
    return _TOKEN.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def unknown_tokens(template: str) -> list[str]:
    """Tokens in ``template`` that :data:`TOKENS` does not know (to warn in the setup dialog)."""
    return [name for name in _TOKEN.findall(template) if name not in TOKENS]
