"""What a printed board card shows and where: title lines, label chips, badges, initials.

The same things the screen's card shows (priority stripe, title, label chips, due date,
checklist progress, blockers, comments, assignee initials), measured with the caller's fonts
and placed in print units. :class:`CardPlacer` first measures a card (its height follows from
its line counts) and then places it in the box the board layout gives it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from ipmp_desktop.core.layout.text_fit import TextWidth, elide, wrap_text
from ipmp_desktop.core.layout.timescale import MONTH_ABBREVIATIONS
from ipmp_desktop.core.model import TaskKind
from ipmp_desktop.core.services.board import BoardCard

DUE_SOON_DAYS = 2
"""A due date this many days ahead (or fewer) is flagged as coming soon, as on the screen."""


@dataclass(frozen=True)
class PrintFonts:
    """Text measures of the two fonts a printed card uses.

    Args:
        title: width of a string in the bold font of card titles and lane names.
        title_line: line height of that font.
        small: width of a string in the small font of chips, badges and initials.
        small_line: line height of that font.
    """

    title: TextWidth
    title_line: float
    small: TextWidth
    small_line: float


@dataclass(frozen=True)
class BoardGeometry:
    """Sizes of a printed board, in print units (1/96 inch)."""

    column_width: float = 210.0
    column_gap: float = 10.0
    card_gap: float = 6.0
    lane_padding: float = 6.0
    lane_width: float = 120.0
    card_left: float = 10.0
    """Inner left edge of a card: room for the priority stripe."""
    card_right: float = 7.0
    card_top: float = 6.0
    card_bottom: float = 5.0
    title_lines: int = 3
    chip_rows: int = 2
    footer_rows: int = 2
    lane_lines: int = 4
    empty_lane: float = 28.0

    @property
    def pitch(self) -> float:
        """Distance from one column's left edge to the next one's."""
        return self.column_width + self.column_gap


@dataclass(frozen=True, slots=True)
class Chip:
    """A label chip, in body coordinates."""

    text: str
    color: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Badge:
    """A footer note of a card: ``tone`` is "muted", "late", "soon", "done" or "alert"."""

    kind: str
    text: str
    tone: str
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0


@dataclass(frozen=True, slots=True)
class Initials:
    """An assignee's initials in a circle of diameter ``size`` at (x, y)."""

    text: str
    person_id: int
    x: float
    y: float
    size: float


@dataclass(frozen=True, slots=True)
class CardBox:
    """A printed card and everything on it, in body coordinates."""

    card_id: int
    column: int
    lane: int
    row: int
    x0: float
    y0: float
    x1: float
    y1: float
    priority: int
    blocked: bool
    title_lines: tuple[str, ...]
    title_top: float
    chips: tuple[Chip, ...]
    badges: tuple[Badge, ...]
    initials: tuple[Initials, ...]


def due_text(day: date) -> str:
    """A due date as a card shows it: "Mar 02"."""
    return f"{MONTH_ABBREVIATIONS[day.month - 1]} {day.day:02d}"


def card_badges(card: BoardCard, today: date) -> list[Badge]:
    """The footer notes of a card, in the order the screen shows them: due date (late or soon
    flagged against ``today``), checklist progress, blockers, comments."""
    badges: list[Badge] = []
    if card.due is not None:
        open_ = card.percent_complete < 100
        late = open_ and card.due < today
        soon = open_ and not late and card.due <= today + timedelta(days=DUE_SOON_DAYS)
        text = ("Overdue " if late else "") + due_text(card.due)
        badges.append(Badge("due", text, "late" if late else "soon" if soon else "muted"))
    if card.checklist_total:
        done = card.checklist_done == card.checklist_total
        text = f"☑ {card.checklist_done}/{card.checklist_total}"
        badges.append(Badge("checklist", text, "done" if done else "muted"))
    if card.blocked_by:
        badges.append(Badge("blocked", f"⚠ blocked by {card.blocked_by}", "alert"))
    if card.comment_count:
        badges.append(Badge("comments", f"✎ {card.comment_count}", "muted"))
    return badges


def card_title(card: BoardCard) -> str:
    """The title as printed: a milestone gets a diamond in front, as on the screen."""
    return ("◆ " if card.kind == TaskKind.MILESTONE else "") + card.title


@dataclass(frozen=True, slots=True)
class CardContent:
    """What one card shows, broken into lines and rows, and the height that takes."""

    card: BoardCard
    title: list[str]
    chips: list[list[tuple[str, str, float]]]
    footer: list[list[Badge]]
    height: float


class CardPlacer:
    """Places what one card shows inside its box; measures its height first."""

    def __init__(self, fonts: PrintFonts, geometry: BoardGeometry, today: date) -> None:
        self.fonts = fonts
        self.geometry = geometry
        self.today = today
        self.inner = geometry.column_width - geometry.card_left - geometry.card_right
        self.chip_height = fonts.small_line + 2
        # a circle the widest pair of capitals fits in
        self.initials_size = max(fonts.small_line, fonts.small("MW")) + 4
        self.footer_line = max(fonts.small_line, self.initials_size)

    def title(self, card: BoardCard) -> list[str]:
        """The title in up to ``geometry.title_lines`` lines (always at least one)."""
        lines = wrap_text(card_title(card), self.inner, self.fonts.title, self.geometry.title_lines)
        return lines or [""]

    def chip_rows(self, card: BoardCard) -> list[list[tuple[str, str, float]]]:
        """Label chips as ``(text, colour, width)`` per row; what overflows the last row is
        summed up in a "+N" chip."""
        small = self.fonts.small
        rows: list[list[tuple[str, str, float]]] = []
        used = self.inner + 1  # start a row on the first chip
        labels = list(card.labels)
        for index, label in enumerate(labels):
            width = min(small(label.name) + 10, self.inner)
            if used + 4 + width > self.inner:
                if len(rows) == self.geometry.chip_rows:
                    self._overflow(rows[-1], len(labels) - index)
                    break
                rows.append([])
                used = -4
            text = label.name if width < self.inner else elide(label.name, self.inner - 10, small)
            rows[-1].append((text, label.color, width))
            used += 4 + width
        return rows

    def _overflow(self, row: list[tuple[str, str, float]], hidden: int) -> None:
        """Replace chips at the end of ``row`` by "+N" until it fits."""
        while True:
            text = f"+{hidden}"
            width = self.fonts.small(text) + 10
            used = sum(w for _t, _c, w in row) + 4 * len(row)
            if used + width <= self.inner or not row:
                row.append((text, "#e3e6ea", width))
                return
            row.pop()
            hidden += 1

    def footer_rows(self, card: BoardCard) -> list[list[Badge]]:
        """Badges per footer row; the first row leaves room on the right for the initials."""
        people = min(len(card.assignees), 3)
        initials = people * (self.initials_size + 2) + (4 if people else 0)
        small = self.fonts.small
        rows: list[list[Badge]] = [[]]
        room = self.inner - initials
        used = 0.0
        for badge in card_badges(card, self.today):
            width = small(badge.text)
            if rows[-1] and used + 10 + width > room:
                if len(rows) == self.geometry.footer_rows:
                    break
                rows.append([])
                room, used = self.inner, 0.0
            text = badge.text if width <= room else elide(badge.text, room, small)
            width = min(width, room)
            x = used + (10 if rows[-1] else 0)
            rows[-1].append(Badge(badge.kind, text, badge.tone, x, 0.0, width))
            used = x + width
        return rows

    def measure(self, card: BoardCard) -> CardContent:
        """What the card shows, broken into lines and rows, and the height that takes."""
        g = self.geometry
        title = self.title(card)
        chips = self.chip_rows(card)
        footer = self.footer_rows(card)
        height = (
            g.card_top
            + len(title) * self.fonts.title_line
            + 3
            + len(chips) * (self.chip_height + 3)
            + len(footer) * self.footer_line
            + g.card_bottom
        )
        return CardContent(card, title, chips, footer, height)

    def place(
        self, content: CardContent, column: int, lane: int, row: int, box: tuple[float, ...]
    ) -> CardBox:
        """The card in ``box`` (x0, y0, x1, y1): title and chips from the top, badges and
        initials at the bottom (a card stretched to its row keeps its footer at the foot)."""
        g = self.geometry
        card = content.card
        x0, y0, x1, y1 = box
        left = x0 + g.card_left
        title = content.title
        y = y0 + g.card_top
        title_top = y
        y += len(title) * self.fonts.title_line + 3
        chips: list[Chip] = []
        for chip_row in content.chips:
            x = left
            for text, color, width in chip_row:
                chips.append(Chip(text, color, x, y, width, self.chip_height))
                x += width + 4
            y += self.chip_height + 3
        footer = content.footer
        bottom = y1 - g.card_bottom
        top = bottom - len(footer) * self.footer_line
        badges = [
            Badge(
                b.kind,
                b.text,
                b.tone,
                left + b.x,
                top + n * self.footer_line,
                b.width,
                self.footer_line,
            )
            for n, badges_row in enumerate(footer)
            for b in badges_row
        ]
        size = self.initials_size
        initials = []
        x = x1 - g.card_right - size
        for person in reversed(card.assignees[:3]):
            initials.append(Initials(person.initials, person.id, x, top, size))
            x -= size + 2
        return CardBox(
            card_id=card.id,
            column=column,
            lane=lane,
            row=row,
            x0=x0,
            y0=y0,
            x1=x1,
            y1=y1,
            priority=card.priority,
            blocked=card.blocked_by > 0,
            title_lines=tuple(title),
            title_top=title_top,
            chips=tuple(chips),
            badges=tuple(badges),
            initials=tuple(reversed(initials)),
        )
