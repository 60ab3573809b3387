"""The line check: notices within seconds that the registrar lost the line or that the path to it died, and brings the line back (re-register, calls re-INVITEd so media follows).

Why: over UDP nothing tells a phone that its registrar restarted (the binding is gone, the
queue gets 404 for the counselor until the next refresh, minutes later) or that the far
side of a VPN stopped forwarding (the home interface stays up). pjsip notices neither, and
its own REGISTER gives up only after Timer F (32 s).

How (one ``LineHealth`` per worker, on the SIP thread; states OFF, OK, DEAD):

- While registered (OK), every ``interval`` (5 s) one OPTIONS to the line's own AOR goes
  through the registrar (``probe.py``): the registrar authenticates it, looks the AOR up and
  relays it to our Contact; pjsua answers it, and the answer comes back the same way. It
  checks at once the path out, the registrar's binding, and the path an incoming call takes.
  * 2xx: all is well.
  * 404/410/480/604 from the registrar: the binding is lost (a restarted registrar) ->
    re-REGISTER at once. The desk is not told: the line is back in one round trip.
  * no answer at all within ``DEADLINE_S`` (2 s), or a transport error: the path is dead ->
    ``RegistrationChanged(registered=False, 408, DEAD_REASON)``, state DEAD.
  * the registrar answered (its challenge came back) but the relayed leg did not (408/5xx):
    it cannot reach our Contact (an address change nobody announced) -> rebind (below).
  * anything else (403, 405, ...): the registrar is there; the binding is not checked (logged
    once).
- DEAD: every ``RECOVERY_S`` (2 s) one OPTIONS to the registrar itself (any answer, even a
  challenge, says the path is back) -> rebind. Over TCP/TLS every second one is a rebind
  instead: a ping waits behind the old connection's retransmissions (seconds apart by then)
  or a connection that never recovers; the rebind makes a new one (over UDP there is
  nothing to renew).
- A network change (``network_changed``, from platform/netwatch.py through the engine): the
  local address toward the registrar is looked up again (a UDP ``connect``, no packet). Gone
  -> DEAD at once. Moved, or DEAD -> rebind. Unchanged -> one probe now (a spurious change
  costs one OPTIONS, never a re-INVITE).
- Rebind: ``Endpoint.handleIpChange`` (listeners kept: they are bound to the wildcard
  address, the kernel picks the new source; pjsua re-registers, rewrites the Contact from
  the registrar's ``received`` and, once registered, re-INVITEs confirmed calls with new
  media transports, Contact and Via: ``account.build_config`` sets ``ipChangeConfig``).
  No successful registration within ``REG_DEADLINE_S`` (2.5 s) -> DEAD.
  A rebind waits (at most ``REINVITE_WAIT_S``) while a call's re-INVITE is under way: pjsua
  replaces a call's media transports *before* it creates the next re-INVITE, which fails
  while another INVITE transaction is pending, and the call is then left with no audio and
  no offer telling the other side where to send it. (A VPN that comes back makes two
  rebinds close together: the one of the tunnel's loss, whose REGISTER gets through once
  the tunnel is up and re-INVITEs the calls, and the one of its return.)

Cost per agent: one probe every 5 s = 6 datagrams at the registrar (OPTIONS, 407, OPTIONS
with credentials, relayed OPTIONS, 200, relayed 200), about 3 kB, one digest check and one
in-memory location lookup, no location write. Measured on the test Kamailio (2-core VM,
sipp replaying the probe at 200/s): ~180 us of CPU per probe, so 500 agents (100 probes/s)
take ~2 % of one core. An in-memory re-REGISTER cycle measured ~90 us, but it writes the
binding each time (a database or a replicated location table in a real center), raises
registration events, and does not check that the registrar can reach the phone.

``mode`` (EngineSettings.line_check): "options" as above; "register" (no probe library, or
a registrar that refuses OPTIONS): the check is a re-REGISTER with the same deadline;
"off": only network changes are acted on.
"""

from __future__ import annotations

import enum
import logging
import socket
import time
from typing import Callable

import pjsua2 as pj
from PySide6.QtCore import QObject, QTimer

from softphone.sip.events import RegistrationChanged, SipAccountSettings, Transport
from softphone.sip.guard import _host_port
from softphone.sip.probe import LineProbe
from softphone.sip.source_filter import resolve

log = logging.getLogger(__name__)

DEADLINE_S = 2.0          # a probe unanswered this long (3 UDP transmissions): the path is dead
RECOVERY_S = 2.0          # while DEAD: one ping this often
PING_DEADLINE_S = 1.5
REG_DEADLINE_S = 2.5      # a rebind or re-REGISTER not answered with 2xx this long: DEAD
SOFT_REBIND_GAP_S = 30.0  # "the registrar cannot reach us" rebinds at most this often
REINVITE_WAIT_S = 5.0     # a rebind waits at most this long for a call's re-INVITE under way
REINVITE_POLL_MS = 50
LOST_BINDING = frozenset({404, 410, 480, 604})
RETRIED = frozenset({408, 500, 502, 503, 504})   # pjsua retries these registrations itself
DEAD_REASON = "No answer from the phone system: check the network or VPN"
NO_PATH_REASON = "No network path to the phone system: check the network or VPN"


class State(enum.Enum):
    OFF = "off"        # no line, or not registered for a reason only a person can fix
    OK = "ok"
    DEAD = "dead"


class LineHealth(QObject):
    """Owned by the SipWorker (``w``): uses its ``ep``, ``line``, ``calls``, ``emit`` and
    ``defer``; ``settle`` re-arms the SIP thread's wait after work done from a timer."""

    def __init__(self, worker, settle: Callable[[], None], mode: str = "options",
                 interval_s: float = 5.0) -> None:
        super().__init__(worker)
        self.w, self._settle = worker, settle
        self.mode = mode if mode in ("options", "register", "off") else "options"
        self.interval_s = max(1.0, float(interval_s))
        self.state = State.OFF
        self.settings: SipAccountSettings | None = None
        self._probe = LineProbe(self._on_probe) if self.mode == "options" else None
        self._inflight: dict[int, str] = {}         # token -> "aor" | "ping"
        self._targets: list[tuple[str, int]] = []   # where the line's requests go
        self._route: str | None = None              # our address toward them
        self._rebind_at = self._soft_rebind_at = -1e9
        self._awaiting_reg = False
        self._dead_ticks = 0
        self._noted: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._reg_timer = QTimer(self)
        self._reg_timer.setSingleShot(True)
        self._reg_timer.timeout.connect(self._reg_deadline)
        self._waiting: tuple[float, str] | None = None   # (since, why): a rebind held back
        self._wait_timer = QTimer(self)
        self._wait_timer.setSingleShot(True)
        self._wait_timer.timeout.connect(self._rebind_when_free)
        self.checks = 0                             # probes sent (tests, benchmarks)

    def start(self) -> None:
        """After libStart: load the probe, or fall back to re-REGISTER checks."""
        if self._probe is not None and not self._probe.start():
            log.warning("line check: no OPTIONS probe (%s); re-REGISTER checks instead",
                        self._probe.why)
            self._probe, self.mode = None, "register"

    def stop(self) -> None:
        """Before libDestroy (SIP thread)."""
        self._timer.stop()
        self._reg_timer.stop()
        self._wait_timer.stop()
        self._inflight.clear()
        self.settings = None
        self.state = State.OFF
        if self._probe is not None:
            self._probe.stop()

    # ------------------------------------------------------------------ inputs
    def line_set(self, settings: SipAccountSettings) -> None:
        """A new line (``w.line``) was created: forget the old one's state."""
        self._reset()
        self.settings = settings
        if self._probe is not None:
            self._probe.credentials(settings.auth_username or settings.username,
                                    settings.password)
        host, port = _host_port(settings.outbound_proxy or settings.registrar,
                                5061 if Transport(settings.transport) == Transport.TLS else 5060)
        self._targets = resolve(host, port)        # the OS resolver, as the source filter
        self._route = self._local_address()

    def line_dropped(self) -> None:
        self._reset()
        self.settings = None
        if self._probe is not None:
            self._probe.credentials("", "")

    def registration(self, registered: bool, code: int) -> None:
        """What pjsua said about the line (after the worker emitted it)."""
        if self.settings is None:
            return
        self._awaiting_reg = False
        self._reg_timer.stop()
        if registered:
            self.state = State.OK
            self._route = self._local_address()
            self._arm(self.interval_s)
        elif code in RETRIED or code <= 0 or code >= 600:
            self.state = State.DEAD                 # the worker has told the desk already
            self._arm(RECOVERY_S)
        else:
            self.state = State.OFF                  # wrong password, unregistered, ...
            self._timer.stop()

    def network_changed(self) -> None:
        """Routes, addresses or links changed somewhere on this computer."""
        if self.settings is None or self.w.line is None:
            return
        route = self._local_address()
        moved, self._route = route != self._route, route
        log.info("network change: address toward the registrar %s%s", route or "none",
                 " (moved)" if moved else "")
        if self.state is State.OFF:
            return                                  # registering, or refused: pjsua's matter
        if route is None:
            self._dead(NO_PATH_REASON)
        elif moved or self.state is State.DEAD:
            self._rebind("the network changed" if moved else "the network changed while down")
        elif self.state is State.OK:
            self._check()

    # ------------------------------------------------------------------ periodic
    def _arm(self, seconds: float) -> None:
        if self.mode != "off" or self.state is State.DEAD:
            self._timer.start(int(seconds * 1000))

    def _tick(self) -> None:
        try:
            if self.state is State.OK:
                self._check()
                self._arm(self.interval_s)
            elif self.state is State.DEAD:
                self._recover()
                self._arm(RECOVERY_S)
        except Exception:  # noqa: BLE001 - a timer slot: log, keep checking
            log.exception("line check failed")
        self._settle()

    def _check(self) -> None:
        if self._awaiting_reg:
            return                                  # a registration is under way: its answer says
        if self._probe is None:
            if self.mode == "register":
                self._reregister(rebind_if_busy=False)
            return
        s = self.settings
        host = s.domain if s.outbound_proxy else s.registrar
        self._send("aor", f"sip:{s.username}@{host}{self._params()}", DEADLINE_S)

    def _recover(self) -> None:
        s = self.settings
        self._dead_ticks += 1
        stream = Transport(s.transport) != Transport.UDP
        if self._probe is None or (stream and self._dead_ticks % 2 == 0):
            self._rebind("checking whether the phone system is back")
            return
        self._send("ping", f"sip:{s.outbound_proxy or s.registrar}{self._params()}",
                   PING_DEADLINE_S)

    def _params(self) -> str:
        tr = Transport(self.settings.transport)
        return "" if tr == Transport.UDP else f";transport={tr.value}"

    def _send(self, kind: str, target: str, deadline_s: float) -> None:
        line = self.w.line
        if line is None:
            return
        if any(k == kind for k in self._inflight.values()):
            return                                  # the last one has not ended yet
        self.checks += 1
        token = self._probe.new_token()
        self._inflight[token] = kind
        status = self._probe.send(line.getId(), target, deadline_s, token)
        if status == 0:
            QTimer.singleShot(int(deadline_s * 1000), self, lambda: self._expire(token))
        else:
            self._inflight.pop(token, None)
            if status != -2:                        # -2: every slot busy, next tick
                self._result(kind, 503, False)

    def _expire(self, token: int) -> None:
        if self._probe is not None and token in self._inflight:
            self._probe.expire(token)               # reports (408, not heard) at once
        self._settle()

    def _on_probe(self, token: int, code: int, heard: bool) -> None:
        """The C callback (SIP thread, inside pjsip): act after this pass, not inside it."""
        kind = self._inflight.pop(token, None)
        if kind is not None:                        # None: the line changed meanwhile
            self.w.defer(lambda: self._result(kind, code, heard))

    def _result(self, kind: str, code: int, heard: bool) -> None:
        if self.settings is None or kind == "stale":
            return
        if kind == "ping":
            if self.state is State.DEAD and heard:
                self._rebind(f"the phone system answers again ({code})")
            return
        if self.state is not State.OK or self._awaiting_reg or 200 <= code < 300:
            return                                  # (a registration under way decides)
        if not heard:
            self._dead(DEAD_REASON)
        elif code in LOST_BINDING:
            log.warning("line check: the registrar does not know this line (%d): registering",
                        code)
            self._reregister(rebind_if_busy=True)
        elif code == 408 or code >= 500:
            now = time.monotonic()
            if now - self._soft_rebind_at > SOFT_REBIND_GAP_S:
                self._soft_rebind_at = now
                self._rebind(f"the registrar cannot reach this phone ({code})")
        elif code not in self._noted:
            self._noted.add(code)
            log.warning("line check: the registrar answers %d; the binding is not checked", code)

    # ------------------------------------------------------------------ actions
    def _dead(self, reason: str) -> None:
        self._awaiting_reg = False
        self._reg_timer.stop()
        if self.state is State.DEAD:
            return
        self.state = State.DEAD
        self._dead_ticks = 0
        log.warning("line check: %s", reason)
        s = self.settings
        tr = Transport(s.transport)
        self.w.emit(RegistrationChanged(
            registered=False, code=408, reason=reason, transport=tr.value,
            tls_verify_off=tr == Transport.TLS and not self.w.settings.tls_verify_server))
        self._timer.start(int(RECOVERY_S * 1000))

    def _expect_registration(self) -> None:
        self._awaiting_reg = True
        self._reg_timer.start(int(REG_DEADLINE_S * 1000))

    def _reg_deadline(self) -> None:
        if self._awaiting_reg and self.settings is not None:
            self._dead(DEAD_REASON)
        self._settle()

    def _reregister(self, rebind_if_busy: bool) -> None:
        try:
            self.w.line.setRegistration(True)
        except pj.Error as e:                       # a REGISTER is under way (EBUSY)
            if rebind_if_busy:
                self._rebind(f"re-registering failed: {e.reason}")
                return
        self._expect_registration()

    def _reinvite_pending(self) -> bool:
        return any(getattr(c, "reinvite_pending", False) for c in self.w.calls.values())

    def _rebind_when_free(self) -> None:
        if self._waiting is not None and self.settings is not None:
            self._rebind(self._waiting[1])
        self._settle()

    def _rebind(self, why: str) -> None:
        """pjsua's IP change handling: re-register, then re-INVITE confirmed calls."""
        now = time.monotonic()
        if self._awaiting_reg and now - self._rebind_at < REG_DEADLINE_S:
            self._waiting = None                    # (one held back is covered by it)
            return                                  # the last rebind is still under way
        since = self._waiting[0] if self._waiting is not None else now
        if self._reinvite_pending() and now - since < REINVITE_WAIT_S:
            if self._waiting is None:
                log.info("line check: rebind (%s) waits for a call's re-INVITE", why)
            self._waiting = (since, why)
            self._wait_timer.start(REINVITE_POLL_MS)
            return
        self._waiting = None
        self._wait_timer.stop()
        self._rebind_at = now
        log.info("line check: rebinding the line (%s)", why)
        # probes sent before now may have gone to the old Contact: the registration decides
        self._inflight = {t: "stale" for t in self._inflight}
        prm = pj.IpChangeParam()
        prm.restartListener = False     # sockets on the wildcard address follow the routes
        prm.restartLisDelay = 0
        prm.shutdownTransport = True    # TCP/TLS: a new connection from the new address
        try:
            self.w.ep.handleIpChange(prm)
        except pj.Error as e:           # the deadline below then declares the line dead
            log.warning("handleIpChange failed: %s", e.info())
        self._expect_registration()

    # ------------------------------------------------------------------ helpers
    def _reset(self) -> None:
        self._timer.stop()
        self._reg_timer.stop()
        self._wait_timer.stop()
        self._waiting = None
        self._inflight.clear()
        self._awaiting_reg = False
        self.state = State.OFF

    def _local_address(self) -> str | None:
        """Our source address toward the registrar (or proxy) as the kernel picks it now;
        None without a route; "?" when its address is unknown (the name did not resolve)."""
        if not self._targets:
            return "?"
        for host, port in self._targets:
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            try:
                with socket.socket(family, socket.SOCK_DGRAM) as s:
                    s.connect((host, port))         # picks a route; sends nothing
                    return str(s.getsockname()[0])
            except OSError:
                continue
        return None
