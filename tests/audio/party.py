"""A party of a multi-call audio test: a pjsua2 UA that dials or answers, follows a transfer.

Like ``peer.py`` (whose ``TonePort`` it uses: a sine out, everything heard kept in memory),
but it answers incoming calls itself (200 at once), follows a REFER (the new call is its own
``PartyCall``) and accepts an INVITE with Replaces (the new call takes the old one's place),
so a consult transfer between two parties completes with both still sending their tone and
recording. The port is connected to every call whose audio flows (pjsua mixes them).

Events: ``ready``, ``incoming``, ``call`` (state, code, ``n`` calls left), ``media``
(active), ``transfer_request`` (dst), ``replaced``. Commands on stdin: ``dial URI``,
``tone HZ [AMP]``, ``clear``, ``save PATH``, ``hangup``, ``quit``.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import numpy as np  # noqa: E402
import pjsua2 as pj  # noqa: E402

from tests.audio.peer import RATE, TonePort  # noqa: E402
from tests.audio.pjbase import make_account, make_endpoint, media_active, run_loop, say  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    ep = make_endpoint(args.port)
    fmt = pj.MediaFormatAudio()
    fmt.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, 20000, 16)
    port = TonePort()
    port.createPort("party-tone", fmt)
    calls: list[pj.Call] = []
    holder: dict = {}

    class PartyCall(pj.Call):
        def onCallState(self, prm):
            try:
                ci = self.getInfo()
                if ci.state == pj.PJSIP_INV_STATE_DISCONNECTED and self in calls:
                    calls.remove(self)          # released in its DISCONNECTED callback
                say("call", state=ci.stateText, code=ci.lastStatusCode, n=len(calls))
            except Exception as exc:
                say("error", where="onCallState", message=repr(exc))

        def onCallMediaState(self, prm):
            try:
                am = media_active(self)
                if am is not None:
                    am.startTransmit(port)
                    port.startTransmit(am)
                say("media", active=am is not None)
            except Exception as exc:
                say("error", where="onCallMediaState", message=repr(exc))

        def onCallTransferRequest(self, prm):
            try:
                new = PartyCall(holder["acc"])
                calls.append(new)
                prm.newCall = new
                say("transfer_request", dst=str(prm.dstUri))
            except Exception as exc:
                say("error", where="onCallTransferRequest", message=repr(exc))

        def onCallReplaced(self, prm):
            try:
                new = PartyCall(holder["acc"], prm.newCallId)
                calls.append(new)
                prm.newCall = new
                say("replaced")
            except Exception as exc:
                say("error", where="onCallReplaced", message=repr(exc))

    class PartyAccount(pj.Account):
        def onIncomingCall(self, prm):
            try:
                call = PartyCall(self, prm.callId)
                calls.append(call)
                op = pj.CallOpParam(True)
                op.statusCode = 200
                call.answer(op)
                say("incoming")
            except Exception as exc:
                say("error", where="onIncomingCall", message=repr(exc))

    acc = holder["acc"] = make_account(ep, args.port, "party", PartyAccount)

    def handle(cmd):
        name, rest = cmd[0], cmd[1:]
        if name == "quit":
            return False
        if name == "dial":
            c = PartyCall(acc)
            calls.append(c)
            c.makeCall(rest[0], pj.CallOpParam(True))
        elif name == "tone":
            port.amp = float(rest[1]) if len(rest) > 1 else 0.3
            port.burst_left = -1
            port.freq = float(rest[0])
        elif name == "clear":
            port.rx, port.rx_t = [], []
        elif name == "save":
            rx = port.rx
            np.save(rest[0], np.concatenate(rx) if rx else np.zeros(0, dtype=np.float32))
        elif name == "hangup":
            hangup_all()
        say("ok", command=" ".join(cmd))
        return True

    def hangup_all() -> None:        # no loop variable may hold a Call at libDestroy
        for call in list(calls):
            try:
                call.hangup(pj.CallOpParam(True))
            except Exception:
                pass

    say("ready", port=args.port)
    try:
        run_loop(ep, handle)
    finally:
        hangup_all()
        for _ in range(20):
            ep.libHandleEvents(10)
        calls.clear()
        ep.audDevManager().setNoDev()
        acc.shutdown()
        holder.clear()
        del acc
        gc.collect()
        ep.libDestroy()
        say("bye")
    return 0


if __name__ == "__main__":
    sys.exit(main())
