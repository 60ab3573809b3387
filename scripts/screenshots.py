"""Render each screen to PNG with sample data (login, self-check, Ready, ringing, call, wrap-up).

Also what IT sees and controls: the dialog that stops start-up when the provisioning file is
wrong, the idle lock (alone, and with a call ringing: who calls stays hidden) and the first-run
sign-in that asks for the center's address (here with an http:// address refused).

Run under a display or Xvfb:
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/screenshots.py --out /tmp/shots
The desk controller runs for real; only the SIP engine and the center are stand-ins that
answer with sample data in English, Korean and Russian.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QObject, QTimer, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from softphone.center.messages import MessagePage, WellbeingPolicy  # noqa: E402
from softphone.center.models import (ProtectionPolicy, AgentProfile, AgentStateInfo, CallbackRequest,  # noqa: E402
                                     CallerContext, Customer, Disposition, HealthCheckResult,
                                     LoginResult, OpenCase, QueueInfo, QueueStats, QuickConnect,
                                     ReasonCode, RecentContact, SessionSettings, SipProvisioning)
from softphone.desk.desk import Desk  # noqa: E402
from softphone.domain.health import evaluate, parse_form  # noqa: E402
from softphone.sip.events import (CallDirection, CallEnded, CallMediaChanged,  # noqa: E402
                                  CallState, CallStateChanged, CallStats, IncomingCall,
                                  MediaActivity, RegistrationChanged)
from softphone.platform.tasks import TaskRunner  # noqa: E402
from softphone.practice.scenarios import Counselor  # noqa: E402
from softphone.ui.main_window import MainWindow  # noqa: E402

NOW = datetime.now(timezone.utc)
SAMPLES = {
    "en": dict(agent="Mina Park", caller="Jordan <b>Lee</b>", notes="Prefers email. Tender 2026-17.",
               queue="Procurement", form_title="Before your shift", temp="Body temperature",
               cough="Do you have a cough or sore throat?", stress="How stressed do you feel?",
               low="calm", high="very", guidance="Call your supervisor at 1234.",
               case="Tender 2026-17 documents", disp=[("resolved", "Resolved"),
                                                      ("callback_needed", "Callback needed"),
                                                      ("tender_info", "Tender information")],
               reasons=[("training", "not_ready", "Training"), ("lunch", "break", "Lunch")],
               cb="Ivan Petrov", ivr=["1: Procurement", "2: Application status"]),
    "ko": dict(agent="박민아", caller="이정우", notes="이메일 연락 선호. 입찰 2026-17 문의.",
               queue="조달", form_title="근무 전 건강 확인", temp="체온",
               cough="기침이나 인후통이 있습니까?", stress="스트레스 정도는 어떻습니까?",
               low="평온", high="매우 높음", guidance="1234번으로 관리자에게 연락하세요.",
               case="입찰 2026-17 서류", disp=[("resolved", "해결됨"), ("callback_needed", "회신 필요"),
                                             ("tender_info", "입찰 정보")],
               reasons=[("training", "not_ready", "교육"), ("lunch", "break", "점심")],
               cb="김서연", ivr=["1: 조달", "2: 신청 상태"]),
    "ru": dict(agent="Мина Пак", caller="Иван Петров", notes="Предпочитает e-mail. Тендер 2026-17.",
               queue="Закупки", form_title="Проверка перед сменой", temp="Температура тела",
               cough="Есть ли кашель или боль в горле?", stress="Насколько вы напряжены?",
               low="спокойно", high="очень", guidance="Позвоните руководителю: 1234.",
               case="Документы тендера 2026-17", disp=[("resolved", "Решено"),
                                                        ("callback_needed", "Нужен обратный звонок"),
                                                        ("tender_info", "Информация о тендере")],
               reasons=[("training", "not_ready", "Обучение"), ("lunch", "break", "Обед")],
               cb="Ольга Смирнова", ivr=["1: Закупки", "2: Статус заявки"]),
}


def form_json(s: dict, lang: str) -> dict:
    return {"form_id": "shift-check", "version": 3, "language": lang, "title": s["form_title"],
            "intro": "", "guidance": s["guidance"],
            "questions": [
                {"id": "temperature", "kind": "number", "label": s["temp"], "unit": "°C",
                 "min": 34.0, "max": 42.5, "step": 0.1},
                {"id": "cough", "kind": "yes_no", "label": s["cough"]},
                {"id": "stress", "kind": "scale", "label": s["stress"], "min": 1, "max": 5,
                 "low_label": s["low"], "high_label": s["high"]}],
            "rules": [{"question": "temperature", "op": ">=", "value": 37.5}]}


class SampleEngine(QObject):
    """Accepts every command; an answered call is confirmed at once, as a peer would."""

    event = Signal(object)

    def answer(self, call_id):
        QTimer.singleShot(0, lambda: self.event.emit(
            CallStateChanged(call_id, CallState.CONFIRMED, CallDirection.INCOMING, 200)))

    def __getattr__(self, name):          # every other command is accepted and ignored
        return lambda *a, **k: 1


class SampleCenter:
    def __init__(self, lang: str) -> None:
        self.lang, self.s = lang, SAMPLES[lang]
        self.form = parse_form(form_json(self.s, lang))

    def login(self, user, pw, sip_contact=""):
        return LoginResult("t", "r", 3600, AgentProfile("agent1", self.s["agent"], self.lang),
                           SipProvisioning("127.0.0.1:5060", "center.local", "agent1", "x", "udp",
                                           "", "off", 120),
                           (QueueInfo("procurement", self.s["queue"], 60),), SessionSettings(600, 60))

    def logout(self):
        pass

    def health_form(self, lang):
        return self.form

    def submit_health_check(self, form_id, version, answers, key):
        return HealthCheckResult(evaluate(self.form, answers).cleared, self.s["guidance"])

    def reason_codes(self, lang=None):
        return [ReasonCode(*r) for r in self.s["reasons"]]

    def set_state(self, state, reason=""):
        return AgentStateInfo(state, reason, NOW)

    def queues(self):
        return [QueueStats("procurement", self.s["queue"], 4, 95, 2, 5),
                QueueStats("support", "Support", 1, 12, 1, 3)]

    def quick_connects(self):
        return [QuickConnect("sup", "Supervisor", "sip:2000@center.local")]

    def callbacks(self):
        return [CallbackRequest("cb1", "+82 10 5555 1234", self.s["cb"], "procurement", NOW,
                                "after 18:00", "open")]

    def interaction(self, iid):
        return CallerContext(iid, "procurement", "+821012345678",
                             Customer("c1", self.s["caller"], "vip", self.lang, self.s["notes"]),
                             (RecentContact(NOW, "procurement", "resolved", self.s["notes"]),),
                             tuple(self.s["ivr"]), (OpenCase("K-7", self.s["case"], "open", NOW),), 95)

    def dispositions(self, queue_id):
        return [Disposition(c, label, None) for c, label in self.s["disp"]]

    def messages(self, after=0, wait_s=0):
        return MessagePage((), after)          # no supervisor messages in these screens

    def wellbeing_policy(self):
        return WellbeingPolicy(7200, 600, 3, "break")

    def protection_policy(self):
        return ProtectionPolicy()

    def announcements(self):
        return []


class SampleOutbox:
    def enqueue(self, kind, path, payload, method="POST", idempotency_key=None):
        return 1

    def pending_count(self):
        return 0


def settle(app: QApplication, until=None, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if until is None or until():
            if until is None:
                time.sleep(0.02)
                app.processEvents()
            return
        time.sleep(0.01)
    raise TimeoutError("the screen did not reach the expected state")


def sample_desk(engine, center, out: Path, suffix: str, height: int = 860):
    """The real desk and main window on stand-ins, shown 1280 px wide, and the practice
    scenarios' Counselor driving it: (tasks, desk, win, counselor)."""
    tasks = TaskRunner()
    desk = Desk(engine, center, tasks, SampleOutbox(), queue_poll_ms=600000)
    win = MainWindow(desk, "https://center.example/api/v1")
    win.resize(1280, height)
    win.show()
    return tasks, desk, win, Counselor(win, desk, out, suffix=suffix)


def run_language(app: QApplication, lang: str, out: Path, scheme: str = "") -> list[str]:
    """One pass through the screens, driven by the practice scenarios' Counselor."""
    engine, center = SampleEngine(), SampleCenter(lang)
    suffix = f"_{lang}_{scheme}" if scheme else f"_{lang}"
    tasks, desk, win, c = sample_desk(engine, center, out, suffix)
    c.sign_in("agent1", "practice")
    engine.event.emit(RegistrationChanged(True, 200, "OK", "udp"))
    c.answer_self_check({"temperature": 36.6, "cough": False, "stress": 3})
    c.enter_desk()
    c.go_ready()
    c.wait(lambda: win.deskview.queues.table.rowCount() > 0, 5, "the queue figures")
    c.shot("ready")
    engine.event.emit(IncomingCall(7, "sip:+821012345678@x", "+821012345678", center.s["caller"],
                                   (), "I-1", "procurement"))
    c.answer_offer(5)
    engine.event.emit(CallStats(7, "PCMU", 6.0, 0.4, 48.0, 4.2))
    engine.event.emit(CallMediaChanged(7, True, muted=True))
    win.deskview.incall.dialed.setText("12#")
    c.shot("in_call")
    # consult transfer: the caller on hold while the counselor talks to the shift lead
    engine.event.emit(CallMediaChanged(7, True, muted=False))
    desk.consult.start_consult(win.deskview.incall.targets.currentData())
    consult = desk.consult.leg.call_id
    engine.event.emit(CallMediaChanged(7, False, local_hold=True))
    engine.event.emit(CallStateChanged(consult, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    c.shot("consult")
    engine.event.emit(CallEnded(consult, 200, "Normal", 20.0))
    engine.event.emit(CallMediaChanged(7, True))
    engine.event.emit(MediaActivity(7, 12.0, 0.0))     # the caller went quiet
    c.shot("silence")
    engine.event.emit(CallEnded(7, 200, "Normal", 95.0))
    c.wait(lambda: desk.wrapup.view is not None and desk.wrapup.view.dispositions, 5, "the wrap-up")
    c.wrap_up(1, center.s["notes"])
    c.shot("after_call")
    shots = [str(out / n) for n in c.summary.shots]
    dialogs(app, win, out, suffix[1:], shots)
    lock_screens(app, win, engine, tasks, center, out, suffix[1:], shots)
    c.sign_out()
    first_run(app, win, out, suffix[1:], shots)
    settings_problems(app, out, suffix[1:], shots)
    win.close()
    tasks.shutdown(wait=False)
    failed = [ch for ch in c.summary.checks if not ch.ok]
    if failed:
        raise SystemExit(f"screens did not come out as expected: {failed}")
    return shots


def dialogs(app: QApplication, win: MainWindow, out: Path, suffix: str, shots: list) -> None:
    """The settings dialog (one key locked by IT) and the keyboard shortcut list."""
    from softphone.platform.settings import Settings
    from softphone.ui.settings_dialog import SettingsDialog
    from softphone.ui.shortcuts import ShortcutListDialog
    d = SettingsDialog(Settings(locked=frozenset({"audio.ring_device"})), lambda k, v: None,
                       lambda: (["USB Headset Mic"], ["USB Headset", "Speakers"]), win)
    d.resize(640, 900)
    d.show()
    d.set_level(-18.0)
    for name, w in (("11_settings", d), ("12_shortcuts", ShortcutListDialog(win.shortcuts, win)),
                    ("13_not_sent", not_sent_panel(win, suffix.split("_")[0])),
                    ("14_network", network_page(win))):
        w.show()
        settle(app)
        p = out / f"{name}_{suffix}.png"
        w.grab().save(str(p))
        shots.append(str(p))
        w.close()


def save(app: QApplication, widget, path: Path, shots: list) -> None:
    settle(app)
    widget.grab().save(str(path))
    shots.append(str(path))


def lock_screens(app: QApplication, win: MainWindow, engine: SampleEngine, tasks: TaskRunner,
                 center: SampleCenter, out: Path, suffix: str, shots: list) -> None:
    """The idle lock over the desk, then a call ringing while locked (Answer offered, the
    caller's name and number not shown); the call ends and the window is unlocked."""
    win.set_idle_lock(0, lambda password: False, tasks)     # locked here, not by a timer
    win.idle_lock.lock()
    save(app, win, out / f"15_lock_{suffix}.png", shots)
    engine.event.emit(IncomingCall(8, "sip:+821055501234@x", "+821055501234", center.s["caller"],
                                   (), "I-2", "procurement"))
    settle(app, lambda: win.lock_screen.answer.isVisible())
    save(app, win, out / f"16_lock_ringing_{suffix}.png", shots)
    engine.event.emit(CallEnded(8, 487, "Request Terminated"))
    settle(app, lambda: not win.lock_screen.answer.isVisible())
    win.idle_lock.unlock()


def first_run(app: QApplication, win: MainWindow, out: Path, suffix: str, shots: list) -> None:
    """No center configured: the sign-in asks for its address; an http:// address is refused."""
    login = win.login
    login.set_first_run(True)
    login.center_edit.setText("http://center.example/api/v1")
    login.user.setText("agent1")
    login.password.setText("practice")
    login.button.click()
    settle(app, lambda: login.error.isVisible())
    save(app, win, out / f"17_first_run_{suffix}.png", shots)
    login.set_first_run(False)
    login.reset()


SAMPLE_PROVISIONING = """[center]
base_url = https://center.example/api/v1
[ui]
theme = purple
idle_lock_min = 2000
[sip]
transport = carrier-pigeon
[lock]
keys = center.base_url, sip.srpt
"""


def settings_problems(app: QApplication, out: Path, suffix: str, shots: list) -> None:
    """The dialog that stops start-up: the problems a broken IT file really produces (read by
    the app's own parser), shown as if the file were the machine-wide one."""
    import tempfile
    from softphone.platform.settings import load_settings, machine_provisioning_path
    from softphone.platform.provisioning import refuse_overrides
    from softphone.ui.startup_error import SettingsProblemsDialog
    with tempfile.TemporaryDirectory() as tmp:
        prov = Path(tmp) / "provisioning.ini"
        prov.write_text(SAMPLE_PROVISIONING, encoding="utf-8")
        settings = load_settings(provisioning=prov, user=Path(tmp) / "none.ini")
        refused = refuse_overrides(settings, {"center.base_url": ("--center",
                                                                  "https://other.example")})
        problems = sorted([*settings.fatal, *refused], key=lambda p: (p.file, p.line))
        shown = [str(p).replace(str(prov), str(machine_provisioning_path())) for p in problems]
    dialog = SettingsProblemsDialog(shown)
    dialog.show()
    save(app, dialog, out / f"18_settings_problems_{suffix}.png", shots)
    dialog.close()


def network_page(win: MainWindow):
    """The network check page for a home connection that loses voice and needs TCP."""
    import dataclasses
    from softphone.desk.netverdict import evaluate
    from softphone.platform.settings import NetworkSettings
    from softphone.ui.readiness import ReadinessDialog
    echo = {"sent": 500, "received": 475, "loss_pct": 5.0, "rtt_ms": 92.0, "jitter_ms": 31.0,
            "timestamped": True, "server_received": 475, "loss_up_pct": 5.0,
            "loss_down_pct": 0.0, "jitter_up_ms": 31.0, "jitter_down_ms": 1.2,
            "one_way_up_ms": 61.0, "one_way_down_ms": 31.0}
    small = {"answered": True, "rtt_ms": 38.0, "size": 402}
    m = {"center": {"ok": True, "ms": 41.0},
         "dns": [{"host": "center.example", "needed": True, "ok": True, "ms": 14.0}],
         "clock": {"ok": True, "offset_s": 0.4}, "audio": {"checked": True, "ok": True},
         "sip": {"transport": "udp", "small": small,
                 "large": {"answered": False, "size": 1600, "error": "timeout"},
                 "tcp_small": small, "tcp_large": {**small, "size": 1600}}, "echo": echo}
    page = ReadinessDialog(win)
    page.set_view(evaluate(m, dataclasses.asdict(NetworkSettings()), NOW.isoformat(),
                           "~/.local/share/agent-softphone/network-checks/"
                           "network-check-20261126T090000Z.json"))
    page.set_history(())
    page.resize(760, 720)
    return page


def not_sent_panel(win: MainWindow, lang: str):
    """The "Not sent" list with a refused wrap-up (notes in the sample language) and an
    unconfirmed incident report."""
    from softphone.desk.writes import NotSentView
    from softphone.ui.not_sent import NotSentPanel
    panel = NotSentPanel(win)
    now = time.time()
    panel.set_items((
        NotSentView(1, "wrapup", "", "tender_info", SAMPLES[lang]["notes"], now - 900,
                    "409 conflict: This interaction was closed by your supervisor.", "refused"),
        NotSentView(2, "incident", "", "high", "Abusive caller", now - 60,
                    "the center's answers could not be confirmed (POST /incidents: content "
                    "type 'text/html')", "unconfirmed")))
    return panel


def shots_main(doc: str, langs, run_language, argv: list[str] | None = None) -> int:
    """The command line of a screenshot script: ``--out DIR``, ``--lang`` (repeatable; all of
    ``langs`` by default); ``run_language(app, lang, out)`` renders one language's shots."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("shots"))
    ap.add_argument("--lang", action="append", choices=sorted(langs))
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    from softphone.ui.i18n import Language
    from softphone.ui.theme import Theme
    language = Language(app)
    Theme(app).apply("light")
    for lang in args.lang or ["en", "ko", "ru"]:
        language.apply(lang)
        for shot in run_language(app, lang, args.out):
            print(f"wrote {shot}")
    language.uninstall()
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("shots"))
    ap.add_argument("--lang", action="append", choices=sorted(SAMPLES))
    ap.add_argument("--theme", action="append", choices=["light", "dark"],
                    help="colour scheme(s) to render (default: both)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    language = None
    try:        # the interface language too, when the translation catalogs are there
        from softphone.ui.i18n import Language
        language = Language(app)
    except ImportError:
        pass
    from softphone.ui.theme import Theme
    theme = Theme(app)
    for scheme in args.theme or ["light", "dark"]:
        theme.apply(scheme)
        for lang in args.lang or ["en", "ko", "ru"]:
            if language is not None:
                language.apply(lang)
            for shot in run_language(app, lang, args.out, scheme):
                print(f"wrote {shot}")
    if language is not None:
        language.uninstall()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
