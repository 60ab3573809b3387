"""SIGTERM and SIGINT end the app through its normal close path: they end the Qt event loop."""

from __future__ import annotations

import logging
import signal
import socket
from typing import Any

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QThread, QTimer

log = logging.getLogger(__name__)

# Python runs signal handlers only when the interpreter gets control, and Qt's event loop is
# C++: the signal's wakeup byte on a socket pair wakes a QSocketNotifier, whose (Python) slot
# lets the handler run at once. The handler ends the event loop with exit(0) -- not quit(),
# which a window may refuse (during a call) -- so exec() returns and the caller's close path
# runs (logout, outbox, engine, practice center). A signal while the app is still being built
# ends the loop as soon as it runs. The first signal restores the default action: a second
# one ends the app at once (the practice center's processes still end with it).
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

    def exit_when_running() -> None:
        if QThread.currentThread().loopLevel() > 0:
            app.exit(0)
        else:                       # not running yet (the app is being built): soon
            QTimer.singleShot(50, exit_when_running)

    def handler(signum: int, frame: Any) -> None:  # noqa: ARG001
        for s in signums:
            signal.signal(s, signal.SIG_DFL)
        exit_when_running()         # first: the handler may have interrupted a log write
        try:
            log.info("%s: closing the app (a second signal ends it at once)",
                     signal.Signals(signum).name)
        except RuntimeError:        # "reentrant call" inside the interrupted write: no line
            pass

    notifier.activated.connect(drain)
    for s in signums:
        signal.signal(s, handler)
    _installed.extend([rsock, wsock, notifier, handler])
