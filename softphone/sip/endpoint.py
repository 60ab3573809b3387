"""The SIP thread's pjsua2 Endpoint: where pjsip's own log lines go, and its TLS reports.

Used by ``worker.py`` only, on the SIP thread.
"""

from __future__ import annotations

import ctypes
import logging
import os
from typing import TYPE_CHECKING

import pjsua2 as pj

from softphone.sip.audio.conference import pjsua_library

if TYPE_CHECKING:
    from softphone.sip.worker import SipWorker

log = logging.getLogger(__name__)
STACK_LOG_MAX_BYTES = 1024 * 1024


def open_stack_log(path: str) -> bool:
    """Make ``path`` ready for pjsip's log: 0600 (pjsip would create it by the umask), emptied
    when an earlier run left more than STACK_LOG_MAX_BYTES. False when it cannot be written
    (the lines then stay on stdout, and the app's log says why)."""
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        if os.path.isfile(path) and os.path.getsize(path) > STACK_LOG_MAX_BYTES:
            flags |= os.O_TRUNC
        fd = os.open(path, flags, 0o600)
        try:
            os.fchmod(fd, 0o600)        # a file an older run or another tool left wider
        finally:
            os.close(fd)
        return True
    except OSError as exc:
        log.warning("pjsip's log stays on stdout: %s (%s)", path, exc.strerror or exc)
        return False


def log_level_before_init(level: int) -> None:
    """pjlib logs its start (libCreate) at level 4-5 to stdout, before libInit applies the log
    settings: hold it to ``level`` from the first line (pj_log_set_level of the very library
    pjsua2 runs; a global of pjlib that needs no pjlib_init)."""
    try:
        fn = pjsua_library().pj_log_set_level
    except (OSError, AttributeError) as exc:
        log.debug("pj_log_set_level not reachable: %s", exc)
        return
    fn.argtypes, fn.restype = [ctypes.c_int], None
    fn(int(level))


class Endpoint(pj.Endpoint):
    """pjsua2 Endpoint that reports TLS connections (version, cipher, verification) to the worker."""

    def __init__(self, owner: "SipWorker") -> None:
        pj.Endpoint.__init__(self)
        self.owner = owner

    def onTransportState(self, prm) -> None:
        try:
            info = prm.tlsInfo
            if info is None or info.isEmpty():
                return
            if info.verifyStatus != 0:
                self.owner.on_tls_verify_failed(list(info.verifyMsgs), int(info.verifyStatus))
            if prm.state == pj.PJSIP_TP_STATE_CONNECTED and info.established:
                self.owner.on_tls_connected(str(info.remoteAddr), int(info.protocol),
                                            str(info.cipherName))
        except BaseException:  # noqa: BLE001 - nothing may escape a director callback
            log.exception("onTransportState handler failed")
