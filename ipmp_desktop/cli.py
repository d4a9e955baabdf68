"""The ``ipmp`` command: open the GUI, or run a headless job.

    ipmp [WORKSPACE] [--verbose]         open the app (the last workspace when none is given)
    ipmp demo OUT.ipmp [--tasks N] [--seed S]
    ipmp check WORKSPACE
    ipmp export WORKSPACE --view gantt|board|roadmap -o OUT.pdf|.svg|.png [options]
    ipmp export WORKSPACE -o OUT.xml|.gan|.csv|.ics|.json [--project NAME]
    ipmp import FILE -o WORKSPACE.ipmp [--project NAME]
    ipmp --version

WORKSPACE is a file or a database URL (``postgresql+psycopg://user@host/db``). Headless jobs
print one clear sentence on bad input and exit non-zero; they never need a display. Jobs that
only read (check, export) open the workspace read-only, so a file the user may not write works.
When the reader of their output goes away (``ipmp check WS | head -1``) they stop quietly with
status 141, as Unix tools killed by SIGPIPE do.
"""

import argparse
import gc
import importlib
import os
import sys
from pathlib import Path

from ipmp_desktop import __version__

JOBS = ("demo", "check", "export", "import")
CORE_BEFORE_QT = (
    "ipmp_desktop.core.db",
    "ipmp_desktop.core.commands",
    "ipmp_desktop.core.services.board",
    "ipmp_desktop.core.services.gantt",
    "ipmp_desktop.core.services.gantt_print",
    "ipmp_desktop.core.services.roadmap_print",
    "sqlalchemy.dialects.sqlite",  # imported by the first engine a workspace file makes
)
"""What the window needs of the core (and, through it, SQLAlchemy), imported before Qt when the
GUI starts: once PySide6 is imported it reads the source of every module imported after it (to
look for the word "PySide6"), which costs start-up time and keeps megabytes of text in memory.
Only speed depends on this list: a module missing from it is still imported where it is used."""


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipmp",
        description="IPMP desktop: offline planning with a Kanban board, Gantt chart and roadmap.",
        epilog="Headless jobs: 'ipmp demo OUT.ipmp', 'ipmp check WORKSPACE', "
        "'ipmp export WORKSPACE --view gantt -o OUT.pdf', 'ipmp import FILE -o WORKSPACE.ipmp'. "
        "Run 'ipmp JOB --help' for each.",
    )
    parser.add_argument(
        "workspace", nargs="?", help="workspace file (.ipmp) or database URL to open"
    )
    parser.add_argument("--verbose", action="store_true", help="log debug output to the terminal")
    parser.add_argument("--settings", type=Path, help=argparse.SUPPRESS)
    # the cold-start benchmark: print the time to the first idle paint, then quit
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"ipmp {__version__}")
    return parser


def _jobs_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ipmp")
    jobs = parser.add_subparsers(dest="job", required=True)
    demo = jobs.add_parser("demo", help="write a realistic generated workspace")
    demo.add_argument("output", type=Path, help="the new workspace file (must not exist)")
    demo.add_argument("--tasks", type=int, default=600, help="number of tasks in all (default 600)")
    demo.add_argument("--seed", type=int, default=1, help="random seed (same seed, same workspace)")
    demo.add_argument("--projects", type=int, help="number of projects (default: by size)")
    demo.add_argument("--force", action="store_true", help="replace OUTPUT if it exists")
    check = jobs.add_parser(
        "check", help="check a workspace's integrity, schema version and data, read-only"
    )
    check.add_argument("workspace", help="workspace file (.ipmp) or database URL")
    _export_parser(jobs)
    imports = jobs.add_parser(
        "import",
        help="import another tool's file as a new project",
        description="Import an MS Project XML, GanttProject (.gan), GNOME Planner, Trello JSON, "
        "iCalendar, Jira CSV or CSV file as a new project of WORKSPACE (created when missing), "
        "and print what was mapped, dropped and rescheduled. The format is recognised from "
        "the content. A workspace JSON dump (from 'ipmp export … -o X.json') restores into "
        "a new WORKSPACE.",
    )
    imports.add_argument("file", type=Path, help="the file to import")
    imports.add_argument("-o", "--output", required=True, help="WORKSPACE.ipmp or database URL")
    imports.add_argument("--project", help="name of the new project (default: the file's)")
    imports.add_argument(
        "--format",
        choices=("mspdi", "gan", "planner", "trello", "jira", "csv", "ical"),
        help="skip recognition and read the file as this format",
    )
    return parser


def _export_parser(jobs) -> None:
    export = jobs.add_parser(
        "export",
        help="print a view to PDF, SVG or PNG without opening a window",
        description="Export a Gantt chart, board or roadmap (--view) to PDF (vector, searchable "
        "text), SVG (one file per page, or --whole) or PNG (one image per page, or --whole "
        "scaled to a bounded size); several SVG or PNG pages go to OUT-1.svg, OUT-2.svg and so "
        "on. Or export a project's data: .xml (MS Project XML), .gan (GanttProject), .csv, "
        ".ics (iCalendar); or the whole workspace to .json (a lossless dump).",
    )
    export.add_argument("workspace", help="workspace file (.ipmp) or database URL")
    export.add_argument(
        "--view", choices=("gantt", "board", "roadmap"), help="the view to print (PDF/SVG/PNG)"
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        help="OUT.pdf, .svg, .png (a view) or .xml, .gan, .csv, .ics, .json (data)",
    )
    export.add_argument(
        "--project",
        help="project name (roadmap: product or project name); default: the only project, "
        "else the most recently opened one",
    )
    export.add_argument(
        "--paper",
        default="A4",
        help="A5, A4, A3, A2, A1, A0, Letter, Legal, Tabloid or Ledger (default A4)",
    )
    export.add_argument("--landscape", action="store_true", help="turn the paper sideways")
    export.add_argument("--from", dest="date_from", type=_iso_date, help="first day, YYYY-MM-DD")
    export.add_argument("--to", dest="date_to", type=_iso_date, help="last day, YYYY-MM-DD")
    export.add_argument(
        "--pages-wide", type=int, default=1, help="fit the chart to N pages across (default 1)"
    )
    export.add_argument(
        "--zoom",
        choices=("days", "weeks", "months", "quarters", "years"),
        help="a fixed time scale instead of --pages-wide (tiles as many pages as it takes)",
    )
    export.add_argument("--whole", action="store_true", help="SVG/PNG: one file of the whole chart")
    export.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")
    export.add_argument(
        "--lanes",
        choices=("none", "assignee", "label", "priority", "parent"),
        help="board swimlanes (default none)",
    )
    export.add_argument(
        "--split",
        choices=("none", "column", "lane"),
        default="none",
        help="board: one section per column or per lane (default: the whole board)",
    )


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2027-03-31") from None


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``ipmp`` and ``python -m ipmp_desktop``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in JOBS:
        return _quiet_on_closed_pipe(lambda: _run_job(_jobs_parser().parse_args(args)))
    options = _gui_parser().parse_args(args)
    # Starting builds long-lived objects only (modules, the window, the rows it shows): passes of
    # the cyclic collector over them free nothing and cost a tenth of a second, so it is off
    # until the event loop starts (``run`` switches it on; ``finally`` covers an early return).
    gc.disable()
    try:
        for name in CORE_BEFORE_QT:
            importlib.import_module(name)
        from ipmp_desktop.qt.app import run  # Qt is imported only for the GUI

        return run(
            options.workspace,
            verbose=options.verbose,
            settings_path=options.settings,
            quit_after_first_paint=options.quit_after_first_paint,
        )
    finally:
        gc.enable()


SIGPIPE_STATUS = 128 + 13
"""The status a shell reports for a process that SIGPIPE ended."""


def _quiet_on_closed_pipe(job) -> int:
    """Run ``job``; if its output's reader has gone away, stop quietly with
    :data:`SIGPIPE_STATUS` instead of a traceback."""
    try:
        code = job()
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        # Python's exit flushes stdout again and would report the same error: point the
        # descriptor at /dev/null so that flush has nowhere to fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return SIGPIPE_STATUS


def _fail(message: str) -> int:
    print(f"ipmp: {message}", file=sys.stderr)
    return 2


def _run_job(options: argparse.Namespace) -> int:
    from ipmp_desktop.core.errors import DomainError

    try:
        if options.job == "demo":
            return _demo(options)
        if options.job == "export":
            return _export(options)
        if options.job == "import":
            return _import(options)
        return _check(options)
    except DomainError as error:
        return _fail(str(error))


def _demo(options: argparse.Namespace) -> int:
    from ipmp_desktop.core.demo import MAX_TASKS, generate_demo

    if options.tasks < 1 or options.tasks > MAX_TASKS:
        return _fail(f"--tasks must be between 1 and {MAX_TASKS}.")
    output: Path = options.output
    if output.is_dir():
        return _fail(f"{output} is a folder; name the new workspace file inside it.")
    if output.exists():
        if not options.force:
            return _fail(f"{output} already exists; choose another name or pass --force.")
        for leftover in (output, Path(f"{output}-wal"), Path(f"{output}-shm")):
            leftover.unlink(missing_ok=True)
    from datetime import date

    summary = generate_demo(
        output,
        tasks=options.tasks,
        seed=options.seed,
        today=date.today(),
        projects=options.projects,
    )
    print(summary)
    return 0


def _check(options: argparse.Namespace) -> int:
    from ipmp_desktop.core.db.check import check_workspace

    report = check_workspace(options.workspace)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def _export(options: argparse.Namespace) -> int:
    suffix = options.output.suffix.lower()
    if suffix not in (".pdf", ".svg", ".png"):
        from ipmp_desktop.core.interchange.jobs import export_file

        if options.view is not None and suffix in (".xml", ".gan", ".csv", ".ics", ".json"):
            return _fail(f"--view prints a view; {suffix} holds data, so leave --view out.")
        if options.view is not None:
            return _fail(
                f"Cannot export a view to '{options.output.name}': "
                "the name must end in .pdf, .svg or .png."
            )
        print(f"Wrote {export_file(options.workspace, options.output, project=options.project)}.")
        return 0
    if options.view is None:
        return _fail("Say which view to print with --view gantt, board or roadmap.")
    from ipmp_desktop.qt.render.export_job import ExportRequest, run_export

    request = ExportRequest(
        workspace=options.workspace,
        view=options.view,
        output=options.output,
        project=options.project,
        paper=options.paper,
        landscape=options.landscape,
        date_from=options.date_from,
        date_to=options.date_to,
        pages_wide=options.pages_wide,
        zoom=options.zoom,
        whole=options.whole,
        dpi=options.dpi,
        lanes=options.lanes,
        split=options.split,
    )
    files = run_export(request)
    shown = ", ".join(str(path) for path in files[:3])
    more = f" and {len(files) - 3} more" if len(files) > 3 else ""
    print(f"Wrote {shown}{more}.")
    return 0


def _import(options: argparse.Namespace) -> int:
    from ipmp_desktop.core.interchange.jobs import import_file

    outcome = import_file(
        options.file, options.output, project=options.project, format_key=options.format
    )
    if outcome.report is None:
        print(f"Restored the workspace dump {options.file} as {outcome.workspace}.")
    else:
        print("\n".join(outcome.report.lines()))
        print(f"Wrote project #{outcome.project_id} to {outcome.workspace}.")
    return 0
