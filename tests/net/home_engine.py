"""The counselor's computer in a VPN test: the real SipEngine and the app's own network watcher, in one process started inside the home namespace.

Run by tests/net/test_line_recovery.py as ``ip netns exec HOME python -m tests.net.home_engine
...``: the whole process, so pjsua2's sockets, the netlink socket of
``softphone.platform.netwatch`` and the kernel's routing all belong to the home namespace.
It is wired as the app wires it (``softphone.app.watch_network``), bound to every interface
with nothing advertised (the settings' default ``bind_address = ""``), and registers one
line. Its media sink (``HearingSink``) is the silent sink plus a pjsua2 port that listens to
the call: ``MediaActivity.heard_silent_s`` then says whether the far end's audio arrives.

JSON lines on stdout (``t`` is ``time.monotonic()``, the same clock as the test's):
``started``, ``reg`` (registered, code, reason), ``net`` (the watcher fired), ``incoming``,
``state``, ``media`` (active), ``heard`` (silent_s), ``ended``, ``error``, ``ok``.
Commands on stdin: ``hangup``, ``quit``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pjsua2 as pj  # noqa: E402
from PySide6.QtCore import QCoreApplication, QObject, Signal  # noqa: E402

from softphone.app import watch_network  # noqa: E402
from softphone.sip.audio.pyport import _FrameIO  # noqa: E402
from softphone.sip.audio.silence import SilenceTracker  # noqa: E402
from softphone.sip.engine import SipEngine  # noqa: E402
from softphone.sip.events import (  # noqa: E402
    CallEnded, CallMediaChanged, CallStateChanged, EngineError, EngineSettings, EngineStarted,
    IncomingCall, MediaActivity, RegistrationChanged, SipAccountSettings, Transport,
)
from softphone.sip.media import SilentMedia  # noqa: E402

_lock = threading.Lock()


def say(ev: str, **fields) -> None:
    with _lock:
        sys.stdout.write(json.dumps({"ev": ev, "t": time.monotonic(), **fields}) + "\n")
        sys.stdout.flush()


class _Ear(pj.AudioMediaPort):
    """Frames from the call (pjmedia's clock thread): the time of the last loud one."""

    def __init__(self, heard: SilenceTracker) -> None:
        super().__init__()
        self.heard, self.io = heard, _FrameIO()

    def onFrameReceived(self, frame) -> None:
        try:
            import numpy as np
            data = self.io.read(frame)
            if data:
                self.heard.feed(np.frombuffer(data, dtype="<i2"), time.monotonic())
        except Exception:  # noqa: BLE001 - nothing may escape a director callback
            pass

    def onFrameRequested(self, frame) -> None:
        pass                                    # silence (NONE frames) towards the call


class HearingSink(SilentMedia):
    """SilentMedia whose ``activity()`` says how long the call's audio has been silent."""

    def __init__(self, emit) -> None:
        super().__init__(emit)
        self.heard = SilenceTracker(full_scale=32768.0)
        self.port: _Ear | None = None
        self.media = None

    def start(self) -> None:
        super().start()
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, 48000, 1, 20000, 16)
        self.port = _Ear(self.heard)
        self.port.createPort("home-ear", fmt)

    def attach(self, call_id: int, audio_media) -> None:
        self._unhook()
        super().attach(call_id, audio_media)
        audio_media.startTransmit(self.port)    # a re-INVITE's new stream: hooked again
        self.media = audio_media

    def detach(self, call_id: int) -> None:
        if self.attached == call_id:
            self._unhook()
        super().detach(call_id)

    def _unhook(self) -> None:
        media, self.media = self.media, None
        if media is not None and self.port is not None:
            try:
                media.stopTransmit(self.port)
            except pj.Error:
                pass                            # that stream is gone already

    def activity(self) -> tuple[float, float]:
        return (self.heard.silent_s(), 0.0) if self.attached is not None else (0.0, 0.0)

    def close(self) -> None:
        self._unhook()
        self.attached = None
        port, self.port = self.port, None
        if port is not None:
            try:       # the clock stops before the port goes (PJSUA2_NOTES: teardown)
                pj.Endpoint.instance().audDevManager().setNoDev()
            except Exception:  # noqa: BLE001
                pass
            del port


class Stdin(QObject):
    line = Signal(str)

    def start(self) -> None:
        def read() -> None:
            for raw in sys.stdin:
                self.line.emit(raw.strip())
            self.line.emit("quit")
        threading.Thread(target=read, daemon=True).start()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--registrar", required=True)
    ap.add_argument("--domain", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--line-check", default="options")
    ap.add_argument("--transport", choices=("udp", "tcp"), default="udp")
    ap.add_argument("--expiry", type=int, default=120)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")

    app = QCoreApplication([])
    engine = SipEngine(HearingSink)
    state: dict = {"call": None}
    watcher = watch_network(engine)                 # as softphone.app.Composition does
    watcher.changed.connect(lambda: say("net", backend=watcher.backend))

    def on_event(ev: object) -> None:
        if isinstance(ev, EngineStarted):
            say("started", transports=[list(t) for t in ev.transports], watch=watcher.backend)
            engine.set_account(SipAccountSettings(
                registrar=args.registrar, domain=args.domain, username=args.user,
                password=args.password, transport=Transport(args.transport),
                register_expiry_s=args.expiry), random_retry_s=0)
        elif isinstance(ev, RegistrationChanged):
            say("reg", registered=ev.registered, code=ev.code, reason=ev.reason)
        elif isinstance(ev, IncomingCall):
            state["call"] = ev.call_id
            say("incoming", cid=ev.call_id)
            engine.answer(ev.call_id)
        elif isinstance(ev, CallStateChanged):
            say("state", cid=ev.call_id, state=ev.state.value)
        elif isinstance(ev, CallMediaChanged):
            say("media", cid=ev.call_id, active=ev.active)
        elif isinstance(ev, MediaActivity):
            say("heard", cid=ev.call_id, silent_s=round(ev.heard_silent_s, 3))
        elif isinstance(ev, CallEnded):
            say("ended", cid=ev.call_id, code=ev.code)
        elif isinstance(ev, EngineError):
            say("error", message=ev.message, detail=ev.detail)

    engine.event.connect(on_event)
    stdin = Stdin()

    def on_command(line: str) -> None:
        if line == "quit":
            watcher.stop()
            engine.stop(10.0)
            app.quit()
        elif line == "hangup" and state["call"] is not None:
            engine.hangup(state["call"])
            say("ok", command=line)

    stdin.line.connect(on_command)
    stdin.start()
    engine.start(EngineSettings(bind_address="", transports=(Transport.UDP, Transport.TCP),
                                stats_interval_s=0.5, log_level=3,
                                line_check=args.line_check))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
