"""The native path's side of pjsua's conference bridge (ctypes into the pjsua2 library).

``ConfPort`` adds fastpath.c's pjmedia port to the conference, after checking its layout
through pjmedia's own functions; ``MasterDrive`` hands the conference's clock to fastpath.c
(the microphone's callback, or its timer). Both run on the SIP thread, a pjlib-registered
thread, like the pjsua2 calls they stand beside. ``core`` is a ``fastpath.Core``.
``pj_version`` and ``openssl_version`` say which library that is: the pjproject release
(``pj_get_version()``, what fastpath.c's stamp is checked against) and the OpenSSL it links.
"""

from __future__ import annotations

import ctypes
import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from softphone.sip.audio.fastpath import Core


class PjFrame(ctypes.Structure):
    """pjmedia_frame"""
    _fields_ = [("type", ctypes.c_int), ("buf", ctypes.c_void_p), ("size", ctypes.c_size_t),
                ("timestamp", ctypes.c_uint64), ("bit_info", ctypes.c_uint32)]


class PortError(RuntimeError):
    pass


class ConfPort:
    """The bridge's pjmedia port in pjsua's conference bridge. Methods run on the SIP thread
    (a pjlib-registered thread), like the pjsua2 calls they replace."""

    def __init__(self, core: "Core", rate: int, frame: int) -> None:
        self._pj = pj = pjsua_library()
        vp, ci, cu = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint
        pj.pjmedia_port_info_init.argtypes = [vp, vp, cu, cu, cu, cu, cu]
        pj.pjmedia_port_get_frame.argtypes = [vp, ctypes.POINTER(PjFrame)]
        pj.pjmedia_port_put_frame.argtypes = [vp, ctypes.POINTER(PjFrame)]
        pj.pjsua_pool_create.restype = vp
        pj.pjsua_pool_create.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t]
        pj.pjsua_conf_add_port.argtypes = [vp, vp, ctypes.POINTER(ci)]
        pj.pjsua_conf_remove_port.argtypes = [ci]
        pj.pjsua_conf_connect.argtypes = [ci, ci]
        pj.pjsua_conf_disconnect.argtypes = [ci, ci]
        self.core = core
        self.ptr = core.ptr                             # the port is the bridge's first member
        self.slot: int | None = None
        sig = int.from_bytes(b"PSFB", "big")
        status = pj.pjmedia_port_info_init(self.ptr, core.lib.fp_port_name(core.ptr), sig,
                                           rate, 1, 16, frame)
        if status != 0:
            raise PortError(f"pjmedia_port_info_init: status {status}")
        self._check_layout(rate, frame)
        pool = pj.pjsua_pool_create(b"softphone-bridge", 512, 512)
        slot = ci(-1)
        status = pj.pjsua_conf_add_port(pool, self.ptr, ctypes.byref(slot))
        if status != 0 or slot.value < 0:
            raise PortError(f"pjsua_conf_add_port: status {status}")
        self.slot = slot.value

    def _check_layout(self, rate: int, frame: int) -> None:
        """pjmedia's own functions must find our callbacks and read our format back."""
        info = port_format(self.core.lib, self.ptr)     # pjmedia_audio_format_detail
        if info != [rate, 1, frame * 1000000 // rate, 16]:
            raise PortError(f"pjmedia_port_info layout differs: {info}")
        st = self.core.state
        buf = (ctypes.c_int16 * frame)()
        f = PjFrame(0, ctypes.cast(buf, ctypes.c_void_p), frame * 2, 0, 0)
        g, p = st.get_calls, st.put_calls
        if self._pj.pjmedia_port_get_frame(self.ptr, ctypes.byref(f)) != 0 or \
                st.get_calls != g + 1 or f.type != 1 or f.size != frame * 2:
            raise PortError("pjmedia_port layout differs (get_frame)")
        f.type = 1
        if self._pj.pjmedia_port_put_frame(self.ptr, ctypes.byref(f)) != 0 or \
                st.put_calls != p + 1:
            raise PortError("pjmedia_port layout differs (put_frame)")

    def connect(self, call_slot: int) -> None:
        for a, b in ((call_slot, self.slot), (self.slot, call_slot)):
            status = self._pj.pjsua_conf_connect(a, b)
            if status != 0:
                raise PortError(f"pjsua_conf_connect({a}, {b}): status {status}")

    def disconnect(self, call_slot: int) -> None:
        for a, b in ((call_slot, self.slot), (self.slot, call_slot)):
            self._pj.pjsua_conf_disconnect(a, b)    # fails harmlessly when the call is gone

    def remove(self) -> None:
        if self.slot is not None:
            self._pj.pjsua_conf_remove_port(self.slot)
            self.slot = None


def pjsua_library() -> ctypes.CDLL:
    """The very library pjsua2 runs (its C symbols are exported); a fresh handle each call, so
    each user declares the signatures it needs on its own."""
    import pjsua2._pjsua2 as swig
    return ctypes.CDLL(swig.__file__)


def port_format(lib: ctypes.CDLL, port: int) -> list[int]:
    """A pjmedia port's audio format, read by fastpath.c (which knows the layout): clock
    rate, channels, frame time (us), bits per sample; [] when it is not audio."""
    out = (ctypes.c_uint * 4)()
    return list(out) if lib.fp_port_format(port, out) == 0 else []


@functools.lru_cache(maxsize=1)
def pj_version() -> str:
    """pj_get_version() of the pjsua2 library this process runs ("2.17", "2.15.1"); "" when
    it cannot be loaded. The same string as ``Endpoint.libVersion().full``."""
    try:
        pj = pjsua_library()
    except (ImportError, OSError):
        return ""
    pj.pj_get_version.restype = ctypes.c_char_p
    return pj.pj_get_version().decode(errors="replace")


@functools.lru_cache(maxsize=1)
def openssl_version() -> str:
    """The OpenSSL that pjsua2's library links ("3.0.19", "1.0.2k"), "" when none: asked
    through that library's own symbol scope (OpenSSL_version, or 1.0's SSLeay_version),
    else the libssl.so.N soname mapped in this process."""
    try:
        pj = pjsua_library()
    except (ImportError, OSError):
        return ""
    for name in ("OpenSSL_version", "SSLeay_version"):
        try:
            fn = getattr(pj, name)
        except AttributeError:
            continue
        fn.restype, fn.argtypes = ctypes.c_char_p, [ctypes.c_int]
        text = (fn(0) or b"").decode(errors="replace")     # "OpenSSL 1.0.2k-fips  26 Jan 2017"
        m = re.match(r"OpenSSL (\d+\.\d+\.\d+[a-z]*)", text)   # the release, not the flavour
        if m:
            return m.group(1)
    try:
        maps = open("/proc/self/maps").read()
    except OSError:
        return ""
    m = re.search(r"libssl[-\w]*\.so\.([\w.]+)", maps)
    return m.group(1) if m else ""


class MasterDrive:
    """The native path drives pjsua's conference bridge itself, as a sound card would.

    ``pjsua_set_no_snd_dev`` hands over the conference's port 0 (the null device's clock
    stops); fastpath.c then runs a conference cycle for each frame the microphone's PortAudio
    callback completes, or from its timer thread while the microphone is quiet. Port 0 itself
    carries nothing (its microphone side goes through a delay buffer, a frame late): calls
    are connected to the ``ConfPort``, whose callbacks run inside each cycle. Methods run on
    the SIP thread (a pjlib-registered thread)."""

    def __init__(self, core: "Core", rate: int, frame: int) -> None:
        pj = self._pj = pjsua_library()
        vp = ctypes.c_void_p
        pj.pjsua_set_no_snd_dev.restype = vp
        pj.pjsua_set_no_snd_dev.argtypes = []
        pj.pjsua_set_null_snd_dev.argtypes = []
        self.core = core
        master = pj.pjsua_set_no_snd_dev()
        if not master:
            pj.pjsua_set_null_snd_dev()                 # give pjsua its clock back
            raise PortError("pjsua_set_no_snd_dev gave no conference port")
        fmt = port_format(core.lib, master)             # audio format detail
        want = [rate, 1, frame * 1000000 // rate, 16]
        if fmt != want:
            pj.pjsua_set_null_snd_dev()                 # give pjsua its clock back
            raise PortError(f"conference format {fmt}, expected {want}")
        fns = [ctypes.cast(getattr(pj, n), ctypes.c_void_p).value for n in (
            "pjmedia_port_put_frame", "pjmedia_port_get_frame", "pj_thread_register",
            "pj_thread_is_registered")]
        status = core.lib.fp_drive_start(core.ptr, master, *fns, frame)
        if status != 0:
            pj.pjsua_set_null_snd_dev()
            raise PortError(f"fp_drive_start: {status}")
        self.running = True

    def stop(self) -> None:
        """No tick after this returns (close the streams first)."""
        if self.running:
            self.running = False
            self.core.lib.fp_drive_stop(self.core.ptr)
