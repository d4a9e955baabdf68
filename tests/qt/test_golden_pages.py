"""The exported pages of a fixed demo stay pixel-identical across refactoring.

``ipmp demo --seed 1`` (as of a fixed day) is printed as PNG pages: the Gantt chart of every
project, the board of every project (plain, in assignee lanes, a sheet per column) and the
roadmap of every product. Each page's pixels are hashed and compared with
``tests/qt/golden_pages.json``.

A change that is meant to alter what prints updates the record on purpose::

    QT_QPA_PLATFORM=offscreen python -m tests.qt.test_golden_pages --update

On a mismatch the test writes the differing pages to a folder and names it, to look at.
"""

import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

GOLDEN = Path(__file__).with_name("golden_pages.json")
TODAY = date(2026, 12, 7)  # the day the demo is "as of", and the day the pages are printed
DPI = 90


def _documents(path: Path) -> Iterator[tuple[str, object]]:
    """Every document of the golden set, named."""
    from sqlalchemy import select

    from ipmp_desktop.core.db import Workspace
    from ipmp_desktop.core.layout.pages import PageSetup
    from ipmp_desktop.core.model import Product, Project
    from ipmp_desktop.core.services.board import LaneMode
    from ipmp_desktop.qt.render import documents

    with Workspace.open(path, read_only=True) as workspace, workspace.reading() as session:
        projects = session.execute(select(Project.id, Project.name).order_by(Project.id)).all()
        products = session.execute(select(Product.id).order_by(Product.id)).scalars().all()
        gantt = PageSetup(paper="A4", landscape=True)
        board = PageSetup(paper="A4", landscape=True, pages_wide=1, pages_tall=1)
        for project_id, _name in projects:
            yield (
                f"gantt-{project_id}",
                documents.gantt_document(session, project_id, gantt, today=TODAY),
            )
            yield (
                f"board-{project_id}",
                documents.board_document(session, project_id, board, today=TODAY),
            )
            yield (
                f"board-lanes-{project_id}",
                documents.board_document(
                    session, project_id, board, lane_mode=LaneMode.ASSIGNEE, today=TODAY
                ),
            )
            yield (
                f"board-columns-{project_id}",
                documents.board_document(session, project_id, gantt, split="column", today=TODAY),
            )
        for product_id in products:
            yield (
                f"roadmap-{product_id}",
                documents.roadmap_document(session, product_id, gantt, today=TODAY),
            )


def render_golden_set(folder: Path) -> dict[str, str]:
    """Render every page of the golden set as PNG into ``folder``; returns page name → the
    SHA-256 of its pixels."""
    from ipmp_desktop.core.demo import generate_demo
    from ipmp_desktop.qt.render.export import Export
    from ipmp_desktop.qt.render.export_job import ensure_gui_application

    ensure_gui_application()
    from PySide6.QtGui import QImage

    workspace = folder / "golden.ipmp"
    generate_demo(workspace, tasks=600, seed=1, today=TODAY)
    hashes: dict[str, str] = {}
    for name, document in _documents(workspace):
        document.printed = TODAY
        files = Export(document, folder / f"{name}.png", dpi=DPI).run()
        for number, file in enumerate(files, start=1):
            image = QImage(str(file)).convertToFormat(QImage.Format.Format_ARGB32)
            pixels = bytes(image.constBits())
            digest = hashlib.sha256(
                f"{image.width()}x{image.height()}:".encode() + pixels
            ).hexdigest()
            page = f"{name}/{number}"
            hashes[page] = digest
            file.rename(folder / f"{name}-page{number}.png")
    return hashes


def test_the_pages_of_the_seed_1_demo_are_unchanged(qapp, tmp_path: Path) -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = render_golden_set(tmp_path)
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(page for page in set(expected) & set(actual) if expected[page] != actual[page])
    kept = Path(tempfile.mkdtemp(prefix="ipmp-golden-"))
    if changed or missing or extra:
        for page in changed + extra:
            name, number = page.rsplit("/", 1)
            source = tmp_path / f"{name}-page{number}.png"
            source.replace(kept / source.name)
    else:
        kept.rmdir()
    assert not missing, f"pages no longer printed: {missing}"
    assert not extra, f"pages printed that were not before: {extra} (kept in {kept})"
    assert not changed, f"{len(changed)} pages differ: {changed[:10]} (kept in {kept})"
    assert len(actual) > 20  # the set is not trivially small


def _update() -> None:
    with tempfile.TemporaryDirectory() as folder:
        hashes = render_golden_set(Path(folder))
    GOLDEN.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Wrote {len(hashes)} page hashes to {GOLDEN}.")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.qt.test_golden_pages --update")
    _update()
