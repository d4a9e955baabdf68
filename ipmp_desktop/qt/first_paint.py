"""Measure a cold start: report the window's first paint once the app is idle, then quit.

``ipmp WORKSPACE --quit-after-first-paint`` (a hidden option used by the benchmark) starts the
app as usual and, the first time the event loop is about to wait for input after the main window
has painted, prints one JSON line and closes the window:

    {"first_idle_paint_s": 0.71, "painted_at": 1765148000.12, "cpu_s": 0.66,
     "peak_rss_mb": 131.5, "project_id": 2, "collector_on": true}

``first_idle_paint_s`` counts from the start of the process (the kernel's start time, 10 ms
steps); ``painted_at`` is the wall clock (``time.time()``) at that moment, for a caller that
noted its own launch time; ``cpu_s`` is the processor time used so far (user and system: steadier
than the wall clock on a busy machine); ``peak_rss_mb`` is the peak resident memory so far;
``collector_on`` says the cyclic garbage collector runs again (start-up switches it off).

"Idle" is the event dispatcher's ``aboutToBlock``: Qt emits it only when nothing is queued —
no posted update, no zero-delay timer — so work deferred to later turns of the loop and the
paints it causes are all inside the measured time.
"""

import gc
import json
import os
import resource
import sys
import time

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


def seconds_since_process_start() -> float | None:
    """Seconds since the kernel started this process, or None where ``/proc`` is missing."""
    try:
        with open(f"/proc/{os.getpid()}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    started_ticks = int(fields[19])  # field 22 of stat(5), counted after "pid (comm) "
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    return time.clock_gettime(time.CLOCK_BOOTTIME) - started_ticks / ticks_per_second


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MiB.

    On Linux this is ``VmHWM``: ``ru_maxrss`` survives ``exec``, so a process started by a
    big parent (the benchmark harness after its other scenarios) reported the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class FirstIdlePaint(QObject):
    """Watches ``window``'s paints and the event loop; reports and closes at the first idle
    moment after a paint. Keep a reference until the loop ends.

    Args:
        window: the main window (anything with ``current_project_id()`` and ``close()``).
        out: where the JSON line goes.
    """

    def __init__(self, window: QWidget, out=None) -> None:
        super().__init__(window)
        self.window = window
        self.out = out if out is not None else sys.stdout
        self.painted = False
        self.done = False
        app = QApplication.instance()
        assert app is not None, "create the QApplication first"
        app.installEventFilter(self)
        dispatcher = QAbstractEventDispatcher.instance()
        assert dispatcher is not None, "the event dispatcher exists once the app does"
        dispatcher.aboutToBlock.connect(self._idle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.painted
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.painted = True
        return False

    def _idle(self) -> None:
        if self.done or not self.painted:
            return
        self.done = True
        used = resource.getrusage(resource.RUSAGE_SELF)
        report = {
            "first_idle_paint_s": seconds_since_process_start(),
            "painted_at": time.time(),
            "cpu_s": used.ru_utime + used.ru_stime,
            "peak_rss_mb": peak_rss_mb(),
            "project_id": self.window.current_project_id(),  # type: ignore[attr-defined]
            "collector_on": gc.isenabled(),
        }
        self.out.write(json.dumps(report) + "\n")
        self.out.flush()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.window.close()
        if app is not None:
            app.quit()  # also when another top-level window (a message box) is open
