"""Render the queue panel's membership screens to PNG, in English, Korean and Russian.

The desk with its queue panel (waiting callers, the oldest caller's wait, whether the
counselor is signed in, the skills line), a queue signed out of, and a queue the center does
not let the counselor leave (the reason under the table; the button disabled).

Run under a display or Xvfb:
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/queue_shots.py --out /tmp/shots
The desk controller runs for real; the SIP engine and the center are the stand-ins of
scripts/screenshots.py with the queue membership endpoints added (texts as the practice
center's: democenter/seed.py).
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from democenter import seed  # noqa: E402
from screenshots import SampleCenter, SampleEngine, sample_desk, settle, shots_main  # noqa: E402
from softphone.center.messages import MessagePage, WellbeingPolicy  # noqa: E402
from softphone.center.models import CenterError, QueueStats, Skill  # noqa: E402
from softphone.sip.events import RegistrationChanged  # noqa: E402

LANG_COLUMN = {"en": 1, "ko": 2, "ru": 3}


class QueueCenter(SampleCenter):
    """The sample center with the practice center's queues, membership rules and skills."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        i = LANG_COLUMN[lang]
        names = {q[0]: q[i] for q in seed.QUEUES}
        keep = {k[0]: k[i] for k in seed.KEEP_QUEUES}
        self.rows = {
            "procurement": QueueStats("procurement", names["procurement"], 4, 95, 2, 5,
                                      True, True, True, ""),
            "hotline": QueueStats("hotline", names["hotline"], 2, 348, 1, 3,
                                  True, True, False, keep["hotline"]),
        }
        skill_names = {s[0]: s[i] for s in seed.SKILLS}
        self.my_skills = [Skill(sk, skill_names[sk], lv)
                          for a, sk, lv in seed.AGENT_SKILLS if a == "agent1"]

    def queues(self):
        return list(self.rows.values())

    def set_queue_membership(self, queue_id, signed_in):
        q = self.rows[queue_id]
        if not signed_in and not q.may_sign_out:
            raise CenterError("conflict", q.sign_out_note, code="queue_required", status=409)
        self.rows[queue_id] = dataclasses.replace(q, signed_in=signed_in)
        return self.rows[queue_id]

    def skills(self):
        return self.my_skills

    def messages(self, after=0, wait_s=0):                # no supervisor thread here
        time.sleep(min(wait_s, 0.3))
        return MessagePage((), after)

    def wellbeing_policy(self):
        return WellbeingPolicy(5400, 300, 2, "lunch")

    def protection_policy(self):
        return {"protective_break_min_s": 600, "warnings_before_end": 1, "evidence_hold": True,
                "clip": None, "support_resources": {}}

    def announcements(self):
        return []


def run_language(app: QApplication, lang: str, out: Path) -> list[str]:
    engine, center = SampleEngine(), QueueCenter(lang)
    tasks, desk, win, c = sample_desk(engine, center, out, f"_{lang}")
    shots: list[str] = []
    panel = win.deskview.queues

    def grab(widget, name: str) -> None:
        settle(app)
        path = out / f"{name}_{lang}.png"
        widget.grab().save(str(path))
        shots.append(str(path))

    def select(qid: str) -> None:
        panel.table.selectRow(next(r for r in range(panel.model.rowCount())
                                   if panel.model.item(r).id == qid))

    c.sign_in("agent1", "practice")
    engine.event.emit(RegistrationChanged(True, 200, "OK", "udp"))
    c.answer_self_check({"temperature": 36.6, "cough": False, "stress": 3})
    c.enter_desk()
    c.go_ready()
    c.wait(lambda: panel.model.rowCount() == 2 and panel.skills.isVisible(), 5, "the queues")
    select("procurement")
    grab(win, "q1_desk_queues")
    panel.toggle.click()                                  # sign out of procurement
    c.wait(lambda: not desk.queues.view.queues[0].signed_in, 5, "the sign-out")
    select("procurement")
    grab(panel, "q2_signed_out")
    select("hotline")
    grab(panel, "q3_may_not_leave")
    desk.queues.set_membership("hotline", False)          # asked anyway: the center refuses
    c.wait(lambda: win.deskview.banner.isVisible(), 5, "the refusal notice")
    grab(win, "q4_refused_notice")
    desk.shift.logout()
    win.close()
    tasks.shutdown(wait=False)
    return shots


def main(argv: list[str] | None = None) -> int:
    return shots_main(__doc__, LANG_COLUMN, run_language, argv)


if __name__ == "__main__":
    raise SystemExit(main())
