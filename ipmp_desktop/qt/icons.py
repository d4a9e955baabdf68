"""The application icon, loaded from the shipped freedesktop icon set.

The PNGs under ``resources/icons/hicolor/<n>x<n>/apps/`` (rendered from ``ipmp.svg`` by
``packaging/make_icons.py``) are used rather than the SVG so that the icon needs no Qt SVG
plugin, and each size is the one drawn for it instead of a scaled one.
"""

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from ipmp_desktop.paths import resources_dir

ICON_NAME = "ipmp"


def app_icon() -> QIcon:
    """The application and window icon, with every size the icon set has.

    Raises:
        FileNotFoundError: the resources hold no rendered icon (a broken install).
    """
    icon = QIcon()
    hicolor = resources_dir() / "icons" / "hicolor"
    for png in sorted(hicolor.glob(f"*x*/apps/{ICON_NAME}.png")):
        width, _, height = png.parent.parent.name.partition("x")
        icon.addFile(str(png), QSize(int(width), int(height)))
    if icon.isNull():
        raise FileNotFoundError(f"No application icon under {hicolor}; reinstall IPMP.")
    return icon
