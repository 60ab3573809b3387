"""Tells when this computer's network changes (links, addresses, routes), cheaply and without polling.

``NetWatcher.changed`` fires once per burst of changes, ``debounce_ms`` (300 ms) after the
last one and never later than ``max_delay_ms`` (1.5 s) after the first, on the thread the
watcher lives on (the GUI thread). The app connects it to ``SipEngine.handle_network_change``
(``softphone/app.py``): the engine then looks at the path to its registrar, and only when
that moved does it re-register and re-INVITE calls (``softphone/sip/health.py``). So this
module may report too much (an IPv6 router advertisement refreshing a route, a DHCP renewal
re-adding the same address: each costs the engine one OPTIONS), never too little.

Backends, chosen by ``start()`` (it returns the name):

- ``"netlink"`` (Linux): one ``AF_NETLINK``/``NETLINK_ROUTE`` socket subscribed to the link,
  IPv4/IPv6 address and IPv4/IPv6 route groups, read when readable (a ``QSocketNotifier``).
  The kernel pushes a message per change; nothing runs between changes. An overrun receive
  buffer (``ENOBUFS``) counts as a change.
- ``"qt"`` (macOS, Windows): ``QNetworkInformation`` with the platform's default backend,
  when it loads: reachability and transport medium changes. It may miss a VPN's route change;
  the engine's periodic line check still notices a dead path within seconds.
- ``""``: nothing to watch (no backend): the line check alone covers a dead path; an address
  change that keeps the old path alive is then noticed when the registrar cannot reach the
  phone any more (the line check's relayed OPTIONS).
"""

from __future__ import annotations

import errno
import logging
import socket
import struct
import sys
import time

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

log = logging.getLogger(__name__)

# rtnetlink.h multicast groups (the legacy RTMGRP_* bit masks) and message types
RTMGRP_LINK, RTMGRP_IPV4_IFADDR, RTMGRP_IPV4_ROUTE = 0x1, 0x10, 0x40
RTMGRP_IPV6_IFADDR, RTMGRP_IPV6_ROUTE = 0x100, 0x400
GROUPS = (RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_IFADDR
          | RTMGRP_IPV6_ROUTE)
RELEVANT = {16: "link", 17: "link gone", 20: "address", 21: "address gone", 24: "route",
            25: "route gone"}          # RTM_NEWLINK .. RTM_DELROUTE
_NLMSGHDR = struct.Struct("=IHHII")   # length, type, flags, sequence, port id


def message_kinds(data: bytes) -> list[str]:
    """The relevant rtnetlink message kinds in one datagram (others and garbage skipped)."""
    kinds, at = [], 0
    while at + _NLMSGHDR.size <= len(data):
        length, kind, _flags, _seq, _pid = _NLMSGHDR.unpack_from(data, at)
        if length < _NLMSGHDR.size:
            break
        if kind in RELEVANT:
            kinds.append(RELEVANT[kind])
        at += (length + 3) & ~3
    return kinds


class NetWatcher(QObject):
    """Emits ``changed`` after a burst of link/address/route changes (see the module doc)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, debounce_ms: int = 300,
                 max_delay_ms: int = 1500) -> None:
        super().__init__(parent)
        self.debounce_ms, self.max_delay_ms = int(debounce_ms), int(max_delay_ms)
        self.backend = ""
        self.bursts = 0                   # times ``changed`` fired (tests, logs)
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._qt = None
        self._first = 0.0                 # when the pending burst began (0: none pending)
        self._seen: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)

    def start(self) -> str:
        """Start watching; the backend's name ("netlink", "qt") or "" when there is none."""
        if self.backend:
            return self.backend
        if sys.platform.startswith("linux") and self._start_netlink():
            self.backend = "netlink"
        elif self._start_qt():
            self.backend = "qt"
        log.info("network changes: %s", self.backend or "not watched (no backend)")
        return self.backend

    def stop(self) -> None:
        self._timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._qt = None
        self.backend = ""

    # ------------------------------------------------------------------ backends
    def _start_netlink(self) -> bool:
        try:
            sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW | socket.SOCK_NONBLOCK
                                 | socket.SOCK_CLOEXEC, socket.NETLINK_ROUTE)
        except (OSError, AttributeError) as exc:
            log.warning("network changes: no netlink socket (%s)", exc)
            return False
        try:
            sock.bind((0, GROUPS))
        except OSError as exc:
            sock.close()
            log.warning("network changes: netlink groups refused (%s)", exc)
            return False
        self._sock = sock
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_netlink)
        return True

    def _on_netlink(self) -> None:            # no arguments: PySide then converts none
        sock = self._sock
        if sock is None:
            return
        kinds: list[str] = []
        while True:
            try:
                data = sock.recv(65536)
            except BlockingIOError:
                break
            except OSError as exc:
                if exc.errno == errno.ENOBUFS:  # the kernel dropped some: something changed
                    kinds.append("overrun")
                    continue
                log.warning("network changes: netlink read failed (%s)", exc)
                break
            if not data:
                break
            kinds += message_kinds(data)
        if kinds:
            self._note(kinds)

    def _start_qt(self) -> bool:
        try:
            from PySide6.QtNetwork import QNetworkInformation
            if not QNetworkInformation.loadDefaultBackend():
                return False
            info = QNetworkInformation.instance()
        except (ImportError, AttributeError, RuntimeError):
            return False
        if info is None:
            return False
        info.reachabilityChanged.connect(lambda *_: self._note(["reachability"]))
        if hasattr(info, "transportMediumChanged"):
            info.transportMediumChanged.connect(lambda *_: self._note(["medium"]))
        self._qt = info
        return True

    # ------------------------------------------------------------------ debounce
    def _note(self, kinds: list[str]) -> None:
        now = time.monotonic()
        if not self._first:
            self._first = now
        self._seen.update(kinds)
        waited_ms = (now - self._first) * 1000
        self._timer.start(int(max(0, min(self.debounce_ms, self.max_delay_ms - waited_ms))))

    def _fire(self) -> None:
        kinds, self._seen, self._first = sorted(self._seen), set(), 0.0
        self.bursts += 1
        log.info("network changed (%s)", ", ".join(kinds))
        self.changed.emit()
