"""Refuses SIP requests that no call or line of ours asked for, at pjsip's own module level."""

from __future__ import annotations

import ctypes
import functools
import ipaddress
import logging
import socket
from collections import Counter

log = logging.getLogger(__name__)

# pjsua answers some requests itself and drops the rest in silence: MESSAGE gets 200 (in and
# out of a dialog), an unsolicited MWI NOTIFY gets 200, an out-of-dialog REFER, INFO, PUBLISH,
# BYE or an unknown method gets no answer at all (the sender retransmits for 32 s). pjsua2
# has no hook for any of them, so two small pjsip modules are registered through ctypes, in
# the very library pjsua2 runs (like ``audio/conference.py``); they run on the SIP thread
# inside ``libHandleEvents``, as every pjsua2 callback does:
#
# (Ahead of both, at priority 30, ``source_filter.py``'s module refuses out-of-dialog requests
# that do not come from the line's registrar or proxy: those never reach the two below.)
# - after the transaction layer (priority 31, before the dialog layer): MESSAGE and PUBLISH,
#   in or out of a dialog -> 405 Method Not Allowed with our Allow header;
# - after the dialog layer (priority 40): requests that no dialog took (no To tag) ->
#   REFER 603, NOTIFY / INFO / BYE / UPDATE / PRACK 481, SUBSCRIBE 403, REGISTER 405,
#   an unknown method 501. INVITE, OPTIONS and ACK go on to pjsua.
#
# Registered through the source filter's C library when it fits the running pjsua2
# (``sf_guard_entry``), INVITE, ACK and OPTIONS pass both modules in C without calling Python.
# MESSAGE (and PUBLISH) also leave the endpoint's Allow header, after a check of its layout.
# In-dialog requests pjsua handles itself (REFER, INVITE with Replaces) are refused in
# ``call.py``/``calls.py``. Without the library's symbols the guard stays off (logged), and
# pjsua's defaults above apply.

EARLY_PRIORITY = 31     # PJSIP_MOD_PRIORITY_TSX_LAYER (16) < this < UA_PROXY_LAYER (32)
LATE_PRIORITY = 40      # UA_PROXY_LAYER (32) < this < DIALOG_USAGE (48), APPLICATION (64)
PJSIP_H_ALLOW = 4       # pjsip_hdr_e
ANY_DIALOG = {"MESSAGE": 405, "PUBLISH": 405}
OUT_OF_DIALOG = {"REFER": 603, "NOTIFY": 481, "INFO": 481, "BYE": 481, "UPDATE": 481,
                 "PRACK": 481, "CANCEL": 481, "SUBSCRIBE": 403, "REGISTER": 405,
                 **ANY_DIALOG}
TO_PJSUA = {"INVITE", "OPTIONS", "ACK"}
NOT_IMPLEMENTED = 501
NOT_ALLOWED = ("MESSAGE", "PUBLISH")       # taken out of the endpoint's Allow header

_vp = ctypes.c_void_p
_RX = ctypes.CFUNCTYPE(ctypes.c_int, _vp)   # pj_bool_t (*on_rx_request)(pjsip_rx_data*)


class _PjStr(ctypes.Structure):
    _fields_ = [("ptr", _vp), ("slen", ctypes.c_ssize_t)]

    def text(self) -> str:
        if not self.ptr or not 0 <= self.slen <= 64:
            raise ValueError("not a short pj_str_t")
        return ctypes.string_at(self.ptr, self.slen).decode("latin-1")


class _Module(ctypes.Structure):
    """pjsip_module (unchanged from 2.x to 2.17)."""
    _fields_ = [("prev", _vp), ("next", _vp), ("name", _PjStr), ("id", ctypes.c_int),
                ("priority", ctypes.c_int), ("load", _vp), ("start", _vp), ("stop", _vp),
                ("unload", _vp), ("on_rx_request", _RX), ("on_rx_response", _vp),
                ("on_tx_request", _vp), ("on_tx_response", _vp), ("on_tsx_state", _vp)]


class _ArrayHdr(ctypes.Structure):
    """pjsip_generic_array_hdr (PJSIP_DECL_HDR_MEMBER, count, values[])."""
    _fields_ = [("prev", _vp), ("next", _vp), ("type", ctypes.c_int), ("name", _PjStr),
                ("sname", _PjStr), ("vptr", _vp), ("count", ctypes.c_uint),
                ("values", _PjStr * 32)]


class _ListHead(ctypes.Structure):
    """A pjsip_hdr list head: pjsip_endpt_respond_stateless reads only prev/next of it."""
    _fields_ = [("prev", _vp), ("next", _vp)]


def _method(info: bytes) -> str:
    """'MESSAGE' out of pjsip_rx_data_get_info's 'Request msg MESSAGE/cseq=1 (rdata0x..)'."""
    words = info.decode("latin-1").split(" ", 3)
    return words[2].rsplit("/cseq=", 1)[0] if len(words) > 2 else ""   # case-sensitive


class RequestGuard:
    """The two modules, registered once per pjsua endpoint (``install``); process-wide."""

    def __init__(self) -> None:
        self.refused: Counter[tuple[str, int]] = Counter()   # (method, code) -> count
        self._pj = None
        self._head = _ListHead()
        self._allow = None
        self._names = [ctypes.create_string_buffer(b"mod-softphone-guard-early"),
                       ctypes.create_string_buffer(b"mod-softphone-guard-late")]
        self._callbacks = [_RX(self._on_early), _RX(self._on_late)]   # kept alive
        self._mods = []
        for name, cb, prio in zip(self._names, self._callbacks, (EARLY_PRIORITY, LATE_PRIORITY)):
            m = _Module()
            m.name.ptr, m.name.slen = ctypes.addressof(name), len(name.value)
            m.id, m.priority, m.on_rx_request = -1, prio, cb
            self._mods.append(m)

    @property
    def installed(self) -> bool:
        return all(m.id >= 0 for m in self._mods)

    def install(self) -> str:
        """Register with the running endpoint unless already there (pjsip sets a module's id
        back to -1 when its endpoint is destroyed); '' when done, else why not. SIP thread."""
        if self.installed:
            return ""
        try:
            pj = self._lib()
            endpt = pj.pjsua_get_pjsip_endpt()
            if not endpt:
                return "pjsua is not running"
            try:
                self._trim_allow(pj, endpt)
            except ValueError as e:                # answers go out without an Allow header
                log.warning("the endpoint's Allow header is left as it is: %s", e)
            for i, m in enumerate(self._mods):
                if m.id < 0:
                    m.on_rx_request = self._entry(i)
                    status = pj.pjsip_endpt_register_module(endpt, ctypes.byref(m))
                    if status != 0:
                        return f"pjsip_endpt_register_module: status {status}"
        except (OSError, AttributeError, ValueError) as e:
            return f"{type(e).__name__}: {e}"
        return ""

    def _entry(self, i: int):
        """Module ``i``'s on_rx_request: through the source filter's library when it fits
        the running pjsua2 (INVITE, ACK and OPTIONS then never call Python), else ours."""
        from softphone.sip.source_filter import FILTER
        lib = FILTER.load()
        if lib is not None:
            addr = lib.sf_guard_entry(i, ctypes.cast(self._callbacks[i], _vp).value)
            if addr:
                return _RX(addr)
        return self._callbacks[i]

    def _lib(self):
        if self._pj is None:
            import pjsua2._pjsua2 as swig
            pj = ctypes.CDLL(swig.__file__)         # the very library pjsua2 runs
            pj.pjsua_get_pjsip_endpt.restype = _vp
            pj.pjsua_get_pjsip_endpt.argtypes = []
            pj.pjsip_endpt_register_module.argtypes = [_vp, _vp]
            pj.pjsip_endpt_get_capability.restype = _vp
            pj.pjsip_endpt_get_capability.argtypes = [_vp, ctypes.c_int, _vp]
            pj.pjsip_rx_data_get_info.restype = ctypes.c_char_p
            pj.pjsip_rx_data_get_info.argtypes = [_vp]
            pj.pjsip_endpt_respond_stateless.argtypes = [_vp, _vp, ctypes.c_int, _vp, _vp, _vp]
            pj.pjsua_pool_create.restype = _vp
            pj.pjsua_pool_create.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t]
            pj.pjsip_hdr_clone.restype = _vp
            pj.pjsip_hdr_clone.argtypes = [_vp, _vp]
            self._pj = pj
        return self._pj

    def _trim_allow(self, pj, endpt: int) -> None:
        """Take MESSAGE/PUBLISH out of the endpoint's Allow header (after checking that it
        looks like one), and keep a copy of it for our 405 and 501 answers."""
        self._allow = self._head.prev = self._head.next = None
        ptr = pj.pjsip_endpt_get_capability(endpt, PJSIP_H_ALLOW, None)
        if not ptr:
            return
        hdr = _ArrayHdr.from_address(ptr)
        if hdr.type != PJSIP_H_ALLOW or hdr.name.text() != "Allow" or not 0 < hdr.count <= 32:
            raise ValueError("unexpected pjsip Allow header layout")
        values = [hdr.values[i] for i in range(hdr.count)]
        names = [v.text() for v in values]
        if "INVITE" not in names or not all(n.isalpha() and n.isupper() for n in names):
            raise ValueError(f"unexpected Allow values {names}")
        keep = [(v.ptr, v.slen) for v, n in zip(values, names) if n not in NOT_ALLOWED]
        for i, (p, n) in enumerate(keep):
            hdr.values[i].ptr, hdr.values[i].slen = p, n
        hdr.count = len(keep)
        pool = pj.pjsua_pool_create(b"softphone-guard", 512, 512)
        clone = pj.pjsip_hdr_clone(pool, ptr) if pool else None
        if clone:
            link = _ListHead.from_address(clone)      # the clone's own prev/next
            link.prev = link.next = ctypes.addressof(self._head)
            self._head.prev = self._head.next = clone
            self._allow = clone

    # ------------------------------------------------------------------ pjsip callbacks
    def _on_early(self, rdata) -> int:
        return self._answer(rdata, ANY_DIALOG, None)

    def _on_late(self, rdata) -> int:
        return self._answer(rdata, OUT_OF_DIALOG, NOT_IMPLEMENTED)

    def _answer(self, rdata, codes: dict[str, int], unknown: int | None) -> int:
        try:
            pj = self._pj
            method = _method(pj.pjsip_rx_data_get_info(rdata) or b"")
            if method in TO_PJSUA:
                return 0
            code = codes.get(method, unknown)
            if code is None:
                return 0
            allow = ctypes.addressof(self._head) if self._allow and code in (405, 501) else None
            pj.pjsip_endpt_respond_stateless(pj.pjsua_get_pjsip_endpt(), rdata, code, None,
                                             allow, None)
            self.refused[(method, code)] += 1
            log.debug("refused %s with %d", method, code)
            return 1
        except BaseException:  # noqa: BLE001 - nothing may escape into pjsip
            log.exception("request guard failed")
            return 0


def _host_port(hostport: str, default_port: int) -> tuple[str, int]:
    """(host, port) of 'host', 'host:port', '[v6]:port' or 'sip:host:port;lr' (host lower case)."""
    h = hostport.strip().lower()
    for scheme in ("sips:", "sip:"):
        if h.startswith(scheme):
            h = h[len(scheme):]
    h = h.split(";", 1)[0].rsplit("@", 1)[-1]
    port = ""
    if h.startswith("["):
        host, _, rest = h[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif h.count(":") == 1:
        host, port = h.split(":")
    else:
        host = h
    return host, int(port) if port.isdigit() else default_port


@functools.lru_cache(maxsize=16)
def _addresses(host: str) -> frozenset[str]:
    """The host's addresses (the host itself when it is one). Cached for the process: a
    registrar that moves to a new address makes transfer requests fail closed, not open."""
    try:
        return frozenset({str(ipaddress.ip_address(host))})
    except ValueError:
        pass
    try:
        return frozenset(str(ipaddress.ip_address(a[4][0].split("%", 1)[0]))
                         for a in socket.getaddrinfo(host, None))
    except (OSError, ValueError):
        return frozenset()


def from_registrar(source: str, registrar: str, outbound_proxy: str = "",
                   default_port: int = 5060) -> bool:
    """Whether a request's source ('host:port', as pjsua2's SipRxData.srcAddress) is the
    line's registrar or outbound proxy (its address and SIP port; ``default_port`` when the
    setting names none). Over TCP/TLS that holds on the connection we opened to it; one it
    opened to us comes from another port and is refused. In a record-routed dialog every
    request arrives from the proxy: trusting it means trusting the proxy to drop callers'
    REFERs."""
    host, port = _host_port(source, 0)
    try:
        host = str(ipaddress.ip_address(host))
    except ValueError:
        return False
    for h in (registrar, outbound_proxy):
        if h.strip():
            name, p = _host_port(h, default_port)
            if p == port and host in _addresses(name):
                return True
    return False


GUARD = RequestGuard()


def install(settings: object = None, line: object = None) -> None:
    """Install the guard on the running endpoint (SIP thread); logs when it cannot. Also the
    source filter (``source_filter.py``: requests only from the line's registrar or proxy),
    configured from ``settings``/``line``, else from the endpoint's owner (the SipWorker's
    EngineSettings and SipAccountSettings): called after libStart and for every new line."""
    why = GUARD.install()
    if why:
        log.warning("unsolicited SIP requests keep pjsua's default answers: %s", why)
    from softphone.sip import source_filter
    source_filter.install(settings, line)
