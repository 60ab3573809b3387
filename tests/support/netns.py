"""Network namespaces for tests: named per test session, joined by veth pairs, with processes and sockets inside; leftovers of killed runs are swept.

Usage::

    from tests.support.netns import Namespace, veth, problem
    home = Namespace("home")               # ip netns add sptest-<pid>-<start>-<n>-home; lo up
    center = Namespace("center")
    veth(home, "h0", center, "c0", a_addr="192.0.2.2/24", b_addr="192.0.2.1/24")
    home.add_route("198.51.100.0/24", via="192.0.2.1")
    proc = center.popen(["python3", "-m", "http.server"], log_path="...")   # procs.start
    with home.entered():                   # this thread is in ``home``: sockets made here
        s = socket.socket(...)             # stay in ``home`` for their whole life
    s = home.socket(socket.AF_INET, socket.SOCK_DGRAM)      # the same, in one call
    center.set_forwarding(False)           # net.ipv4.ip_forward of that namespace only
    home.destroy(); center.destroy()       # kill what runs inside (by pid), ip netns del

Names are ``sptest-<creator pid>-<creator start time>-<n>-<role>``: several test sessions
can run at once, and ``sweep_stale()`` (run before the first namespace of a process is made)
removes namespaces whose creator is gone (killed runs), after killing by pid whatever still
runs inside them. Everything here needs root; ``problem()`` says what is missing.
"""

from __future__ import annotations

import ctypes
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.procs import start

PREFIX = "sptest"
NETNS_DIR = Path("/run/netns")
IP = shutil.which("ip") or "/usr/sbin/ip"
CLONE_NEWNET = 0x40000000
_seq = itertools.count(1)
_swept = False
_sweep_lock = threading.Lock()
_libc = ctypes.CDLL(None, use_errno=True)


class NetnsError(RuntimeError):
    """An ``ip`` command failed; the message holds the command and its stderr."""


def _start_ticks(pid: int) -> int | None:
    """The start time of ``pid`` in clock ticks since boot (None when it does not exist)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def ip(*args: str, check: bool = True, timeout: float = 10.0) -> str:
    """Run ``ip ARGS`` and return its stdout; raise ``NetnsError`` with stderr on failure."""
    res = subprocess.run([IP, *args], capture_output=True, text=True, timeout=timeout)
    if check and res.returncode != 0:
        raise NetnsError(f"ip {' '.join(args)}: {res.stderr.strip() or res.returncode}")
    return res.stdout


def _setns(fd: int) -> None:
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"setns: {os.strerror(err)}")


def problem() -> str | None:
    """What stops namespace tests here (not root, no ``ip``, namespaces refused), or None."""
    if os.geteuid() != 0:
        return "network namespace tests need root (they run `ip netns add`)"
    if not Path(IP).exists():
        return "`ip` (iproute2) is not installed: scripts/dev.sh installs it"
    name = f"{PREFIX}-{os.getpid()}-{_start_ticks(os.getpid())}-0-probe"
    res = subprocess.run([IP, "netns", "add", name], capture_output=True, text=True)
    if res.returncode != 0:
        return f"cannot create a network namespace (`ip netns add`): {res.stderr.strip()}"
    try:
        res = subprocess.run([IP, "-n", name, "link", "add", "p0", "type", "veth", "peer",
                              "name", "p1"], capture_output=True, text=True)
        if res.returncode != 0:
            return f"cannot create a veth pair inside a namespace: {res.stderr.strip()}"
    finally:
        subprocess.run([IP, "netns", "del", name], capture_output=True)
    return None


def sweep_stale(prefix: str = PREFIX) -> list[str]:
    """Delete namespaces named ``prefix-PID-START-...`` whose creator process is gone.

    Processes still inside one (an OpenVPN of a killed run) are killed by pid first, so the
    namespace really goes away. Returns the names removed."""
    removed = []
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)-(\d+)-\d+-")
    try:
        names = sorted(os.listdir(NETNS_DIR))
    except OSError:
        return removed
    for name in names:
        if not name.startswith(prefix + "-"):
            continue
        m = pattern.match(name)
        if not m:
            continue
        pid, ticks = int(m.group(1)), int(m.group(2))
        if _start_ticks(pid) == ticks:
            continue                                    # its creator still runs
        _kill_inside(name, grace=0.0)
        ip("netns", "del", name, check=False)
        if not (NETNS_DIR / name).exists():
            removed.append(name)
    return removed


def _pids_inside(name: str) -> list[int]:
    """Processes in namespace ``name``, never this one (a thread of ours may be ``entered``)."""
    out = ip("netns", "pids", name, check=False)
    return [int(p) for p in out.split() if p.isdigit() and int(p) != os.getpid()]


def _kill_inside(name: str, grace: float = 2.0) -> None:
    """SIGTERM every process in namespace ``name`` by pid, SIGKILL what is left after ``grace``."""
    pids = _pids_inside(name)
    if not pids:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 2.0)):
        if sig == signal.SIGTERM and grace <= 0:
            continue
        for pid in pids:
            try:
                os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            pids = [p for p in pids if Path(f"/proc/{p}").exists() and not _zombie(p)]
            if not pids:
                return
            time.sleep(0.02)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


class Namespace:
    """One named network namespace with ``lo`` up; ``destroy()`` kills what runs inside."""

    def __init__(self, role: str = "ns") -> None:
        global _swept
        if not re.fullmatch(r"[a-z0-9]{1,12}", role):
            raise ValueError(f"namespace role must be 1-12 lower-case letters/digits: {role!r}")
        with _sweep_lock:
            if not _swept:
                sweep_stale()
                _swept = True
        self.role = role
        self.name = f"{PREFIX}-{os.getpid()}-{_start_ticks(os.getpid())}-{next(_seq)}-{role}"
        ip("netns", "add", self.name)
        self.path = NETNS_DIR / self.name
        self.link_up("lo")

    def __repr__(self) -> str:
        return f"Namespace({self.name})"

    # ------------------------------------------------------------------ ip commands
    def ip(self, *args: str, check: bool = True) -> str:
        """``ip -n NAME ARGS``: stdout, ``NetnsError`` on failure when ``check``."""
        return ip("-n", self.name, *args, check=check)

    def link_up(self, dev: str) -> None:
        self.ip("link", "set", dev, "up")

    def link_down(self, dev: str) -> None:
        self.ip("link", "set", dev, "down")

    def links(self) -> dict[str, dict]:
        """Interfaces by name: ``ip -j link`` objects (``operstate``, ``flags``, ``mtu``)."""
        return {d["ifname"]: d for d in json.loads(self.ip("-j", "link", "show") or "[]")}

    def link_is_up(self, dev: str) -> bool:
        """True when ``dev`` exists and is administratively up."""
        link = self.links().get(dev)
        return bool(link) and "UP" in link.get("flags", [])

    def add_address(self, dev: str, cidr: str) -> None:
        self.ip("addr", "add", cidr, "dev", dev)

    def del_address(self, dev: str, cidr: str) -> None:
        self.ip("addr", "del", cidr, "dev", dev)

    def addresses(self, dev: str | None = None) -> list[str]:
        """IPv4 addresses (no prefix length) on ``dev``, or on every interface."""
        args = ["-j", "-4", "addr", "show"] + (["dev", dev] if dev else [])
        out = self.ip(*args, check=False)
        return [a["local"] for d in json.loads(out or "[]") for a in d.get("addr_info", [])]

    def add_route(self, dest: str, via: str | None = None, dev: str | None = None,
                  *extra: str) -> None:
        """``ip route add DEST [via VIA] [dev DEV] EXTRA...`` (``dest`` may be ``default``)."""
        self.ip("route", "add", dest, *(["via", via] if via else []),
                *(["dev", dev] if dev else []), *extra)

    def del_route(self, dest: str, *extra: str, check: bool = True) -> None:
        self.ip("route", "del", dest, *extra, check=check)

    def routes(self) -> list[dict]:
        """The main table as ``ip -j route`` objects (``dst``, ``gateway``, ``dev``, ``type``)."""
        return json.loads(self.ip("-j", "route", "show") or "[]")

    def route_get(self, dest: str) -> dict | None:
        """How the kernel would send to ``dest`` (``ip route get``), None when it cannot."""
        out = self.ip("-j", "route", "get", dest, check=False)
        try:
            got = json.loads(out)
        except ValueError:
            return None
        return got[0] if got else None

    # ------------------------------------------------------------------ sysctl
    def sysctl(self, key: str, value: str | int | None = None) -> str:
        """Read (and with ``value`` first write) a ``net.*`` sysctl of this namespace."""
        path = "/proc/sys/" + key.replace(".", "/")
        with self.entered():            # /proc/sys/net is the opener's namespace
            if value is not None:
                with open(path, "w") as f:
                    f.write(str(value))
            with open(path) as f:
                return f.read().strip()

    def set_forwarding(self, on: bool) -> None:
        """``net.ipv4.ip_forward`` in this namespace: off drops what it would route on."""
        self.sysctl("net.ipv4.ip_forward", 1 if on else 0)

    def forwarding(self) -> bool:
        return self.sysctl("net.ipv4.ip_forward") == "1"

    # ------------------------------------------------------------------ inside
    @contextmanager
    def entered(self):
        """This thread runs in the namespace inside the ``with`` (sockets keep it after)."""
        here = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        try:
            there = os.open(self.path, os.O_RDONLY)
            try:
                _setns(there)
                try:
                    yield self
                finally:
                    _setns(here)
            finally:
                os.close(there)
        finally:
            os.close(here)

    def socket(self, family: int = socket.AF_INET, kind: int = socket.SOCK_DGRAM,
               proto: int = 0) -> socket.socket:
        """A socket that lives in this namespace (made with ``entered()``)."""
        with self.entered():
            return socket.socket(family, kind, proto)

    def command(self, cmd: list[str]) -> list[str]:
        """``cmd`` prefixed to run in this namespace (``ip netns exec NAME``, same pid)."""
        return [IP, "netns", "exec", self.name, *cmd]

    def run(self, cmd: list[str], *, check: bool = True, timeout: float = 30.0,
            **kw) -> subprocess.CompletedProcess:
        """Run ``cmd`` to its end in this namespace; output captured as text."""
        res = subprocess.run(self.command(cmd), capture_output=True, text=True,
                             timeout=timeout, **kw)
        if check and res.returncode != 0:
            raise NetnsError(f"in {self.name}: {' '.join(cmd)} -> {res.returncode}: "
                             f"{(res.stderr or res.stdout).strip()[-2000:]}")
        return res

    def popen(self, cmd: list[str], *, log_path: str | None = None, env: dict | None = None,
              cwd: str | None = None, stdin=subprocess.DEVNULL) -> subprocess.Popen:
        """Start ``cmd`` in this namespace in its own process group (``procs.start``).

        ``ip netns exec`` execs the command, so the Popen pid is the command's pid: stop it
        with ``procs.stop(proc)``."""
        return start(self.command(cmd), log_path=log_path, env=env, cwd=cwd, stdin=stdin)

    def pids(self) -> list[int]:
        """Processes whose network namespace is this one."""
        return _pids_inside(self.name)

    def exists(self) -> bool:
        return self.path.exists()

    def destroy(self) -> None:
        """Kill (by pid) what still runs inside, then ``ip netns del``. Never raises."""
        try:
            _kill_inside(self.name)
            ip("netns", "del", self.name, check=False)
        except Exception:               # noqa: BLE001 - teardown must go on
            pass

    def __enter__(self) -> "Namespace":
        return self

    def __exit__(self, *exc) -> None:
        self.destroy()


def veth(a: Namespace, a_dev: str, b: Namespace, b_dev: str, *, a_addr: str | None = None,
         b_addr: str | None = None, mtu: int | None = None) -> None:
    """A veth pair made directly inside two namespaces (no name clash in the root one), up,
    with optional ``a_addr``/``b_addr`` in CIDR form."""
    ip("link", "add", a_dev, "netns", a.name, *(["mtu", str(mtu)] if mtu else []),
       "type", "veth", "peer", "name", b_dev, "netns", b.name,
       *(["mtu", str(mtu)] if mtu else []))
    for ns, dev, addr in ((a, a_dev, a_addr), (b, b_dev, b_addr)):
        if addr:
            ns.add_address(dev, addr)
        ns.link_up(dev)


# ---------------------------------------------------------------------- talking inside
class UdpEcho:
    """Sends every datagram back to where it came from, in a thread (a stand-in echo service);
    ``sources`` lists who sent (the address a center sees)."""

    def __init__(self, bind: tuple[str, int] = ("127.0.0.1", 0),
                 ns: Namespace | None = None) -> None:
        make = ns.socket if ns is not None else socket.socket
        self.sock = make(socket.AF_INET, socket.SOCK_DGRAM)
        big_buffers(self.sock)
        self.sock.bind(bind)
        self.sock.settimeout(0.1)
        self.address = self.sock.getsockname()
        self.echoed = 0
        self.sources: list[tuple[str, int]] = []
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="udp-echo", daemon=True)

    def start(self) -> "UdpEcho":
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stopping:
            try:
                data, addr = self.sock.recvfrom(65535)
                self.sources.append(addr)
                self.sock.sendto(data, addr)
                self.echoed += 1
            except OSError:             # timeout, or an ICMP error from an earlier send
                continue

    def stop(self) -> None:
        self._stopping = True
        self._thread.join(5)
        self.sock.close()

    def __enter__(self) -> "UdpEcho":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class TcpEcho:
    """Accepts TCP connections and echoes what each sends, in threads; counts ``accepted``."""

    def __init__(self, bind: tuple[str, int], ns: Namespace | None = None) -> None:
        make = ns.socket if ns is not None else socket.socket
        self.sock = make(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(bind)
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.address = self.sock.getsockname()
        self.accepted = 0
        self.peers: list[tuple[str, int]] = []
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="tcp-echo", daemon=True)

    def start(self) -> "TcpEcho":
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stopping:
            try:
                conn, addr = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            self.peers.append(addr)
            threading.Thread(target=self._echo, args=(conn,), daemon=True).start()

    @staticmethod
    def _echo(conn: socket.socket) -> None:
        conn.settimeout(5)
        with conn:
            try:
                while data := conn.recv(65536):
                    conn.sendall(data)
            except OSError:
                pass

    def stop(self) -> None:
        self._stopping = True
        self._thread.join(5)
        self.sock.close()

    def __enter__(self) -> "TcpEcho":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def big_buffers(sock: socket.socket, size: int = 1 << 21) -> None:
    """Socket buffers of ``size`` bytes, past ``net.core.rmem_max`` when root (FORCE)."""
    for force, plain in ((getattr(socket, "SO_RCVBUFFORCE", 33), socket.SO_RCVBUF),
                         (getattr(socket, "SO_SNDBUFFORCE", 32), socket.SO_SNDBUF)):
        try:
            sock.setsockopt(socket.SOL_SOCKET, force, size)
        except OSError:
            sock.setsockopt(socket.SOL_SOCKET, plain, size)


def udp_exchange(ns: Namespace, dest: tuple[str, int], data: bytes = b"ping",
                 timeout: float = 1.0) -> bytes | None:
    """Send ``data`` from a fresh UDP socket in ``ns`` to ``dest``; the answer, or None."""
    with ns.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        try:
            s.sendto(data, dest)
            return s.recvfrom(65535)[0]
        except OSError:
            return None


def tcp_exchange(ns: Namespace, dest: tuple[str, int], data: bytes = b"ping",
                 timeout: float = 1.0) -> bytes:
    """Connect from ``ns`` to ``dest``, send ``data``, return the answer (OSError on failure,
    ``TimeoutError`` when nothing answers: a black hole)."""
    with ns.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(dest)
        s.sendall(data)
        return s.recv(65536)
