"""``python -m ipmp_desktop`` runs the same entry point as ``ipmp``."""

from ipmp_desktop.cli import main

raise SystemExit(main())
