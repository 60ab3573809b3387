"""SIGTERM and SIGINT end the app through its normal close path: they quit the Qt event loop."""

from __future__ import annotations

import logging
import signal
import socket
from typing import Any

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QThread

log = logging.getLogger(__name__)

# Python runs signal handlers only when the interpreter gets control, and Qt's event loop is
# C++: the signal's wakeup byte on a socket pair wakes a QSocketNotifier, whose (Python) slot
# lets the handler run at once. The handler quits the event loop, so exec() returns and the
# caller's close path runs (logout, outbox, engine, practice center). Before the loop runs
# (while the app is being built) there is nothing to quit: the handler raises SystemExit
# instead. Once the app is closing, further signals are logged and ignored.
_installed: list[Any] = []     # the socket pair and notifier must live as long as the app


def quit_on_signals(app: QCoreApplication,
                    signums: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT)) -> None:
    """Install the handlers (main thread only). Safe to call more than once."""
    if _installed:
        return
    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    signal.set_wakeup_fd(wsock.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            while rsock.recv(512):
                pass
        except OSError:
            pass

    notifier.activated.connect(drain)
    closing = [False]
    app.aboutToQuit.connect(lambda: closing.__setitem__(0, True))

    def handler(signum: int, frame: Any) -> None:  # noqa: ARG001
        name = signal.Signals(signum).name
        if closing[0]:
            log.info("%s: the app is closing already", name)
            return
        if QThread.currentThread().loopLevel() > 0:
            log.info("%s: closing the app", name)
            closing[0] = True
            app.quit()
            return
        log.info("%s before the app runs: stopping", name)
        raise SystemExit(128 + signum)

    for s in signums:
        signal.signal(s, handler)
    _installed.extend([rsock, wsock, notifier, handler])
