"""Where the shipped data folders are: in a checkout, an installed wheel or a frozen bundle.

- The wheel carries ``migrations/`` and ``resources/`` inside the package (``ipmp_desktop/``).
- A checkout or an editable install has them at the top of the repository, beside the package.
- A PyInstaller bundle (``sys.frozen``) unpacks them under ``sys._MEIPASS`` with the wheel's
  layout, ``ipmp_desktop/migrations`` and ``ipmp_desktop/resources`` (see
  ``packaging/pyinstaller/ipmp.spec``). The bundle is looked at first, so a frozen program never
  picks up a folder of a checkout it happens to sit in.
"""

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundle_root() -> Path | None:
    """The folder a frozen build keeps its files in, or None when running from Python.

    PyInstaller sets ``sys.frozen`` and names the folder in ``sys._MEIPASS``; other freezers set
    only ``sys.frozen``, and keep their files beside the executable.
    """
    if not getattr(sys, "frozen", False):
        return None
    unpacked = getattr(sys, "_MEIPASS", None)
    return Path(unpacked) if unpacked else Path(sys.executable).resolve().parent


def candidate_dirs(name: str) -> list[Path]:
    """Where the shipped folder ``name`` may be, in the order they are tried."""
    found: list[Path] = []
    bundle = bundle_root()
    if bundle is not None:
        found.append(bundle / _PACKAGE.name / name)
    found += [_PACKAGE / name, _PACKAGE.parent / name]
    return found


def _shipped(name: str) -> Path:
    for candidate in candidate_dirs(name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"IPMP is installed without its {name} folder; reinstall it.")


def migrations_dir() -> Path:
    """The alembic script directory."""
    return _shipped("migrations")


def resources_dir() -> Path:
    """Icons, stylesheets and other files the GUI loads at run time."""
    return _shipped("resources")
