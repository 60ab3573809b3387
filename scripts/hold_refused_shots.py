"""Render the notice for a hold the other side refused to PNG, in English, Korean and Russian.

The counselor clicks Hold in a call; the engine reports that the other side answered the
re-INVITE with 491 (``EngineError`` with ``reason_code="reinvite_refused"``, as
softphone/sip/multicall.py sends it); the desk shows the call still talking and says why.

Run under a display or Xvfb:
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/hold_refused_shots.py --out /tmp/shots
The desk controller runs for real; the SIP engine and the center are the stand-ins of
scripts/screenshots.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from screenshots import SAMPLES, SampleCenter, SampleEngine, sample_desk, settle, shots_main  # noqa: E402
from softphone.sip.events import (  # noqa: E402
    REINVITE_REFUSED, EngineError, IncomingCall, RegistrationChanged,
)


def run_language(app: QApplication, lang: str, out: Path) -> list[str]:
    engine, center = SampleEngine(), SampleCenter(lang)
    tasks, desk, win, c = sample_desk(engine, center, out, f"_{lang}")
    c.sign_in("agent1", "practice")
    engine.event.emit(RegistrationChanged(True, 200, "OK", "udp"))
    c.answer_self_check({"temperature": 36.6, "cough": False, "stress": 3})
    c.enter_desk()
    c.go_ready()
    engine.event.emit(IncomingCall(7, "sip:+821012345678@x", "+821012345678",
                                   center.s["caller"], (), "I-1", "procurement"))
    c.answer_offer(5)
    win.deskview.incall.hold.click()              # the stand-in engine takes it silently
    engine.event.emit(EngineError("The other side refused the re-INVITE", detail="491",
                                  call_id=7, reason_code=REINVITE_REFUSED))
    settle(app)
    path = out / f"hold_refused_{lang}.png"
    win.grab().save(str(path))
    win.close()
    tasks.shutdown(wait=False)
    return [str(path)]


if __name__ == "__main__":
    sys.exit(shots_main(__doc__, tuple(SAMPLES), run_language))
