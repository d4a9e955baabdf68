"""Entry script of the PyInstaller bundle: the same program as the ``ipmp`` console script."""

import sys

from ipmp_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
