"""Fakes for pure-logic desk tests: an engine that records commands, a scripted center."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

from PySide6.QtCore import QObject, Signal

from softphone.center.models import (AgentProfile, AgentStateInfo, CallbackRequest,
                                     CallerContext, CenterError, Customer, Disposition,
                                     HealthCheckResult, LoginResult, OpenCase, QueueInfo,
                                     QueueStats, QuickConnect, ReasonCode, RecentContact,
                                     SessionSettings, SipProvisioning)
from softphone.domain.health import parse_form

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)

FORM = {
    "form_id": "shift-check", "version": 3, "language": "en", "title": "Before your shift",
    "intro": "Answer honestly.", "guidance": "Call your supervisor at 1234.",
    "questions": [
        {"id": "temperature", "kind": "number", "label": "Temperature", "unit": "°C",
         "min": 34.0, "max": 42.5, "step": 0.1},
        {"id": "cough", "kind": "yes_no", "label": "Cough?"},
        {"id": "stress", "kind": "scale", "label": "Stress", "min": 1, "max": 5,
         "low_label": "calm", "high_label": "very stressed"}],
    "rules": [{"question": "temperature", "op": ">=", "value": 37.5},
              {"question": "cough", "op": "==", "value": True}],
}
GOOD = {"temperature": 36.6, "cough": False, "stress": 2}
BAD = {"temperature": 38.2, "cough": False, "stress": 2}


class FakeEngine(QObject):
    event = Signal(object)

    def __init__(self):
        super().__init__()
        self.commands = []
        self._next = 100

    def _rec(self, *cmd):
        self.commands.append(cmd)

    def set_account(self, acct):
        self._rec("set_account", acct)

    def play_whisper(self):
        self._rec("play_whisper")

    def conference(self, call_ids):
        self._rec("conference", tuple(call_ids))

    def drop_from_conference(self, cid):
        self._rec("drop_from_conference", cid)

    def call_waiting_tone(self, on):
        self._rec("call_waiting_tone", on)

    def play_announcement(self, cid, pcm, rate, level=0.25):
        self._rec("play_announcement", cid, len(pcm), rate, level)

    def stop_announcement(self, cid):
        self._rec("stop_announcement", cid)

    def set_evidence_clip(self, seconds):
        self._rec("set_evidence_clip", seconds)

    def take_evidence_clip(self, cid):
        self._rec("take_evidence_clip", cid)

    def ring(self, cid):
        self._rec("ring", cid)

    def unregister(self):
        self._rec("unregister")

    def make_call(self, uri):
        self._next += 1
        self._rec("make_call", uri)
        return self._next

    def answer(self, cid):
        self._rec("answer", cid)

    def ring(self, cid):
        self._rec("ring", cid)

    def reject(self, cid, code=486):
        self._rec("reject", cid, code)

    def hangup(self, cid):
        self._rec("hangup", cid)

    def hold(self, cid):
        self._rec("hold", cid)

    def resume(self, cid):
        self._rec("resume", cid)

    def set_mute(self, cid, muted):
        self._rec("set_mute", cid, muted)

    def send_dtmf(self, cid, digits):
        self._rec("send_dtmf", cid, digits)

    def blind_transfer(self, cid, uri):
        self._rec("blind_transfer", cid, uri)

    def consult_transfer(self, cid, other):
        self._rec("consult_transfer", cid, other)


def wav_bytes(rate, seconds, hz=1250.0):
    import io, math, struct, wave
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        n = int(rate * seconds)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * hz * i / rate)))
                               for i in range(n)))
    return buf.getvalue()


class FakeCenter:
    """Answers like the center API would; records every call (thread-safe)."""

    def __init__(self, cleared_server=None):
        self.calls = []
        self.lock = threading.Lock()
        self.refuse_ready = False
        self.fail_login = None
        self.fail_health: list[BaseException] = []   # raised one by one, then success
        self.down = False                             # agent_state: the center is unreachable
        self.center_state = AgentStateInfo("not_ready", "", NOW)
        self.cleared_server = cleared_server

    def _rec(self, *call):
        with self.lock:
            self.calls.append(call)

    def names(self):
        with self.lock:
            return [c[0] for c in self.calls]

    def login(self, username, password, sip_contact=""):
        self._rec("login", username)
        if self.fail_login:
            raise self.fail_login
        return LoginResult(
            token="t", refresh_token="r", expires_in=3600,
            agent=AgentProfile("agent1", "Mina Park", "en"),
            sip=SipProvisioning("sip:127.0.0.1:5999;transport=tcp", "center.local", "agent1",
                                "pw", "tcp", "", "off", 120),
            queues=(QueueInfo("procurement", "Procurement", 45),),
            settings=SessionSettings(ring_timeout_s=2, acw_limit_s=60))

    def logout(self):
        self._rec("logout")

    def health_form(self, lang):
        self._rec("health_form", lang)
        return parse_form(FORM)

    def submit_health_check(self, form_id, version, answers, key):
        self._rec("submit_health_check", form_id, version, key)
        if self.fail_health:
            raise self.fail_health.pop(0)
        from softphone.domain.health import evaluate
        cleared = evaluate(parse_form(FORM), answers).cleared
        return HealthCheckResult(cleared, "" if cleared else "Stay home; call 1234.")

    def reason_codes(self, lang=None):
        return [ReasonCode("missed", "not_ready", "Missed call"),
                ReasonCode("training", "not_ready", "Training"),
                ReasonCode("lunch", "break", "Lunch")]

    def agent_state(self):
        self._rec("agent_state")
        if self.down:
            raise CenterError("unreachable")
        return self.center_state

    def set_state(self, state, reason_code=""):
        self._rec("set_state", state, reason_code)
        if state == "ready" and self.refuse_ready:
            raise CenterError("conflict", "Complete the shift health check (cleared) first.",
                              "PUT state: HTTP 409", code="health_check_required", status=409)
        return AgentStateInfo(state, reason_code, NOW)

    def queues(self):
        return [QueueStats("procurement", "Procurement", 3, 42, 1, 2)]

    def quick_connects(self):
        return [QuickConnect("sup", "Supervisor", "sip:2000@center.local")]

    def callbacks(self):
        return [CallbackRequest("cb1", "+82 10 5555 1234", "Ivan <b>Petrov</b>", "procurement",
                                NOW, "after 18:00", "open")]

    def claim_callback(self, cid):
        self._rec("claim_callback", cid)
        return self.callbacks()[0]

    def interaction(self, iid):
        self._rec("interaction", iid)
        return CallerContext(
            iid, "procurement", "+821012345678",
            Customer("c1", "<b>Kim</b>\u202eevil", "vip", "ko", "Prefers email"),
            (RecentContact(NOW, "procurement", "resolved", "asked about tender"),),
            ("1: procurement", "2: status"), (OpenCase("K-7", "Tender 2026-17", "open", NOW),), 37)

    def customer_by_number(self, number):
        self._rec("customer_by_number", number)
        return CallerContext(None, None, number, None, (), (), (), 0)

    def dispositions(self, queue_id):
        self._rec("dispositions", queue_id)
        return [Disposition("resolved", "Resolved", None),
                Disposition("tender_info", "Tender information", "procurement")]

    def help(self, message, interaction_id=None):
        self._rec("help", message, interaction_id)

    # the supervisor thread and the wellbeing policy (softphone/center/messages.py)
    def messages(self, after=0, wait_s=0):
        from softphone.center.messages import MessagePage
        return MessagePage((), after)          # nothing new, at once (no long-poll here)

    def send_message(self, text, kind="question", interaction_id=None, key=None):
        from softphone.center.messages import ThreadMessage
        self._rec("send_message", text, kind, interaction_id)
        return ThreadMessage(len(self.calls), "agent1", NOW, "agent", kind, text,
                             interaction_id, None, "Mina Park")

    protection = {"protective_break_min_s": 600, "warnings_before_end": 1,
                  "evidence_hold": True, "clip": {"max_s": 30, "public_key": ""},
                  "support_resources": {"en": "Call 1588-0000, free and confidential.",
                                        "ko": "1588-0000 무료 상담", "ru": "1588-0000"}}

    def protection_policy(self):
        self._rec("protection_policy")
        return self.protection

    def announcements(self):
        return [{"id": "warn-en", "language": "en", "kind": "warning", "title": "Warning",
                 "audio_url": "/announcements/warn-en/audio", "duration_s": 1.0},
                {"id": "warn-ko", "language": "ko", "kind": "warning", "title": "경고",
                 "audio_url": "/announcements/warn-ko/audio", "duration_s": 1.0}]

    def announcement_audio(self, a):
        self._rec("announcement_audio", a["id"] if isinstance(a, dict) else a.id)
        return wav_bytes(8000, 0.5)

    def send_evidence_clip(self, body):
        self._rec("send_evidence_clip", body)
        return {"id": 1}

    presence_pages = []         # what the next presence polls answer (then: nothing new)

    def directory(self):
        return [{"id": "c-2001", "name": "Shift lead Han", "kind": "colleague", "team": "Leads",
                 "address": "2001", "presence": "available", "transfer": True},
                {"id": "t-legal", "name": "Legal team", "kind": "team", "team": "",
                 "address": "2003", "presence": "", "transfer": True},
                {"id": "x-agency", "name": "Consumer agency", "kind": "external", "team": "",
                 "address": "+8215880000", "presence": "", "transfer": False},
                {"id": "bad", "name": "no address"}]

    def presence(self, after=0, wait_s=0):
        import time as _t
        if self.presence_pages:
            return self.presence_pages.pop(0)
        _t.sleep(0.05)
        return {"version": after, "changes": []}

    def dial_policy(self):
        return {"default_region": "KR", "internal": "^2\\d{3}$", "allow_international": False,
                "blocked_prefixes": ["060"]}

    def wellbeing_policy(self):
        from softphone.center.messages import WellbeingPolicy
        return WellbeingPolicy(5400, 300, 2, "lunch")

    def wellbeing_alert(self, reason, talk_s, incidents, key=None):
        self._rec("wellbeing_alert", reason, talk_s, incidents)
        return 1


class FakeOutbox:
    def __init__(self):
        self.items = []

    def enqueue(self, kind, path, payload, method="POST", idempotency_key=None):
        self.items.append((kind, path, payload))
        return len(self.items)

    def pending_count(self):
        return len(self.items)


CONTROLLERS = ("shift", "agent", "checks", "selfcheck", "calls", "consult", "wrapup", "worklist",
               "queues", "writes", "notices", "protection")


def desk_signal(desk, name):
    """The signal ``name`` of whichever desk controller has it (tests listen by name)."""
    for c in CONTROLLERS:
        sig = getattr(getattr(desk, c), name, None)
        if sig is not None and hasattr(sig, "connect"):
            return sig
    raise AttributeError(f"no desk controller has a signal {name!r}")
