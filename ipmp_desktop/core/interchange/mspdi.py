"""MS Project XML (MSPDI): import, export and recognition.

The reading lives in :mod:`~ipmp_desktop.core.interchange.mspdi_read`, the writing in
:mod:`~ipmp_desktop.core.interchange.mspdi_write` and what the format's codes mean in
:mod:`~ipmp_desktop.core.interchange.mspdi_schema`; this module is the format's front door.
"""

import re

from ipmp_desktop.core.interchange.mspdi_read import read_mspdi
from ipmp_desktop.core.interchange.mspdi_schema import FORMAT_NAME, NS_URI
from ipmp_desktop.core.interchange.mspdi_write import write_mspdi

__all__ = ["FORMAT_NAME", "looks_like_mspdi", "read_mspdi", "write_mspdi"]

_ROOT = re.compile(r"<(?:[\w.-]+:)?Project[\s>/]")


def looks_like_mspdi(head: bytes) -> bool:
    """Whether the first bytes of a file look like MS Project XML: a ``Project`` element in the
    ``http://schemas.microsoft.com/project`` namespace (Primavera's XML, also saved as ``.xml``,
    has neither), in a file that begins as XML does. ``head`` should be the first few
    kilobytes; UTF-8 and UTF-16 are recognised.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[:8192].decode("utf-16", errors="ignore")
    else:
        text = head[:8192].decode("utf-8", errors="ignore")
    markup = text.lstrip("\ufeff \t\r\n").startswith("<")
    return markup and NS_URI in text and _ROOT.search(text) is not None
