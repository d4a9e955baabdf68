"""The Gantt tab: the task table on the left, the chart on the right, one row per task.

The table is the outline view (same model, same editing, same actions); the chart shows exactly
the rows the table shows, in the same order and at the same height, and follows the table's
vertical scroll bar. Data comes from :func:`~ipmp_desktop.core.services.gantt.load_gantt`;
the layout is rebuilt from it on a zoom or an expand/collapse without reading again. While the
tab is hidden (at start the board is shown) a new project is only noted, and read when the tab is
shown: starting the app does not pay for a chart nobody looks at.
"""

from datetime import date, timedelta

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetricsF, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ipmp_desktop.core.layout.gantt import GanttTask, layout_gantt, plan_span
from ipmp_desktop.core.layout.timescale import (
    DAY_WIDTH,
    TimeScale,
    Zoom,
    fit_day_width,
    readable_zoom,
    zoom_in,
    zoom_out,
)
from ipmp_desktop.core.services.baselines import baseline_dates, list_baselines, variance
from ipmp_desktop.core.services.changes import Area, Changes
from ipmp_desktop.core.services.gantt import GanttData, load_gantt, refresh_tasks
from ipmp_desktop.core.services.gantt_print import gantt_links, gantt_tasks
from ipmp_desktop.qt.heap import no_collector_pauses
from ipmp_desktop.qt.views.empty_state import EmptyState
from ipmp_desktop.qt.views.gantt.chart_view import GanttChartView
from ipmp_desktop.qt.views.gantt.link_dialog import LinkDialog
from ipmp_desktop.qt.views.gantt.time_header import TimeScaleHeader
from ipmp_desktop.qt.views.outline_view import TaskOutlineView

ZOOM_NAMES = {
    Zoom.DAY: "Days",
    Zoom.WEEK: "Weeks",
    Zoom.MONTH: "Months",
    Zoom.QUARTER: "Quarters",
    Zoom.YEAR: "Years",
}
LEAD_DAYS = 14
"""Calendar days shown before the plan's first date."""


class GanttView(QWidget):
    """Task table plus chart for the current project.

    Args:
        outline: the task outline view; the Gantt view takes it over as its table.
        push_command: pushes a command on the undo stack.
    """

    task_activated = Signal(int)
    """A bar was double-clicked (open the task's editor)."""
    status_message = Signal(str)
    import_requested = Signal()
    """The empty project's "Import a File…" button was clicked."""

    def __init__(self, outline: TaskOutlineView, push_command, parent: QWidget | None = None):
        super().__init__(parent)
        self.outline = outline
        self.model = outline.model
        self.tree = outline.tree
        self.push_command = push_command
        self.data: GanttData | None = None
        self.baseline_id: int | None = None
        self.baseline: dict[int, tuple[date | None, date | None]] = {}
        self.zoom = Zoom.WEEK
        self.day_width = DAY_WIDTH[Zoom.WEEK]
        self.origin = date.today() - timedelta(days=LEAD_DAYS)
        self.rows: list[int] = []
        self.span: tuple[date, date] | None = None
        """First and last date of the rows shown (None when nothing is dated)."""
        self._pending_scroll: date | None = None
        self._stale = False
        """The project changed while the tab was hidden: read it when shown."""

        self.chart = GanttChartView(push_command, self)
        self.header = TimeScaleHeader(self.chart, self)
        self.actions_by_name: dict[str, QAction] = {}
        self.toolbar = QToolBar("Gantt", self)
        self._build_toolbar()
        # The task keys (Insert, Delete, Alt+Shift+arrows) act on the selected tasks whichever
        # half has the focus: a bar just clicked puts it in the chart, outside the table.
        for action in outline.actions_by_name.values():
            self.addAction(action)
        self._build_layout()
        self._connect()
        self._build_empty_note()

    # -- construction --

    def _act(
        self, name: str, text: str, slot, shortcut: str = "", tip: str = "", also: tuple = ()
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcuts([QKeySequence(key) for key in (shortcut, *also)])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        if slot is not None:  # bare call: triggered(bool) would fill a defaulted parameter
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_toolbar(self) -> None:
        bar = self.toolbar
        # Ctrl++ too: the zoom-in key of most programs (and Ctrl+= needs Shift on many keyboards)
        zoom_in_action = self._act(
            "zoom_in", "Zoom In", self.zoom_in, "Ctrl+=", "Show less time", also=("Ctrl++",)
        )
        bar.addAction(zoom_in_action)
        bar.addAction(self._act("zoom_out", "Zoom Out", self.zoom_out, "Ctrl+-", "Show more time"))
        bar.addAction(
            self._act("fit", "Fit Project", self.fit_to_project, "Ctrl+0", "Show the whole plan")
        )
        self.zoom_box = QComboBox(self)
        self.zoom_box.setToolTip("Time scale")
        for zoom, name in ZOOM_NAMES.items():
            self.zoom_box.addItem(name, zoom)
        self.zoom_box.activated.connect(lambda i: self.set_zoom(self.zoom_box.itemData(i)))
        bar.addWidget(self.zoom_box)
        bar.addAction(
            self._act("today", "Today", self.scroll_to_today, "Ctrl+T", "Scroll to today")
        )
        bar.addSeparator()
        critical = self._act("critical", "Critical Path", None, "", "Highlight the critical path")
        critical.setCheckable(True)
        critical.setChecked(True)
        critical.toggled.connect(self._toggle_critical)
        bar.addAction(critical)
        bar.addWidget(QLabel(" Baseline: ", self))
        self.baseline_box = QComboBox(self)
        self.baseline_box.setToolTip("Show where tasks were when a baseline was saved")
        self.baseline_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.baseline_box.activated.connect(self._baseline_chosen)
        bar.addWidget(self.baseline_box)

    def _build_empty_note(self) -> None:
        """Guidance over the chart while the project has no tasks: add one, or import."""
        self.empty_note = EmptyState(
            "This project has no tasks yet",
            "Add the first task and type its name, duration and start in the table (Insert adds "
            "the next one), or bring tasks in from another tool's file.",
            [
                ("addFirstTask", "Add the First Task", self.outline.actions_by_name["add"].trigger),
                ("importTasks", "Import a File…", self.import_requested.emit),
            ],
            self.chart.viewport(),
        )
        self.empty_note.hide()
        self.chart.viewport().installEventFilter(self)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(lambda *_: self._update_empty_note())

    def _update_empty_note(self) -> None:
        empty = self.model.project_id is not None and self.model.rowCount() == 0
        self.empty_note.setGeometry(self.chart.viewport().rect())
        self.empty_note.setVisible(empty)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.chart.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_note.setGeometry(self.chart.viewport().rect())
        return super().eventFilter(watched, event)

    def _build_layout(self) -> None:
        table_toolbar = self.outline.toolbar
        self.outline.layout().removeWidget(table_toolbar)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(table_toolbar)
        top.addStretch(1)
        top.addWidget(self.toolbar)
        header_height = 2 * (self.fontMetrics().height() + 8)
        self.header.setFixedHeight(header_height)
        self.tree.header().setFixedHeight(header_height)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.chart)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([590, 700])  # WBS, name, start, finish and duration in view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        vbar = self.tree.verticalScrollBar()
        vbar.valueChanged.connect(self.chart.set_vertical_offset)
        self.chart.forward_wheel = lambda event: QApplication.sendEvent(self.tree.viewport(), event)
        self.chart.describe_task = self.describe_task
        # Expanding or collapsing can come in bursts (a model reset restores every collapsed
        # summary one by one): coalesce them into one relayout when the event loop next runs.
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(0)
        self._relayout_timer.timeout.connect(self.relayout)
        self.tree.expanded.connect(lambda _: self._relayout_timer.start())
        self.tree.collapsed.connect(lambda _: self._relayout_timer.start())
        self.model.modelReset.connect(self._relayout_timer.start)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.chart.task_pressed.connect(self._bar_pressed)
        self.chart.task_activated.connect(self.task_activated)
        self.chart.link_activated.connect(self.edit_link)
        self.chart.row_step.connect(self._step_row)
        self.chart.zoom_requested.connect(self._wheel_zoom)
        self.chart.gesture_changed.connect(self.status_message)
        self.chart.notice.connect(self.status_message)

    # -- loading --

    @property
    def project_id(self) -> int | None:
        """The project shown (the outline model's)."""
        return self.model.project_id

    def reload(self) -> None:
        """Read the project's schedule again and redraw."""
        if self.project_id is None:
            self.data = None
            self.baseline = {}
            self._fill_baselines([])
            self.relayout()
            return
        with no_collector_pauses(), self.model.workspace.reading() as session:
            self.data = load_gantt(session, self.project_id)
            baselines = list_baselines(session, self.project_id)
            if self.baseline_id not in {b.id for b in baselines}:
                self.baseline_id = None
            self.baseline = baseline_dates(session, self.baseline_id) if self.baseline_id else {}
        self._fill_baselines(baselines)
        if self.data.problem:
            self.status_message.emit(self.data.problem)
        self.relayout()

    def project_changed(self) -> None:
        """A different project is shown: reload and scroll to its start (when the tab is next
        shown, if it is hidden now)."""
        self.baseline_id = None
        if not self.isVisible():
            self._stale = True
            self.data, self.baseline = None, {}  # nothing of the old project is kept
            self.relayout()
            return
        self._stale = False
        self.reload()
        if self.data is not None:
            span = self.span
            self._scroll_to_date(span[0] if span else self.data.project_start)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.project_changed()

    def apply_changes(self, changes: Changes) -> None:
        """Follow ``changes`` that touch this project's chart.

        Rows that only changed fields (a drag, a nudge and what it rescheduled) are read again
        on their own; anything else that reaches the plan (rows added, removed or re-parented,
        links, calendars, project fields, baselines) reloads the project. Connected after the
        outline model, so the table's rows are current when this runs.
        """
        project = self.project_id
        if project is None or self.data is None:
            return
        shown = not changes.tasks.isdisjoint(self.data.tasks)
        whole = (
            project in changes.structure
            or bool(changes.dependencies)
            or bool(changes.calendars)
            or Area.PROJECTS in changes.areas
            or (project in changes.projects and not changes.tasks)
        )
        if whole:
            self.reload()
        elif shown:
            ids = changes.tasks & self.data.tasks.keys()
            with self.model.workspace.reading() as session:
                fresh = refresh_tasks(session, self.data, ids)
            if fresh:
                self.relayout(rows_changed=False)
            else:
                self.reload()

    def _fill_baselines(self, baselines) -> None:
        self.baseline_box.clear()
        self.baseline_box.addItem("None", None)
        for baseline in baselines:
            self.baseline_box.addItem(baseline.name, baseline.id)
        self.baseline_box.setCurrentIndex(max(0, self.baseline_box.findData(self.baseline_id)))

    def _baseline_chosen(self, index: int) -> None:
        self.baseline_id = self.baseline_box.itemData(index)
        self.reload()

    # -- layout --

    def shown_rows(self) -> list[int]:
        """Task ids in table order, leaving out the children of collapsed summaries."""
        tree = self.model.tree
        rows: list[int] = []
        stack = list(reversed(tree.children.get(None, [])))
        while stack:
            task_id = stack.pop()
            rows.append(task_id)
            children = tree.children.get(task_id)
            if children and self.tree.isExpanded(self.model.index_of(task_id)):
                stack.extend(reversed(children))
        return rows

    def row_height(self) -> int:
        """The table's row height (uniform), which the chart must match."""
        first = self.model.index(0, 0)
        height = self.tree.rowHeight(first) if first.isValid() else 0
        return height or self.tree.fontMetrics().height() + 8

    def _gantt_tasks(self, ids) -> list[GanttTask]:
        assert self.data is not None
        return gantt_tasks(self.data, ids, self.model.tree.children, self.baseline)

    def relayout(self, *, rows_changed: bool = True) -> None:
        """Rebuild the chart geometry from the loaded data (no database reads).

        ``rows_changed=False``: the same rows are shown as before (only their fields changed),
        so the table need not be walked again.
        """
        self._relayout_timer.stop()
        left = self._left_date()
        if self.data is None:
            self.rows = []
            self.chart.set_chart(None, None)
            self.header.update()
            return
        if rows_changed or not self.rows:
            self.rows = [t for t in self.shown_rows() if t in self.data.tasks]
        tasks = self._gantt_tasks(self.rows)
        span = plan_span(tasks)
        first = span[0] if span else self.data.project_start
        self.origin = first - timedelta(days=LEAD_DAYS)
        scale = TimeScale(origin=self.origin, day_width=self.day_width, zoom=self.zoom)
        links = gantt_links(self.data)
        chart = layout_gantt(tasks, links, scale, self.row_height())
        self.span = span
        self.chart.set_chart(chart, self.data)
        self._selection_changed()
        self.chart.set_vertical_offset(self.tree.verticalScrollBar().value())
        if left is not None:
            self._scroll_to_date(left, exact=True)
        self.header.update()
        self.zoom_box.setCurrentIndex(self.zoom_box.findData(self.zoom))

    def _left_date(self) -> date | None:
        chart = self.chart.chart
        if chart is None:
            return None
        return chart.scale.date_at(self.chart.x_offset())

    def _scroll_to_date(self, day: date, *, exact: bool = False) -> None:
        chart = self.chart.chart
        if chart is None:
            return
        margin = 0 if exact else 2 * chart.scale.day_width
        self.chart.scroll_to_x(chart.scale.x(day) - margin)

    # -- zoom --

    def set_zoom(self, zoom: Zoom, anchor: float | None = None) -> None:
        """Show the time scale ``zoom``, keeping the date under ``anchor`` (viewport x) put.

        Without an anchor (the toolbar, the keyboard) the first selected bar's start stays where
        it is, or comes just inside the view when it was out of it; with nothing selected, the
        date at the view's centre stays put.
        """
        self._set_day_width(DAY_WIDTH[zoom], zoom, anchor)

    def _pivot(self, anchor: float | None) -> tuple[float | None, float]:
        """(chart x at the old zoom, viewport x) of the point a zoom must keep in place."""
        chart, width = self.chart.chart, self.chart.viewport().width()
        if chart is None:
            return None, width / 2 if anchor is None else anchor
        if anchor is None:
            bars = (chart.bar_of(task_id) for task_id in self.chart.selected)
            shown = [bar for bar in bars if bar is not None]
            if shown:
                first = min(shown, key=lambda bar: bar.row)
                margin = min(40.0, width / 4)
                held = min(max(first.x0 - self.chart.x_offset(), margin), width - margin)
                return first.x0, held
            anchor = width / 2
        return self.chart.x_offset() + anchor, anchor

    def _set_day_width(self, day_width: float, zoom: Zoom, anchor: float | None) -> None:
        chart = self.chart.chart
        x, anchor = self._pivot(anchor)
        days = x / chart.scale.day_width if chart is not None and x is not None else None
        self.zoom, self.day_width = zoom, day_width
        if self.data is None:
            return
        self.chart.chart = None  # don't restore the left date: the anchor decides
        self.relayout()
        if days is not None:
            self.chart.scroll_to_x(days * day_width - anchor)

    def zoom_in(self) -> None:
        """One time scale finer (Ctrl+=)."""
        self.set_zoom(zoom_in(self.zoom))

    def zoom_out(self) -> None:
        """One time scale coarser (Ctrl+-)."""
        self.set_zoom(zoom_out(self.zoom))

    def _wheel_zoom(self, steps: int, anchor: float) -> None:
        zoom = self.zoom
        for _ in range(abs(steps)):
            zoom = zoom_in(zoom) if steps > 0 else zoom_out(zoom)
        self.set_zoom(zoom, anchor)

    def fit_to_project(self) -> None:
        """Choose the day width that shows the whole plan in the chart's width."""
        span = self.span
        if span is None:
            return
        width = max(self.chart.viewport().width() - 160, 100)  # room for the last label
        day_width = fit_day_width(span[0], span[1], width)
        # The header tiers of the nearest zoom may have no room for their labels at this width
        # (a week of 5 px days): take the finest zoom whose labels all fit, as a print does.
        metrics = QFontMetricsF(self.chart.gantt_painter.style.font)
        self._set_day_width(day_width, readable_zoom(day_width, metrics.horizontalAdvance), 0)
        self._scroll_to_date(span[0])

    def scroll_to_today(self) -> None:
        """Bring today's date into view; when the chart does not reach today (a plan long past
        or still to come), scroll to the end nearest to it and say so on the status line."""
        today = date.today()
        chart = self.chart.chart
        if chart is None:
            return
        first = chart.scale.date_at(0)
        last = chart.scale.date_at(chart.width - 1)
        self._scroll_to_date(today - timedelta(days=3))
        if not first <= today <= last:
            side = "after the end" if today > last else "before the start"
            self.status_message.emit(
                f"Today ({today:%d %b %Y}) is {side} of this plan's chart "
                f"({first:%d %b %Y} to {last:%d %b %Y}); it shows the nearest end."
            )

    def _toggle_critical(self, checked: bool) -> None:
        self.chart.show_critical = checked
        self.chart.viewport().update()

    # -- selection --

    def _selection_changed(self) -> None:
        rows = self.tree.selectionModel().selectedRows(0)
        self.chart.set_selected({int(index.internalId()) for index in rows})

    def _bar_pressed(self, task_id: int, modifiers) -> None:
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            index = self.model.index_of(task_id)
            self.tree.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.Toggle | QItemSelectionModel.SelectionFlag.Rows,
            )
            return
        if task_id not in self.chart.selected:  # pressing a selected bar keeps the selection
            self.outline.select_task(task_id)  # so a drag can carry all of it
        self.chart.setFocus()

    def _step_row(self, step: int) -> None:
        current = self.tree.currentIndex()
        if not current.isValid():
            target = self.model.index(0, 0)
        else:
            target = self.tree.indexBelow(current) if step > 0 else self.tree.indexAbove(current)
        task_id = self.model.task_id(target) if target.isValid() else None
        if task_id is not None:
            self.outline.select_task(task_id)

    def select_task(self, task_id: int) -> None:
        """Select a task in table and chart and bring its bar into view."""
        self.outline.select_task(task_id)
        bar = self.chart.chart.bar_of(task_id) if self.chart.chart else None
        if bar is not None:
            left, width = self.chart.x_offset(), self.chart.viewport().width()
            if not left <= bar.x0 <= left + width - 40:
                self.chart.scroll_to_x(bar.x0 - 40)

    def describe_task(self, task_id: int) -> str:
        """What the bar's tooltip says: dates, progress, float, conflicts, baseline variance."""
        if self.data is None or task_id not in self.data.tasks:
            return ""
        row = self.data.tasks[task_id]
        lines = [row.title]
        if row.start is not None and row.finish is not None:
            lines.append(f"{row.start:%a %d %b %Y} to {row.finish:%a %d %b %Y}")
        if row.kind != "milestone":
            lines.append(f"{row.duration_days} working days, {row.percent_complete} % complete")
        times = self.data.times.get(task_id)
        if times is not None:
            critical = "critical" if times.critical else "not critical"
            lines.append(
                f"Total float {times.total_float} d, free float {times.free_float} d ({critical})"
            )
            if times.conflict:
                lines.append("Conflict: a link or a constraint cannot be met as scheduled")
        if row.manual:
            lines.append("Manually scheduled: the scheduler keeps its dates")
        elif row.constraint_type != "asap" and row.constraint_date is not None:
            names = {
                "snet": "Start no earlier than",
                "fnlt": "Finish no later than",
                "mso": "Must start on",
            }
            lines.append(
                f"{names.get(row.constraint_type, row.constraint_type)} "
                f"{row.constraint_date:%d %b %Y}"
            )
        days = None
        if task_id in self.baseline:
            days = variance(self.data.calendar, self.baseline[task_id], (row.start, row.finish))
        if days is not None:
            lines.append(f"Against the baseline: start {days[0]:+d} d, finish {days[1]:+d} d")
        return "\n".join(lines)

    # -- links --

    def edit_link(self, link_id: int) -> None:
        """Open the link dialog for ``link_id`` (a double-click on its arrow) and push what it
        asks for."""
        if self.data is None:
            return
        link = next((k for k in self.data.links if k.id == link_id), None)
        if link is None:
            return
        names = self.data.tasks
        dialog = LinkDialog(
            link, names[link.predecessor_id].title, names[link.successor_id].title, self
        )
        dialog.exec()
        command = dialog.command()
        if command is not None:
            self.push_command(command)
