"""Guard against a Qt binding that corrupts refcounts on signal delivery (PySide6 6.12.0)."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(str)


def test_signal_delivery_keeps_refcounts(qtbot):
    # PySide6/shiboken 6.12.0 dropped one reference to True per Python slot call: the app
    # then dies with "bool_dealloc" after a few hundred signals. setup.cfg excludes it.
    e, got = _Emitter(), []
    e.fired.connect(got.append)
    before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for _ in range(200):
        e.fired.emit("x")
    after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    assert len(got) == 200
    assert all(abs(a - b) < 20 for a, b in zip(after, before)), (before, after)
