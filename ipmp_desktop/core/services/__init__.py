"""Change records and read models (frozen dataclasses) the views are built from."""
