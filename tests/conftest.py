"""Test-wide set-up: Qt runs offscreen unless a test starts its own display; hypothesis runs
derandomized in CI (a fixed, reproducible search) and randomly elsewhere (to find new cases)."""

import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
