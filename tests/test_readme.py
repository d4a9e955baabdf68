"""The README opens with the two set-up commands, and CI runs the same test command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_commands_and_ci_agree():
    readme = (ROOT / "README.md").read_text().splitlines()
    commands = [line.strip() for line in readme[:8] if line.startswith("    ")]
    assert len(commands) == 2
    run_app, run_tests = commands
    assert run_app.endswith(".venv/bin/ipmp")
    assert "pytest" in run_tests
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert run_tests in [line.strip() for line in ci]


def test_readme_images_exist():
    text = (ROOT / "README.md").read_text()
    images = [
        part.split(")")[0] for part in text.split("](")[1:] if part.split(")")[0].endswith(".png")
    ]
    assert images
    for image in images:
        assert (ROOT / image).is_file(), image
