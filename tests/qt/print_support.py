"""Helpers for the printing tests: the text of a PDF the way a reader would search it."""

import shutil
import subprocess
from pathlib import Path


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    assert shutil.which("pdftotext"), "poppler-utils must be installed (.ci/run installs it)"
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]
