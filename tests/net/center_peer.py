"""The caller in a VPN test: a bare pjsua2 UA in the center namespace that dials the counselor through Kamailio, sends a tone and counts the RTP that reaches it.

Run as ``ip netns exec CENTER python -m tests.net.center_peer --bind 198.51.100.10 ...``.
Its SIP and RTP sockets are bound to the center's service address. While a call is up it
prints, every 100 ms, what pjmedia saw on its one audio stream:

- ``rx``: RTP packets received so far (``StreamStat.rtcp.rxStat.pkt``),
- ``src``: where the last RTP packet came from (``MediaTransportInfo.srcRtpName``),
- ``remote``: where it sends its own RTP, the counselor's address from the last SDP
  (``StreamInfo.remoteRtpAddress``),
- ``offers``: SDP offers/answers applied so far (one per re-INVITE that changed media).

JSON lines on stdout (``t`` is ``time.monotonic()``): ``ready``, ``confirmed``, ``media``,
``stats``, ``ended``, ``error``. Commands on stdin: ``dial URI``, ``hangup``, ``quit``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import pjsua2 as pj  # noqa: E402

from tests.audio.pjbase import media_active, run_loop, say  # noqa: E402

STATS_S = 0.1


class Call(pj.Call):
    def __init__(self, peer, acc) -> None:
        pj.Call.__init__(self, acc)
        self.peer = peer
        self.confirmed = False
        self.offers = 0

    def onCallState(self, prm) -> None:
        try:
            info = self.getInfo()
            if info.state == pj.PJSIP_INV_STATE_CONFIRMED and not self.confirmed:
                self.confirmed = True
                say("confirmed")
            elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                say("ended", code=info.lastStatusCode)
                self.peer.ended = True
        except BaseException as e:  # noqa: BLE001
            say("error", message=repr(e))

    def onCallMediaState(self, prm) -> None:
        try:
            self.offers += 1
            media = media_active(self)
            if media is not None:
                self.peer.tone.startTransmit(media)      # again after each re-INVITE
            say("media", active=media is not None, offers=self.offers)
        except BaseException as e:  # noqa: BLE001
            say("error", message=repr(e))


class Peer:
    def __init__(self, args) -> None:
        self.ep = pj.Endpoint()
        self.ep.libCreate()
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.logConfig.level = cfg.logConfig.consoleLevel = 1
        cfg.medConfig.noVad = True
        self.ep.libInit(cfg)
        tc = pj.TransportConfig()
        tc.port = args.port
        tc.boundAddress = tc.publicAddress = args.bind
        self.tid = self.ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
        self.ep.libStart()
        self.ep.audDevManager().setNullDev()
        for c in self.ep.codecEnum2():            # G.711 only, like the engine's first choice
            self.ep.codecSetPriority(c.codecId, 255 if c.codecId.startswith("PCMA") else 0)
        ac = pj.AccountConfig()
        ac.idUri = f"sip:caller@{args.bind}:{args.port}"
        ac.sipConfig.transportId = self.tid
        ac.mediaConfig.transportConfig.boundAddress = args.bind
        ac.mediaConfig.transportConfig.publicAddress = args.bind
        self.acc = pj.Account()
        self.acc.create(ac)
        self.tone = pj.ToneGenerator()
        self.tone.createToneGenerator(16000, 1)
        tones = pj.ToneDescVector()
        td = pj.ToneDesc()
        td.freq1, td.freq2, td.on_msec, td.off_msec, td.volume = 440, 0, 1000, 0, 0
        tones.append(td)
        self.tone.play(tones, True)
        self.call: Call | None = None
        self.ended = False
        self._next = 0.0
        say("ready", address=str(self.ep.transportGetInfo(self.tid).localName))

    def tick(self) -> None:
        now = time.monotonic()
        if now < self._next or self.call is None or not self.call.confirmed or self.ended:
            return
        self._next = now + STATS_S
        try:
            stat = self.call.getStreamStat(0)
            src = str(self.call.getMedTransportInfo(0).srcRtpName)
            remote = str(self.call.getStreamInfo(0).remoteRtpAddress)
            say("stats", rx=int(stat.rtcp.rxStat.pkt), src=src, remote=remote,
                offers=self.call.offers)
        except pj.Error:
            pass                                  # no stream at this moment (re-INVITE)

    def handle(self, cmd: list[str]):
        if cmd[0] == "dial":
            self.call = Call(self, self.acc)
            self.call.makeCall(cmd[1], pj.CallOpParam(True))
            say("ok", command="dial")
        elif cmd[0] == "hangup" and self.call is not None:
            self.call.hangup(pj.CallOpParam(True))
            say("ok", command="hangup")
        elif cmd[0] == "quit":
            return False
        return True

    def close(self) -> None:
        try:
            self.ep.hangupAllCalls()
            for _ in range(30):
                self.ep.libHandleEvents(10)
        except pj.Error:
            pass
        self.call = None
        self.ep.audDevManager().setNoDev()
        self.tone = None
        self.acc.shutdown()
        self.acc = None
        import gc
        gc.collect()
        self.ep.libDestroy()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", required=True)
    ap.add_argument("--port", type=int, default=5070)
    args = ap.parse_args()
    peer = Peer(args)
    run_loop(peer.ep, peer.handle, peer.tick)
    peer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
