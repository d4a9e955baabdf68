"""Chart geometry in chart units (pixels at the current zoom), free of Qt and of the database.

:mod:`~ipmp_desktop.core.layout.timescale` maps dates to x and back and builds header tiers;
:mod:`~ipmp_desktop.core.layout.gantt` lays out Gantt rows, bars, baselines and link polylines and
answers hit tests; :mod:`~ipmp_desktop.core.layout.routing` routes the link polylines.
"""

from ipmp_desktop.core.layout.gantt import (
    BarShape,
    BaselineShape,
    GanttLayout,
    GanttLink,
    GanttTask,
    Hit,
    LinkShape,
    Part,
    layout_gantt,
    non_working_bands,
    plan_span,
)
from ipmp_desktop.core.layout.timescale import (
    DAY_WIDTH,
    HeaderCell,
    TimeScale,
    Zoom,
    add_months,
    fit_day_width,
    zoom_for_day_width,
    zoom_in,
    zoom_out,
)

__all__ = [
    "DAY_WIDTH",
    "BarShape",
    "BaselineShape",
    "GanttLayout",
    "GanttLink",
    "GanttTask",
    "HeaderCell",
    "Hit",
    "LinkShape",
    "Part",
    "TimeScale",
    "Zoom",
    "add_months",
    "fit_day_width",
    "layout_gantt",
    "non_working_bands",
    "plan_span",
    "zoom_for_day_width",
    "zoom_in",
    "zoom_out",
]
