"""A userspace UDP relay that impairs traffic (seeded loss, delay, RFC 3550 jitter, reordering, MTU black hole), since the test kernels have no netem.

Usage::

    from tests.support.impair import Impairment, RelayProcess
    relay = RelayProcess(listen=("127.0.0.1", 0), target=("198.51.100.10", 5060),
                         up=Impairment(loss=0.05, jitter_ms=40, seed=7),
                         down=Impairment(mtu=1400), ns=tunnel.home).start()
    relay.listen                 # ("127.0.0.1", PORT): point the client here
    relay.stats()                # {"up": {"received": .., "lost": ..}, "down": {..}, ...}
    relay.configure(up=Impairment())      # change the impairment while it runs
    relay.stop()                 # the process exits 0; procs.stop by pid if it does not

``Relay`` is the same relay in a thread of this process (``start()``/``stop()``/``stats()``);
``RelayProcess`` runs ``python -m tests.support.impair`` (in a namespace with ``ns=``) and
drives it over its stdin/stdout; it exits when its stdin closes, so a killed test run does
not leave it behind. ``UdpEcho`` (from ``tests.support.netns``) sends every datagram back.

Each client address that sends to ``listen`` gets its own upstream socket, so the target's
answers find their way back; ``up`` impairs client -> target, ``down`` target -> client.
Each direction applies, in order:

- **MTU black hole**: a datagram whose IPv4 packet (UDP payload + 28 bytes) is larger than
  ``mtu`` is dropped without a word (``mtu_dropped``).
- **Loss**: in every block of ``loss_block`` packets exactly ``loss x loss_block`` of them
  (carrying the fraction over to later blocks) are dropped, at positions drawn from the
  seeded generator: the rate is exact over whole blocks, the pattern repeats with the seed.
- **Delay and jitter**: each packet waits ``delay_ms`` plus an extra X drawn independently
  from the uniform distribution on [0, W], W = 3 x ``jitter_ms``.
- **Reordering**: a ``reorder`` fraction of packets is held back until the next packet of
  the same direction has gone (or ``reorder_hold_ms`` passed) (``reordered``).

Jitter, the relation used. RFC 3550 (6.4.1, A.8) computes, for consecutive packets i, j in
order of arrival, D = (Rj - Ri) - (Sj - Si), which is the difference of their transit times,
and J += (|D| - J)/16. Transit here is a constant plus X, so D = Xj - Xi, and J converges to
E|Xj - Xi|; for independent uniform draws on [0, W] that is W/3, hence W = 3J. When W
exceeds the packet spacing, packets overtake each other (unavoidable: with 20 ms spacing
an order-keeping path gives D >= -20 ms with mean 0, so E|D| = 2 E[max(-D, 0)] < 40 ms);
consecutive arrivals still carry near-independent delays, and simulation at 20 ms spacing
gives J/target = 1.00 (5-10 ms), 1.07 (20-40 ms). The estimator wanders around that mean
(gain 1/16: about +-15 % one sigma at J = 40 ms): compare averages, or allow +-30 %.
Estimators that skip out-of-order packets read less: pjmedia's (rtcp.c updates J only for
a packet exactly one above the highest sequence seen) reads about 25 ms for a 40 ms target.
For an echo measured back home, impair one direction only: two impaired directions add.
"""

from __future__ import annotations

import argparse
import dataclasses
import heapq
import json
import os
import random
import selectors
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.netns import UdpEcho  # noqa: F401 - re-exported for relay tests
from tests.support.netns import big_buffers
from tests.support.procs import stop as stop_process

ROOT = Path(__file__).resolve().parents[2]
IPV4_UDP_HEADERS = 28
COUNTERS = ("received", "forwarded", "lost", "mtu_dropped", "reordered", "unsent", "bytes")


@dataclass(frozen=True)
class Impairment:
    """What one direction of the relay does to the datagrams it carries (see the module doc)."""
    loss: float = 0.0
    loss_block: int = 100
    delay_ms: float = 0.0
    jitter_ms: float = 0.0
    reorder: float = 0.0
    reorder_hold_ms: float = 50.0
    mtu: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        if not (0.0 <= self.loss <= 1.0 and 0.0 <= self.reorder <= 1.0):
            raise ValueError("loss and reorder are fractions between 0 and 1")
        if self.delay_ms < 0 or self.jitter_ms < 0 or self.loss_block < 1:
            raise ValueError("delays must be >= 0 and loss_block >= 1")


class _Direction:
    """The seeded state of one direction: loss pattern, delay draws, reorder picks, counters."""

    def __init__(self, name: str, imp: Impairment) -> None:
        self.name, self.imp = name, imp
        # one generator per purpose: changing the jitter does not move the loss pattern
        self.loss_rng = random.Random(f"{imp.seed}:{name}:loss")
        self.delay_rng = random.Random(f"{imp.seed}:{name}:delay")
        self.reorder_rng = random.Random(f"{imp.seed}:{name}:reorder")
        self.counters = dict.fromkeys(COUNTERS, 0)
        self.index = 0                  # packets that reached the loss stage
        self.block_drops: set[int] = set()
        self.held: list[list] = []      # packets waiting for the next one to pass them

    def _drops_in_block(self, block: int) -> set[int]:
        size, rate = self.imp.loss_block, self.imp.loss
        count = int((block + 1) * size * rate + 1e-9) - int(block * size * rate + 1e-9)
        return set(self.loss_rng.sample(range(size), count))

    def admit(self, size: int) -> float | None:
        """The delay (s) for a datagram of ``size`` payload bytes, or None to drop it."""
        imp, c = self.imp, self.counters
        c["received"] += 1
        if imp.mtu is not None and size + IPV4_UDP_HEADERS > imp.mtu:
            c["mtu_dropped"] += 1
            return None
        position = self.index % imp.loss_block
        if position == 0:
            self.block_drops = self._drops_in_block(self.index // imp.loss_block)
        self.index += 1
        if position in self.block_drops:
            c["lost"] += 1
            return None
        extra = self.delay_rng.uniform(0.0, 3.0 * imp.jitter_ms) if imp.jitter_ms else 0.0
        return (imp.delay_ms + extra) / 1000.0

    def pick_to_hold(self) -> bool:
        return bool(self.imp.reorder) and self.reorder_rng.random() < self.imp.reorder


class Relay:
    """The relay loop (selectors + a heap of timed sends); ``start()`` runs it in a thread."""

    def __init__(self, listen: tuple[str, int], target: tuple[str, int], *,
                 up: Impairment = Impairment(), down: Impairment = Impairment(),
                 source: str | None = None) -> None:
        self.target = (target[0], int(target[1]))
        self.source = source
        self.dirs = {"up": _Direction("up", up), "down": _Direction("down", down)}
        self.sel = selectors.DefaultSelector()
        self.sock = self._udp((listen[0], int(listen[1])))
        self.listen = self.sock.getsockname()
        self.sel.register(self.sock, selectors.EVENT_READ, ("listen", None))
        self.upstream: dict[tuple, socket.socket] = {}
        self.heap: list = []
        self._seq = 0
        self._wake_r, self._wake_w = socket.socketpair()
        self.sel.register(self._wake_r, selectors.EVENT_READ, ("wake", None))
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @staticmethod
    def _udp(bind: tuple[str, int]) -> socket.socket:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        big_buffers(s)                  # a descheduled relay must not lose to the kernel
        s.bind(bind)
        s.setblocking(False)
        return s

    # ------------------------------------------------------------------ control
    def configure(self, up: Impairment | None = None, down: Impairment | None = None) -> None:
        """New impairments; counters carry on, the generators restart from the new seeds."""
        with self._lock:
            for name, imp in (("up", up), ("down", down)):
                if imp is not None:
                    old, new = self.dirs[name], _Direction(name, imp)
                    new.counters, new.held = old.counters, old.held
                    self.dirs[name] = new

    def stats(self) -> dict:
        with self._lock:
            return {"listen": list(self.listen), "target": list(self.target),
                    "clients": len(self.upstream), "pending": len(self.heap),
                    **{name: dict(d.counters) for name, d in self.dirs.items()}}

    def start(self) -> "Relay":
        self._thread = threading.Thread(target=self.serve, name="impair-relay", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping = True
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass
        if self._thread is not None:
            self._thread.join(timeout)

    # ------------------------------------------------------------------ loop
    def serve(self, control=None) -> None:
        """Run until ``stop()`` (or, with ``control``, a stop request or its end of file)."""
        if control is not None:
            self._ctl_buf = b""
            self.sel.register(control, selectors.EVENT_READ, ("control", None))
        try:
            while not self._stopping:
                timeout = max(0.0, self.heap[0][0] - time.monotonic()) if self.heap else None
                for key, _ in self.sel.select(timeout):
                    kind, client = key.data
                    if kind == "control":
                        self._control(control)
                    elif kind == "wake":
                        self._wake_r.recv(64)
                    else:
                        self._drain(key.fileobj, kind, client)
                self._send_due()
        finally:
            for s in [self.sock, *self.upstream.values(), self._wake_r, self._wake_w]:
                s.close()
            self.sel.close()

    def _drain(self, sock: socket.socket, kind: str, client) -> None:
        while True:
            try:
                data, addr = sock.recvfrom(65535)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:             # ICMP errors surfacing on the socket: ignore
                continue
            if kind == "listen":
                out = self.upstream.get(addr) or self._new_client(addr)
                self._admit("up", data, out, self.target)
            else:
                self._admit("down", data, self.sock, client)

    def _new_client(self, addr: tuple) -> socket.socket:
        s = self._udp((self.source or "0.0.0.0", 0))
        self.upstream[addr] = s
        self.sel.register(s, selectors.EVENT_READ, ("upstream", addr))
        return s

    def _admit(self, name: str, data: bytes, out: socket.socket, dest: tuple) -> None:
        with self._lock:
            d = self.dirs[name]
            delay = d.admit(len(data))
            if delay is None:
                return
            hold = d.pick_to_hold()
        self._seq += 1
        heapq.heappush(self.heap, [time.monotonic() + delay, self._seq, name, data, out, dest,
                                   hold])

    def _send_due(self) -> None:
        now = time.monotonic()
        while self.heap and self.heap[0][0] <= now:
            item = heapq.heappop(self.heap)
            due, _, name, data, out, dest, hold = item
            d = self.dirs[name]
            if hold == "sent":
                continue                    # already let out behind a later packet
            if hold is True:
                item[6] = "held"            # wait for the next packet, or the hold time
                item[0] = due + d.imp.reorder_hold_ms / 1000.0
                d.held.append(item)
                heapq.heappush(self.heap, item)
                continue
            if hold == "held":
                d.held.remove(item)         # nothing came after it: out, not reordered
            self._send(d, data, out, dest)
            if hold is False:
                for waiting in d.held:
                    self._send(d, waiting[3], waiting[4], waiting[5])
                    d.counters["reordered"] += 1
                    waiting[6] = "sent"
                d.held.clear()

    @staticmethod
    def _send(d: _Direction, data: bytes, out: socket.socket, dest: tuple) -> None:
        c = d.counters                  # counted first: a reader never sees less than arrived
        c["forwarded"] += 1
        c["bytes"] += len(data)
        try:
            out.sendto(data, dest)
        except OSError:                 # unreachable, no route: lost on the wire
            c["forwarded"] -= 1
            c["bytes"] -= len(data)
            c["unsent"] += 1

    def _control(self, control: int) -> None:
        """Requests are JSON lines on fd ``control``; each is answered with the stats."""
        data = os.read(control, 65536)
        if not data:                    # the test process went away: stop
            self._stopping = True
            return
        self._ctl_buf += data
        while b"\n" in self._ctl_buf:
            line, self._ctl_buf = self._ctl_buf.split(b"\n", 1)
            req = json.loads(line)
            if req.get("op") == "set":
                self.configure(**{k: Impairment(**v) for k, v in req.items()
                                  if k in ("up", "down")})
            elif req.get("op") == "stop":
                self._stopping = True
            os.write(1, (json.dumps(self.stats()) + "\n").encode())


class RelayProcess:
    """The relay as ``python -m tests.support.impair`` (inside ``ns`` when given), by pid."""

    def __init__(self, listen: tuple[str, int], target: tuple[str, int], *,
                 up: Impairment = Impairment(), down: Impairment = Impairment(),
                 ns=None, source: str | None = None, log_path: str | None = None) -> None:
        self.args = ["--listen", f"{listen[0]}:{listen[1]}", "--target",
                     f"{target[0]}:{target[1]}", "--up", json.dumps(dataclasses.asdict(up)),
                     "--down", json.dumps(dataclasses.asdict(down))]
        if source:
            self.args += ["--source", source]
        self.ns, self.log_path = ns, log_path
        self.proc: subprocess.Popen | None = None
        self.listen: tuple[str, int] | None = None

    def start(self, timeout: float = 15.0) -> "RelayProcess":
        cmd = [sys.executable, "-m", "tests.support.impair", *self.args]
        if self.ns is not None:
            cmd = self.ns.command(cmd)
        err = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=err, cwd=str(ROOT), text=True, bufsize=1,
                                         start_new_session=True)
        finally:
            if self.log_path:
                err.close()
        self.listen = tuple(self._ask({"op": "stats"}, timeout)["listen"])
        return self

    def _ask(self, req: dict, timeout: float = 10.0) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            raise RuntimeError(f"the relay is not running{self._log_hint()}")
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        try:
            if not sel.select(timeout):
                raise TimeoutError(f"the relay did not answer {req} in {timeout}s"
                                   f"{self._log_hint()}")
        finally:
            sel.close()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the relay exited ({self.proc.wait(5)}){self._log_hint()}")
        return json.loads(line)

    def _log_hint(self) -> str:
        if not self.log_path:
            return ""
        try:
            return ":\n" + Path(self.log_path).read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def stats(self) -> dict:
        return self._ask({"op": "stats"})

    def configure(self, up: Impairment | None = None, down: Impairment | None = None) -> dict:
        req: dict = {"op": "set"}
        for name, imp in (("up", up), ("down", down)):
            if imp is not None:
                req[name] = dataclasses.asdict(imp)
        return self._ask(req)

    def stop(self) -> int | None:
        """Ask the relay to stop; it exits 0. Stopped by pid (procs.stop) if it lingers."""
        if self.proc is None:
            return None
        code = None
        try:
            if self.proc.poll() is None:
                self._ask({"op": "stop"}, timeout=5)
            code = self.proc.wait(5)
        except (OSError, RuntimeError, TimeoutError, ValueError, subprocess.TimeoutExpired):
            pass
        stop_process(self.proc)
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        self.proc = None
        return code

    def __enter__(self) -> "RelayProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _addr(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host, int(port)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--listen", type=_addr, required=True, help="HOST:PORT (port 0: any)")
    p.add_argument("--target", type=_addr, required=True, help="HOST:PORT")
    p.add_argument("--up", default="{}", help="Impairment fields as JSON, client -> target")
    p.add_argument("--down", default="{}", help="Impairment fields as JSON, target -> client")
    p.add_argument("--source", default=None, help="address of the upstream sockets")
    a = p.parse_args(argv)
    relay = Relay(a.listen, a.target, up=Impairment(**json.loads(a.up)),
                  down=Impairment(**json.loads(a.down)), source=a.source)
    relay.serve(control=sys.stdin.fileno())
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
