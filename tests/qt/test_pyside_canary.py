"""Canary for the PySide6 6.12.0 ``none_dealloc`` abort on CPython 3.11.

PySide6 6.12.0 drops one reference to ``None`` for every call of a method that returns void
(``QRectF.setWidth``, ``QGraphicsItem.setPos``, ...). After about 5,200 such calls the count
reaches zero and CPython aborts with ``Fatal Python error: none_dealloc``. pyproject.toml keeps
``PySide6-Essentials<6.12`` for that reason; this test must pass on a release before the cap is
lifted. It runs in a child process so an abort fails the test instead of killing pytest.
"""

import os
import subprocess
import sys

CALLS = 100_000

CHILD = f"""
import sys
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication, QGraphicsRectItem
app = QApplication([])
rect = QRectF(0, 0, 10, 10)
item = QGraphicsRectItem(rect)
before = sys.getrefcount(None)
for n in range({CALLS}):
    rect.setWidth(n % 50 + 1)
    item.setPos(n % 7, n % 11)
after = sys.getrefcount(None)
print(before, after)
"""


def test_void_calls_do_not_leak_none_references():
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"PySide6 aborted ({result.returncode}): {result.stderr[-500:]}"
    before, after = (int(v) for v in result.stdout.split())
    assert after >= before - 100, f"None lost {before - after} references over {2 * CALLS} calls"
