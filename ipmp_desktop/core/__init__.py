"""The Qt-free core: domain model, database, commands, read models.

Nothing under this package may import PySide6 (``tests/test_layering.py`` checks it).
"""
