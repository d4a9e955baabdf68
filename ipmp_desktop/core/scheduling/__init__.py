"""The scheduling engine: working calendars and the critical path method.

Everything here is pure Python over plain values (dates, ints, tuples); nothing reads the database
or imports Qt. Callers load the rows they need and hand them in, so the engine can be tested and
benchmarked without a workspace.

:class:`WorkCalendar` turns a weekday mask and a set of holidays into O(1) conversions between
calendar dates and working-day indices; :func:`country_holidays` lists a country's public holidays
for the "import holidays" action. :func:`~ipmp_desktop.core.scheduling.cpm.schedule` runs the
forward and backward passes over working-day indices (links FS/SS/FF/SF with lag, constraints,
summaries, manual tasks) and reports floats, the critical path and conflicts;
:func:`~ipmp_desktop.core.scheduling.cpm.early_times` runs only the forward pass.
:func:`~ipmp_desktop.core.scheduling.progress.roll_up_progress` rolls percent complete up to the
summaries.

The exceptions to "nothing reads the database" are ``stored`` (reading a project's rows),
``incremental`` (the forward pass over only what an edit moves) and ``service`` (the reschedule
step the command runner runs after an edit).
"""

from ipmp_desktop.core.scheduling.calendar import WorkCalendar, country_holidays
from ipmp_desktop.core.scheduling.cpm import (
    Constraint,
    PlanLink,
    PlanTask,
    ScheduleResult,
    TaskTimes,
    early_times,
    schedule,
)
from ipmp_desktop.core.scheduling.progress import roll_up_progress

__all__ = [
    "Constraint",
    "PlanLink",
    "PlanTask",
    "ScheduleResult",
    "TaskTimes",
    "WorkCalendar",
    "country_holidays",
    "early_times",
    "roll_up_progress",
    "schedule",
]
