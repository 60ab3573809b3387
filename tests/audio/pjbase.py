"""Shared plumbing for the audio test processes: one pjsua2 Endpoint polled on the main thread.

Runs as part of a separate process (a pjsua2 Endpoint is one per process). Commands arrive as
text lines on stdin (read by a thread, executed on the main thread between
``libHandleEvents`` calls); events leave as JSON lines on stdout.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
import time

import pjsua2 as pj

from softphone.sip.media import CLOCK_RATE, MEDIA_QUALITY

_out_lock = threading.Lock()


def say(ev: str, **fields) -> None:
    with _out_lock:
        sys.stdout.write(json.dumps({"ev": ev, "t": time.monotonic(), **fields}) + "\n")
        sys.stdout.flush()


def make_endpoint(port: int) -> pj.Endpoint:
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = 1
    cfg.logConfig.consoleLevel = 1
    cfg.medConfig.noVad = True          # as the engine (softphone/sip/worker.py) configures it
    cfg.medConfig.hasIoqueue = True
    cfg.medConfig.clockRate = CLOCK_RATE
    cfg.medConfig.quality = MEDIA_QUALITY
    ep.libInit(cfg)
    tcfg = pj.TransportConfig()
    tcfg.port = port
    tcfg.boundAddress = "127.0.0.1"
    tcfg.publicAddress = "127.0.0.1"
    ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
    ep.libStart()
    ep.audDevManager().setNullDev()
    for c in ep.codecEnum2():   # G.711 only: simple and identical for every peer we compare
        ep.codecSetPriority(c.codecId, 255 if c.codecId.startswith("PCMU") else 0)
    return ep


def make_account(ep: pj.Endpoint, port: int, user: str, cls):
    cfg = pj.AccountConfig()
    cfg.idUri = f"sip:{user}@127.0.0.1:{port}"
    cfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    cfg.mediaConfig.transportConfig.publicAddress = "127.0.0.1"
    acc = cls()
    acc.create(cfg)
    return acc


def command_queue() -> "queue.Queue[str]":
    q: queue.Queue[str] = queue.Queue()

    def reader():
        for line in sys.stdin:
            q.put(line.strip())
        q.put("quit")
    threading.Thread(target=reader, daemon=True).start()
    return q


def run_loop(ep: pj.Endpoint, handle, tick=None) -> None:
    """Poll pjsua2 and run commands until ``handle`` returns False."""
    q = command_queue()
    while True:
        ep.libHandleEvents(10)
        if tick is not None:
            tick()
        try:
            line = q.get_nowait()
        except queue.Empty:
            continue
        if not line:
            continue
        try:
            if handle(line.split()) is False:
                break
        except Exception as exc:
            say("error", command=line, message=repr(exc))


def media_active(call: pj.Call):
    """The call's AudioMedia if audio flows (not on hold either way), else None."""
    ci = call.getInfo()
    for i, mi in enumerate(ci.media):
        if mi.type == pj.PJMEDIA_TYPE_AUDIO and mi.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
            return call.getAudioMedia(i)
    return None
