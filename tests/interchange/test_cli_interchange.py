"""``ipmp import`` and ``ipmp export`` to data formats: files, reports, exit codes, refusals."""

import hashlib
from datetime import date
from pathlib import Path

import pytest

from ipmp_desktop.cli import main
from ipmp_desktop.core.db import Workspace
from ipmp_desktop.core.demo import generate_demo
from ipmp_desktop.core.services.queries import list_projects
from tests.support import dump

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol2;</Name></Project>"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def projects(path: Path) -> list[str]:
    with Workspace.open(path) as workspace, workspace.reading() as session:
        return [project.name for project in list_projects(session)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.ipmp"
    generate_demo(path, tasks=150, seed=9, projects=1, today=date(2026, 11, 2))
    return path


def test_import_a_corpus_file_into_a_new_workspace(corpus: Path, tmp_path, capsys) -> None:
    target = tmp_path / "new.ipmp"
    source = corpus / "gan" / "HouseBuildingSample.gan"
    code, out, err = run(capsys, "import", source, "-o", target, "--project", "House")
    assert (code, err) == (0, "")
    assert "Imported HouseBuildingSample.gan (GanttProject)." in out
    assert "Counts:" in out and f"to {target}" in out
    assert projects(target) == ["House"]
    code, out, err = run(capsys, "import", corpus / "trello" / "trello.json", "-o", target)
    assert (code, err) == (0, "")
    assert len(projects(target)) == 2  # a second project in the same workspace


def test_export_every_data_format_and_read_them_back(demo, tmp_path, capsys) -> None:
    for suffix in (".xml", ".gan", ".csv", ".ics"):
        out_file = tmp_path / f"plan{suffix}"
        code, out, err = run(capsys, "export", demo, "-o", out_file)
        assert (code, err) == (0, ""), suffix
        assert out_file.stat().st_size > 0 and str(out_file) in out
        back = tmp_path / f"back{suffix}.ipmp"
        code, out, err = run(capsys, "import", out_file, "-o", back)
        assert (code, err) == (0, ""), (suffix, err)
        assert len(projects(back)) == 1


def test_a_json_dump_restores_as_an_identical_workspace(demo, tmp_path, capsys) -> None:
    dumped = tmp_path / "all.json"
    assert run(capsys, "export", demo, "-o", dumped)[0] == 0
    restored = tmp_path / "restored.ipmp"
    code, out, err = run(capsys, "import", dumped, "-o", restored)
    assert (code, err) == (0, "") and "Restored" in out
    with Workspace.open(demo) as a, Workspace.open(restored) as b:
        assert dump(a) == dump(b)
    code, _out, err = run(capsys, "import", dumped, "-o", restored)
    assert code == 2 and "already exists" in err


def test_bad_files_are_refused_and_nothing_is_written(tmp_path, capsys) -> None:
    target = tmp_path / "never.ipmp"
    for name, content in (
        ("noise.xml", bytes(range(256)) * 4),
        ("bomb.xml", BOMB),
        ("empty.gan", b""),
        ("notes.txt", b"just some words\n"),
    ):
        source = tmp_path / name
        source.write_bytes(content)
        code, _out, err = run(capsys, "import", source, "-o", target)
        assert code == 2, name
        assert err.startswith("ipmp: ") and len(err.strip().splitlines()) == 1, (name, err)
        assert not target.exists(), name
    code, _out, err = run(capsys, "import", tmp_path / "missing.xml", "-o", target)
    assert code == 2 and "does not exist" in err


def test_a_refused_import_leaves_an_existing_workspace_unchanged(demo, tmp_path, capsys) -> None:
    copy = tmp_path / "copy.ipmp"
    copy.write_bytes(demo.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    bad = tmp_path / "cut.gan"
    bad.write_bytes(b'<?xml version="1.0"?><project name="x"><tasks><task id="1" name="A"')
    code, _out, err = run(capsys, "import", bad, "-o", copy)
    assert code == 2 and err.startswith("ipmp: ")
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/x.docx"], "must end in .xml"),
        (["-o", "{tmp}/x.xml", "--project", "Nope"], "No project is named"),
        (["-o", "{tmp}/x.xml", "--view", "gantt"], "--view prints a view"),
        (["-o", "{tmp}/missing/x.csv"], "does not exist"),
    ],
)
def test_data_export_refusals(demo, tmp_path, capsys, args, message) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, _out, err = run(capsys, "export", demo, *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
