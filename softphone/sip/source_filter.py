"""Refuses SIP requests from anywhere but the line's registrar or outbound proxy, in pjsip."""

from __future__ import annotations

import ctypes
import ipaddress
import json
import logging
import socket
from pathlib import Path

from softphone.sip.guard import GUARD, _host_port

log = logging.getLogger(__name__)

# When the line has a registrar or an outbound proxy, a call reaches the phone through it; an
# INVITE straight from somewhere else is a scanner, a toll-fraud probe or a flood that went
# around the proxy. pjsua sets up a call's media (RTP/RTCP sockets, SDP negotiation) before
# onIncomingCall, so the check is a pjsip module of its own, ahead of pjsua: sourcefilter.c
# (the design, the priority and the answers are described there: INVITE 403, ACK never,
# other requests over UDP dropped in silence, over TCP/TLS 403). Only out-of-dialog requests
# are judged; requests inside a dialog go to the dialog layer as before.
#
# The sources: every address the registrar's and the proxy's host names resolve to (through
# the OS resolver, as pjsip resolves them here: no DNS SRV) with their SIP port (5060, 5061
# for TLS, unless the setting names one), resolved again whenever a line is set. Over TCP/TLS
# the source is the connection we opened to them; a connection the proxy opens to us comes
# from another port and is refused. No registrar and no proxy (direct peer-to-peer use), or
# ``EngineSettings.only_from_proxy`` False: every source passes.
#
# The library is compiled at install by ``softphone.resources_build`` against the headers of
# the installed pjsua2 (a build of scripts/pjsua2_build.py) and stamped with that build's key
# and pjproject version; both are checked here before the module is registered. Anything
# amiss (the PyPI wheel, which ships no headers; a library built for another pjsua2) leaves
# the filter off, with a warning in the log.

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "audio" / "sourcefilter.c"
LIBRARY = HERE / "audio" / "_sourcefilter.so"
COUNTERS = ("passed", "other_source", "invite_403", "other_403", "dropped", "in_dialog")
FIX = "rerun python -m softphone.resources_build (scripts/dev.sh install)"
_vp = ctypes.c_void_p


def resolve(host: str, port: int) -> list[tuple[str, int]]:
    """(address, port) for every address ``host`` names now (no cache); [] when none."""
    try:
        return [(str(ipaddress.ip_address(host)), port)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
    except OSError:
        return []
    out = [(str(ipaddress.ip_address(a[4][0].split("%", 1)[0])), port) for a in infos]
    return list(dict.fromkeys(out))


def allowed_sources(registrar: str, outbound_proxy: str = "",
                    transport: str = "udp") -> list[tuple[str, int]] | None:
    """Where the line's requests may come from; None when the line has neither a registrar
    nor a proxy (no filter). An empty list (nothing resolves) refuses every source."""
    names = [h for h in (registrar, outbound_proxy) if h and h.strip()]
    if not names:
        return None
    default_port = 5061 if str(getattr(transport, "value", transport)) == "tls" else 5060
    out: list[tuple[str, int]] = []
    for name in names:
        out += resolve(*_host_port(name, default_port))
    return list(dict.fromkeys(out))


def _pjsua2_build_info() -> dict:
    import pjsua2
    try:
        return json.loads((Path(pjsua2.__file__).parent / "_build_info.json").read_text())
    except (OSError, ValueError):
        return {}


class SourceFilter:
    """The C module, loaded once per process and registered once per pjsua endpoint."""

    def __init__(self) -> None:
        self._lib: ctypes.CDLL | None = None
        self.why = ""                   # why the filter is off ('' when it is usable)
        self.sources: tuple[tuple[str, int], ...] | None = None   # as configured last
        self.enabled = False
        self.logged = ""                # the last reason logged for being off

    def load(self) -> ctypes.CDLL | None:
        """The library when it fits the running pjsua2; else None and ``why``."""
        if self._lib is not None or self.why:
            return self._lib
        try:
            lib = ctypes.CDLL(str(LIBRARY))
            _declare(lib)
        except (OSError, AttributeError) as exc:
            self.why = f"{LIBRARY.name} not usable ({exc}): {FIX}"
            return None
        self.why = mismatch(lib)
        if not self.why:
            self._lib = lib
        return self._lib

    def install(self, only_from_proxy: bool, registrar: str, outbound_proxy: str,
                transport: str) -> str:
        """Register with the running endpoint (once) and set the allowed sources; '' when
        done, else why the filter is off. SIP thread."""
        lib = self.load()
        if lib is None:
            return self.why
        try:
            pj = GUARD._lib()                  # the very library pjsua2 runs, typed
            endpt = pj.pjsua_get_pjsip_endpt()
            if not endpt:
                return "pjsua is not running"
            addr = ctypes.cast
            lib.sf_init(addr(pj.pjsip_endpt_respond_stateless, _vp).value,
                        addr(pj.pjsip_rx_data_get_info, _vp).value, endpt,
                        ctypes.c_uint16.in_dll(pj, "PJ_AF_INET").value,
                        ctypes.c_uint16.in_dll(pj, "PJ_AF_INET6").value)
            if lib.sf_module_id() < 0:
                status = pj.pjsip_endpt_register_module(endpt, lib.sf_module())
                if status != 0:
                    return f"pjsip_endpt_register_module: status {status}"
        except (OSError, AttributeError, ValueError) as exc:
            return f"{type(exc).__name__}: {exc}"
        if self.stats().get("layout") == -1:
            return "pjsip's description of a request disagreed with the library's reading " \
                   f"of pjsip_rx_data (wrong headers?): {FIX}"
        sources = allowed_sources(registrar, outbound_proxy, transport) \
            if only_from_proxy else None
        return self.configure(sources)

    def configure(self, sources: list[tuple[str, int]] | None) -> str:
        """Accept out-of-dialog requests only from ``sources`` (None: from anywhere)."""
        lib = self._lib
        if lib is None:
            return self.why or "not loaded"
        sources = list(sources or ())[:lib.sf_max_allowed()] if sources is not None else None
        n = len(sources or ())
        fams, ports = (ctypes.c_int * max(1, n))(), (ctypes.c_int * max(1, n))()
        addrs = (ctypes.c_ubyte * (16 * max(1, n)))()
        pj = _pj_families()
        for i, (ip, port) in enumerate(sources or ()):
            packed = ipaddress.ip_address(ip).packed
            fams[i], ports[i] = pj[len(packed)], int(port)
            ctypes.memmove(ctypes.addressof(addrs) + 16 * i, packed, len(packed))
        if lib.sf_configure(int(sources is not None), n, fams, ports, addrs) != 0:
            return "sf_configure refused the list"
        new = tuple(sources) if sources is not None else None
        if new != self.sources:
            if new is None:
                log.info("SIP requests: every source accepted (no registrar or proxy, or "
                         "the setting is off)")
            elif not new:
                log.warning("SIP requests: the registrar/proxy names no address now: every "
                            "out-of-dialog request is refused until the line is set again")
            else:
                log.info("SIP requests accepted only from %s (registrar/proxy)",
                         ", ".join(f"{h}:{p}" for h, p in new))
        self.sources, self.enabled = new, new is not None
        return ""

    @property
    def installed(self) -> bool:
        return self._lib is not None and self._lib.sf_module_id() >= 0

    def stats(self) -> dict:
        """The module's counters (COUNTERS), 'layout' (1 checked, 0 not yet, -1 wrong: the
        filter stands aside) and 'last_refused' ('host:port')."""
        if self._lib is None:
            return {}
        out = (ctypes.c_longlong * len(COUNTERS))()
        last = ctypes.create_string_buffer(64)
        layout = self._lib.sf_stats(out, last, len(last))
        return {**dict(zip(COUNTERS, out)), "layout": layout,
                "last_refused": last.value.decode(errors="replace")}


def _pj_families() -> dict[int, int]:
    pj = GUARD._lib()
    return {4: ctypes.c_uint16.in_dll(pj, "PJ_AF_INET").value,
            16: ctypes.c_uint16.in_dll(pj, "PJ_AF_INET6").value}


def _declare(lib: ctypes.CDLL) -> None:
    cp, i, ll = ctypes.c_char_p, ctypes.c_int, ctypes.c_longlong
    for name, res, args in (
            ("sf_pj_version", cp, []), ("sf_build_key", cp, []), ("sf_build_id", cp, []),
            ("sf_priority", i, []), ("sf_module", _vp, []), ("sf_module_id", i, []),
            ("sf_max_allowed", i, []), ("sf_init", None, [_vp, _vp, _vp, i, i]),
            ("sf_configure", i, [i, i, ctypes.POINTER(i), ctypes.POINTER(i),
                                 ctypes.POINTER(ctypes.c_ubyte)]),
            ("sf_stats", i, [ctypes.POINTER(ll), ctypes.c_char_p, i]),
            ("sf_guard_entry", _vp, [i, _vp]),
            ("cs_init", None, [_vp]),           # callstate.py
            ("cs_state", i, [i, ctypes.POINTER(i), cp, i])):
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args


def mismatch(lib: ctypes.CDLL, info: dict | None = None, running: str | None = None) -> str:
    """Why the library does not fit the pjsua2 this process runs ('' when it does): the
    pjsua2 build key and the pjproject version it was compiled for, against the running ones."""
    from softphone.sip.audio.conference import pj_version
    info = _pjsua2_build_info() if info is None else info
    running = pj_version() if running is None else running
    built_key, built_version = lib.sf_build_key().decode(), lib.sf_pj_version().decode()
    if not info.get("key"):
        return "the installed pjsua2 was not built by scripts/pjsua2_build.py (no headers)"
    if built_key != info["key"]:
        return f"{LIBRARY.name} was built for pjsua2 build {built_key}, " \
               f"but build {info['key']} is installed: {FIX}"
    if built_version != running:
        return f"{LIBRARY.name} was compiled against pjproject {built_version} headers, " \
               f"but pjsua2 {running} runs: {FIX}"
    return ""


FILTER = SourceFilter()


def install(settings: object = None, line: object = None) -> None:
    """Install and configure the filter on the running endpoint (SIP thread): after libStart
    and whenever a line is set. ``settings`` (EngineSettings) and ``line``
    (SipAccountSettings) default to those of the endpoint's owner, the SipWorker."""
    if settings is None or line is None:
        owner = getattr(_endpoint(), "owner", None)
        settings = settings if settings is not None else getattr(owner, "settings", None)
        line = line if line is not None else getattr(owner, "line_settings", None)
    why = FILTER.install(bool(getattr(settings, "only_from_proxy", True)),
                         str(getattr(line, "registrar", "") or ""),
                         str(getattr(line, "outbound_proxy", "") or ""),
                         str(getattr(getattr(line, "transport", "udp"), "value",
                                     getattr(line, "transport", "udp"))))
    if why and why != FILTER.logged:
        FILTER.logged = why
        log.warning("SIP source filter off: requests from any address reach pjsua (%s)", why)


def _endpoint():
    try:
        import pjsua2 as pj
        return pj.Endpoint.instance()
    except Exception:  # noqa: BLE001 - no endpoint: nothing to read
        return None
