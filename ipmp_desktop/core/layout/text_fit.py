"""Fitting text into boxes by measure: eliding and word wrapping, free of any GUI toolkit.

The caller passes the measure (how wide a string is in its font), so the same rules serve
whatever paints the text; the printed board and its tests use it with different measures.
"""

from collections.abc import Callable

TextWidth = Callable[[str], float]
"""How wide a string is in one font, in the caller's units."""

ELLIPSIS = "…"


def elide(text: str, width: float, measure: TextWidth) -> str:
    """``text`` shortened with an ellipsis until it fits ``width`` (the ellipsis alone at worst)."""
    if measure(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def wrap_text(text: str, width: float, measure: TextWidth, max_lines: int) -> list[str]:
    """Break ``text`` at spaces into at most ``max_lines`` lines no wider than ``width``.

    A word wider than a line is elided; what does not fit in the last line is elided with an
    ellipsis, so the reader sees that the text goes on. Empty text gives no lines.
    """
    if max_lines <= 0:
        return []
    words = text.split()
    lines: list[str] = []
    current = ""
    for position, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        if len(lines) == max_lines - 1:  # the last line takes the rest, elided
            lines.append(elide(" ".join(words[position:]), width, measure))
            return lines
        if measure(word) <= width:
            current = word
        else:  # a word longer than a line gets a line of its own, elided
            lines.append(elide(word, width, measure))
    if current:
        lines.append(current)
    return lines
