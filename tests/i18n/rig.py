"""A main window bound to the real desk, with a fake engine and a center that answers in
English, Korean or Russian (so that any English left on screen is ours, not the data's)."""

from __future__ import annotations

from datetime import datetime, timezone

from softphone.center.models import (AgentProfile, CallbackRequest, CallerContext, Customer,
                                     Disposition, OpenCase, QueueInfo, QueueStats, QuickConnect, ReasonCode,
                                     RecentContact)
from softphone.domain.health import parse_form
from softphone.sip.events import (CallDirection, CallMediaChanged, CallState, CallStateChanged,
                                  CallStats, IncomingCall, RegistrationChanged)
from tests.desk.fakes import FORM, FakeCenter, FakeEngine, FakeOutbox

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
DATA = {
    "en": dict(agent="Mina Park", caller="Jordan Lee", queue="Procurement", training="Training",
               lunch="Lunch", sup="Supervisor", cb="Ivan Petrov", note="after six",
               notes="Prefers email", case="Tender documents", resolved="Resolved",
               temp="Temperature", cough="Cough?", stress="Stress", low="calm", high="very",
               title="Before your shift", ivr=("1: procurement", "2: status"),
               lead="Shift lead Han", legal="Legal team", agency="Consumer agency", leads="Leads",
               recovery="Protective break", home="Stay home; call 1234."),
    "ko": dict(agent="박민아", caller="이정우", queue="조달", training="교육", lunch="점심",
               sup="관리자", cb="김서연", note="여섯 시 이후", notes="이메일 선호", case="입찰 서류",
               resolved="해결됨", temp="체온", cough="기침이 있습니까?", stress="스트레스",
               low="평온", high="매우 높음", title="근무 전 건강 확인", ivr=("1: 조달", "2: 상태"),
               lead="한 팀장", legal="법무팀", agency="소비자원", leads="팀장",
               recovery="보호 휴식", home="집에서 쉬세요. 1234로 전화하세요."),
    "ru": dict(agent="Мина Пак", caller="Иван Петров", queue="Закупки", training="Обучение",
               lunch="Обед", sup="Руководитель", cb="Ольга Смирнова", note="после шести",
               notes="Предпочитает почту", case="Документы тендера", resolved="Решено",
               temp="Температура", cough="Кашель?", stress="Напряжение", low="спокойно",
               high="очень", title="Перед сменой", ivr=("1: закупки", "2: статус"),
               lead="Старший смены Хан", legal="Юристы", agency="Агентство потребителей",
               leads="Старшие", recovery="Защитный перерыв",
               home="Оставайтесь дома; звоните 1234."),
}


class LocalCenter(FakeCenter):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang, self.d = lang, DATA[lang]
        self.languages_asked: list[str] = []

    def set_language(self, lang: str) -> None:
        """What CenterApi.set_language does: the center's words in ``lang`` from now on."""
        self.languages_asked.append(lang)
        if lang in DATA:
            self.lang, self.d = lang, DATA[lang]

    def login(self, username, password, sip_contact=""):
        r = super().login(username, password, sip_contact)
        import dataclasses
        return dataclasses.replace(r, agent=AgentProfile("agent1", self.d["agent"], self.lang),
                                   queues=(QueueInfo("procurement", self.d["queue"], 45),))

    def health_form(self, lang):
        d = self.d
        form = dict(FORM, title=d["title"], intro="", language=self.lang)
        form["questions"] = [dict(FORM["questions"][0], label=d["temp"]),
                             dict(FORM["questions"][1], label=d["cough"]),
                             dict(FORM["questions"][2], label=d["stress"], low_label=d["low"],
                                  high_label=d["high"])]
        return parse_form(form)

    def reason_codes(self, lang=None):
        return [ReasonCode("missed", "not_ready", "-"),
                ReasonCode("training", "not_ready", self.d["training"]),
                ReasonCode("lunch", "break", self.d["lunch"])]

    def submit_health_check(self, form_id, version, answers, key):
        import dataclasses
        r = super().submit_health_check(form_id, version, answers, key)
        return dataclasses.replace(r, guidance=self.d["home"]) if r.guidance else r

    def directory(self):
        d = self.d
        return [{"id": "c-2001", "name": d["lead"], "kind": "colleague", "team": d["leads"],
                 "address": "2001", "presence": "available", "transfer": True},
                {"id": "t-legal", "name": d["legal"], "kind": "team", "team": "",
                 "address": "2003", "presence": "", "transfer": True},
                {"id": "x-agency", "name": d["agency"], "kind": "external", "team": "",
                 "address": "+8215880000", "presence": "", "transfer": False}]

    def send_message(self, text, kind="question", interaction_id=None, key=None):
        import dataclasses
        return dataclasses.replace(super().send_message(text, kind, interaction_id, key),
                                   author=self.d["agent"])

    def queues(self):
        return [QueueStats("procurement", self.d["queue"], 3, 42, 1, 2)]

    def quick_connects(self):
        return [QuickConnect("sup", self.d["sup"], "sip:2000@center.local")]

    def skills(self):
        from softphone.center.models import Skill
        return [Skill("procurement_rules", self.d["queue"], 4)]

    def callbacks(self):
        return [CallbackRequest("cb1", "+82 10 5555 1234", self.d["cb"], "procurement", NOW,
                                self.d["note"], "open")]

    def interaction(self, iid):
        d = self.d
        return CallerContext(iid, "procurement", "+821012345678",
                             Customer("c1", d["caller"], "VIP", self.lang, d["notes"]),
                             (RecentContact(NOW, "procurement", d["resolved"], d["notes"]),),
                             d["ivr"], (OpenCase("K-7", d["case"], "open", NOW),), 37)

    def dispositions(self, queue_id):
        return [Disposition("resolved", self.d["resolved"], None)]


class Rig:
    def __init__(self, qtbot, lang: str) -> None:
        from softphone.desk.desk import Desk
        from softphone.platform.tasks import TaskRunner
        from softphone.ui.main_window import MainWindow
        self.qtbot, self.lang = qtbot, lang
        self.user = "agent1" if lang == "en" else "40721"   # a staff number: no Latin word
        self.engine, self.center = FakeEngine(), LocalCenter(lang)
        self.outbox, self.tasks = FakeOutbox(), TaskRunner()
        self.desk = Desk(self.engine, self.center, self.tasks, self.outbox, queue_poll_ms=60000)
        self.win = MainWindow(self.desk, "https://center.example/api/v1")
        qtbot.addWidget(self.win)
        self.win.show()
        from softphone.practice.scenarios import Counselor
        self.counselor = Counselor(self.win, self.desk)     # the scenarios' driver

    def wait(self, cond, timeout=5000):
        self.qtbot.waitUntil(cond, timeout=timeout)

    # ---- the shift, screen by screen
    def to_checklist(self) -> None:
        w = self.win
        self.counselor.sign_in(self.user, "practice")
        self.wait(lambda: w.pages.currentWidget() is w.checklist)
        self.wait(lambda: bool(w.checklist.health._answers))
        self.engine.event.emit(RegistrationChanged(True, 200, "OK", "tcp"))

    def to_desk(self) -> None:
        self.to_checklist()
        self.counselor.answer_self_check({"temperature": 36.6, "cough": False, "stress": 3})
        self.wait(lambda: self.win.pages.currentWidget() is self.win.deskview)
        self.wait(lambda: self.win.deskview.queues.table.rowCount() > 0)

    def offer(self, call_id: int = 7) -> None:
        self.desk.agent.request_ready()
        self.engine.event.emit(IncomingCall(call_id, "sip:x@y", "+821012345678", self.center.d["caller"],
                                            (), "I-1", "procurement"))
        self.wait(lambda: self.desk.calls.context is not None)

    def talk(self, call_id: int = 7) -> None:
        self.desk.calls.answer()
        self.engine.event.emit(CallStateChanged(call_id, CallState.CONFIRMED, CallDirection.INCOMING, 200))
        self.engine.event.emit(CallStats(call_id, "PCMU", 6.0, 0.4, 48.0, 4.2))
        self.engine.event.emit(CallMediaChanged(call_id, True))

    def close(self) -> None:
        """Close the window, then delete the desk now, on this thread: a desk
        left in wrap-up keeps its timers running into later tests otherwise."""
        import shiboken6
        self.win.force_close()
        self.tasks.shutdown(wait=True)
        if shiboken6.isValid(self.desk):      # the window: qtbot closes and deletes it
            shiboken6.delete(self.desk)


def make_rig(qtbot, lang: str) -> Rig:
    return Rig(qtbot, lang)
