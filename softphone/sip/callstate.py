"""A call's state, last status code and reason for the engine's on_call_state.

pjsua2's ``Call.getInfo()`` builds a whole ``CallInfo`` in Python (dozens of strings, SWIG
proxies) for three values; it runs for every state change, three times between an INVITE
and its 200 (INCOMING, EARLY, CONNECTING), on the SIP thread holding the GIL that the desk's
thread needs to answer. The native helper (``cs_state`` in ``audio/sourcefilter.c``, built
against the installed pjsua2's headers and checked with it by ``source_filter.py``) reads
them with ``pjsua_call_get_info`` in C. Without that library (the PyPI wheel) or for a call
it does not know, ``getInfo()`` answers as before. SIP thread only.
"""

from __future__ import annotations

import ctypes
import logging

from softphone.sip.audio.conference import pjsua_library
from softphone.sip.source_filter import FILTER

log = logging.getLogger(__name__)

_REASON_BYTES = 128


class StateReader:
    """``read(call) -> (state, code, reason)``; ``start()`` once pjsua runs (after libStart)."""

    def __init__(self) -> None:
        self._lib: ctypes.CDLL | None = None
        self._code = ctypes.c_int()
        self._reason = ctypes.create_string_buffer(_REASON_BYTES)
        self.native = False

    def start(self) -> bool:
        lib = FILTER.load()                 # None unless it fits the running pjsua2
        self._lib, self.native = None, False
        if lib is None:
            return False
        try:
            get_info = pjsua_library().pjsua_call_get_info    # cs_* declared by source_filter
            lib.cs_init(ctypes.cast(get_info, ctypes.c_void_p).value)
        except (OSError, AttributeError, ValueError) as exc:
            log.info("call state read through pjsua2 (%s)", exc)
            return False
        self._lib, self.native = lib, True
        return True

    def read(self, call) -> tuple[int, int, str]:
        lib = self._lib
        if lib is not None:
            state = lib.cs_state(call.getId(), ctypes.byref(self._code), self._reason,
                                 _REASON_BYTES)
            if state >= 0:
                return state, self._code.value, self._reason.value.decode("utf-8", "replace")
        info = call.getInfo()
        return int(info.state), int(info.lastStatusCode), str(info.lastReason)
