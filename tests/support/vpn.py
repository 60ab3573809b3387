"""A real OpenVPN tunnel between a "home" and a "center" network namespace, for tests that make the VPN fail and come back.

Topology (all addresses exist only inside the namespaces made here)::

    home ──wan0 192.0.2.2/24 ═veth═ 192.0.2.1/24 wan1── gateway ──lan0 198.51.100.1/24
      tun0 10.8.0.2/24  ◄── OpenVPN, UDP 1194 ──►  tun0 10.8.0.1/24            ║ veth
                                                                lan1 198.51.100.10/24── center

``home`` is the counselor's computer; ``center`` holds the practice services (bind them to
``SERVICE`` = 198.51.100.10 or 0.0.0.0); ``gateway`` is the center's VPN concentrator, which
routes between its tunnel and the center's LAN (``ip_forward=1``). Home reaches the center's
LAN only by the route OpenVPN installs on ``tun0``. Home also has a default route to its
"internet" (the gateway's WAN address), as a laptop would; the gateway silently drops what
arrives that way for the center's LAN (``ip rule ... iif wan1 to 198.51.100.0/24 blackhole``),
so with the tunnel down a connection attempt times out, it is not refused. The other way,
the center's LAN reaches home only through the tunnel too: what it sends to home's WAN
address is dropped at the gateway (``ip rule ... iif lan0 to 192.0.2.0/24 blackhole``), as a
counselor's home network (behind NAT) is never reachable from the center directly. So
media sent to an address the phone advertised wrongly (its WAN address) never arrives.

Usage::

    with Tunnel(tmp_path) as t:          # namespaces, veths, certificates, both OpenVPNs
        proc = t.center.popen([...])     # a service in the center namespace
        s = t.home.socket(...)           # a socket in the home namespace
        t.down()                         # the home OpenVPN is killed (tun0 and routes go)
        t.up(); t.wait_up()              # restarted; monotonic time of the first packet through
        t.change_inner_address("10.8.0.6")
        t.fail_far_side(); t.heal_far_side()   # gateway forwarding off/on, tun0 stays up

Crypto: ``"tls"`` (default) is OpenVPN's small setup without a CA: a self-signed EC
certificate per side and ``--peer-fingerprint``; the handshake takes milliseconds, but
OpenVPN installs the data channel keys at its next one-second housekeeping tick, so a start
or restart passes its first packet 0-1 s later (measured median 0.87 s). ``"static"`` uses
a pre-shared ``--secret`` key (deprecated in 2.6, gone in 2.7), up in about 0.05 s; its
packet IDs are time based, so a home restarted within the same second as its last packet
has its first packets refused as replays until the second turns.
``timings`` records what each step took: ``setup_s`` (namespaces, veths, keys), ``start_s``
(OpenVPNs started -> first packet through), ``total_start_s``, ``stop_s`` (last ``down``),
``reup_s`` (each ``flap``), ``teardown_s``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import ssl
import struct
import subprocess
import time
from pathlib import Path

from tests.support import netns
from tests.support.netns import Namespace, veth
from tests.support.procs import stop

OPENVPN = shutil.which("openvpn") or "/usr/sbin/openvpn"
PORT = 1194
HOME_WAN, GATEWAY_WAN = "192.0.2.2", "192.0.2.1"
WAN_NET = "192.0.2.0/24"
GATEWAY_INNER, HOME_INNER = "10.8.0.1", "10.8.0.2"
INNER_MASK = "255.255.255.0"
CENTER_NET, GATEWAY_LAN, SERVICE = "198.51.100.0/24", "198.51.100.1", "198.51.100.10"
TUN = "tun0"
TUN_MTU = 1400          # what the manual's small setup uses: no fragments of the outer UDP


def problem() -> str | None:
    """What stops VPN tests here (namespaces, /dev/net/tun, openvpn), or None."""
    missing = netns.problem()
    if missing:
        return missing
    if not os.path.exists("/dev/net/tun"):
        return "/dev/net/tun is missing: the kernel's tun driver is needed for OpenVPN"
    if not os.path.exists(OPENVPN):
        return ("openvpn is not installed (system package `openvpn`, listed in "
                "scripts/system-packages.txt; scripts/dev.sh installs it)")
    return None


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


class Tunnel:
    """Three namespaces and two OpenVPN processes; a context manager that removes all of it."""

    def __init__(self, workdir, *, crypto: str = "tls", inner: str = HOME_INNER,
                 home_default_route: bool = True, verb: int = 3) -> None:
        if crypto not in ("tls", "static"):
            raise ValueError("crypto is 'tls' or 'static'")
        self.dir = Path(workdir) / f"vpn-{os.getpid()}-{id(self):x}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.crypto, self.verb = crypto, verb
        self.home_inner = inner
        self.home_default_route = home_default_route
        self.home = self.gateway = self.center = None
        self.home_proc = self.gateway_proc = None
        self._down_how: str | None = None
        self._icmp_id = (os.getpid() ^ id(self)) & 0xFFFF
        self._icmp_seq = 0
        self.timings: dict[str, float | list[float]] = {"reup_s": []}

    # ------------------------------------------------------------------ build
    def start(self, timeout: float = 20.0) -> "Tunnel":
        """Build everything and return once a packet went home -> center through the tunnel."""
        t0 = time.monotonic()
        try:
            self._build_network()
            self._make_keys()
            t1 = time.monotonic()
            self.gateway_proc = self.gateway.popen(self._gateway_cmd(),
                                                   log_path=str(self.dir / "gateway.log"))
            self.home_proc = self._start_home()
            first = self.wait_up(timeout)
        except BaseException:
            self.stop()
            raise
        self.timings.update(setup_s=t1 - t0, start_s=first - t1, total_start_s=first - t0)
        return self

    def _build_network(self) -> None:
        self.home = Namespace("home")           # one by one: stop() removes what was made
        self.gateway = Namespace("gateway")
        self.center = Namespace("center")
        veth(self.home, "wan0", self.gateway, "wan1",
             a_addr=f"{HOME_WAN}/24", b_addr=f"{GATEWAY_WAN}/24")
        veth(self.gateway, "lan0", self.center, "lan1",
             a_addr=f"{GATEWAY_LAN}/24", b_addr=f"{SERVICE}/24")
        self.center.add_route("default", via=GATEWAY_LAN)
        self.gateway.set_forwarding(True)
        self.gateway.ip("rule", "add", "iif", "lan0", "to", WAN_NET, "blackhole", "pref", "101")
        if self.home_default_route:
            self.home.add_route("default", via=GATEWAY_WAN)
            self.gateway.ip("rule", "add", "iif", "wan1", "to", CENTER_NET, "blackhole",
                            "pref", "100")

    def _make_keys(self) -> None:
        if self.crypto == "static":
            subprocess.run([OPENVPN, "--genkey", "secret", str(self.dir / "static.key")],
                           check=True, capture_output=True)
            return
        self.fingerprint = {}
        for side in ("home", "gateway"):
            crt, key = self.dir / f"{side}.crt", self.dir / f"{side}.key"
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key),
                            "-out", str(crt), "-days", "2", "-subj", f"/CN={side}"],
                           check=True, capture_output=True)
            der = ssl.PEM_cert_to_DER_cert(crt.read_text())
            digest = hashlib.sha256(der).hexdigest().upper()
            self.fingerprint[side] = ":".join(digest[i:i + 2] for i in range(0, 64, 2))

    def _common(self, side: str) -> list[str]:
        cmd = [OPENVPN, "--dev", TUN, "--dev-type", "tun", "--proto", "udp",
               "--topology", "subnet", "--tun-mtu", str(TUN_MTU), "--verb", str(self.verb),
               "--lport", str(PORT), "--rport", str(PORT)]
        if self.crypto == "static":
            return cmd + ["--secret", str(self.dir / "static.key"),
                          "0" if side == "gateway" else "1", "--cipher", "AES-256-CBC"]
        other = "home" if side == "gateway" else "gateway"
        return cmd + ["--tls-server" if side == "gateway" else "--tls-client",
                      "--cert", str(self.dir / f"{side}.crt"),
                      "--key", str(self.dir / f"{side}.key"),
                      "--peer-fingerprint", self.fingerprint[other]] + \
            (["--dh", "none"] if side == "gateway" else [])

    def _gateway_cmd(self) -> list[str]:
        # persist-tun: a TLS renegotiation failure (home gone > hand-window) restarts the
        # gateway's OpenVPN without taking its tun0 and routes away
        return self._common("gateway") + [
            "--ifconfig", GATEWAY_INNER, INNER_MASK, "--local", GATEWAY_WAN,
            "--remote", HOME_WAN, "--persist-tun", "--persist-key"]

    def _home_cmd(self) -> list[str]:
        net, mask = CENTER_NET.split("/")[0], "255.255.255.0"
        return self._common("home") + [
            "--ifconfig", self.home_inner, INNER_MASK, "--local", HOME_WAN,
            "--remote", GATEWAY_WAN, "--route", net, mask, GATEWAY_INNER]

    def _start_home(self):
        return self.home.popen(self._home_cmd(), log_path=str(self.dir / "home.log"))

    # ------------------------------------------------------------------ probing
    def probe(self, target: str = SERVICE, timeout: float = 0.2) -> float | None:
        """One ICMP echo from home to ``target``: the send time (monotonic) when answered."""
        with self.home.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as s:
            self._icmp_seq = (self._icmp_seq + 1) & 0xFFFF
            seq = self._icmp_seq
            head = struct.pack("!BBHHH", 8, 0, 0, self._icmp_id, seq)
            body = b"softphone-vpn-probe"
            packet = head[:2] + struct.pack("!H", _checksum(head + body)) + head[4:] + body
            sent = time.monotonic()
            try:
                s.sendto(packet, (target, 0))
            except OSError:                     # no route at all
                return None
            deadline = sent + timeout
            while (left := deadline - time.monotonic()) > 0:
                s.settimeout(left)
                try:
                    data, addr = s.recvfrom(2048)
                except OSError:
                    return None
                ihl = (data[0] & 0x0F) * 4
                kind, _, _, ident, got_seq = struct.unpack("!BBHHH", data[ihl:ihl + 8])
                if kind == 0 and ident == self._icmp_id and got_seq == seq and addr[0] == target:
                    return sent
            return None

    def wait_up(self, timeout: float = 10.0, target: str = SERVICE,
                interval: float = 0.01) -> float:
        """Probe every ``interval`` s until a packet crosses the tunnel to ``target`` and back;
        returns the monotonic send time of that first answered probe (the first packet
        through the tunnel again, to within ``interval``). Raises TimeoutError with the
        OpenVPN logs' tails otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            began = time.monotonic()
            sent = self.probe(target, timeout=max(interval, 0.02))
            if sent is not None:
                return sent
            time.sleep(max(0.0, interval - (time.monotonic() - began)))
            for name, proc in (("home", self.home_proc), ("gateway", self.gateway_proc)):
                if proc is not None and proc.poll() is not None and self._down_how is None:
                    raise RuntimeError(f"the {name} OpenVPN exited ({proc.returncode}):\n"
                                       + self.log_tail(name))
            if time.monotonic() > deadline:
                raise TimeoutError(f"no packet through the tunnel to {target} within "
                                   f"{timeout:.1f}s\n--- home\n{self.log_tail('home')}"
                                   f"\n--- gateway\n{self.log_tail('gateway')}")

    def reachable(self, target: str = SERVICE, timeout: float = 0.3) -> bool:
        """True when one ICMP echo from home to ``target`` is answered within ``timeout``."""
        return self.probe(target, timeout) is not None

    # ------------------------------------------------------------------ failures
    def down(self, how: str = "kill") -> None:
        """Take the tunnel down. ``kill``: the home OpenVPN is stopped by pid (tun0 and its
        routes go, as when a VPN client disconnects); ``link``: ``ip link set tun0 down``
        (OpenVPN stays; the kernel drops routes through tun0); ``wan``: the home WAN link
        goes down (tun0 stays up with its routes, nothing passes)."""
        if self._down_how is not None:
            raise RuntimeError(f"the tunnel is already down ({self._down_how})")
        t0 = time.monotonic()
        if how == "kill":
            stop(self.home_proc)
            self.home_proc = None
        elif how == "link":
            self.home.link_down(TUN)
        elif how == "wan":
            self.home.link_down("wan0")
        else:
            raise ValueError("how is 'kill', 'link' or 'wan'")
        self._down_how = how
        self.timings["stop_s"] = time.monotonic() - t0

    def up(self) -> float:
        """Undo ``down()``; returns the monotonic time the undoing began (pair it with
        ``wait_up()`` for the first packet through)."""
        how, t0 = self._down_how, time.monotonic()
        if how is None:
            return t0
        if how == "kill":
            self.home_proc = self._start_home()
        elif how == "link":
            self.home.link_up(TUN)
            self._restore_center_route()
        elif how == "wan":
            self.home.link_up("wan0")
            if self.home_default_route:
                self.home.ip("route", "replace", "default", "via", GATEWAY_WAN)
        self._down_how = None
        return t0

    def flap(self, down_s: float = 5.0, how: str = "kill", timeout: float = 10.0) -> float:
        """down(), ``down_s`` seconds, up(), wait_up(); the first packet time; records re-up."""
        self.down(how)
        time.sleep(down_s)
        t0 = self.up()
        first = self.wait_up(timeout)
        self.timings["reup_s"].append(first - t0)
        return first

    def is_down(self) -> bool:
        return self._down_how is not None

    def change_inner_address(self, new: str, how: str = "restart") -> None:
        """Give home a new inner address. ``restart``: the home OpenVPN restarts with
        ``--ifconfig NEW`` (a reconnect that got another address: tun0 goes and comes back);
        ``readdress``: tun0 gets NEW and loses the old one while OpenVPN keeps running."""
        old, self.home_inner = self.home_inner, new
        if how == "restart":
            if self._down_how is None:
                stop(self.home_proc)
            self.home_proc = self._start_home()
            self._down_how = None
        elif how == "readdress":
            self.home.sysctl(f"net.ipv4.conf.{TUN}.promote_secondaries", 1)
            self.home.add_address(TUN, f"{new}/24")
            self.home.del_address(TUN, f"{old}/24")
            self._restore_center_route()
        else:
            raise ValueError("how is 'restart' or 'readdress'")

    def _restore_center_route(self) -> None:
        self.home.ip("route", "replace", CENTER_NET, "via", GATEWAY_INNER, "dev", TUN)

    def fail_far_side(self) -> None:
        """The center stops answering while home's tun0 stays up and OpenVPN stays connected:
        the gateway stops forwarding between the tunnel and the center's LAN."""
        self.gateway.set_forwarding(False)

    def heal_far_side(self) -> None:
        self.gateway.set_forwarding(True)

    # ------------------------------------------------------------------ teardown
    def log_tail(self, side: str = "home", n: int = 25) -> str:
        try:
            lines = (self.dir / f"{side}.log").read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-n:])

    def stop(self) -> None:
        """Stop both OpenVPNs by pid, then destroy the namespaces (killing, by pid, anything
        a test left running inside). Never raises."""
        t0 = time.monotonic()
        for proc in (self.home_proc, self.gateway_proc):
            stop(proc)
        self.home_proc = self.gateway_proc = None
        for ns in (self.home, self.gateway, self.center):
            if ns is not None:
                ns.destroy()
        self.timings["teardown_s"] = time.monotonic() - t0

    def __enter__(self) -> "Tunnel":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
