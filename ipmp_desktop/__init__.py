"""IPMP desktop: an offline planner for project and product managers."""

__version__ = "0.1.0"
