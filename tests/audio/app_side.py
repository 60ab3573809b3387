"""The app's side of an audio test call: a bare pjsua2 Endpoint driving our AudioBridge.

Stands in for the SIP engine (same MediaSink calls, on the polling thread): answers the first
incoming call (deferred, as the engine must), attaches the bridge when audio flows, detaches
on hold. Commands on stdin: mute 0|1, hold, unhold, ring 0|1, whisper, devices IN OUT RING,
counters, busy, hangup, quit. Events and counters as JSON lines on stdout.

    PULSE_SERVER=... python -m tests.audio.app_side --port 5070 --output headset ...
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import pjsua2 as pj  # noqa: E402

from softphone.sip.audio.bridge import AudioBridge  # noqa: E402
from softphone.sip.audio.fastpath import name_thread  # noqa: E402
from tests.audio.onset import Onset  # noqa: E402
from tests.audio.pjbase import make_account, make_endpoint, media_active, run_loop, say  # noqa: E402


def thread_cpu(tid) -> float:
    """CPU seconds used by one thread of this process (Linux), 0.0 when unknown."""
    if not tid:
        return 0.0
    try:
        fields = open(f"/proc/self/task/{tid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def threads_cpu() -> dict[str, float]:
    """CPU seconds per thread name of this process (Linux): where the bridge's time goes."""
    out: dict[str, float] = {}
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tids:
        try:
            name = open(f"/proc/self/task/{tid}/comm").read().strip()
        except OSError:
            continue
        out[f"{name}/{tid}"] = round(thread_cpu(tid), 3)
    return out


# threads that are not the bridge: the benchmark's CPU load and its measuring probe
NOT_BRIDGE = ("busy/", "audio-tap/")


def bridge_cpu() -> float:
    """CPU seconds of this process, less the threads in NOT_BRIDGE."""
    other = sum(v for k, v in threads_cpu().items() if k.startswith(NOT_BRIDGE))
    return time.process_time() - other


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--input", default="")
    ap.add_argument("--output", default="")
    ap.add_argument("--ring", default="")
    ap.add_argument("--probe", action="store_true", help="report tone onsets at the port")
    ap.add_argument("--python-path", action="store_true",
                    help="the bridge's Python path instead of the native one")
    args = ap.parse_args()

    ep = make_endpoint(args.port)

    def emit(event):
        say(type(event).__name__, **{k: v for k, v in vars(event).items()})

    probe = None
    if args.probe:
        onsets = {"rx": Onset(), "tx": Onset()}

        def probe(direction, x, at):   # ``at``: when the port handled the frame
            t = onsets[direction].feed(x, at)
            if t is not None:
                say("port_onset", dir=direction, at=t)

    bridge = AudioBridge(emit, args.input, args.output, args.ring, probe=probe,
                         native=False if args.python_path else None)
    bridge.start()
    state = {"call": None, "answer": None, "busy": False, "calls": []}

    class Call(pj.Call):
        def onCallState(self, prm):
            try:
                ci = self.getInfo()
                say("call", state=ci.stateText, code=ci.lastStatusCode, cid=self.cid)
                if ci.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                    bridge.detach(self.cid)
                    if state["call"] is self:
                        state["call"] = None
            except Exception as exc:
                say("error", where="onCallState", message=repr(exc))

        def onCallMediaState(self, prm):
            try:
                am = media_active(self)
                if am is not None:
                    bridge.attach(self.cid, am)      # a second call takes the bridge over
                else:
                    bridge.detach(self.cid)
                say("media", active=am is not None, cid=self.cid)
            except Exception as exc:
                say("error", where="onCallMediaState", message=repr(exc))

    class Account(pj.Account):
        def onIncomingCall(self, prm):
            try:
                c = Call(self, prm.callId)
                state["calls"].append(c)             # keep every call alive until exit
                c.cid = len(state["calls"])
                state["call"] = c
                state["answer"] = c          # answered on the next loop turn, not in here
                say("incoming", cid=c.cid)
            except Exception as exc:
                say("error", where="onIncomingCall", message=repr(exc))

    acc = make_account(ep, args.port, "app", Account)

    def tick():
        c = state["answer"]
        if c is not None:
            state["answer"] = None
            op = pj.CallOpParam()
            op.statusCode = 200
            c.answer(op)

    def busy():
        state["busy_tid"] = threading.get_native_id()
        name_thread("busy")
        x = 0
        while True:
            x = (x * 31 + 7) % 1000003

    def handle(cmd):
        name, rest = cmd[0], cmd[1:]
        call = state["call"]
        if name == "quit":
            return False
        if name == "mute":
            bridge.set_muted(rest[0] == "1")
        elif name == "hold" and call is not None:
            call.setHold(pj.CallOpParam(True))
        elif name == "unhold" and call is not None:
            op = pj.CallOpParam(True)
            op.opt.flag = pj.PJSUA_CALL_UNHOLD
            call.reinvite(op)
        elif name == "ring":
            (bridge.start_ring if rest[0] == "1" else bridge.stop_ring)()
        elif name == "whisper":
            bridge.play_whisper()
        elif name == "devices":
            bridge.set_devices(*(r if r != "-" else "" for r in rest))
        elif name == "busy" and not state["busy"]:
            state["busy"] = True
            threading.Thread(target=busy, daemon=True).start()
        elif name == "hangup" and call is not None:
            call.hangup(pj.CallOpParam(True))
        elif name == "counters":
            say("counters", **bridge.counters(), latency=bridge.stream_latency(),
                cpu=bridge_cpu(), threads=threads_cpu(), priority=bridge.priority())
        say("ok", command=" ".join(cmd))
        return True

    deadline = time.monotonic() + 15
    while not bridge.running() and time.monotonic() < deadline:
        ep.libHandleEvents(10)
    say("ready", port=args.port, running=bridge.running(), path=bridge.path,
        path_note=bridge.path_note)
    try:
        run_loop(ep, handle, tick)
    finally:
        say("counters", **bridge.counters(), latency=bridge.stream_latency(),
            cpu=time.process_time(), switches=bridge.io.switch_log)
        for call in state["calls"]:
            try:
                call.hangup(pj.CallOpParam(True))
            except Exception:
                pass
        call = None   # no pjsua2 object may outlive libDestroy
        bridge.close()
        state.clear()
        acc.shutdown()
        del acc
        gc.collect()
        ep.libDestroy()
        say("bye")
    return 0


if __name__ == "__main__":
    sys.exit(main())
