"""The log folder: the platform's user log folder unless ``IPMP_LOG_DIR`` names another."""

from pathlib import Path

from ipmp_desktop.qt import app as app_module


def test_the_environment_overrides_the_log_folder(tmp_path, monkeypatch):
    platform = tmp_path / "platform"
    monkeypatch.setattr(app_module.platformdirs, "user_log_dir", lambda *a: str(platform))
    monkeypatch.delenv(app_module.LOG_DIR_ENV, raising=False)
    assert app_module.log_dir() == platform
    monkeypatch.setenv(app_module.LOG_DIR_ENV, "")
    assert app_module.log_dir() == platform  # empty: as if unset
    monkeypatch.setenv(app_module.LOG_DIR_ENV, str(tmp_path / "mine"))
    assert app_module.log_dir() == Path(tmp_path / "mine")
    assert not (tmp_path / "mine").exists()  # configure_logging creates it, not log_dir
