"""Widgets: the main window, the task outline, dialogs; board, Gantt and roadmap as they land."""
