"""A scriptable pjsua2 test agent: registers through a proxy, answers/ignores/rejects, talks a tone.

Run as a separate process (one pjsua2 Endpoint per process); without ``--proxy`` it does
not register and is reached directly at ``sip:USER@127.0.0.1:PORT`` (``started`` has PORT)::

    python tests/peers/agent_ua.py --proxy 127.0.0.1:5060 --domain center.local \
        --user agent1 --password secret --mode answer --tone 700 --record /tmp/rx.wav

It prints one JSON object per line on stdout: ``started`` (sip_port), ``registration``
(code, active), ``incoming`` (call, remote, headers: every header of the INVITE, first value
wins), ``state`` (call, state, code), ``media`` (call), ``disconnected`` (call, code,
record), ``stopped``. Lines on stdin steer it: ``answer``, ``hangup``, ``reject CODE``,
``mode answer|ignore|reject``, ``quit``. SIGTERM also quits (unregisters first).
The tone is a sine of ``--tone`` Hz sent while in a call; ``--record`` gets what it hears
(the Nth call of a run goes to ``NAME-N.wav`` after the first).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import signal
import struct
import sys
import tempfile
import threading
import time
import wave
from collections import deque

import pjsua2 as pj

STATES = {pj.PJSIP_INV_STATE_CALLING: "CALLING", pj.PJSIP_INV_STATE_INCOMING: "INCOMING",
          pj.PJSIP_INV_STATE_EARLY: "EARLY", pj.PJSIP_INV_STATE_CONNECTING: "CONNECTING",
          pj.PJSIP_INV_STATE_CONFIRMED: "CONFIRMED",
          pj.PJSIP_INV_STATE_DISCONNECTED: "DISCONNECTED"}


def emit(event: str, **fields) -> None:
    sys.stdout.write(json.dumps({"event": event, "t": round(time.time(), 3), **fields}) + "\n")
    sys.stdout.flush()


def parse_headers(whole_msg: str) -> dict[str, str]:
    head = whole_msg.split("\r\n\r\n", 1)[0].split("\r\n")[1:]
    out: dict[str, str] = {}
    for line in head:
        name, sep, value = line.partition(":")
        if sep and name.strip() and name.strip() not in out:
            out[name.strip()] = value.strip()
    return out


def write_tone(path: str, hz: float, rate: int = 16000, seconds: int = 1) -> None:
    """One second of a sine (a whole number of cycles: it loops without a click)."""
    frames = b"".join(struct.pack("<h", int(9000 * math.sin(2 * math.pi * hz * i / rate)))
                      for i in range(rate * seconds))
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)


class Account(pj.Account):
    def __init__(self, events: deque) -> None:
        super().__init__()
        self.events = events

    def onRegState(self, prm) -> None:
        try:
            self.events.append(("reg", prm.code, self.getInfo().regIsActive))
        except Exception:  # noqa: BLE001
            pass

    def onIncomingCall(self, prm) -> None:
        # the Call object must exist before returning (else pjsua2 answers 500);
        # answering or rejecting waits for the next loop turn
        try:
            call = Call(self, prm.callId, self.events)
            self.events.append(("incoming", call, prm.rdata.wholeMsg))
        except Exception:  # noqa: BLE001
            pass

    def onIncomingSubscribe(self, prm) -> None:
        try:
            prm.code = 403
        except Exception:  # noqa: BLE001
            pass


class Call(pj.Call):
    def __init__(self, acc, call_id: int, events: deque) -> None:
        super().__init__(acc, call_id)
        self.events = events
        self.n = 0
        self.media: list = []
        self.record = ""

    def onCallState(self, prm) -> None:
        try:
            ci = self.getInfo()
            self.events.append(("state", self, ci.state, ci.lastStatusCode))
        except Exception:  # noqa: BLE001
            pass

    def onCallMediaState(self, prm) -> None:
        try:
            self.events.append(("media", self))
        except Exception:  # noqa: BLE001
            pass


class Agent:
    def __init__(self, args) -> None:
        self.args = args
        self.mode = args.mode
        self.events: deque = deque()
        self.commands: deque = deque()
        self.calls: list[Call] = []
        self.answer_at: dict[Call, float] = {}
        self.hangup_at: dict[Call, float] = {}
        self.count = 0
        self.stopping = False
        self.tone_path = ""

    # ------------------------------------------------------------------ setup
    def start(self) -> None:
        a = self.args
        ep = pj.Endpoint()
        ep.libCreate()
        self.ep = ep
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.userAgent = "test-agent-ua"
        cfg.logConfig.level = a.sip_log
        cfg.logConfig.consoleLevel = a.sip_log
        cfg.medConfig.noVad = True
        cfg.medConfig.ecTailLen = 0
        ep.libInit(cfg)
        tc = pj.TransportConfig()
        tc.port = a.port
        tc.boundAddress = tc.publicAddress = "127.0.0.1"
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
        ep.libStart()
        ep.audDevManager().setNullDev()
        port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        if a.tone:
            fd, self.tone_path = tempfile.mkstemp(prefix="agent-tone-", suffix=".wav",
                                                  dir=a.workdir or None)
            os.close(fd)
            write_tone(self.tone_path, a.tone)
        acfg = pj.AccountConfig()
        acfg.sipConfig.transportId = tid
        if a.proxy:
            acfg.idUri = f"sip:{a.user}@{a.domain}"
            acfg.regConfig.registrarUri = f"sip:{a.domain}"
            acfg.regConfig.timeoutSec = 120
            acfg.regConfig.firstRetryIntervalSec = 1
            acfg.regConfig.retryIntervalSec = 2
            acfg.sipConfig.proxies.append(f"sip:{a.proxy};lr")
            acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", a.user, 0,
                                                            a.password))
        else:                               # no registrar: reachable at sip:USER@127.0.0.1:PORT
            acfg.idUri = f"sip:{a.user}@127.0.0.1:{port}"
            acfg.regConfig.registerOnAdd = False
        acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        acfg.mediaConfig.transportConfig.publicAddress = "127.0.0.1"
        self.acc = Account(self.events)
        self.acc.create(acfg)
        emit("started", sip_port=port)

    def read_stdin(self) -> None:
        for line in sys.stdin:
            self.commands.append(line.strip())
        self.commands.append("eof")

    # ------------------------------------------------------------------ loop
    def run(self) -> None:
        threading.Thread(target=self.read_stdin, daemon=True).start()
        while not self.stopping:
            self.ep.libHandleEvents(10)
            now = time.monotonic()
            while self.events:
                try:
                    self.handle(now, *self.events.popleft())
                except Exception as exc:  # noqa: BLE001
                    emit("error", what=str(exc))
            while self.commands:
                self.command(self.commands.popleft())
            for call, at in list(self.answer_at.items()):
                if now >= at:
                    del self.answer_at[call]
                    self.answer(call, 200)
            for call, at in list(self.hangup_at.items()):
                if now >= at:
                    del self.hangup_at[call]
                    self.hangup(call)
        # close() runs after this frame is gone: a loop variable still holding a Call
        # would be destroyed after libDestroy and abort the process

    def handle(self, now: float, kind: str, *rest) -> None:
        if kind == "reg":
            emit("registration", code=rest[0], active=bool(rest[1]))
        elif kind == "incoming":
            call = rest[0]
            self.count += 1
            call.n = self.count
            self.calls.append(call)
            ci = call.getInfo()
            emit("incoming", call=call.n, remote=ci.remoteUri, headers=parse_headers(rest[1]))
            if self.mode == "reject":
                self.hangup(call, self.args.reject_code)
                return
            self.answer(call, 180)
            if self.mode == "answer":
                self.answer_at[call] = now + self.args.answer_after
        elif kind == "state":
            call, state, code = rest
            emit("state", call=call.n, state=STATES.get(state, str(state)), code=code)
            if state == pj.PJSIP_INV_STATE_CONFIRMED and self.args.hangup_after > 0:
                self.hangup_at[call] = now + self.args.hangup_after
            if state == pj.PJSIP_INV_STATE_DISCONNECTED:
                self.finish(call, code)
        elif kind == "media":
            self.attach(rest[0])

    def attach(self, call: Call) -> None:
        if call.media or call not in self.calls:
            return
        ci = call.getInfo()
        idx = next((m.index for m in ci.media if m.type == pj.PJMEDIA_TYPE_AUDIO
                    and m.status == pj.PJSUA_CALL_MEDIA_ACTIVE), None)
        if idx is None:
            return
        am = call.getAudioMedia(idx)
        if self.tone_path:
            player = pj.AudioMediaPlayer()
            player.createPlayer(self.tone_path, 0)
            player.startTransmit(am)
            call.media.append(player)
        if self.args.record:
            root, ext = os.path.splitext(self.args.record)
            call.record = self.args.record if call.n == 1 else f"{root}-{call.n}{ext}"
            rec = pj.AudioMediaRecorder()
            rec.createRecorder(call.record)
            am.startTransmit(rec)
            call.media.append(rec)
        emit("media", call=call.n)

    def finish(self, call: Call, code: int) -> None:
        call.media.clear()                 # closes the recording
        self.answer_at.pop(call, None)
        self.hangup_at.pop(call, None)
        if call in self.calls:
            self.calls.remove(call)
        emit("disconnected", call=call.n, code=code, record=call.record)

    # ------------------------------------------------------------------ actions
    def answer(self, call: Call, code: int) -> None:
        prm = pj.CallOpParam()
        prm.statusCode = code
        try:
            call.answer(prm)
        except pj.Error as exc:
            emit("error", what=f"answer {code}: {exc.info()}")

    def hangup(self, call: Call, code: int = 0) -> None:
        prm = pj.CallOpParam()
        if code:
            prm.statusCode = code
        try:
            call.hangup(prm)
        except pj.Error as exc:
            emit("error", what=f"hangup: {exc.info()}")

    def command(self, line: str) -> None:
        word, _, arg = line.partition(" ")
        current = self.calls[-1] if self.calls else None
        if word in ("quit", "eof"):
            self.stopping = self.stopping or word == "quit"
        elif word == "mode" and arg in ("answer", "ignore", "reject"):
            self.mode = arg
        elif word == "answer" and current is not None:
            self.answer(current, 200)
        elif word == "hangup" and current is not None:
            self.hangup(current)
        elif word == "reject" and current is not None:
            self.hangup(current, int(arg or 486))

    def _drain_disconnects(self) -> None:
        while self.events:
            ev = self.events.popleft()
            if ev[0] == "state" and ev[2] == pj.PJSIP_INV_STATE_DISCONNECTED:
                self.finish(ev[1], ev[3])

    def close(self) -> None:
        try:
            self.ep.hangupAllCalls()
        except pj.Error:
            pass
        end = time.monotonic() + 1.5
        while time.monotonic() < end and self.calls:
            self.ep.libHandleEvents(10)
            self._drain_disconnects()
        for call in self.calls:
            call.media.clear()
        self.calls.clear()
        self.answer_at.clear()
        self.hangup_at.clear()
        self.events.clear()
        self.ep.audDevManager().setNoDev()
        self.acc.shutdown()
        del self.acc
        gc.collect()
        self.ep.libDestroy()
        if self.tone_path:
            os.unlink(self.tone_path)
        emit("stopped")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--proxy", default="", help="HOST:PORT of the registrar/proxy; "
                   "empty: do not register (reach it at sip:USER@127.0.0.1:PORT)")
    p.add_argument("--domain", default="")
    p.add_argument("--user", required=True)
    p.add_argument("--password", default=os.environ.get("AGENT_UA_PASSWORD", ""))
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--mode", choices=("answer", "ignore", "reject"), default="answer")
    p.add_argument("--reject-code", type=int, default=486)
    p.add_argument("--answer-after", type=float, default=0.3)
    p.add_argument("--hangup-after", type=float, default=0.0, help="0: never")
    p.add_argument("--tone", type=float, default=0.0, help="Hz; 0: silence")
    p.add_argument("--record", default="")
    p.add_argument("--workdir", default="")
    p.add_argument("--sip-log", type=int, default=1)
    agent = Agent(p.parse_args())
    signal.signal(signal.SIGTERM, lambda *_: setattr(agent, "stopping", True))
    agent.start()
    agent.run()
    agent.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
