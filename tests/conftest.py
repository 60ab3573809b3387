"""Root of the test suite: Qt offscreen for every test, and the ``slow`` lane.

Every test that starts a real peer (Kamailio, PulseAudio, the practice center, a pjsua2
process) is ``slow``; ``pytest -m "not slow"`` is the fast lane (pure logic and offscreen Qt).
A test is marked slow by its own ``pytest.mark.slow`` or by asking for one of the fixtures in
``REAL_PARTS``, so a new test against a real peer cannot land in the fast lane by mistake.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

# PySide6 6.12.0's QCoreApplication.processEvents() drops one reference to None per call
# (measured: sys.getrefcount(None) falls by 1 each call); pytest-qt calls it around every
# test. Holding spare references keeps None's count from reaching zero ("none_dealloc"
# abort) in a long session. Product code uses exec() loops, which do not leak.
_NONE_GUARD = [None] * 200_000

# Fixtures that start a real process or peer: asking for one makes a test slow.
REAL_PARTS = frozenset({
    "kamailio", "engine", "pulse", "make_call", "center", "make_api", "acd", "practice",
    "democenter", "sipp", "baresip", "peer", "registrar", "make_phone", "phone",
    "kamailio_tls", "spawn",
})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if REAL_PARTS.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
