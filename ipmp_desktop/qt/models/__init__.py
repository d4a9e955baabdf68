"""Item models adapting core read models to Qt views."""
