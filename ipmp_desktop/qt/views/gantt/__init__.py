"""The Gantt tab: task table, time-scaled chart, gestures and dialogs."""
