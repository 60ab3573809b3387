"""Root of the test suite: Qt offscreen for every test, and the ``slow`` lane.

Every test that starts a real peer (Kamailio, PulseAudio, the practice center, a pjsua2
process) is ``slow``; ``pytest -m "not slow"`` is the fast lane (pure logic and offscreen Qt).
A test is marked slow by its own ``pytest.mark.slow`` or by asking for one of the fixtures in
``REAL_PARTS``, so a new test against a real peer cannot land in the fast lane by mistake.
"""

from __future__ import annotations

import faulthandler
import os
import sys
from pathlib import Path

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


# scripts/dev.sh test: where a crash leaves the running test's name and the fault dump
# (scripts/crash_summary.py prints them after pytest died on a signal)
CRASH_DIR = os.environ.get("SOFTPHONE_TEST_CRASH_DIR", "")
_DUMP_KEY = pytest.StashKey()
_QT_KEY = pytest.StashKey()


@pytest.hookimpl(trylast=True)          # after pytest's faulthandler plugin: this file wins
def pytest_configure(config):
    if not CRASH_DIR:
        return
    dump = open(Path(CRASH_DIR) / "faulthandler.txt", "w", encoding="utf-8")  # noqa: SIM115
    config.stash[_DUMP_KEY] = dump          # open for the session: faulthandler writes its fd
    faulthandler.enable(file=dump, all_threads=True)
    # Qt's fatal message (Qt aborts right after it) would go to the test's captured stderr,
    # which dies with the process: written to the crash directory too. dev.sh runs pytest
    # with --no-qt-log, so pytest-qt's own per-test handler does not replace this one.
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    qt_fatal = Path(CRASH_DIR) / "qt-fatal.txt"

    def qt_message(mode, context, message) -> None:
        line = f"Qt {getattr(mode, 'name', mode)}: {message}\n"
        if mode == QtMsgType.QtFatalMsg:
            with open(qt_fatal, "a", encoding="utf-8") as f:
                f.write(line)
        sys.stderr.write(line)

    config.stash[_QT_KEY] = qt_message     # PySide keeps no reference of its own
    qInstallMessageHandler(qt_message)


def pytest_runtest_logstart(nodeid, location):
    if CRASH_DIR:
        (Path(CRASH_DIR) / "current").write_text(nodeid, encoding="utf-8")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if REAL_PARTS.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report carries what its peers said: each sipp it started (errors and
    output) and its Kamailio's log tail, so a failure seen once in CI can be read afterwards."""
    from tests.support import sipp
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "setup":
        sipp.STARTED.clear()
        return
    if not rep.failed:
        return
    for peer in sipp.STARTED:
        rep.sections.append((f"sipp {peer.dir.name}: exit {peer.proc.poll()}", peer.report()))
    for name in ("kamailio", "kamailio_tls"):
        kam = getattr(item, "funcargs", {}).get(name)
        if kam is not None and hasattr(kam, "log_tail"):
            rep.sections.append((f"{name} log", kam.log_tail()))
