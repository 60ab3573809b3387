"""A bare pjsua2 user agent in its own process: the reference peer for tests and the benchmark.

It uses pjsua2 the plain way (library worker thread, answers inside onIncomingCall) and
prints one line per event on stdout: READY host:port, REGISTERED code, INCOMING, CONFIRMED,
MEDIA secure=0|1, DTMF d, DISCONNECTED code. Stop it with SIGTERM.

``--answer-from-main`` (with ``--auto-answer``): the 180 leaves from inside onIncomingCall,
the 200 from the main thread, handed the call through a queue: the least a UA pays when the
answer is decided on another thread than pjsip's (``bench/sip_latency.py`` measures it
beside our engine, whose desk answers from the GUI thread).
"""

from __future__ import annotations

import argparse
import queue
import signal
import sys
import threading

import pjsua2 as pj

_SRTP = {"off": pj.PJMEDIA_SRTP_DISABLED, "optional": pj.PJMEDIA_SRTP_OPTIONAL,
         "mandatory": pj.PJMEDIA_SRTP_MANDATORY}


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Call(pj.Call):
    def __init__(self, ua, acc, call_id=pj.PJSUA_INVALID_ID):
        pj.Call.__init__(self, acc, call_id)
        self.ua = ua

    def onCallState(self, prm):
        try:
            info = self.getInfo()
            if info.state == pj.PJSIP_INV_STATE_CONFIRMED:
                say("CONFIRMED")
            elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                say(f"DISCONNECTED {info.lastStatusCode}")
                self.ua.ended.append(self)
                if self in self.ua.calls:
                    self.ua.calls.remove(self)
        except BaseException as e:  # noqa: BLE001
            say(f"ERROR {e!r}")

    def onCallMediaState(self, prm):
        try:
            info = self.getInfo()
            for i, m in enumerate(info.media):
                if m.type == pj.PJMEDIA_TYPE_AUDIO and m.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    proto = self.getStreamInfo(i).proto
                    secure = proto in (pj.PJMEDIA_TP_PROTO_RTP_SAVP, pj.PJMEDIA_TP_PROTO_RTP_SAVPF)
                    say(f"MEDIA secure={int(secure)}")
        except BaseException as e:  # noqa: BLE001
            say(f"ERROR {e!r}")

    def onDtmfDigit(self, prm):
        try:
            say(f"DTMF {prm.digit}")
        except BaseException:  # noqa: BLE001
            pass


class Account(pj.Account):
    def __init__(self, ua):
        pj.Account.__init__(self)
        self.ua = ua

    def onRegState(self, prm):
        try:
            say(f"REGISTERED {prm.code}")
        except BaseException:  # noqa: BLE001
            pass

    def onIncomingCall(self, prm):
        try:
            call = Call(self.ua, self, prm.callId)
            self.ua.calls.append(call)
            say("INCOMING")
            if self.ua.args.auto_answer:
                op = pj.CallOpParam(True)
                op.statusCode = 180
                if self.ua.args.answer_from_main:   # the 200 from main(); handed over before
                    self.ua.to_answer.put(call)     # the 180, as our engine's offer
                    call.answer(op)
                    return
                call.answer(op)
                op.statusCode = 200
                call.answer(op)
        except BaseException as e:  # noqa: BLE001
            say(f"ERROR {e!r}")


class UA:
    def __init__(self, args):
        self.args = args
        self.calls: list[Call] = []
        self.ended: list[Call] = []
        self.to_answer: queue.Queue[Call] = queue.Queue()     # --answer-from-main
        self.ep = pj.Endpoint()
        self.ep.libCreate()
        cfg = pj.EpConfig()
        cfg.uaConfig.maxCalls = 8
        cfg.logConfig.level = args.log_level
        cfg.logConfig.consoleLevel = args.log_level
        cfg.medConfig.noVad = True
        self.ep.libInit(cfg)
        tc = pj.TransportConfig()
        tc.port = args.port
        tc.boundAddress = tc.publicAddress = "127.0.0.1"
        kind = {"udp": pj.PJSIP_TRANSPORT_UDP, "tcp": pj.PJSIP_TRANSPORT_TCP}[args.transport]
        tid = self.ep.transportCreate(kind, tc)
        self.ep.libStart()
        self.ep.audDevManager().setNullDev()
        ac = pj.AccountConfig()
        ac.sipConfig.transportId = tid
        ac.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        ac.mediaConfig.transportConfig.publicAddress = "127.0.0.1"
        ac.mediaConfig.srtpUse = _SRTP[args.srtp]
        ac.mediaConfig.srtpSecureSignaling = 0
        if args.registrar:
            ac.idUri = f"sip:{args.user}@{args.domain}"
            tp = "" if args.transport == "udp" else f";transport={args.transport}"
            ac.regConfig.registrarUri = f"sip:{args.registrar}{tp}"
            ac.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", args.user, 0,
                                                          args.password))
        else:
            ac.idUri = f"sip:{args.user}@127.0.0.1:{args.port}"
        self.acc = Account(self)
        self.acc.create(ac, True)
        say(f"READY {self.ep.transportGetInfo(tid).localName}")

    def close(self):
        self.ep.hangupAllCalls()
        self.calls.clear()
        self.ended.clear()
        self.acc.shutdown()
        del self.acc
        self.ep.libDestroy()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--transport", choices=("udp", "tcp"), default="udp")
    p.add_argument("--registrar", default="")
    p.add_argument("--domain", default="center.local")
    p.add_argument("--user", default="peer")
    p.add_argument("--password", default="")
    p.add_argument("--srtp", choices=tuple(_SRTP), default="off")
    p.add_argument("--auto-answer", action="store_true")
    p.add_argument("--answer-from-main", action="store_true",
                   help="answer 200 from the main thread (the 180 from pjsip's)")
    p.add_argument("--log-level", type=int, default=0)
    args = p.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    ua = UA(args)
    if args.answer_from_main:
        ua.ep.libRegisterThread("main")
    while not stop.is_set():
        try:
            call = ua.to_answer.get(timeout=0.2)
        except queue.Empty:
            continue
        try:
            op = pj.CallOpParam(True)
            op.statusCode = 200
            call.answer(op)
        except pj.Error as e:
            say(f"ERROR {e.info()}")
    ua.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
