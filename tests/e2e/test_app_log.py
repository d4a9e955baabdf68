"""The real app writes its log where ``IPMP_LOG_DIR`` says, not into the user's log folder."""

import pytest

from tests.e2e.test_app_window import running_app
from tests.qt.conftest import workspace_path  # noqa: F401 - the same seeded workspace

pytestmark = pytest.mark.e2e


def test_the_app_logs_into_the_folder_the_environment_names(
    x_display,
    workspace_path,  # noqa: F811
    tmp_path,
    app_log_dir,
):
    assert not app_log_dir.exists()
    with running_app(x_display, workspace_path, tmp_path / "settings.ini"):
        pass
    log = (app_log_dir / "ipmp.log").read_text(encoding="utf-8")
    assert f"started with {workspace_path}" in log
