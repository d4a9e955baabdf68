"""The PySide6 layer: adapts the core to Qt. It never writes to a session; it pushes commands."""
