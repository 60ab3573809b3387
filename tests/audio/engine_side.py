"""The app's side of an audio test call, through the product's own parts: SipEngine + AudioBridge.

Unlike ``app_side`` (a bare pjsua2 stand-in), this runs the real engine on its SIP thread with
the real bridge as its media sink, registered on a Kamailio, and answers the first incoming
call through ``engine.answer``. Same JSON-lines protocol as ``app_side``: events ``ready``,
``incoming``, ``media`` (active), ``ended``, ``audio`` (AudioStatus), ``activity``
(MediaActivity: ``heard``/``mic`` seconds of silence, every ``--stats`` seconds), ``ok``,
``error``, ``announcement`` (AnnouncementState), ``clip`` (EvidenceClip, its samples saved
as .npy at the path ``take_clip`` named: a test's own file); commands on stdin: ``mute 0|1``,
``hold``, ``unhold``, ``whisper``, ``hangup``, ``announce RAW_PATH RATE [LEVEL]`` (16-bit LE
mono file made by the test), ``stop_announce``, ``clip SECONDS``, ``take_clip NPY_PATH``,
``quit``. ``--python-path`` runs the bridge's Python path.

Several calls (``--manual``: incoming calls are not answered by themselves): events
``incoming`` (with ``waiting``), ``dialed`` (the id ``dial`` got), ``conference``
(ConferenceChanged ``ids``), ``transfer`` (TransferResult); ``ended`` carries ``reason_code``.
Commands naming a call: ``answer CID``, ``ring CID``, ``hold_call CID``, ``resume CID``,
``hangup_call CID``, ``conference CID CID...``, ``drop CID``, ``consult CID OTHER``, and
``dial URI``, ``waiting_tone 0|1``.

    PULSE_SERVER=... python -m tests.audio.engine_side --port 5070 --registrar 127.0.0.1:5060 \\
        --domain center.local --user agent1 --password pw --output headset --input mic
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, QTimer, Signal  # noqa: E402

from softphone.sip.engine import SipEngine  # noqa: E402
from softphone.sip.events import (AnnouncementState, AudioStatus, CallEnded,  # noqa: E402
                                  CallMediaChanged, ConferenceChanged, EngineError,
                                  EngineStarted, EngineSettings, EvidenceClip, IncomingCall,
                                  MediaActivity, RegistrationChanged, SipAccountSettings,
                                  TransferResult, Transport)

_lock = threading.Lock()


def say(ev: str, **fields) -> None:
    with _lock:
        sys.stdout.write(json.dumps({"ev": ev, "t": time.monotonic(), **fields}) + "\n")
        sys.stdout.flush()


class Stdin(QObject):
    line = Signal(str)

    def start(self) -> None:
        def read() -> None:
            for raw in sys.stdin:
                self.line.emit(raw.strip())
            self.line.emit("quit")
        threading.Thread(target=read, daemon=True).start()


CALL_COMMANDS = {"answer": SipEngine.answer, "ring": SipEngine.ring,
                 "hold_call": SipEngine.hold, "resume": SipEngine.resume,
                 "hangup_call": SipEngine.hangup, "drop": SipEngine.drop_from_conference,
                 "consult": SipEngine.consult_transfer}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--registrar", required=True)
    ap.add_argument("--domain", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--input", default="")
    ap.add_argument("--output", default="")
    ap.add_argument("--ring", default="")
    ap.add_argument("--stats", type=float, default=2.0, help="stats interval, seconds")
    ap.add_argument("--any-source", action="store_true",
                    help="take requests from anyone (a peer calling the engine directly), "
                         "not only from the registrar: the source filter off")
    ap.add_argument("--python-path", action="store_true", help="the bridge's Python path")
    ap.add_argument("--manual", action="store_true", help="answer only on ``answer CID``")
    args = ap.parse_args()

    from softphone.platform.eventloop import make_core_app
    app = make_core_app()                # the app's event dispatcher (ui/desktop.py)

    def factory(emit):
        from softphone.sip.audio import AudioBridge
        state["bridge"] = AudioBridge(emit, args.input, args.output, args.ring,
                                      native=False if args.python_path else None)
        return state["bridge"]

    state: dict = {"call": None, "registered": False, "started": False, "clips": []}
    engine = SipEngine(factory)

    def on_event(ev: object) -> None:
        if isinstance(ev, EngineStarted):
            state["started"] = True
            engine.set_account(SipAccountSettings(
                registrar=args.registrar, domain=args.domain, username=args.user,
                password=args.password, transport=Transport.UDP))
        elif isinstance(ev, RegistrationChanged):
            if ev.registered and not state["registered"]:
                state["registered"] = True
                say("ready", path=state["bridge"].path)
        elif isinstance(ev, IncomingCall):
            state["call"] = ev.call_id
            say("incoming", cid=ev.call_id, waiting=ev.waiting)
            if not args.manual:
                engine.answer(ev.call_id)
        elif isinstance(ev, CallMediaChanged):
            say("media", active=ev.active, cid=ev.call_id, muted=ev.muted,
                local_hold=ev.local_hold)
        elif isinstance(ev, CallEnded):
            say("ended", cid=ev.call_id, code=ev.code, reason_code=ev.reason_code)
        elif isinstance(ev, ConferenceChanged):
            say("conference", ids=list(ev.call_ids))
        elif isinstance(ev, TransferResult):
            say("transfer", cid=ev.call_id, ok=ev.ok, code=ev.code)
        elif isinstance(ev, AudioStatus):
            say("audio", input=ev.input_device, output=ev.output_device, input_ok=ev.input_ok,
                output_ok=ev.output_ok, notice=ev.notice)
        elif isinstance(ev, MediaActivity):
            say("activity", cid=ev.call_id, heard=ev.heard_silent_s, mic=ev.mic_silent_s)
        elif isinstance(ev, AnnouncementState):
            say("announcement", cid=ev.call_id, playing=ev.playing, reason=ev.reason,
                started_at=ev.started_at, ended_at=ev.ended_at, now=time.time())
        elif isinstance(ev, EvidenceClip):
            path = state["clips"].pop(0) if state["clips"] else ""
            if path and ev.pcm:
                import numpy as np
                np.save(path, np.frombuffer(ev.pcm, dtype="<i2").reshape(-1, ev.channels))
            say("clip", cid=ev.call_id, rate=ev.rate, channels=ev.channels, seconds=ev.seconds,
                error=ev.error, nbytes=len(ev.pcm), path=path)
        elif isinstance(ev, EngineError):
            say("error", message=ev.message, detail=ev.detail)

    engine.event.connect(on_event)
    stdin = Stdin()

    def on_command(line: str) -> None:
        cmd = line.split()
        if not cmd:
            return
        name, rest, cid = cmd[0], cmd[1:], state["call"]
        if name == "quit":
            engine.stop(10.0)
            app.quit()
            return
        if name == "mute" and cid is not None:
            engine.set_mute(cid, rest[0] == "1")
        elif name == "hold" and cid is not None:
            engine.hold(cid)
        elif name == "unhold" and cid is not None:
            engine.resume(cid)
        elif name == "hangup" and cid is not None:
            engine.hangup(cid)
        elif name == "whisper":
            engine.play_whisper()
        elif name in CALL_COMMANDS:
            CALL_COMMANDS[name](engine, *[int(x) for x in rest])
        elif name == "dial":
            say("dialed", cid=engine.make_call(rest[0]))
        elif name == "waiting_tone":
            engine.call_waiting_tone(rest[0] == "1")
        elif name == "conference":
            engine.conference([int(x) for x in rest])
        elif name == "announce" and cid is not None:
            with open(rest[0], "rb") as f:
                pcm = f.read()
            engine.play_announcement(cid, pcm, int(rest[1]),
                                     *([float(rest[2])] if len(rest) > 2 else []))
        elif name == "stop_announce" and cid is not None:
            engine.stop_announcement(cid)
        elif name == "clip":
            engine.set_evidence_clip(int(rest[0]))
        elif name == "take_clip" and cid is not None:
            state["clips"].append(rest[0])
            engine.take_evidence_clip(cid)
        say("ok", command=line)

    stdin.line.connect(on_command)
    stdin.start()
    engine.start(EngineSettings(bind_address="127.0.0.1", sip_port=args.port,
                                transports=(Transport.UDP,), stats_interval_s=args.stats,
                                only_from_proxy=not args.any_source))
    QTimer.singleShot(0, lambda: None)
    rc = app.exec()
    say("bye")
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
