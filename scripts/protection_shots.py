"""Render the screens of the protocol against abusive callers to PNG, in English, Korean and Russian.

In-call warn and end buttons, the warning playing, the "End abusive call" question, the
wrap-up with "Abusive caller" preselected, the protective break (support text, counseling
requested), the early-return question, the supervisor thread (a reply and an incident
acknowledgment) and the shift summary at logout.

Run under a display or Xvfb:
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/protection_shots.py --out /tmp/shots
The desk controller runs for real; the SIP engine and the center are the stand-ins of
scripts/screenshots.py with the protection endpoints added.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from screenshots import SampleCenter, SampleEngine, sample_desk, settle, shots_main  # noqa: E402
from softphone.center.messages import MessagePage, ThreadMessage, WellbeingPolicy  # noqa: E402
from softphone.center.models import Disposition, ReasonCode  # noqa: E402
from softphone.sip.events import AnnouncementState, CallEnded, IncomingCall  # noqa: E402
from softphone.sip.events import RegistrationChanged  # noqa: E402

NOW = datetime.now(timezone.utc)
TEXTS = {
    "en": dict(abusive="Abusive caller", recovery="Protective break", sup="Sofia Han",
               question="The caller is shouting and will not let me speak. What should I do?",
               reply="Play the warning once, then end the call. I will call you in 5 minutes.",
               note="He shouted insults and said he would come to the office.",
               support="Employee assistance line 1588-0000 (free, confidential, 24 h). You may "
                       "take legal action; the center provides the recording."),
    "ko": dict(abusive="폭언 통화", recovery="보호 휴식", sup="한소희",
               question="고객이 소리를 지르며 말을 못 하게 합니다. 어떻게 할까요?",
               reply="경고 안내를 한 번 재생한 뒤 통화를 종료하세요. 5분 후에 연락할게요.",
               note="욕설을 하며 사무실로 찾아오겠다고 했습니다.",
               support="직원 지원 상담 1588-0000 (무료, 비밀 보장, 24시간). 법적 조치를 원하면 "
                       "센터가 녹음을 제공합니다."),
    "ru": dict(abusive="Оскорбительный звонок", recovery="Защитный перерыв", sup="София Хан",
               question="Абонент кричит и не даёт мне говорить. Что делать?",
               reply="Включите предупреждение один раз и завершите звонок. Я позвоню через 5 минут.",
               note="Оскорблял и обещал прийти в офис.",
               support="Линия поддержки сотрудников 1588-0000 (бесплатно, конфиденциально, "
                       "круглосуточно). Центр предоставит запись для обращения в суд."),
}


class ProtectionCenter(SampleCenter):
    """The sample center plus the protection policy, announcements and a supervisor thread."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self.t = TEXTS[lang]
        self.thread: list[ThreadMessage] = []

    def reason_codes(self, lang=None):
        return [*super().reason_codes(lang), ReasonCode("recovery", "break", self.t["recovery"])]

    def dispositions(self, queue_id):
        return [*super().dispositions(queue_id), Disposition("abusive", self.t["abusive"], None)]

    def protection_policy(self):
        return {"protective_break_min_s": 600, "warnings_before_end": 1, "evidence_hold": True,
                "clip": None, "support_resources": {self.lang: self.t["support"]}}

    def announcements(self):
        return [{"id": f"warning-{self.lang}", "language": self.lang, "kind": "warning",
                 "title": "", "audio_url": "", "duration_s": 8.0}]

    def announcement_audio(self, a):
        return (files("softphone.resources") / "sounds" / f"warning_{self.lang}.wav").read_bytes()

    def wellbeing_policy(self):
        return WellbeingPolicy(5400, 300, 2, "lunch")

    def messages(self, after=0, wait_s=0):
        new = tuple(m for m in self.thread if m.id > after)
        if not new and wait_s:
            time.sleep(min(wait_s, 0.3))
        return MessagePage(new, max([after, *(m.id for m in new)]))

    def send_message(self, text, kind="question", interaction_id=None, key=None):
        m = ThreadMessage(len(self.thread) + 1, "agent1", NOW, "agent", kind, text,
                          interaction_id, None, self.s["agent"])
        self.thread.append(m)
        return m

    def supervisor_says(self, kind: str, text: str) -> None:
        self.thread.append(ThreadMessage(len(self.thread) + 1, "agent1", NOW, "supervisor", kind,
                                         text, "I-1", 1 if kind == "incident_ack" else None,
                                         self.t["sup"]))


class ProtectionEngine(SampleEngine):
    """Plays a warning at once (and leaves it playing until told otherwise)."""

    def play_announcement(self, call_id, pcm, rate, local_level=0.25):
        QTimer.singleShot(0, lambda: self.event.emit(
            AnnouncementState(call_id, True, "", time.time(), 0.0)))


def run_language(app: QApplication, lang: str, out: Path) -> list[str]:
    engine, center = ProtectionEngine(), ProtectionCenter(lang)
    tasks, desk, win, c = sample_desk(engine, center, out, f"_{lang}")
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
    c.go_ready()
    c.wait(lambda: desk.protection.policy is not None, 5, "the protection policy")
    engine.event.emit(IncomingCall(7, "sip:+821012345678@x", "+821012345678", center.s["caller"],
                                   (), "I-1", "procurement"))
    c.answer_offer(5)
    desk.supervisor.send(center.t["question"])
    c.wait(lambda: any(m.sender == "agent" for m in center.thread), 5, "the question")
    center.supervisor_says("reply", center.t["reply"])
    c.wait(lambda: len(desk.supervisor.view.entries) >= 2, 5, "the supervisor's reply")
    grab(win, "p1_in_call_thread")
    incall = win.deskview.incall
    incall.warn.click()
    c.wait(lambda: desk.protection.view.playing and desk.protection.view.warnings, 5, "the warning")
    grab(win, "p2_warning_playing")
    engine.event.emit(AnnouncementState(7, False, "finished", time.time(), time.time()))
    incall.abusive.click()
    dialog = c.wait(lambda: win.abuse_dialog, 5, "the question")
    dialog.buttons["threat"].setChecked(True)
    dialog.note.setPlainText(center.t["note"])
    grab(dialog, "p3_end_abusive_question")
    dialog.end.click()
    engine.event.emit(CallEnded(7, 200, "Normal", 95.0))
    c.wait(lambda: desk.wrapup.view is not None and desk.wrapup.view.dispositions, 5, "wrap-up")
    grab(win, "p4_abusive_wrap_up")
    win.deskview.wrapup.submit.click()
    c.wait(lambda: desk.protection.rest.view.active, 5, "the protective break")
    win.deskview.protective.counseling.click()
    center.supervisor_says("incident_ack", "")
    c.wait(lambda: any(e.kind == "incident_ack" for e in desk.supervisor.view.entries), 5,
           "the acknowledgment")
    grab(win, "p5_protective_break")
    win.deskview.protective.early.click()
    box = c.wait(lambda: win.deskview.protective.confirm_box, 5, "the early return question")
    grab(box, "p6_return_early_question")
    box.reject()
    desk.shift.logout()
    dlg = c.wait(lambda: win.shift_summary, 5, "the shift summary")
    grab(dlg, "p7_shift_summary")
    dlg.close()
    win.close()
    tasks.shutdown(wait=False)
    return shots


def main(argv: list[str] | None = None) -> int:
    return shots_main(__doc__, TEXTS, run_language, argv)


if __name__ == "__main__":
    raise SystemExit(main())
