"""The far end of an audio test call: a pjsua2 UA that sends a tone and records what it hears.

Its own AudioMediaPort generates a sine (``tone HZ``; 0 = silence) and keeps everything it
receives, with the monotonic time of each frame, until ``save PATH`` writes it (float32 .npy
plus a ``.t.npy`` of frame times). ``tone`` prints the time its first tone frame left.
Commands on stdin: dial URI, tone HZ [AMP], burst HZ MS, bursts HZ MS PERIOD_MS, save PATH,
clear, hangup, quit. Received bursts are reported as ``rx_onset`` events.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import numpy as np  # noqa: E402
import pjsua2 as pj  # noqa: E402

from tests.audio.onset import Onset  # noqa: E402
from tests.audio.pjbase import make_account, make_endpoint, media_active, run_loop, say  # noqa: E402

RATE, FRAME = 48000, 960


class TonePort(pj.AudioMediaPort):
    def __init__(self):
        super().__init__()
        self.freq = 0.0
        self.amp = 0.3
        self.phase = 0.0
        self.burst_left = -1          # samples of a burst still to send (-1: continuous)
        self.onset_pending = False
        self.rx: list[np.ndarray] = []
        self.rx_t: list[float] = []
        self.period = 0               # >0: repeat the burst every ``period`` samples
        self.since = 0
        self.burst_len = 0
        self.rx_onset = Onset()

    def onFrameRequested(self, frame):
        try:
            t = time.monotonic()
            if self.period > 0:
                if self.since >= self.period:
                    self.since = 0
                    self.burst_left = self.burst_len
                    self.onset_pending = True
                    self.phase = 0.0
                self.since += FRAME
            if self.freq > 0 and self.burst_left != 0:
                n = np.arange(FRAME)
                x = self.amp * np.sin(self.phase + 2 * np.pi * self.freq * n / RATE)
                self.phase = (self.phase + 2 * np.pi * self.freq * FRAME / RATE) % (2 * np.pi)
                if self.burst_left > 0:
                    keep = min(self.burst_left, FRAME)
                    x[keep:] = 0
                    self.burst_left -= keep
                if self.onset_pending:
                    self.onset_pending = False
                    say("onset", at=t)
            else:
                x = np.zeros(FRAME)
            frame.buf = pj.ByteVector((x * 32767).astype("<i2").tobytes())
            frame.size = FRAME * 2
            frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        except Exception as exc:
            say("error", where="onFrameRequested", message=repr(exc))

    def onFrameReceived(self, frame):
        try:
            t = time.monotonic()
            if frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO and frame.size > 0:
                x = np.frombuffer(bytes(frame.buf), dtype="<i2").astype(np.float32) / 32768
            else:
                x = np.zeros(FRAME, dtype=np.float32)
            self.rx.append(x)
            self.rx_t.append(t)
            if len(self.rx) > 3000:        # keep the last minute
                del self.rx[:1000], self.rx_t[:1000]
            on = self.rx_onset.feed(x, t)
            if on is not None:
                say("rx_onset", at=on)
        except Exception as exc:
            say("error", where="onFrameReceived", message=repr(exc))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    ep = make_endpoint(args.port)
    fmt = pj.MediaFormatAudio()
    fmt.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, 20000, 16)
    port = TonePort()
    port.createPort("peer-tone", fmt)
    state = {"call": None}

    class Call(pj.Call):
        def onCallState(self, prm):
            try:
                ci = self.getInfo()
                say("call", state=ci.stateText, code=ci.lastStatusCode)
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

    acc = make_account(ep, args.port, "peer", pj.Account)

    def handle(cmd):
        name, rest = cmd[0], cmd[1:]
        if name == "quit":
            return False
        if name == "dial":
            c = Call(acc)
            c.makeCall(rest[0], pj.CallOpParam(True))
            state["call"] = c
        elif name == "tone":
            port.amp = float(rest[1]) if len(rest) > 1 else 0.3
            port.burst_left = -1
            port.onset_pending = float(rest[0]) > 0
            port.freq = float(rest[0])
        elif name == "burst":
            port.burst_left = int(float(rest[1]) * RATE / 1000)
            port.onset_pending = True
            port.freq = float(rest[0])
        elif name == "bursts":   # bursts HZ MS PERIOD_MS: repeat a burst, report each onset
            port.burst_len = int(float(rest[1]) * RATE / 1000)
            port.period = int(float(rest[2]) * RATE / 1000)
            port.since = port.period
            port.freq = float(rest[0])
        elif name == "clear":
            port.rx, port.rx_t = [], []
        elif name == "save":
            rx, rt = port.rx, port.rx_t
            data = np.concatenate(rx) if rx else np.zeros(0, dtype=np.float32)
            np.save(rest[0], data)
            np.save(rest[0] + ".t.npy", np.array(rt))
        elif name == "hangup" and state["call"] is not None:
            state["call"].hangup(pj.CallOpParam(True))
        say("ok", command=" ".join(cmd))
        return True

    say("ready", port=args.port)
    try:
        run_loop(ep, handle)
    finally:
        c = state.pop("call", None)
        if c is not None:
            try:
                c.hangup(pj.CallOpParam(True))
            except Exception:
                pass
        ep.audDevManager().setNoDev()
        acc.shutdown()
        del c, acc
        gc.collect()
        ep.libDestroy()
        say("bye")
    return 0


if __name__ == "__main__":
    sys.exit(main())
