"""Run sipp as a scripted SIP peer in tests: scenarios built from small, checked steps.

``uac(...)`` builds a caller scenario (INVITE through Kamailio to an AOR), ``uas(...)`` a
callee scenario (answers calls sent to sipp's own port). ``Sipp`` runs one in its own process
group; ``.wait()`` returns sipp's exit code (0 = every call followed the script, checks
included). Message traces (``.messages()``) carry microsecond timestamps.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.procs import free_port, start, stop

SIPP = shutil.which("sipp") or "/usr/bin/sipp"

_SDP = """v=0
o=sipp 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a={direction}"""


def _sdp(direction: str = "sendrecv") -> str:
    return _SDP.format(direction=direction)


def _msg(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines()]
    return "\n" + "\n".join(lines) + "\n"


def _resp(code: str, reason: str, sdp: str | None = None, extra: str = "") -> str:
    body = f"Content-Type: application/sdp\nContent-Length: [len]\n\n{sdp}" if sdp else \
        "Content-Length: 0"
    return _msg(f"""SIP/2.0 {code} {reason}
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        [last_Record-Route:]
        Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
        {extra or "Server: sipp"}
        {body}""")


def _in_dialog_resp(code: str = "200", reason: str = "OK", sdp: str | None = None) -> str:
    body = f"Content-Type: application/sdp\nContent-Length: [len]\n\n{sdp}" if sdp else \
        "Content-Length: 0"
    return _msg(f"""SIP/2.0 {code} {reason}
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
        {body}""")


def _check(var: str, regexp: str, where: str = "body", header: str = "") -> str:
    hdr = f' header="{header}"' if header else ""
    return (f'<action><ereg regexp="{regexp}" search_in="{where}"{hdr} check_it="true" '
            f'assign_to="{var}"/></action>')


# [next_url] keeps a Contact's display name (pjsua sends one): take the bare URI instead
_CONTACT_URI = ('<ereg regexp="sips?:[^>;]*(;[^>]*)?" search_in="hdr" header="Contact:" '
                'assign_to="peer_contact"/>')


def _send(text: str, attrs: str = "") -> str:
    return f"<send{attrs}><![CDATA[{text}]]></send>"


@dataclass(frozen=True)
class Req:
    """A request the scripted peer sends inside the call (a ``middle`` step of ``uac``/``uas``)
    and the final response code it insists on (sipp fails the call on any other)."""

    method: str
    expect: str = "200"
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""


def _in_dialog_req(r: Req, seq: int, from_: str, to: str) -> list[str]:
    extra = "\n".join(f"{k}: {v}" for k, v in r.headers)
    body = f"Content-Length: [len]\n\n{r.body}" if r.body else "Content-Length: 0"
    msg = _msg(f"""{r.method} [$peer_contact] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        [routes]
        From: {from_}
        To: {to}
        Call-ID: [call_id]
        CSeq: {seq} {r.method}
        Max-Forwards: 70
        Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
        {extra or "Server: sipp"}
        {body}""")
    return [_send(msg, ' retrans="500"'), '<recv response="100" optional="true"/>',
            f'<recv response="{r.expect}"/>']


def _wrap(name: str, steps: list[str], refs: list[str]) -> str:
    ref = f'<Reference variables="{",".join(dict.fromkeys(refs))}"/>' if refs else ""
    return (f'<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="{name}">\n'
            + "\n".join(steps) + f"\n{ref}\n</scenario>\n")


# --------------------------------------------------------------------------- caller (UAC)

def uac(*, to_user: str = "agent1", domain: str = "center.local", caller: str = "+15550100",
        caller_name: str = "Test Caller", pai: str = "", headers: dict[str, str] | None = None,
        outcome: str = "answer", talk_ms: int = 500, expect_hold: bool = False,
        middle: tuple[Req, ...] = ()) -> str:
    """A caller through the proxy. outcome: 'answer' (we send BYE after talk_ms), 'wait_bye'
    (the callee hangs up), 'reject:CODE' (expects that final code), 'cancel' (we cancel
    after the 180). ``expect_hold``: after answer, expect a re-INVITE with a=sendonly.
    ``middle``: requests the caller sends in the call once it is answered (e.g. a REFER)."""
    extra = "".join(f"{k}: {v}\n" for k, v in (headers or {}).items())
    if pai:
        extra += f"P-Asserted-Identity: {pai}\n"
    invite = _msg(f"""INVITE sip:{to_user}@{domain} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "{caller_name}" <sip:{caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:{to_user}@{domain}>
        Call-ID: [call_id]
        CSeq: 1 INVITE
        Contact: <sip:{caller}@[local_ip]:[local_port];transport=[transport]>
        Max-Forwards: 70
        {extra.strip()}
        Content-Type: application/sdp
        Content-Length: [len]

        {_sdp()}""").replace("\n\n\n", "\n\n")
    if not extra.strip():
        invite = invite.replace("Max-Forwards: 70\n\n", "Max-Forwards: 70\n")
    txn = outcome.startswith("reject:") or outcome == "cancel"
    rtx = ' response_txn="invite"' if txn else ""
    steps = [_send(invite, ' retrans="500" start_txn="invite"' if txn else ' retrans="500"'),
             f'<recv response="100" optional="true"{rtx}/>']
    refs: list[str] = []
    ack_2xx = _msg(f"""ACK [$peer_contact] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        [routes]
        From: "{caller_name}" <sip:{caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        [last_To:]
        Call-ID: [call_id]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0""")
    ack_err = _msg(f"""ACK sip:{to_user}@{domain} SIP/2.0
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0""")
    bye = _msg(f"""BYE [$peer_contact] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        [routes]
        From: "{caller_name}" <sip:{caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: [$peer_to]
        Call-ID: [call_id]
        CSeq: {99 if middle else 2} BYE
        Max-Forwards: 70
        Content-Length: 0""")
    if outcome.startswith("reject:"):
        code = outcome.split(":", 1)[1]
        steps += [f'<recv response="180" optional="true"{rtx}/>',
                  f'<recv response="{code}"{rtx}/>',
                  _send(ack_err, ' ack_txn="invite"')]
        return _wrap("uac reject", steps, refs)
    if outcome == "cancel":
        cancel = _msg(f"""CANCEL sip:{to_user}@{domain} SIP/2.0
            [last_Via:]
            From: "{caller_name}" <sip:{caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
            To: <sip:{to_user}@{domain}>
            Call-ID: [call_id]
            CSeq: 1 CANCEL
            Max-Forwards: 70
            Content-Length: 0""")
        steps += [f'<recv response="180"{rtx}/>', '<pause milliseconds="300"/>',
                  _send(cancel), '<recv response="200"/>',
                  '<recv response="487" response_txn="invite"/>',
                  _send(ack_err, ' ack_txn="invite"')]
        return _wrap("uac cancel", steps, refs)
    refs += ["peer_to", "peer_contact"]
    steps += ['<recv response="180" optional="true"/>',
              '<recv response="200" rrs="true">'
              '<action><ereg regexp=".*" search_in="hdr" header="To:" assign_to="peer_to"/>'
              f"{_CONTACT_URI}</action></recv>",
              _send(ack_2xx)]
    if expect_hold:
        refs.append("held")
        steps += ['<recv request="INVITE">' + _check("held", "a=sendonly") + "</recv>",
                  _send(_in_dialog_resp(sdp=_sdp("recvonly"))),
                  '<recv request="ACK"/>']
    caller_party = (f'"{caller_name}" <sip:{caller}@[local_ip]:[local_port]>;'
                    'tag=[pid]SIPpTag00[call_number]')
    for i, r in enumerate(middle):
        steps += _in_dialog_req(r, 10 + i, caller_party, "[$peer_to]")
    if outcome == "wait_bye":
        steps += ['<recv request="BYE"/>', _send(_in_dialog_resp())]
    else:
        steps += [f'<pause milliseconds="{talk_ms}"/>', _send(bye, ' retrans="500"'),
                  '<recv response="200"/>']
    return _wrap("uac", steps, refs)


# --------------------------------------------------------------------------- callee (UAS)

def uas(*, middle: tuple[str | Req, ...] = (), end: str = "wait_bye", talk_ms: int = 500) -> str:
    """A callee on sipp's port: 180, 200, ACK, then ``middle`` steps, then ``end``
    ('wait_bye' or 'refer' for a transfer that it reports as done).
    middle steps: 'hold_check' (re-INVITE a=sendonly then a=sendrecv), 'hold_accept' (one
    re-INVITE answered recvonly), 'slow_hold:MS' (one re-INVITE: 100 at once, the recvonly
    answer MS later), 'refuse_reinvite:491' (one re-INVITE refused with that code),
    'info_dtmf:5', or a ``Req`` the callee sends."""
    reqs = any(isinstance(m, Req) for m in middle)
    invite = '<recv request="INVITE" crlf="true"/>'
    if reqs:       # the dialog's parties, for requests the callee sends later
        invite = ('<recv request="INVITE" crlf="true" rrs="true"><action>'
                  '<ereg regexp=".*" search_in="hdr" header="From:" assign_to="inv_from"/>'
                  '<ereg regexp=".*" search_in="hdr" header="To:" assign_to="inv_to"/>'
                  f"{_CONTACT_URI}</action></recv>")
    steps = [invite,
             _send(_resp("180", "Ringing")),
             _send(_resp("200", "OK", _sdp()), ' retrans="500"'),
             '<recv request="ACK" crlf="true"/>']
    refs: list[str] = ["inv_from", "inv_to", "peer_contact"] if reqs else []
    for i, m in enumerate(middle):
        if isinstance(m, Req):
            steps += _in_dialog_req(m, 101 + i, "[$inv_to];tag=[pid]SIPpTag01[call_number]",
                                    "[$inv_from]")
        elif m == "hold_check":
            refs += ["hold1", "hold2"]
            steps += ['<recv request="INVITE">' + _check("hold1", "a=sendonly") + "</recv>",
                      _send(_in_dialog_resp(sdp=_sdp("recvonly"))), '<recv request="ACK"/>',
                      '<recv request="INVITE">' + _check("hold2", "a=sendrecv") + "</recv>",
                      _send(_in_dialog_resp(sdp=_sdp("sendrecv"))), '<recv request="ACK"/>']
        elif m == "hold_accept":
            steps += ['<recv request="INVITE"/>',
                      _send(_in_dialog_resp(sdp=_sdp("recvonly"))), '<recv request="ACK"/>']
        elif m.startswith("slow_hold:"):
            steps += ['<recv request="INVITE"/>', _send(_in_dialog_resp("100", "Trying")),
                      f'<pause milliseconds="{int(m.split(":", 1)[1])}"/>',
                      _send(_in_dialog_resp(sdp=_sdp("recvonly")), ' retrans="500"'),
                      '<recv request="ACK"/>']
        elif m.startswith("refuse_reinvite:"):
            code = m.split(":", 1)[1]
            reason = "Request Pending" if code == "491" else "Not Acceptable Here"
            steps += ['<recv request="INVITE"/>', _send(_in_dialog_resp(code, reason)),
                      '<recv request="ACK"/>']
        elif m.startswith("info_dtmf:"):
            digit = m.split(":", 1)[1]
            var = f"dtmf{len(refs)}"
            refs.append(var)
            steps += ['<recv request="INFO">' + _check(var, f"Signal=\\s*{digit}") + "</recv>",
                      _send(_in_dialog_resp())]
    if end == "refer" or end.startswith("refer:"):
        pattern = end.split(":", 1)[1] if ":" in end else "sip:"
        refs.append("refer_to")
        notify = _msg("""NOTIFY [$peer_contact] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            [routes]
            From: [$local_party]
            To: [$remote_party]
            Call-ID: [call_id]
            CSeq: 10 NOTIFY
            Max-Forwards: 70
            Event: refer
            Subscription-State: terminated;reason=noresource
            Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
            Content-Type: message/sipfrag;version=2.0
            Content-Length: [len]

            SIP/2.0 200 OK""")
        refs += ["local_party", "remote_party", "peer_contact"]
        steps += ['<recv request="REFER" rrs="true">'
                  '<action>'
                  f'<ereg regexp="{pattern}" search_in="hdr" header="Refer-To:" check_it="true" '
                  'assign_to="refer_to"/>'
                  '<ereg regexp=".*" search_in="hdr" header="To:" assign_to="local_party"/>'
                  '<ereg regexp=".*" search_in="hdr" header="From:" assign_to="remote_party"/>'
                  f"{_CONTACT_URI}</action></recv>",
                  _send(_in_dialog_resp("202", "Accepted")),
                  _send(notify, ' retrans="500"'),
                  '<recv response="200"/>']
    steps += ['<recv request="BYE"/>', _send(_in_dialog_resp())]
    return _wrap("uas", steps, refs)


def subscribe(target: str) -> str:
    """An out-of-dialog presence SUBSCRIBE that must be rejected (any 4xx/6xx passes)."""
    msg = _msg(f"""SUBSCRIBE {target} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: <sip:watcher@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <{target}>
        Call-ID: [call_id]
        CSeq: 1 SUBSCRIBE
        Contact: <sip:watcher@[local_ip]:[local_port]>
        Event: presence
        Expires: 60
        Max-Forwards: 70
        Content-Length: 0""")
    steps = [_send(msg, ' retrans="500"'), '<recv response="100" optional="true"/>',
             '<recv response="403"/>']
    return _wrap("subscribe", steps, [])


def flood(*, to_user: str = "agent1", domain: str = "center.local",
          refusals: tuple[str, ...] = ("486",)) -> str:
    """A caller for floods (``-r RATE``): one INVITE through the proxy per call that must end
    in one of ``refusals`` (486 first: pjsua's answer beyond maxCalls and the desk's), then
    the ACK. Provisional responses are optional; any other answer fails the call."""
    invite = _msg(f"""INVITE sip:{to_user}@{domain} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Flood" <sip:+1555[call_number]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:{to_user}@{domain}>
        Call-ID: [call_id]
        CSeq: 1 INVITE
        Contact: <sip:flood@[local_ip]:[local_port];transport=[transport]>
        Max-Forwards: 70
        Content-Type: application/sdp
        Content-Length: [len]

        {_sdp()}""")
    ack = _msg(f"""ACK sip:{to_user}@{domain} SIP/2.0
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0""")
    rtx = ' response_txn="invite"'
    steps = [_send(invite, ' retrans="500" start_txn="invite"')]
    steps += [f'<recv response="{c}" optional="true"{rtx}/>' for c in ("100", "180", "183")]
    steps += [f'<recv response="{c}" optional="true"{rtx} next="ack"/>' for c in refusals[1:]]
    steps += [f'<recv response="{refusals[0]}"{rtx}/>', '<label id="ack"/>',
              _send(ack, ' ack_txn="invite"')]
    return _wrap("flood", steps, [])


def flood_args(rate: int, seconds: float, recv_timeout_ms: int = 8000) -> dict:
    """Sipp(...) keywords for ``rate`` calls a second during ``seconds``."""
    return {"calls": int(rate * seconds), "timeout_s": int(seconds) + 40, "trace": False,
            "extra": ("-r", str(rate), "-rp", "1000", "-l", str(max(100, rate * 10)),
                      "-recv_timeout", str(recv_timeout_ms))}


STARTED: list["Sipp"] = []     # every sipp this test started (reports on failure: conftest)


class Sipp:
    """One sipp process: ``Sipp(tmp, xml, remote="127.0.0.1:5060").start()`` ... ``.wait()``."""

    def __init__(self, workdir, scenario_xml: str, remote: str = "", *, calls: int = 1,
                 name: str = "sipp", transport: str = "u1", timeout_s: int = 30,
                 extra: tuple[str, ...] = (), trace: bool = True) -> None:
        self.dir = Path(workdir) / f"{name}-{time.monotonic_ns()}"
        self.dir.mkdir(parents=True)
        self.scenario = self.dir / "scenario.xml"
        self.scenario.write_text(scenario_xml)
        self.port = free_port()
        self.media_port = free_port()
        self.log = self.dir / "sipp.out"
        self.msg_file = self.dir / "messages.log"
        self.err_file = self.dir / "errors.log"
        self.stat_file = self.dir / "stats.csv"
        tracing = ("-trace_msg", "-message_file", str(self.msg_file)) if trace else ()
        cmd = [SIPP]
        if remote:
            cmd.append(remote)
        cmd += ["-sf", str(self.scenario), "-i", "127.0.0.1", "-p", str(self.port),
                "-mp", str(self.media_port), "-m", str(calls), "-t", transport, "-nostdin",
                *tracing, "-trace_err", "-error_file", str(self.err_file),
                "-trace_stat", "-stf", str(self.stat_file), "-fd", "1",
                "-timeout", str(timeout_s), "-timeout_error",
                "-max_recv_loops", "1000", "-aa", *extra]
        self.cmd = cmd
        self.proc: subprocess.Popen | None = None

    @property
    def uri_host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "Sipp":
        self.proc = start(self.cmd, log_path=str(self.log), cwd=str(self.dir))
        STARTED.append(self)
        return self

    def wait(self, timeout: float = 40.0) -> int:
        assert self.proc is not None
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            stop(self.proc)
            return -1

    def stop(self) -> None:
        stop(self.proc)

    def report(self) -> str:
        """Errors and the tail of the message trace, for assertion messages."""
        parts = []
        for p in (self.err_file, self.log):
            if p.exists():
                parts.append(p.read_text(errors="replace")[-3000:])
        return "\n".join(parts)

    def stats(self) -> dict[str, str]:
        """sipp's latest statistics row (-trace_stat): cumulative columns end in '(C)', e.g.
        'SuccessfulCall(C)', 'FailedCall(C)', 'TotalCallCreated'; {} before the first."""
        try:
            rows = [r for r in self.stat_file.read_text(errors="replace").splitlines() if r]
        except OSError:
            return {}
        return dict(zip(rows[0].split(";"), rows[-1].split(";"))) if len(rows) > 1 else {}

    def messages(self) -> list[tuple[float, str, str, str]]:
        """(unix time, 'sent'|'received', first line, Call-ID) of every traced message."""
        if not self.msg_file.exists():
            return []
        stamp = re.compile(r"^-{10,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.(\d{6})\s*$")
        out: list[tuple[float, str, str, str]] = []
        cur: dict | None = None

        def flush() -> None:
            if cur and cur.get("dir"):
                out.append((cur["t"], cur["dir"], cur.get("first", ""), cur.get("cid", "")))

        with open(self.msg_file, errors="replace") as f:
            for line in f:
                m = stamp.match(line)
                if m:
                    flush()
                    t = time.mktime(time.strptime(m.group(1), "%Y-%m-%d %H:%M:%S"))
                    cur = {"t": t + int(m.group(2)) / 1e6}
                    continue
                if cur is None:
                    continue
                text = line.strip()
                if "dir" not in cur:
                    if " message sent" in text:
                        cur["dir"] = "sent"
                    elif " message received" in text:
                        cur["dir"] = "received"
                elif text and "first" not in cur:
                    cur["first"] = text
                elif "cid" not in cur and text.lower().startswith(("call-id:", "i:")):
                    cur["cid"] = text.split(":", 1)[1].strip()
        flush()
        return out


class OptionsProbe:
    """An OPTIONS to ``aor`` through the proxy every ``interval`` s, from a thread (runs beside
    a flood): ``results`` = (sent at, round trip in s or None, status code, the answer's
    User-Agent/Server) per probe; ``answered_by(ua)`` counts those the UA itself answered."""

    def __init__(self, proxy: tuple[str, int], aor: str, interval: float = 1.0,
                 timeout: float = 2.0) -> None:
        import socket
        import threading
        self.proxy, self.aor, self.interval, self.timeout = proxy, aor, interval, timeout
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.results: list[tuple[float, float | None, int, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="options-probe", daemon=True)

    def start(self) -> "OptionsProbe":
        self._thread.start()
        return self

    def stop(self) -> list[tuple[float, float | None, int, str]]:
        self._stop.set()
        self._thread.join(self.timeout + self.interval + 1)
        self.sock.close()
        return self.results

    def answered_by(self, user_agent: str) -> int:
        return sum(1 for _, rtt, code, ua in self.results
                   if rtt is not None and code == 200 and user_agent in ua)

    def _run(self) -> None:
        port, n = self.sock.getsockname()[1], 0
        while not self._stop.is_set():
            n += 1
            cid = f"probe-{n}-{time.monotonic_ns()}@127.0.0.1"
            msg = (f"OPTIONS {self.aor} SIP/2.0\r\n"
                   f"Via: SIP/2.0/UDP 127.0.0.1:{port};rport;branch=z9hG4bK-probe{n}x{cid[-8:]}\r\n"
                   f"From: <sip:probe@127.0.0.1:{port}>;tag=probe{n}\r\nTo: <{self.aor}>\r\n"
                   f"Call-ID: {cid}\r\nCSeq: {n} OPTIONS\r\nMax-Forwards: 70\r\n"
                   f"Content-Length: 0\r\n\r\n").encode()
            sent = time.monotonic()
            self.sock.sendto(msg, self.proxy)
            rtt, code, agent = None, 0, ""
            while time.monotonic() < sent + self.timeout:
                self.sock.settimeout(max(0.01, sent + self.timeout - time.monotonic()))
                try:
                    data = self.sock.recv(65535)
                except OSError:
                    break
                head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
                if cid not in head or not head.startswith("SIP/2.0 "):
                    continue
                code = int(head[8:11])
                if code >= 200:
                    rtt = time.monotonic() - sent
                    agent = next((ln.split(":", 1)[1].strip() for ln in head.split("\r\n")
                                  if ln.lower().startswith(("user-agent:", "server:"))), "")
                    break
            self.results.append((sent, rtt, code, agent))
            self._stop.wait(max(0.0, sent + self.interval - time.monotonic()))
