"""Fixtures for interchange tests: the shared corpus of other tools' files."""

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
"""``../shared/corpus`` beside the project folder (not part of the project, never copied)."""


def corpus_files(folder: str, *suffixes: str) -> list[Path]:
    """The corpus files of one format (empty when the corpus is absent)."""
    where = CORPUS / folder
    if not where.is_dir():
        return []
    return sorted(p for p in where.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


@pytest.fixture
def corpus() -> Path:
    """The corpus folder; tests using it are skipped, with the reason, when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (it sits beside the project folder)")
    return CORPUS
