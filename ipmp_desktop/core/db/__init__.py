"""Engines, the workspace (one database), schema migrations and units of work."""

from ipmp_desktop.core.db.workspace import Workspace

__all__ = ["Workspace"]
