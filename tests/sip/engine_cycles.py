"""Start and stop a SipEngine N times in this process; exit 0 only if every cycle was clean.

Every third cycle calls stop() right after start(), without waiting for EngineStarted.

Run by test_lifecycle.py in a subprocess so that a crash (abort, segfault) at any cycle or at
interpreter exit shows up as a bad exit code.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402

from softphone.sip.engine import SipEngine  # noqa: E402
from softphone.sip.events import EngineError, EngineSettings, EngineStarted, EngineStopped  # noqa: E402


def wait_for(events: list, kind, timeout: float = 10.0) -> bool:
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: (any(isinstance(e, kind) for e in events)
                                   or time.monotonic() > deadline) and loop.quit())
    timer.start()
    loop.exec()
    timer.stop()
    return any(isinstance(e, kind) for e in events)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    app = QCoreApplication([])
    engine = SipEngine()
    events: list = []
    engine.event.connect(events.append)
    t0 = time.monotonic()
    for i in range(n):
        events.clear()
        engine.start(EngineSettings(log_level=0, transports=("udp", "tcp")))
        # every third cycle stops at once, while the SIP thread may still be booting
        if i % 3 != 2 and not wait_for(events, EngineStarted):
            print(f"cycle {i}: no EngineStarted: {events}", flush=True)
            return 2
        if not engine.stop(timeout_s=5):
            print(f"cycle {i}: stop() timed out", flush=True)
            return 3
        if not wait_for(events, EngineStopped, 5):
            print(f"cycle {i}: no EngineStopped", flush=True)
            return 4
        errors = [e for e in events if isinstance(e, EngineError)]
        if errors:
            print(f"cycle {i}: {errors}", flush=True)
            return 5
    print(f"OK {n} cycles in {time.monotonic() - t0:.1f}s", flush=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
