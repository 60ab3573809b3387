"""The practice center's colleagues process for tests, and a dialer UA that calls through the registrar.

Usage::

    from tests.support.colleagues import ColleaguesProc, Dialer, kamailio_users
    kam = Kamailio(tmp, users={"agent1": "pw", **kamailio_users()}).start()
    team = ColleaguesProc(db_path, kam, tmp, "--presence-every", "0")   # COLLEAGUES READY
    call = Dialer(kam, tmp, "2001", user="agent1", password="pw", hangup_after=3)
    call.wait("state", lambda e: e["state"] == "CONFIRMED")
    call.wait("disconnected")["rtp"] > 0
    team.stop()

``ColleaguesProc`` runs ``python -m democenter.colleagues`` (its accounts' password in env
COLLEAGUES_SIP_PASSWORD, the one ``kamailio_users()`` gives Kamailio) and waits for
``COLLEAGUES READY``. ``Dialer`` runs this module (``python -m tests.support.colleagues``):
a bare pjsua2 UA in its own process that dials one URI through the proxy (or registers and
answers calls: an agent that transfers) and prints one JSON object per line: ``started``,
``registration`` (code), ``incoming`` (call), ``state`` (call, state, code), ``media``
(call), ``xfer`` (call, code, final), ``disconnected`` (call, code, rtp: RTP packets
received), ``stopped``; calls are numbered from 1.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.procs import start, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "colleague-pw"
EXTENSIONS = ("2001", "2002", "2003", "2004")


def kamailio_users(password: str = PASSWORD) -> dict[str, str]:
    """The colleagues' and the gateway's SIP accounts, for ``Kamailio(users=...)``."""
    return {**{ext: password for ext in EXTENSIONS}, "gateway": password}


def _json_lines(path: Path) -> list[dict]:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


class ColleaguesProc:
    """``python -m democenter.colleagues`` on ``dbfile``, registered at ``kam``."""

    def __init__(self, dbfile: Path, kam, workdir: Path, *extra: str,
                 password: str = PASSWORD, name: str = "colleagues") -> None:
        self.log = Path(workdir) / f"{name}.log"
        cmd = [sys.executable, "-m", "democenter.colleagues", "--db", str(dbfile),
               "--proxy", kam.registrar("udp"), "--domain", kam.domain, "--seed", "7", *extra]
        env = {**os.environ, "COLLEAGUES_SIP_PASSWORD": password, "PYTHONUNBUFFERED": "1"}
        self.proc = start(cmd, log_path=str(self.log), env=env, cwd=str(ROOT))

        def ready():
            text = self.log.read_text(errors="replace") if self.log.exists() else ""
            if self.proc.poll() is not None:
                raise AssertionError(f"the colleagues process exited:\n{text[-3000:]}")
            return "COLLEAGUES READY sip=127.0.0.1:" in text
        wait_for(ready, 20, interval=0.05, what="COLLEAGUES READY")

    def terminate(self, timeout: float = 15.0) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def stop(self) -> None:
        stop(self.proc)


class Dialer:
    """A pjsua2 UA in its own process dialing ``target`` (a user of ``kam``'s domain, or a
    number) through ``kam``; ``user``/``password``: who it registers as (Kamailio asks)."""

    def __init__(self, kam, workdir: Path, target: str, *, user: str, password: str,
                 hangup_after: float = 0.0, name: str = "") -> None:
        """``target`` "": dial nobody, register as ``user`` and answer calls instead."""
        self.log = Path(workdir) / f"dialer-{name or target.strip('+')}.log"
        self.log.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "tests.support.colleagues", "--proxy",
               kam.registrar("udp"), "--domain", kam.domain, "--user", user,
               "--hangup-after", str(hangup_after)]
        cmd += ["--dial", f"sip:{target}@{kam.domain}"] if target else ["--register"]
        env = {**os.environ, "DIALER_PASSWORD": password, "PYTHONUNBUFFERED": "1"}
        self.proc = start(cmd, log_path=str(self.log), env=env, cwd=str(ROOT),
                          stdin=subprocess.PIPE)

    def events(self, kind: str | None = None) -> list[dict]:
        return [e for e in _json_lines(self.log) if kind is None or e["event"] == kind]

    def wait(self, kind: str, pred=lambda e: True, timeout: float = 15.0) -> dict:
        def found():
            hit = next((e for e in self.events(kind) if pred(e)), None)
            if hit is None and self.proc.poll() is not None:
                raise AssertionError(f"the dialer exited; its log:\n"
                                     + self.log.read_text(errors="replace")[-4000:])
            return hit
        return wait_for(found, timeout, interval=0.05, what=f"dialer event {kind}")

    def send(self, line: str) -> None:
        """A command (see ``_dial``): ``hangup [N]``, ``dial URI``, ``xfer N URI``,
        ``xfer-replaces N M``."""
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except OSError:
            pass

    def hangup(self) -> None:
        self.send("hangup")

    def stop(self) -> None:
        stop(self.proc)


# ---------------------------------------------------------------------------- the dialer UA

def _emit(event: str, **fields) -> None:
    sys.stdout.write(json.dumps({"event": event, "t": round(time.time(), 3), **fields}) + "\n")
    sys.stdout.flush()


def _dial(args: argparse.Namespace) -> int:          # pragma: no cover - its own process
    """Calls are numbered from 1 in the order they appear (dialed or answered). Lines on
    stdin: ``hangup [N]``, ``dial URI``, ``xfer N URI`` (blind), ``xfer-replaces N M`` (N's
    remote party replaces M's: an attended transfer)."""
    import threading

    import pjsua2 as pj

    states = {pj.PJSIP_INV_STATE_CALLING: "CALLING", pj.PJSIP_INV_STATE_EARLY: "EARLY",
              pj.PJSIP_INV_STATE_INCOMING: "INCOMING",
              pj.PJSIP_INV_STATE_CONNECTING: "CONNECTING",
              pj.PJSIP_INV_STATE_CONFIRMED: "CONFIRMED",
              pj.PJSIP_INV_STATE_DISCONNECTED: "DISCONNECTED"}
    events: list = []
    commands: list[str] = []
    calls: dict[int, "Call"] = {}

    class Call(pj.Call):
        def onCallState(self, prm):
            try:
                ci = self.getInfo()
                events.append(("state", self, int(ci.state), int(ci.lastStatusCode)))
            except Exception:  # noqa: BLE001
                pass

        def onCallMediaState(self, prm):
            events.append(("media", self))

        def onCallTransferStatus(self, prm):
            try:
                events.append(("xfer", self, int(prm.statusCode), bool(prm.finalNotify)))
            except Exception:  # noqa: BLE001
                pass

    class Account(pj.Account):
        def onRegState(self, prm):
            try:
                events.append(("reg", None, int(prm.code)))
            except Exception:  # noqa: BLE001
                pass

        def onIncomingCall(self, prm):
            try:
                events.append(("incoming", Call(self, prm.callId)))
            except Exception:  # noqa: BLE001
                pass

    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = cfg.logConfig.consoleLevel = 1
    cfg.medConfig.noVad = True
    ep.libInit(cfg)
    tc = pj.TransportConfig()
    tc.boundAddress = tc.publicAddress = "127.0.0.1"
    tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
    ep.libStart()
    ep.audDevManager().setNullDev()
    acfg = pj.AccountConfig()
    acfg.idUri = f"sip:{args.user}@{args.domain}"
    acfg.regConfig.registerOnAdd = bool(args.register)
    acfg.regConfig.registrarUri = f"sip:{args.proxy}"
    acfg.sipConfig.transportId = tid
    acfg.sipConfig.proxies.append(f"sip:{args.proxy};lr")
    acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", args.user, 0,
                                                    os.environ.get("DIALER_PASSWORD", "")))
    acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    acfg.mediaConfig.transportConfig.publicAddress = "127.0.0.1"
    acc = Account()
    acc.create(acfg)
    threading.Thread(target=lambda: [commands.append(line.strip()) for line in sys.stdin],
                     daemon=True).start()
    stopping: list = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    confirmed: dict[int, float] = {}
    ended: set[int] = set()
    rtp: dict[int, int] = {}

    def number(call) -> int:
        return next((n for n, c in calls.items() if c is call), 0)

    def dial(uri: str) -> None:
        call = Call(acc)
        calls[len(calls) + 1] = call
        prm = pj.CallOpParam(True)
        prm.opt.audioCount, prm.opt.videoCount = 1, 0
        call.makeCall(uri, prm)

    def hangup(n: int) -> None:
        if n in calls and n not in ended:
            try:
                calls[n].hangup(pj.CallOpParam())
            except pj.Error:
                pass

    _emit("started")
    if args.dial:
        dial(args.dial)
    while not (stopping and not (set(calls) - ended)) and not (
            args.dial and calls and not (set(calls) - ended)):
        ep.libHandleEvents(10)
        for ev in events[:]:
            events.remove(ev)
            kind, call = ev[0], ev[1]
            if kind == "reg":
                _emit("registration", code=ev[2])
            elif kind == "incoming":
                calls[len(calls) + 1] = call
                _emit("incoming", call=len(calls))
                answer = pj.CallOpParam(True)
                answer.statusCode = 200
                call.answer(answer)
            elif kind == "media":
                _emit("media", call=number(call))
            elif kind == "xfer":
                _emit("xfer", call=number(call), code=ev[2], final=ev[3])
            elif kind == "state":
                n = number(call)
                _emit("state", call=n, state=states.get(ev[2], str(ev[2])), code=ev[3])
                if ev[2] == pj.PJSIP_INV_STATE_CONFIRMED:
                    confirmed[n] = time.monotonic()
                elif ev[2] == pj.PJSIP_INV_STATE_DISCONNECTED and n not in ended:
                    ended.add(n)
                    _emit("disconnected", call=n, code=ev[3], rtp=rtp.get(n, 0))
        for n, at in list(confirmed.items()):
            if n in ended:
                continue
            try:
                rtp[n] = int(calls[n].getStreamStat(0).rtcp.rxStat.pkt)
            except Exception:  # noqa: BLE001
                pass
            if n == 1 and args.hangup_after > 0 and time.monotonic() - at >= args.hangup_after:
                args.hangup_after = 0.0
                hangup(1)
        while commands:
            word, *rest = commands.pop(0).split()
            try:
                if word == "hangup":
                    for n in ([int(rest[0])] if rest else list(calls)):
                        hangup(n)
                elif word == "dial":
                    dial(rest[0])
                elif word == "xfer":
                    calls[int(rest[0])].xfer(rest[1], pj.CallOpParam(True))
                elif word == "xfer-replaces":
                    calls[int(rest[0])].xferReplaces(calls[int(rest[1])], pj.CallOpParam(True))
            except (pj.Error, KeyError, IndexError, ValueError) as exc:
                _emit("error", what=f"{word}: {exc}")
        if stopping:
            for n in list(calls):
                hangup(n)
    calls.clear()
    ep.audDevManager().setNoDev()
    acc.shutdown()
    del acc
    gc.collect()
    ep.libDestroy()
    _emit("stopped")
    return 0


def main() -> int:                                    # pragma: no cover
    p = argparse.ArgumentParser(description="Dial one URI (or answer calls) through a proxy; "
                                            "JSON events.")
    p.add_argument("--proxy", required=True)
    p.add_argument("--domain", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--dial", default="", help="call this URI; the UA exits when it ends")
    p.add_argument("--register", action="store_true", help="register and answer calls")
    p.add_argument("--hangup-after", type=float, default=0.0, help="seconds after answer")
    return _dial(p.parse_args())


if __name__ == "__main__":
    sys.exit(main())
