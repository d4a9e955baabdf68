"""Where the shipped data folders are, installed or in a checkout.

The wheel (and the bundle) carry ``migrations/`` and ``resources/`` inside the package; a
checkout or an editable install has them at the top of the repository.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"IPMP is installed without its {name} folder; reinstall it.")


def migrations_dir() -> Path:
    """The alembic script directory."""
    return _shipped("migrations")


def resources_dir() -> Path:
    """Icons, stylesheets and other files the GUI loads at run time."""
    return _shipped("resources")
