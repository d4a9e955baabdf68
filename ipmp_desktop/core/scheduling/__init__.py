"""The scheduling engine: working calendars (and, later, the CPM passes that use them).

Everything here is pure Python over plain values (dates, ints, tuples); nothing reads the database
or imports Qt. Callers load the rows they need and hand them in, so the engine can be tested and
benchmarked without a workspace.

:class:`WorkCalendar` turns a weekday mask and a set of holidays into O(1) conversions between
calendar dates and working-day indices; :func:`country_holidays` lists a country's public holidays
for the "import holidays" action.
"""

from ipmp_desktop.core.scheduling.calendar import WorkCalendar, country_holidays

__all__ = ["WorkCalendar", "country_holidays"]
