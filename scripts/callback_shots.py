"""Render the scheduled-callback screens to PNG, in English, Korean and Russian.

The open requests sorted by when they can be called (requested date and time, the caller's
window, tries), "My scheduled" with next due times and the due-time notice, the outcome
dialog of a try, and a callback's wrap-up with its outcomes.

Run under a display or Xvfb:
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/callback_shots.py --out /tmp/shots
The desk controller runs for real; the SIP engine and the center are the stand-ins of
scripts/screenshots.py with the callback worklist added.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from screenshots import SampleCenter, SampleEngine, sample_desk, settle, shots_main  # noqa: E402
from softphone.center.callback_api import CallbackAttempt, CallbackRule, ScheduledCallback  # noqa: E402
from softphone.sip.events import CallDirection, CallEnded, CallState, CallStateChanged  # noqa: E402
from softphone.sip.events import RegistrationChanged  # noqa: E402

NOW = datetime.now(timezone.utc)
PEOPLE = {
    "en": [("Noah Davis", "Night request: payment status"), ("Emily Clark", "Tender question"),
           ("Liam Johnson", "Hard of hearing: speak slowly"), ("Ava Thompson", "Complaint follow-up")],
    "ko": [("윤도윤", "야간 접수: 입찰 마감일 문의"), ("한지우", "야간 접수: 민원 진행 상황"),
           ("서하은", "야간 접수: 지원금 신청 문의"), ("이서연", "오전 통화 선호")],
    "ru": [("Елена Кузнецова", "Ночная заявка: местные услуги"),
           ("Татьяна Волкова", "Ночная заявка: регистрация поставщика"),
           ("Иван Петров", "Поставщик оборудования"), ("Ольга Попова", "Перезвонить после 14:00")],
}


def night(hours_after_22: float) -> datetime:
    start = (NOW - timedelta(days=1)).astimezone().replace(hour=22, minute=0, second=0,
                                                           microsecond=0)
    return start + timedelta(hours=hours_after_22)


class CallbackCenter(SampleCenter):
    """The sample center plus a night's worklist; one of the counselor's falls due soon."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        p = PEOPLE[lang]
        h = timedelta(hours=1)
        self.items = [
            ScheduledCallback("cb-1", "+82215550105", p[0][0], "procurement", night(0.5), p[0][1],
                              "open", False, NOW - h, NOW + 3 * h, None, NOW),
            ScheduledCallback("cb-2", "+82215550108", p[1][0], "hotline", night(3.6), p[1][1],
                              "open", False, None, None, None, NOW),
            ScheduledCallback("cb-3", "+12025550124", p[2][0], "procurement", night(2.8), p[2][1],
                              "open", False, NOW + 2 * h, NOW + 5 * h, None, NOW + 2 * h),
            ScheduledCallback("cb-4", "+74955550114", p[3][0], "hotline", night(2.0), p[3][1],
                              "claimed", True, NOW - h, NOW + 4 * h, NOW + timedelta(seconds=2),
                              NOW + timedelta(seconds=2),
                              (CallbackAttempt(NOW - timedelta(minutes=1), "no_answer", "", True),),
                              3),
        ]

    def callback_worklist(self):
        return list(self.items)

    def callback_rules(self):
        return [CallbackRule("procurement", 3, 60.0), CallbackRule("hotline", 3, 60.0)]

    def claim_callback(self, cid):
        return next(c for c in self.items if c.id == cid)

    def release_callback(self, cid):
        return next(c for c in self.items if c.id == cid)

    def customer_by_number(self, number):
        return self.interaction("I-1")

    def protection_policy(self):
        return {"protective_break_min_s": 600, "warnings_before_end": 1, "evidence_hold": True,
                "clip": None, "support_resources": {}}

    def announcements(self):
        return []

    def wellbeing_policy(self):
        from softphone.center.messages import WellbeingPolicy
        return WellbeingPolicy(5400, 300, 2, "lunch")

    def messages(self, after=0, wait_s=0):
        from softphone.center.messages import MessagePage
        time.sleep(min(wait_s, 0.3))
        return MessagePage((), after)


def run_language(app: QApplication, lang: str, out: Path) -> list[str]:
    engine, center = SampleEngine(), CallbackCenter(lang)
    tasks, desk, win, c = sample_desk(engine, center, out, f"_{lang}", height=900)
    shots: list[str] = []

    def grab(widget, name: str) -> None:
        settle(app)
        path = out / f"{name}_{lang}.png"
        widget.grab().save(str(path))
        shots.append(str(path))

    c.sign_in("agent1", "practice")
    engine.event.emit(RegistrationChanged(True, 200, "OK", "udp"))
    c.answer_self_check({"temperature": 36.6, "cough": False, "stress": 3})
    c.enter_desk()
    panel = win.deskview.callbacks
    c.wait(lambda: panel.table.rowCount() == 3, 5, "the open requests")
    panel.table.selectRow(0)
    grab(win, "c1_open_requests")
    c.wait(lambda: desk.worklist.schedule.fired, 10, "the due-time notice")
    panel.mine_table.selectRow(0)
    grab(win, "c2_my_scheduled_due")
    panel.outcome.click()
    dialog = c.wait(lambda: panel.dialog, 5, "the outcome dialog")
    grab(dialog, "c3_outcome_dialog")
    dialog.reject()
    panel.call.click()
    c.wait(lambda: desk.calls.call is not None, 5, "the callback call")
    cid = desk.calls.call.call_id
    engine.event.emit(CallStateChanged(cid, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    time.sleep(0.2)
    engine.event.emit(CallEnded(cid, 200, "Normal", 42.0))
    c.wait(lambda: desk.wrapup.view is not None and desk.wrapup.view.dispositions, 5, "wrap-up")
    grab(win, "c4_callback_wrap_up_outcomes")
    win.close()
    tasks.shutdown(wait=False)
    return shots


def main(argv: list[str] | None = None) -> int:
    return shots_main(__doc__, PEOPLE, run_language, argv)


if __name__ == "__main__":
    raise SystemExit(main())
