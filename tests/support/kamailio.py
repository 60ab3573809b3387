"""A throwaway Kamailio registrar + record-routing proxy with digest auth, for tests.

Usage::

    from tests.support.kamailio import Kamailio
    k = Kamailio(tmp_path, users={"agent1": "secret"}, tls=False).start()
    k.udp_port, k.tcp_port, k.tls_port     # free ports on 127.0.0.1 (tls_port 0 without TLS)
    k.domain                               # "center.local", the SIP domain (an alias)
    k.registrar("tcp")                     # "127.0.0.1:PORT" for that transport
    k.restart()                            # stop + start on the same ports
    k.stop()

Accounts in ``users`` must authenticate REGISTER (www) and their own calls (proxy).
Requests from anybody else (sipp, baresip) are relayed without auth if they target a user
registered here (like a trusted trunk). Registrations live in memory only.
For TLS pass ``tls=True`` with ``cert_file``/``key_file`` (see tests.support.certs).
"""

from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

from tests.support.procs import free_port, start, stop, wait_for

KAMAILIO = shutil.which("kamailio") or "/usr/sbin/kamailio"

_CFG = r"""#!KAMAILIO
debug={debug}
log_stderror=yes
memdbg=5
memlog=5
children=1
tcp_children=1
auto_aliases=no
alias="{domain}"
{listens}
enable_tls={enable_tls}
tcp_connection_lifetime=3605
tcp_accept_no_cl=yes

loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "htable.so"
loadmodule "auth.so"
loadmodule "nathelper.so"
{tls_module}

modparam("htable", "htable", "users=>size=6;")
modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", 1)
modparam("registrar", "max_expires", 3600)
modparam("registrar", "gruu_enabled", 0)
modparam("registrar", "received_avp", "$avp(RECEIVED)")
modparam("nathelper", "received_avp", "$avp(RECEIVED)")
modparam("rr", "enable_full_lr", 1)
modparam("rr", "append_fromtag", 1)
modparam("auth", "nonce_expire", 300)
{tls_params}

event_route[htable:mod-init] {{
{user_lines}
}}

request_route {{
    if (!mf_process_maxfwd_header("10")) {{ sl_send_reply("483", "Too Many Hops"); exit; }}
    force_rport();
    if (is_method("OPTIONS") && uri==myself && $rU==$null) {{
        sl_send_reply("200", "Keepalive");
        exit;
    }}
    if (has_totag()) {{
        if (loose_route()) {{
            if (is_method("INVITE")) record_route();
            route(RELAY);
            exit;
        }}
        if (is_method("ACK")) {{
            if (t_check_trans()) {{ route(RELAY); exit; }}
            exit;
        }}
        sl_send_reply("404", "Not here");
        exit;
    }}
    if (is_method("CANCEL")) {{
        if (t_check_trans()) route(RELAY);
        exit;
    }}
    t_check_trans();
    remove_hf("Route");
    if (is_method("INVITE|SUBSCRIBE|REFER")) record_route();

    if (is_method("REGISTER")) {{
        if ($sht(users=>$fU) == $null || !pv_www_authenticate("$fd", "$sht(users=>$fU)", "0")) {{
            www_challenge("$fd", "0");
            exit;
        }}
        if (proto==TCP || proto==TLS) fix_nated_register();
        if (!save("location")) sl_reply_error();
        exit;
    }}
    if ($sht(users=>$fU) != $null && $fd == "{domain}") {{
        if (!pv_proxy_authenticate("$fd", "$sht(users=>$fU)", "0")) {{
            proxy_challenge("$fd", "0");
            exit;
        }}
        consume_credentials();
    }}
    if (uri==myself) {{
        if (!lookup("location")) {{
            sl_send_reply("404", "Not Found");
            exit;
        }}
    }}
    route(RELAY);
}}

route[RELAY] {{
    if (!t_relay()) sl_reply_error();
    exit;
}}
"""

_TLS_CFG = """[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = {key}
certificate = {cert}

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
"""


class Kamailio:
    """One Kamailio process on fresh loopback ports; ``restart()`` keeps the ports."""

    def __init__(self, workdir, users: dict[str, str] | None = None, *, tls: bool = False,
                 cert_file: str = "", key_file: str = "", domain: str = "center.local",
                 debug: int = 1) -> None:
        self.dir = Path(workdir) / f"kamailio-{os.getpid()}-{id(self):x}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.users = dict(users or {"agent1": "secret"})
        self.domain = domain
        self.tls = tls
        if tls and not (cert_file and key_file):
            raise ValueError("Kamailio(tls=True) needs cert_file and key_file "
                             "(make them with tests.support.certs.make_certs)")
        self.cert_file, self.key_file = cert_file, key_file
        self.debug = debug
        self.udp_port = free_port()
        self.tcp_port = free_port()
        self.tls_port = free_port() if tls else 0
        self.host = "127.0.0.1"
        self.log_path = str(self.dir / "kamailio.log")
        self.proc = None
        self._write_config()

    # ------------------------------------------------------------------ config
    def _write_config(self) -> None:
        listens = [f"listen=udp:127.0.0.1:{self.udp_port}",
                   f"listen=tcp:127.0.0.1:{self.tcp_port}"]
        tls_module = tls_params = ""
        if self.tls:
            listens.append(f"listen=tls:127.0.0.1:{self.tls_port}")
            tls_cfg = self.dir / "tls.cfg"
            tls_cfg.write_text(_TLS_CFG.format(cert=self.cert_file, key=self.key_file))
            tls_module = 'loadmodule "tls.so"'
            tls_params = f'modparam("tls", "config", "{tls_cfg}")'
        for name, pw in self.users.items():
            if not name.replace("_", "").replace("-", "").isalnum() or '"' in pw:
                raise ValueError(f"unsupported test user/password: {name!r}")
        user_lines = "\n".join(f'    $sht(users=>{u}) = "{p}";' for u, p in self.users.items())
        self.cfg_path = self.dir / "kamailio.cfg"
        self.cfg_path.write_text(_CFG.format(
            debug=self.debug, domain=self.domain, listens="\n".join(listens),
            enable_tls="yes" if self.tls else "no", tls_module=tls_module,
            tls_params=tls_params, user_lines=user_lines or "    $var(x) = 0;"))

    def registrar(self, transport: str = "udp") -> str:
        port = {"udp": self.udp_port, "tcp": self.tcp_port, "tls": self.tls_port}[str(transport)]
        return f"127.0.0.1:{port}"

    # ------------------------------------------------------------------ process
    def start(self, timeout: float = 10.0) -> "Kamailio":
        if self.proc is not None and self.proc.poll() is None:
            return self
        rundir = self.dir / "run"
        rundir.mkdir(exist_ok=True)
        cmd = [KAMAILIO, "-DD", "-E", "-f", str(self.cfg_path), "-Y", str(rundir),
               "-w", str(rundir)]
        deadline = time.monotonic() + timeout
        while True:
            self.proc = start(cmd, log_path=self.log_path)
            try:
                wait_for(self._ready, timeout=min(5.0, max(0.5, deadline - time.monotonic())),
                         interval=0.02, what="kamailio to answer OPTIONS")
                return self
            except TimeoutError:
                stop(self.proc)
                self.proc = None
                # the port may still be held by the previous instance: retry until deadline
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kamailio did not start; see {self.log_path}:\n"
                                       + self.log_tail())
                time.sleep(0.2)

    def stop(self) -> None:
        stop(self.proc)
        self.proc = None

    def restart(self, down_s: float = 0.0) -> "Kamailio":
        self.stop()
        if down_s:
            time.sleep(down_s)
        return self.start()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def _ready(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            raise TimeoutError("kamailio exited")
        return sip_options_ok("127.0.0.1", self.udp_port)

    def __enter__(self) -> "Kamailio":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def sip_options_ok(host: str, port: int, timeout: float = 0.3) -> bool:
    """True when a SIP server on UDP host:port answers an OPTIONS with any final response."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        lport = s.getsockname()[1]
        tag = f"{time.monotonic_ns():x}"
        msg = (f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:{lport};branch=z9hG4bK{tag};rport\r\n"
               f"Max-Forwards: 5\r\nFrom: <sip:probe@127.0.0.1>;tag={tag}\r\n"
               f"To: <sip:{host}:{port}>\r\nCall-ID: {tag}@probe\r\nCSeq: 1 OPTIONS\r\n"
               f"Content-Length: 0\r\n\r\n")
        s.settimeout(timeout)
        try:
            s.sendto(msg.encode(), (host, port))
            data, _ = s.recvfrom(4096)
        except OSError:
            return False
        return data.startswith(b"SIP/2.0 2")
