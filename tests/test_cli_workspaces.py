"""The headless jobs on every kind of workspace: a database URL, a read-only file, a refused
file (nothing left beside it), and output into a pipe whose reader has gone."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from ipmp_desktop.cli import SIGPIPE_STATUS, main
from ipmp_desktop.core.demo import generate_demo
from tests.support import postgres_url

ROOT = Path(__file__).resolve().parent.parent


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.ipmp"
    generate_demo(path, tasks=60, seed=11)
    return path


# -- a closed pipe -------------------------------------------------------------------------------


@pytest.mark.parametrize("job", ["check", "export"])
def test_output_into_a_closed_pipe_ends_quietly(demo: Path, tmp_path: Path, job: str) -> None:
    """``ipmp check WS | head -1``: the reader is gone before ipmp writes; no traceback."""
    args = ["check", demo] if job == "check" else ["export", demo, "-o", tmp_path / "all.json"]
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone: every write to the pipe fails with EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ipmp_desktop", *map(str, args)],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
            cwd=ROOT,
        )
    finally:
        os.close(writer)
    assert done.stderr == ""
    assert done.returncode == SIGPIPE_STATUS


# -- refused files leave nothing beside them -----------------------------------------------------


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    connection.close()


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))


def _no_schema(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE alembic_version")
    connection.close()


@pytest.mark.parametrize(
    ("spoil", "fragment"),
    [(_newer, "newer version"), (_corrupt, "damaged"), (_no_schema, "holds no schema")],
    ids=["newer", "corrupt", "no-schema"],
)
def test_a_refused_workspace_is_left_alone(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], spoil, fragment: str
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "plan.ipmp"
    path.write_bytes(demo.read_bytes())
    spoil(path)
    before = digest(path)
    code, out, err = run(capsys, "export", path, "-o", tmp_path / "out.json")
    assert code == 2 and out == "" and fragment in err
    code, _out, _err = run(capsys, "check", path)
    assert code in (1, 2)
    code, _out, err = run(capsys, "import", demo, "-o", path)  # not a format: refused early
    assert code == 2
    assert sorted(p.name for p in folder.iterdir()) == ["plan.ipmp"]
    assert digest(path) == before


def test_check_of_a_good_file_leaves_nothing_beside_it(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.ipmp"
    path.write_bytes(demo.read_bytes())
    code, out, _err = run(capsys, "check", path)
    assert code == 0 and "result: OK" in out
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ipmp"]


# -- a read-only workspace -----------------------------------------------------------------------

_AS_NOBODY = """
import os, pwd, sys
sys.path.insert(0, {root!r})
from ipmp_desktop.cli import main
# Everything the jobs import later is imported now: after dropping root, the interpreter's own
# library (under /root) can no longer be read.
import ipmp_desktop.core.commands.row_rules, ipmp_desktop.core.db.check
import ipmp_desktop.core.interchange.jobs, ipmp_desktop.core.interchange.json_dump
import ipmp_desktop.core.interchange.mspdi, ipmp_desktop.core.interchange.project_read
import ipmp_desktop.core.services.queries, ipmp_desktop.qt.render.documents
import ipmp_desktop.qt.render.export, ipmp_desktop.qt.render.export_job
from ipmp_desktop.core.db import migrate
migrate.known_revisions()
if os.geteuid() == 0:  # root may write any file: become someone who may not
    nobody = pwd.getpwnam("nobody")
    os.setgroups([])
    os.setgid(nobody.pw_gid)
    os.setuid(nobody.pw_uid)
sys.exit(main(sys.argv[1:]))
"""


def run_unprivileged(*args: object) -> subprocess.CompletedProcess[str]:
    """``ipmp ARGS`` in a new process that may not write files it does not own."""
    return subprocess.run(
        [sys.executable, "-c", _AS_NOBODY.format(root=str(ROOT)), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.fixture
def read_only_copy(demo: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A copy of the demo in a folder nobody but root may write, and a folder anyone may.

    Both live in a folder of their own under the system's temporary folder, not in pytest's:
    every pytest run sets its ``pytest-of-root`` back to mode 0700, which would lock the
    unprivileged user out while another run is going on.
    """
    base = Path(tempfile.mkdtemp(prefix="ipmp-unwritable-"))
    base.chmod(0o755)
    folder = base / "shared"
    folder.mkdir()
    path = folder / "plan.ipmp"
    path.write_bytes(demo.read_bytes())
    path.chmod(0o444)
    folder.chmod(0o555)
    out = base / "out"
    out.mkdir()
    out.chmod(0o777)
    yield path, out
    folder.chmod(0o755)
    shutil.rmtree(base, ignore_errors=True)


def test_check_of_a_read_only_file_is_ok(read_only_copy: tuple[Path, Path]) -> None:
    path, _out = read_only_copy
    before = digest(path)
    done = run_unprivileged("check", path)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    assert "integrity: ok" in done.stdout and "result: OK" in done.stdout
    assert "read-only" not in done.stdout
    assert digest(path) == before
    assert [p.name for p in path.parent.iterdir()] == ["plan.ipmp"]


@pytest.mark.parametrize("name", ["plan.pdf", "plan.xml", "all.json"])
def test_export_of_a_read_only_file_works(read_only_copy: tuple[Path, Path], name: str) -> None:
    path, out = read_only_copy
    before = digest(path)
    view = ["--view", "gantt"] if name.endswith(".pdf") else []
    done = run_unprivileged("export", path, *view, "-o", out / name)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    assert (out / name).stat().st_size > 0
    assert digest(path) == before
    assert [p.name for p in path.parent.iterdir()] == ["plan.ipmp"]


def test_import_into_a_read_only_file_says_read_only(
    read_only_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    path, out = read_only_copy
    source = out / "plan.xml"
    assert run_unprivileged("export", path, "-o", source).returncode == 0
    done = run_unprivileged("import", source, "-o", path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0], done.stderr


# -- a database URL ------------------------------------------------------------------------------


@pytest.fixture
def database_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    base = postgres_url()
    if base is None:
        if os.environ.get("CI"):
            pytest.fail("CI must set IPMP_TEST_DATABASE_URL so the URL jobs run on PostgreSQL")
        pytest.skip("IPMP_TEST_DATABASE_URL is not set (CI sets it; see .ci/run)")
    name = f"ipmp_cli_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def tables_of(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_import_check_and_export_with_a_database_url(
    demo: Path, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dumped = tmp_path / "all.json"
    assert run(capsys, "export", demo, "-o", dumped)[0] == 0
    code, out, err = run(capsys, "import", dumped, "-o", database_url)
    assert (code, err) == (0, "") and "Restored" in out
    code, out, err = run(capsys, "check", database_url)
    assert (code, err) == (0, ""), out
    assert "integrity: kept by the database server" in out.splitlines()
    assert "data: ok" in out.splitlines() and "tasks: 60" in out.splitlines()
    again = tmp_path / "again.json"
    code, out, err = run(capsys, "export", database_url, "-o", again)
    assert (code, err) == (0, "")
    assert again.read_bytes() == dumped.read_bytes()
    plan = tmp_path / "plan.xml"
    assert run(capsys, "export", demo, "-o", plan, "--project", "Website relaunch")[0] == 0
    code, out, err = run(capsys, "import", plan, "-o", database_url, "--project", "Copy")
    assert (code, err) == (0, ""), err
    assert "Wrote project #" in out and "ipmp_cli_test_" in out


def test_a_plan_imported_into_an_empty_database_sets_it_up(
    demo: Path, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.gan"
    assert run(capsys, "export", demo, "-o", plan, "--project", "Website relaunch")[0] == 0
    code, out, err = run(capsys, "import", plan, "-o", database_url)
    assert (code, err) == (0, ""), err
    code, out, _err = run(capsys, "check", database_url)
    assert code == 0 and "projects: 1" in out.splitlines()


def test_a_refused_restore_leaves_the_database_empty(
    demo: Path, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dumped = tmp_path / "all.json"
    assert run(capsys, "export", demo, "-o", dumped)[0] == 0
    bad = tmp_path / "bad.json"
    bad.write_bytes(dumped.read_bytes().replace(b'"Website relaunch"', b'"' + b"W" * 300 + b'"'))
    code, out, err = run(capsys, "import", bad, "-o", database_url)
    assert code == 2 and out == ""
    assert "project name is longer than 200 characters" in err
    assert tables_of(database_url) == []


def test_check_of_a_database_url_reports_a_link_cycle(
    demo: Path, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dumped = tmp_path / "all.json"
    assert run(capsys, "export", demo, "-o", dumped)[0] == 0
    assert run(capsys, "import", dumped, "-o", database_url)[0] == 0
    engine = create_engine(database_url)
    with engine.begin() as connection:
        pred, succ = connection.execute(
            text("SELECT predecessor_id, successor_id FROM dependency ORDER BY id LIMIT 1")
        ).one()
        connection.execute(
            text(
                "INSERT INTO dependency (predecessor_id, successor_id, type, lag_days) "
                "VALUES (:p, :s, 'FS', 0)"
            ),
            {"p": succ, "s": pred},
        )
    engine.dispose()
    code, out, _err = run(capsys, "check", database_url)
    assert code == 1 and "result: PROBLEMS FOUND" in out
    assert "data: 1 problem" in out.splitlines()
    assert any("the links form a cycle" in line.lower() for line in out.splitlines())


def test_a_url_that_reaches_no_server_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    for args in (("check", url), ("export", url, "-o", "x.json")):
        code, out, err = run(capsys, *args)
        assert code == 2 and out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Cannot reach the workspace server" in lines[0], err
