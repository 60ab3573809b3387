"""The SIP worker's teardown: media and calls, the line, then the endpoint, in the order pjsua2 needs.

Runs on the SIP thread only (``SipWorker.cmd_shutdown`` and a failed boot). The order is the
one measured in /work/shared/PJSUA2_NOTES.md: calls hung up and media closed -> the clock
stopped (``setNoDev``) -> the account shut down -> ``gc.collect()`` -> ``libDestroy``. A
pjsua2 object that outlives ``libDestroy`` aborts the process at exit.
"""

from __future__ import annotations

import gc
import logging
import time
from typing import Callable

import pjsua2 as pj
from PySide6.QtCore import QThread

from softphone.sip.events import EngineStopped

log = logging.getLogger(__name__)


def pump(ep, seconds: float, done: Callable[[], bool]) -> None:
    """Let pjsip work (hang-ups, unregistration) for at most ``seconds`` or until ``done()``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and not done():
        ep.libHandleEvents(10)


def teardown(worker) -> None:
    """Media and calls -> line checks and account shutdown -> gc -> libDestroy; then
    EngineStopped and the end of the SIP thread's event loop."""
    worker.running = False
    if worker.wait is not None:
        worker.wait.stop()           # nothing watches pjsip's queue past libDestroy
    if worker.health is not None:
        worker.health.stop()         # no probe answers into Python past this point
    ep = worker.ep
    try:
        if ep is not None:
            try:
                ep.hangupAllCalls()
            except pj.Error:
                pass
            pump(ep, 0.3, lambda: not any(not c.ended for c in worker.calls.values()))
        worker.announcements_over()      # protection.py: they ended with their calls
        if worker.media is not None:
            try:
                worker.media.close()
            except Exception:  # noqa: BLE001
                log.exception("media close failed")
            worker.media = None
        if ep is not None:
            try:
                ep.audDevManager().setNoDev()
            except pj.Error:
                pass
        worker.calls.clear()
        worker.drop_links()              # multicall.py: no AudioMedia of ours past libDestroy
        worker.graveyard.clear()
        if worker.line is not None:
            worker.line.shutdown()
            worker.line = None
        had_line = worker._had_line
        gc.collect()
        if ep is not None:
            # without a line there is nothing to unregister: skip pjsua's 1 s network wait
            ep.libDestroy(0 if had_line else pj.PJSUA_DESTROY_NO_NETWORK)
    except Exception:  # noqa: BLE001
        log.exception("SIP teardown failed")
    finally:
        worker.ep = None
        ep = None
        gc.collect()
        worker.emit(EngineStopped())
        worker._flush()
        QThread.currentThread().quit()
