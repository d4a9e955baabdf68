"""The shipped folders are found in a checkout, an installed wheel and a frozen bundle."""

import sys
from pathlib import Path

import pytest

from ipmp_desktop import paths


def _make(*folders: Path) -> None:
    for folder in folders:
        folder.mkdir(parents=True)


@pytest.fixture
def not_frozen(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)


def test_checkout_finds_the_folders_beside_the_package(tmp_path, monkeypatch, not_frozen):
    package = tmp_path / "repo" / "ipmp_desktop"
    _make(package, tmp_path / "repo" / "migrations", tmp_path / "repo" / "resources")
    monkeypatch.setattr(paths, "_PACKAGE", package)
    assert paths.bundle_root() is None
    assert paths.migrations_dir() == tmp_path / "repo" / "migrations"
    assert paths.resources_dir() == tmp_path / "repo" / "resources"


def test_wheel_finds_the_folders_inside_the_package(tmp_path, monkeypatch, not_frozen):
    package = tmp_path / "site" / "ipmp_desktop"
    # a stray top-level folder in site-packages must not win over the package's own
    _make(package / "migrations", package / "resources", tmp_path / "site" / "migrations")
    monkeypatch.setattr(paths, "_PACKAGE", package)
    assert paths.migrations_dir() == package / "migrations"
    assert paths.resources_dir() == package / "resources"


def test_pyinstaller_bundle_is_tried_first(tmp_path, monkeypatch):
    bundle = tmp_path / "dist" / "ipmp" / "_internal"
    checkout = tmp_path / "repo" / "ipmp_desktop"
    _make(bundle / "ipmp_desktop" / "migrations", bundle / "ipmp_desktop" / "resources")
    _make(checkout / "migrations", checkout / "resources")
    monkeypatch.setattr(paths, "_PACKAGE", checkout)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.bundle_root() == bundle
    assert paths.migrations_dir() == bundle / "ipmp_desktop" / "migrations"
    assert paths.resources_dir() == bundle / "ipmp_desktop" / "resources"


def test_frozen_without_meipass_looks_beside_the_executable(tmp_path, monkeypatch):
    folder = tmp_path / "app"
    _make(folder / "ipmp_desktop" / "resources")
    monkeypatch.setattr(paths, "_PACKAGE", tmp_path / "nowhere" / "ipmp_desktop")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "ipmp"))
    assert paths.resources_dir() == folder / "ipmp_desktop" / "resources"


def test_a_missing_folder_is_one_sentence(tmp_path, monkeypatch, not_frozen):
    monkeypatch.setattr(paths, "_PACKAGE", tmp_path / "ipmp_desktop")
    with pytest.raises(FileNotFoundError, match="without its migrations folder"):
        paths.migrations_dir()


def test_this_checkout_has_both_folders(not_frozen):
    assert (paths.migrations_dir() / "env.py").is_file()
    assert (paths.resources_dir() / "icons" / "ipmp.svg").is_file()
