"""Which formats we read and write, and how a file's format is recognised.

A file is recognised by its content first (an ``.xml`` may be MS Project or Primavera, a ``.json``
a Trello board or our own dump), and by its name only when the content says nothing. Readers and
writers are named as ``module:function`` and imported when first used, so the command line does
not load every format to read one.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ipmp_desktop.core.interchange.plan import MAX_IMPORT_BYTES, InterchangeError, Plan


@dataclass(frozen=True)
class Format:
    """One file format: its key, its name for people, its extensions and what we can do."""

    key: str
    name: str
    extensions: tuple[str, ...]
    reader: str | None = None
    writer: str | None = None
    sniffer: str | None = None

    def read(self, data: bytes, source: str) -> Plan:
        if self.reader is None:
            raise InterchangeError(f"{self.name} files can be written but not imported.")
        return _resolve(self.reader)(data, source)

    def write(self, plan: Plan) -> bytes:
        if self.writer is None:
            raise InterchangeError(f"{self.name} files can be imported but not written.")
        return _resolve(self.writer)(plan)

    def sniff(self, head: bytes) -> bool:
        return self.sniffer is not None and bool(_resolve(self.sniffer)(head))


_M = "ipmp_desktop.core.interchange."
FORMATS: tuple[Format, ...] = (
    Format("mspdi", "MS Project XML", (".xml",), f"{_M}mspdi:read_mspdi",
           f"{_M}mspdi:write_mspdi", f"{_M}mspdi:looks_like_mspdi"),
    Format("gan", "GanttProject", (".gan",), f"{_M}gan:read_gan", f"{_M}gan:write_gan",
           f"{_M}gan:looks_like_gan"),
    Format("planner", "GNOME Planner", (".planner", ".mrproject"), f"{_M}planner:read_planner",
           None, f"{_M}planner:looks_like_planner"),
    Format("trello", "Trello JSON", (), f"{_M}trello:read_trello", None,
           f"{_M}trello:looks_like_trello"),
    Format("jira", "Jira CSV", (), f"{_M}jira_csv:read_jira_csv", None,
           f"{_M}jira_csv:looks_like_jira_csv"),
    Format("csv", "CSV", (".csv",), f"{_M}csv_format:read_csv", f"{_M}csv_format:write_csv"),
    Format("ical", "iCalendar", (".ics", ".ical"), f"{_M}ical_read:read_ical",
           f"{_M}ical:write_ical", f"{_M}ical_read:looks_like_ical"),
    Format("json", "IPMP workspace JSON", (".json",), None, None,
           f"{_M}formats:looks_like_dump"),
)  # fmt: skip
"""Every format, most specific sniffer first (Jira CSV before plain CSV)."""

BY_KEY = {item.key: item for item in FORMATS}
SNIFF_BYTES = 64 * 1024


def looks_like_dump(head: bytes) -> bool:
    """Our own workspace JSON (``json_dump``) names its format near the top."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b'"ipmp-workspace"' in head


def _resolve(target: str) -> Callable:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def detect(head: bytes, name: str) -> Format:
    """The format of a file from its first bytes, else from its extension.

    Raises:
        InterchangeError: nothing recognises it.
    """
    for item in FORMATS:
        if item.sniffer is not None and item.sniff(head):
            return item
    suffix = Path(name).suffix.lower()
    for item in FORMATS:
        if suffix in item.extensions and item.reader is not None:
            return item
    known = ", ".join(f.name for f in FORMATS if f.reader is not None)
    raise InterchangeError(f"{Path(name).name} is not a file we can import ({known}).")


def for_output(path: Path) -> Format:
    """The format an export file name asks for (``.xml`` is MS Project XML)."""
    suffix = path.suffix.lower()
    for item in FORMATS:
        if suffix in item.extensions and (item.writer is not None or item.key == "json"):
            return item
    raise InterchangeError(
        f"Cannot export to '{path.name}': the name must end in .xml (MS Project), .gan, .csv, "
        ".ics, .json, .pdf, .svg or .png."
    )


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refused with a sentence when missing, a folder or too large."""
    if not path.exists():
        raise InterchangeError(f"{path} does not exist.")
    if path.is_dir():
        raise InterchangeError(f"{path} is a folder, not a file to import.")
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise InterchangeError(
            f"{path.name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; it is not read."
        )
    if size == 0:
        raise InterchangeError(f"{path.name} is empty.")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InterchangeError(f"{path.name} cannot be read: {error.strerror}.") from None


def read_plan(path: Path, format_key: str | None = None) -> tuple[Format, Plan]:
    """Read a file into a Plan (format sniffed unless given)."""
    data = read_bytes(path)
    item = BY_KEY[format_key] if format_key else detect(data[:SNIFF_BYTES], path.name)
    if item.key == "json":
        raise InterchangeError(
            f"{path.name} is a whole IPMP workspace; restore it as a new workspace "
            "(ipmp import FILE.json -o NEW.ipmp) rather than into a project."
        )
    plan = item.read(data, path.name)
    plan.report.source = plan.report.source or path.name
    plan.report.format = plan.report.format or item.name
    return item, plan
