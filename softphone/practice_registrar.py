"""Practice mode's SIP registrar: a loopback-only Kamailio so ``--demo`` can ring the app.

Only for ``--demo`` (the practice center): it listens on 127.0.0.1 only and does not
authenticate (nobody else can reach it). A real center has its own PBX/registrar.
Started in its own process group and stopped by killing the group (Kamailio forks).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

_CFG = r"""#!KAMAILIO
debug=1
log_stderror=yes
children=1
tcp_children=1
auto_aliases=no
alias="{domain}"
listen=udp:127.0.0.1:{udp}
listen=tcp:127.0.0.1:{tcp}

loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "nathelper.so"

modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", 1)
modparam("registrar", "gruu_enabled", 0)
modparam("registrar", "received_avp", "$avp(RECEIVED)")
modparam("nathelper", "received_avp", "$avp(RECEIVED)")
modparam("rr", "enable_full_lr", 1)

request_route {{
    if (!mf_process_maxfwd_header("10")) {{ sl_send_reply("483", "Too Many Hops"); exit; }}
    force_rport();
    if (is_method("OPTIONS") && uri==myself && $rU==$null) {{ sl_send_reply("200", "OK"); exit; }}
    if (has_totag()) {{
        if (loose_route()) {{ route(RELAY); exit; }}
        if (is_method("ACK") && t_check_trans()) {{ route(RELAY); }}
        exit;
    }}
    if (is_method("CANCEL")) {{ if (t_check_trans()) route(RELAY); exit; }}
    t_check_trans();
    remove_hf("Route");
    if (is_method("INVITE|REFER")) record_route();
    if (is_method("REGISTER")) {{
        if (proto==TCP) fix_nated_register();
        if (!save("location")) sl_reply_error();
        exit;
    }}
    if (is_method("SUBSCRIBE|PUBLISH|MESSAGE")) {{ sl_send_reply("405", "Not Allowed"); exit; }}
    if (uri==myself && !lookup("location")) {{ sl_send_reply("404", "Not Found"); exit; }}
    route(RELAY);
}}

route[RELAY] {{
    if (!t_relay()) sl_reply_error();
    exit;
}}
"""


def kamailio_path() -> str | None:
    return shutil.which("kamailio") or (
        "/usr/sbin/kamailio" if os.path.exists("/usr/sbin/kamailio") else None)


def options_ok(port: int, timeout: float = 0.3) -> bool:
    """True when something on UDP 127.0.0.1:port answers a SIP OPTIONS."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        lport = s.getsockname()[1]
        tag = f"{time.monotonic_ns():x}"
        msg = (f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:{lport};branch=z9hG4bK{tag};rport\r\n"
               f"From: <sip:probe@127.0.0.1>;tag={tag}\r\nTo: <sip:127.0.0.1:{port}>\r\n"
               f"Call-ID: {tag}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
               "Content-Length: 0\r\n\r\n")
        s.settimeout(timeout)
        try:
            s.sendto(msg.encode(), ("127.0.0.1", port))
            return s.recv(4096).startswith(b"SIP/2.0 ")
        except OSError:
            return False


class PracticeRegistrar:
    def __init__(self, udp_port: int, tcp_port: int, domain: str = "practice.center") -> None:
        self.udp_port, self.tcp_port, self.domain = udp_port, tcp_port, domain
        self.dir = Path(tempfile.mkdtemp(prefix="softphone-registrar-"))
        self.proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.udp_port}"

    def start(self, timeout: float = 10.0) -> "PracticeRegistrar":
        exe = kamailio_path()
        if exe is None:
            raise RuntimeError("Practice mode needs Kamailio as its SIP registrar "
                               "(apt-get install kamailio), or pass --sip-proxy HOST:PORT.")
        cfg = self.dir / "kamailio.cfg"
        cfg.write_text(_CFG.format(domain=self.domain, udp=self.udp_port, tcp=self.tcp_port))
        with open(self.dir / "kamailio.log", "ab") as log:
            self.proc = subprocess.Popen([exe, "-DD", "-E", "-f", str(cfg), "-Y", str(self.dir),
                                          "-w", str(self.dir)], stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            if options_ok(self.udp_port):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"The practice registrar did not start; see {self.dir / 'kamailio.log'}")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            try:
                proc.wait(5)
                break
            except subprocess.TimeoutExpired:
                continue
        try:   # Kamailio's children may outlive the leader: sweep the group
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        shutil.rmtree(self.dir, ignore_errors=True)
