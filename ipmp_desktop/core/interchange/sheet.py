"""Spreadsheet text files (CSV) as rows of cells, for the CSV and Jira CSV importers.

Rows are lists, never dicts: exports repeat headers for multi-value fields (Jira writes
``Comment`` three times), and a dict would keep only the last. Cells may span lines (quoted
newlines); NUL characters are removed from cells. The text may be UTF-8 with or without a
byte-order mark, UTF-16 with one (Excel's "Unicode text"), or, failing UTF-8, Windows-1252
(Excel's "CSV" on Western Windows).
"""

import csv
import io
import re
from collections.abc import Callable, Sequence

from ipmp_desktop.core.interchange.plan import MAX_IMPORT_BYTES, ImportReport, InterchangeError

DELIMITERS = ",;\t"
"""Cell separators tried, by how many cells they give the header line."""


def decode(data: bytes, source: str, report: ImportReport | None = None) -> str:
    """The text of a CSV file (see the module docstring for the encodings tried).

    Raises:
        InterchangeError: too large, or bytes that no tried encoding reads.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise InterchangeError(
            f"{source} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; it is not read."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InterchangeError(f"{source} claims to be UTF-16 text but is not.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if report is not None:
        report.map("the file is not UTF-8; it was read as Windows-1252 (Western European).")
    return text


def delimiter_of(text: str) -> str:
    """The separator giving the header line the most cells (comma when none is found)."""
    line = re.sub(r'"[^"]*"', "", text[:65536].split("\n", 1)[0])
    best = max(DELIMITERS, key=lambda d: (line.count(d), d == ","))
    return best if line.count(best) else ","


def rows(
    text: str,
    source: str,
    what: str,
    delimiter: str | None = None,
    cell: Callable[[str], str] | None = None,
) -> list[list[str]]:
    """Every row of ``text`` as a list of cells (blank lines skipped).

    Args:
        cell: applied to each cell before NUL characters are removed (which the workspace
            cannot store); e.g. to take off a quoting apostrophe that a NUL follows.

    Raises:
        InterchangeError: the CSV cannot be split into cells (a cell too long, a quoted cell
            that never ends, text right after a closing quote, ...).
    """
    reader = csv.reader(  # strict: a file cut inside a quoted cell is refused, not half read
        io.StringIO(text, newline=""), delimiter=delimiter or delimiter_of(text), strict=True
    )
    out = []
    has_nul = "\x00" in text
    try:
        for row in reader:
            if cell is not None:
                row = [cell(value) for value in row]
            if has_nul:
                row = [value.replace("\x00", "") for value in row]
            if any(value.strip() for value in row):
                out.append(row)
    except csv.Error as error:
        raise InterchangeError(
            f"{source} is not a readable {what}: line {reader.line_num}: {error}."
        ) from None
    return out


def normal(header: str) -> str:
    """A header compared without case, underscores or repeated spaces."""
    return " ".join(header.replace("_", " ").replace("\u00a0", " ").split()).casefold()


def cells(row: Sequence[str], indices: Sequence[int]) -> list[str]:
    """The non-empty cells of ``row`` at ``indices`` (stripped), in order."""
    return [row[i].strip() for i in indices if i < len(row) and row[i].strip()]


def first(row: Sequence[str], indices: Sequence[int]) -> str:
    """The first non-empty cell of ``row`` at ``indices``, or ""."""
    found = cells(row, indices)
    return found[0] if found else ""


def report_ragged_rows(
    report: ImportReport,
    header_width: int,
    body: Sequence[Sequence[str]],
    name_of: Callable[[Sequence[str]], str],
) -> None:
    """List in ``report`` each row with fewer or more cells than the header has.

    A short row's missing cells read as empty, and a long row's cells past the header have no
    column to go to; either way the row may not say what its author meant. Rows are numbered
    as the importers number them (the header is row 1). ``name_of`` names a row's issue or
    task for the sentence ("" when it has none).
    """
    for number, row in enumerate(body, start=2):
        width = len(row)
        if width == header_width:
            continue
        name = name_of(row)
        where = f"row {number}" + (f" ({name[:60]})" if name else "")
        counts = f"has {width} fields where the header has {header_width}"
        if width < header_width:
            missing = header_width - width
            report.drop(f"{where} {counts}; its last {missing} {_fields(missing)} read as empty.")
            continue
        extra = [cell.strip() for cell in row[header_width:] if cell.strip()]
        shown = "; ".join(repr(cell[:40]) for cell in extra[:3]) + (
            "; ..." if len(extra) > 3 else ""
        )
        what = (
            f"the cells past the header are dropped ({shown})"
            if extra
            else ("the cells past the header are empty and ignored")
        )
        report.drop(f"{where} {counts}; {what}.")


def _fields(count: int) -> str:
    return "field is" if count == 1 else "fields are"
