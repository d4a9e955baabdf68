"""The headless ``ipmp`` jobs: demo and check, their exit codes and their one-line refusals."""

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ipmp_desktop import __version__
from ipmp_desktop.cli import main
from ipmp_desktop.core.demo import generate_demo


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_sentence(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ipmp: ") and lines[0].endswith(".")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture(scope="module")
def good_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "good.ipmp"
    generate_demo(path, tasks=40, seed=3)
    return path


def test_version_via_python_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ipmp_desktop", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"ipmp {__version__}"


def test_the_gui_starts_with_the_collector_off_and_runs_with_it_on(monkeypatch) -> None:
    import gc

    from ipmp_desktop.qt import app

    seen: list[bool] = []

    def fake_run(*_args: object, **_options: object) -> int:
        seen.append(gc.isenabled())
        return 3

    monkeypatch.setattr(app, "run", fake_run)
    assert main(["plan.ipmp"]) == 3
    assert seen == [False]  # start-up builds long-lived objects only
    assert gc.isenabled()


# -- demo ------------------------------------------------------------------------------------------


def test_demo_writes_a_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "demo.ipmp"
    code, out, err = run(capsys, "demo", str(target), "--tasks", "25", "--seed", "4")
    assert (code, err) == (0, "")
    assert "25 tasks" in out and str(target) in out
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM task").fetchone()[0] == 25
    code, out, _err = run(capsys, "check", str(target))
    assert code == 0 and "result: OK" in out


def test_demo_refuses_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "taken.ipmp"
    target.write_text("my notes\n")
    before = digest(target)
    code, out, err = run(capsys, "demo", str(target), "--tasks", "5")
    assert code == 2 and out == ""
    assert_one_sentence(err, "already exists", "--force")
    assert digest(target) == before


def test_demo_force_replaces_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "again.ipmp"
    target.write_text("old\n")
    code, _out, err = run(capsys, "demo", str(target), "--tasks", "5", "--force")
    assert (code, err) == (0, "")
    assert target.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize("tasks", ["0", "-3", "200001"])
def test_demo_refuses_a_task_count_out_of_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tasks: str
) -> None:
    target = tmp_path / "demo.ipmp"
    code, _out, err = run(capsys, "demo", str(target), "--tasks", tasks)
    assert code == 2
    assert_one_sentence(err, "--tasks")
    assert not target.exists()


def test_demo_refuses_a_folder_even_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "demo", str(tmp_path), "--force")
    assert code == 2
    assert_one_sentence(err, "is a folder")
    assert tmp_path.is_dir()


def test_demo_refuses_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "demo", str(tmp_path / "nowhere" / "demo.ipmp"))
    assert code == 2
    assert_one_sentence(err, "does not exist")


# -- check -----------------------------------------------------------------------------------------


def test_check_passes_a_good_file(good_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(good_file)
    code, out, err = run(capsys, "check", str(good_file))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert any(line.startswith("schema: ") and "(current;" in line for line in lines)
    assert "integrity: ok" in lines and "foreign keys: ok" in lines
    assert "tasks: 40" in lines and "result: OK" in lines
    assert digest(good_file) == before


def test_check_file_name_with_uri_characters(
    good_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "plan #2 ?100%.ipmp"
    odd.write_bytes(good_file.read_bytes())
    code, out, _err = run(capsys, "check", str(odd))
    assert code == 0 and "result: OK" in out


def foreign_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript("CREATE TABLE note(body TEXT); INSERT INTO note VALUES ('hi');")
    connection.close()


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: p.write_text("Shopping list\n" * 20), "not an SQLite file"),
        (lambda p: None, "does not exist"),
        (lambda p: p.mkdir(), "folder"),
        (foreign_sqlite, "another program"),
    ],
    ids=["text", "missing", "folder", "foreign-sqlite"],
)
def test_check_refuses_what_is_not_a_workspace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, fragment: str
) -> None:
    path = tmp_path / "thing.ipmp"
    make(path)
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and out == ""
    assert_one_sentence(err, fragment)


def copy_of(good_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.ipmp"
    path.write_bytes(good_file.read_bytes())
    return path


def test_check_reports_a_dangling_foreign_key(
    good_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_of(good_file, tmp_path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("UPDATE task SET column_id = 9999 WHERE id = 1")
    connection.commit()
    connection.close()
    code, out, _err = run(capsys, "check", str(path))
    assert code == 1
    assert "foreign keys: 1 dangling row" in out.splitlines()
    assert "result: PROBLEMS FOUND" in out


def test_check_reports_a_newer_schema(
    good_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_of(good_file, tmp_path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
    connection.close()
    code, out, _err = run(capsys, "check", str(path))
    assert code == 1
    assert any(line.startswith("schema: f00dfeed9999 (newer;") for line in out.splitlines())


def test_check_reports_rows_that_break_the_rules(
    good_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows no command would write (here written behind IPMP's back) are problems: every later
    edit of the project would trip over the cycle."""
    path = copy_of(good_file, tmp_path)
    connection = sqlite3.connect(path)
    pred, succ = connection.execute(
        "SELECT predecessor_id, successor_id FROM dependency ORDER BY id LIMIT 1"
    ).fetchone()
    connection.execute(
        "INSERT INTO dependency (predecessor_id, successor_id, type, lag_days) "
        "VALUES (?, ?, 'FS', 0)",
        (succ, pred),
    )
    connection.execute("UPDATE task SET title = ? WHERE id = 2", ("t" * 100_000,))
    connection.execute("UPDATE task SET start = '2026-05-04', finish = '2026-05-01' WHERE id = 3")
    connection.execute("UPDATE task SET priority = 9 WHERE id = 4")
    connection.commit()
    connection.close()
    before = digest(path)
    code, out, _err = run(capsys, "check", str(path))
    lines = out.splitlines()
    assert code == 1 and "result: PROBLEMS FOUND" in lines
    assert "integrity: ok" in lines and "data: 4 problems" in lines
    assert "  task #2: The title is longer than 500 characters." in lines
    assert "  task #3: The finish 2026-05-01 is before the start 2026-05-04." in lines
    assert any(line.startswith("  task #4: The priority must be one of 0, 1") for line in lines)
    assert any("The links form a cycle: #" in line for line in lines)
    assert digest(path) == before
