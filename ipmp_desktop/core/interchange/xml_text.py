"""An element tree as indented XML text, without recursion: :func:`xml_document`.

``ElementTree.indent`` and ``ElementTree.tostring`` recurse once per level of nesting, so a
GanttProject outline thousands of levels deep (its tasks nest) overflows Python's stack, and
indenting every level by four more spaces makes the file grow with the square of the depth.
This writer walks the tree with an explicit stack and indents no deeper than
:data:`INDENT_LEVELS` levels, so the text grows linearly with the tree.
"""

from xml.etree.ElementTree import Element

INDENT = "    "
INDENT_LEVELS = 20
"""Elements nested deeper than this are indented as much as this level (XML ignores it)."""

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#09;",
    }
)


def xml_document(root: Element) -> bytes:
    """``root`` and everything under it as a UTF-8 XML document with its declaration, one
    element per line, indented (see the module docstring). Elements hold text or children, as
    the writers here make them; an element's ``tail`` is not written."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    # (element, level, closing): each element is pushed once to open it and once to close it
    stack: list[tuple[Element, int, bool]] = [(root, 0, False)]
    while stack:
        element, level, closing = stack.pop()
        margin = INDENT * min(level, INDENT_LEVELS)
        if closing:
            out.append(f"{margin}</{element.tag}>\n")
            continue
        attributes = "".join(
            f' {name}="{str(value).translate(_ATTRIBUTE)}"' for name, value in element.items()
        )
        children = list(element)
        text = (element.text or "").translate(_TEXT)
        if not children and not text:
            out.append(f"{margin}<{element.tag}{attributes} />\n")
        elif not children:
            out.append(f"{margin}<{element.tag}{attributes}>{text}</{element.tag}>\n")
        else:
            out.append(f"{margin}<{element.tag}{attributes}>{text}\n")
            stack.append((element, level, True))
            stack.extend((child, level + 1, False) for child in reversed(children))
    return "".join(out).encode("utf-8")
