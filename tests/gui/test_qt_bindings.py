"""Guards the Qt binding the project runs on against a fault that would end a working day."""
import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    # PySide6 6.12.0 on CPython 3.11 dropped a reference to None on every void call; after a
    # few thousand calls (a morning of data entry) the interpreter aborted. pyproject.toml
    # excludes it; this fails if such a binding is installed again.
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(5000):
        label.setText("样品")
    assert abs(sys.getrefcount(None) - before) < 100
