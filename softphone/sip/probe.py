"""The line probe: one out-of-dialog OPTIONS through pjsip for the line's account, answered or not within a deadline (C: audio/sourcefilter.c, ``lp_*``).

pjsua2's ``Account.sendRequest`` sends such a request but neither answers a digest challenge
nor ends the transaction before Timer F (32 s), so the probe is a few lines of C in the
source filter's library, compiled against the installed pjsua2's headers: pjsua builds the
request (From our AOR, the line's route set and transport), the C module owns the
transaction and answers one 401/407 with pjsip's own digest client (the line's credentials,
given here); at the deadline (a Qt timer here) ``lp_expire`` ends a transaction still
waiting, so a dead path costs a few retransmissions, not 32 s of them. Every probe reports once,
on the SIP thread, through ``on_result(token, code, heard)``: ``heard`` is False when
nothing came back from the network (the deadline passed, or a transport error), True when
anything did (a challenge or a final answer). Everything here runs on the SIP thread.

Without the library (the PyPI wheel; a build for another pjsua2) ``start()`` returns False
with ``why`` and the line check falls back to re-REGISTER cycles (``health.py``).
"""

from __future__ import annotations

import ctypes
import itertools
import logging
from typing import Callable

from softphone.sip.guard import GUARD
from softphone.sip.source_filter import FILTER

log = logging.getLogger(__name__)

# The functions lp_init takes, in the order of sourcefilter.c's ``lp`` struct.
FUNCTIONS = ("pjsua_acc_create_request", "pjsip_tsx_create_uac", "pjsip_tsx_set_transport",
             "pjsip_tsx_send_msg", "pjsip_tsx_terminate", "pjsip_tx_data_dec_ref", "pjsip_auth_clt_init", "pjsip_auth_clt_deinit",
             "pjsip_auth_clt_set_credentials", "pjsip_auth_clt_reinit_req",
             "pjsip_endpt_create_pool", "pjsip_endpt_release_pool")
_DONE = ctypes.CFUNCTYPE(None, ctypes.c_uint, ctypes.c_int, ctypes.c_int)
_vp = ctypes.c_void_p


def _declare(lib: ctypes.CDLL) -> None:
    i, cp = ctypes.c_int, ctypes.c_char_p
    for name, res, args in (("lp_init", i, [ctypes.POINTER(_vp), i, _vp, _vp]),
                            ("lp_credentials", i, [cp, cp]),
                            ("lp_send", i, [i, cp, ctypes.c_uint, i]),
                            ("lp_expire", i, [ctypes.c_uint]),
                            ("lp_shutdown", None, []), ("lp_function_count", i, [])):
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args


class LineProbe:
    """The C probe for one endpoint: ``start()`` after libStart, ``stop()`` before libDestroy."""

    def __init__(self, on_result: Callable[[int, int, bool], None]) -> None:
        self._on_result = on_result
        self._cb = _DONE(self._done)            # kept alive as long as the C side may call it
        self._lib: ctypes.CDLL | None = None
        self._tokens = itertools.count(1)
        self.why = ""                           # why there is no probe ('' when there is)

    @property
    def ready(self) -> bool:
        return self._lib is not None

    def start(self) -> bool:
        lib = FILTER.load()
        if lib is None:
            self.why = FILTER.why or "the source filter library is not loaded"
            return False
        try:
            _declare(lib)
            if lib.lp_function_count() != len(FUNCTIONS):
                self.why = "the library's line probe takes other functions: rebuild it"
                return False
            pj = GUARD._lib()
            addrs = (_vp * len(FUNCTIONS))(*(ctypes.cast(getattr(pj, n), _vp).value
                                              for n in FUNCTIONS))
            endpt = pj.pjsua_get_pjsip_endpt()
            if lib.lp_init(addrs, len(FUNCTIONS), endpt, ctypes.cast(self._cb, _vp)) != 0:
                self.why = "lp_init refused the endpoint or a function"
                return False
        except (OSError, AttributeError, ValueError) as exc:
            self.why = f"{type(exc).__name__}: {exc}"
            return False
        self._lib = lib
        return True

    def credentials(self, username: str, password: str) -> bool:
        """The line's digest credentials (none: ``username`` empty); True when set."""
        if self._lib is None:
            return False
        return self._lib.lp_credentials(username.encode() if username else None,
                                        password.encode()) == 0

    def new_token(self) -> int:
        """A token for ``send`` (never 0): record what it stands for before sending."""
        return next(self._tokens) & 0xFFFFFFFF or next(self._tokens)

    def send(self, acc_id: int, target: str, timeout_s: float, token: int) -> int:
        """0 when the OPTIONS went out (``on_result`` follows, perhaps before this returns),
        else a pjsip status (-1 not ready, -2 every slot busy) and no callback."""
        if self._lib is None:
            return -1
        return int(self._lib.lp_send(int(acc_id), target.encode(), int(token),
                                     max(1, int(timeout_s * 1000))))

    def expire(self, token: int) -> bool:
        """The deadline of ``token``: a transaction still waiting ends now, reported as 408
        not heard (through ``on_result``, before this returns). True when it was waiting."""
        return self._lib is not None and bool(self._lib.lp_expire(int(token)))

    def stop(self) -> None:
        """Before libDestroy: no more callbacks, the auth session released."""
        if self._lib is not None:
            self._lib.lp_shutdown()
            self._lib = None

    def _done(self, token: int, code: int, heard: int) -> None:
        try:
            self._on_result(int(token), int(code), bool(heard))
        except BaseException:  # noqa: BLE001 - nothing may escape a C callback
            log.exception("line probe result handler failed")
