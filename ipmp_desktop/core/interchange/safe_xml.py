"""Reading untrusted XML: defusedxml refuses entity bombs, external entities and DTD tricks, and
files over a size limit are refused before they are parsed.

Every failure becomes an :class:`InterchangeError` with one sentence naming the file. The small
finders at the end (:func:`child`, :func:`children`, :func:`descendant`) match tags by their
local name, whatever namespace a file puts them in.
"""

import xml.etree.ElementTree as ET
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ipmp_desktop.core.interchange.plan import MAX_IMPORT_BYTES, InterchangeError


def parse_xml(data: bytes, source: str, what: str) -> ET.Element:
    """The root element of ``data``.

    Args:
        data: the file's bytes.
        source: the file name, for messages.
        what: the format expected, for messages ("an MS Project XML file").

    Raises:
        InterchangeError: too large, not XML, or XML that uses entities or a DTD to attack.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise InterchangeError(
            f"{source} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; it is not read."
        )
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InterchangeError(
            f"{source} declares XML entities or external references, which are refused for "
            "safety; it is not imported."
        ) from None
    except ET.ParseError as error:
        raise InterchangeError(f"{source} is not a readable {what}: {error}.") from None
    except (ValueError, RecursionError, UnicodeError, LookupError):  # LookupError: unknown encoding
        raise InterchangeError(f"{source} is not a readable {what}.") from None


def local(tag: str) -> str:
    """A tag without its namespace: ``{http://...}Task`` -> ``Task``."""
    return tag.rsplit("}", 1)[-1]


def child(element: Element | None, tag: str) -> Element | None:
    """The first child of ``element`` named ``tag`` (any namespace), or None."""
    if element is None:
        return None
    return next((found for found in element if local(found.tag) == tag), None)


def children(element: Element | None, tag: str) -> list[Element]:
    """The children of ``element`` named ``tag`` (none when ``element`` is None)."""
    return [] if element is None else [found for found in element if local(found.tag) == tag]


def descendant(element: Element, tag: str) -> Element | None:
    """The first element named ``tag`` at any depth under ``element`` (itself included), or None."""
    return next((found for found in element.iter() if local(found.tag) == tag), None)
