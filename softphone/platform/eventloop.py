"""Which event dispatcher Qt's loops use in this process (set before the first Q*Application).

Every hop of a call's set-up is a wake-up of a Qt event loop: pjsip's I/O wakes the SIP
thread's loop (a socket notifier, softphone/sip/wait.py), the offer wakes the GUI thread's,
the desk's answer wakes the SIP thread's again. Qt's own Unix dispatcher does each of these
with less work than its GLib one (measured with bench/sip_latency.py: the engine's INVITE->180
and INVITE->200 move closer to a bare pjsua2 UA, which has no such hops). Nothing in the app
needs a GLib main loop: the keyring talks D-Bus by itself, the tray uses Qt's D-Bus, sound runs
on PortAudio's and libpulse's own threads.

IT can keep the GLib dispatcher by starting the app with ``QT_NO_GLIB=`` (set, empty).
"""

from __future__ import annotations

import os


def use_qt_dispatcher() -> None:
    """Qt's Unix dispatcher for every loop made from now on, unless the environment chose."""
    os.environ.setdefault("QT_NO_GLIB", "1")


def make_core_app():
    """A QCoreApplication on the app's dispatcher (the engine's harnesses: benchmarks, tests)."""
    from PySide6.QtCore import QCoreApplication
    use_qt_dispatcher()
    return QCoreApplication.instance() or QCoreApplication([])
