"""The protocol against abusive callers in the desk (fake engine, scripted center): warn,
end with the category and timeline, evidence hold, the disposition preselected, and a
protective break that a Ready cannot cancel and an early return records."""

import time

import pytest

from softphone.center.models import ReasonCode
from softphone.desk.desk import Desk
from softphone.desk.protection import Options
from softphone.platform.tasks import TaskRunner
from softphone.sip.events import (AnnouncementState, CallEnded, CallDirection, CallState,
                                  CallStateChanged, EvidenceClip)
from tests.desk.fakes import FakeCenter, FakeEngine, FakeOutbox
from tests.desk.test_desk import Rec, offer, start_shift, teardown


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def parts(qtbot):
    engine, center, outbox, tasks = FakeEngine(), FakeCenter(), FakeOutbox(), TaskRunner()
    center.reason_codes = lambda lang=None: [ReasonCode("recovery", "break", "Protective break"),
                                             ReasonCode("lunch", "break", "Lunch")]
    clock = Clock()
    desk = Desk(engine, center, tasks, outbox, queue_poll_ms=60000, clock=clock)
    rec = Rec(desk)
    yield desk, engine, center, outbox, rec, clock
    teardown(qtbot, tasks, desk, engine)


def connected_call(qtbot, desk, engine, rec):
    start_shift(qtbot, desk, engine, rec)
    qtbot.waitUntil(lambda: bool("recovery" in desk.session.reason_codes and
                    desk.protection.policy is not None and desk.protection._announcements),
                    timeout=5000)
    desk.agent.request_ready()
    offer(engine)
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    assert desk.protection.view.in_call


def items(outbox, kind):
    return [p for k, _path, p in outbox.items if k == kind]


def test_warn_then_end_files_the_protocol(qtbot, parts):
    desk, engine, center, outbox, rec, clock = parts
    connected_call(qtbot, desk, engine, rec)
    prot = desk.protection
    assert prot.view.needed == 1 and not prot.view.can_end
    assert prot.end_abusive_call("threat", "") is False           # the warning comes first
    assert ("hangup", 7) not in engine.commands
    qtbot.waitUntil(lambda: desk.calls.context is not None, timeout=5000)
    prot.warn()
    qtbot.waitUntil(lambda: any(c[0] == "play_announcement" for c in engine.commands), timeout=5000)
    play = next(c for c in engine.commands if c[0] == "play_announcement")
    assert play[1] == 7 and play[3] == 8000 and play[2] == 2 * 4000    # 0.5 s at 8 kHz, mono
    assert ("announcement_audio", "warn-ko") in center.calls         # the caller's language
    assert prot.view.playing and not prot.view.can_warn
    t0 = time.time()
    engine.event.emit(AnnouncementState(7, True, "", t0, 0.0))
    assert prot.view.warnings == 1 and prot.view.can_end
    engine.event.emit(AnnouncementState(7, False, "finished", t0, t0 + 4))
    assert not prot.view.playing and prot.view.can_warn
    prot.warn()                                  # the second time: from memory, no download
    assert sum(1 for c in center.calls if c[0] == "announcement_audio") == 1
    assert sum(1 for c in engine.commands if c[0] == "play_announcement") == 2
    engine.event.emit(AnnouncementState(7, False, "failed: no media", 0.0, 0.0))
    assert prot.view.problem and prot.view.warnings == 1

    assert prot.end_abusive_call("threat", "He said he knows where I live.\u202e")
    assert ("hangup", 7) in engine.commands
    incident = items(outbox, "incident")[-1]
    assert incident["category"] == "threat" and incident["interaction_id"] == "I-1"
    assert incident["note"] == "He said he knows where I live."      # bidi control removed
    tl = incident["timeline"]
    assert tl["warnings_at"] == [round(t0, 3)]
    assert tl["answered_at"] <= round(t0, 3) <= tl["ended_at"]     # all rounded to the ms
    assert incident["language"] == desk.session.language
    assert [path for k, path, _ in outbox.items if k == "evidence_hold"] == [
        "/interactions/I-1/evidence-hold"]
    assert not prot.rest.view.active and prot.rest.view.waiting

    engine.event.emit(CallEnded(7, 200, "Normal"))
    assert desk.wrapup.view.suggested == "abusive"
    desk.agent.request_ready()                   # during wrap-up: refused, the break stays
    assert rec.last("agent_changed").pending_state == "break"
    desk.wrapup.submit_wrapup("abusive", "")
    assert (desk.agent.machine.state.value, desk.agent.machine.reason) == ("break", "recovery")
    started = items(outbox, "protective_break")[-1]
    assert (started["event"], started["minimum_s"]) == ("started", 600)
    assert prot.rest.view.active and prot.rest.view.remaining_s == 600
    assert "1588-0000" in prot.rest.view.support

    desk.agent.request_ready()                   # no Ready during the minimum
    assert desk.agent.machine.state.value == "break"
    clock.t += 120
    prot.rest.return_early()                     # the screen confirmed
    early = items(outbox, "protective_break")[-1]
    assert (early["event"], early["taken_s"]) == ("early_return", 120)
    assert desk.agent.machine.state.value == "ready"


def test_the_break_holds_its_minimum_then_ends_by_itself(qtbot, parts):
    desk, engine, center, outbox, rec, clock = parts
    center.protection = dict(center.protection, warnings_before_end=0, protective_break_min_s=60)
    connected_call(qtbot, desk, engine, rec)
    prot = desk.protection
    assert prot.view.can_end                                  # the center asks for no warning
    assert prot.end_abusive_call("verbal_abuse", "")
    engine.event.emit(CallEnded(7, 200, "Normal"))
    desk.wrapup.submit_wrapup("abusive", "")
    assert prot.rest.view.active
    prot.rest.request_counseling("")
    assert prot.rest.view.counseling_requested
    qtbot.waitUntil(lambda: any(c[0] == "send_message" for c in center.calls), timeout=5000)
    sent = next(c for c in center.calls if c[0] == "send_message")
    assert sent[2:] == ("counseling", "I-1")          # a follow-up of that call's incident
    clock.t += 61
    qtbot.waitUntil(lambda: not prot.rest.view.active, timeout=3000)
    assert items(outbox, "protective_break")[-1]["event"] == "ended"
    desk.agent.request_ready()
    assert desk.agent.machine.state.value == "ready"


def test_it_settings_and_a_clip_sealed_to_the_center(qtbot, parts):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    desk, engine, center, outbox, rec, clock = parts
    key = X25519PrivateKey.generate()
    pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    center.protection = dict(center.protection, warnings_before_end=3,
                             clip={"max_s": 30, "public_key": pem})
    desk.protection.configure(Options(warnings_before_end=0, evidence_clip_s=20))
    assert ("set_evidence_clip", 20) in engine.commands
    connected_call(qtbot, desk, engine, rec)
    prot = desk.protection
    assert prot.view.needed == 0 and prot.view.can_end       # IT's setting wins
    assert prot.end_abusive_call("other", "")
    assert engine.commands.index(("take_evidence_clip", 7)) < engine.commands.index(("hangup", 7))
    engine.event.emit(EvidenceClip(7, 16000, 2, 1.0, b"\x01\x00" * 32000, ""))
    qtbot.waitUntil(lambda: any(c[0] == "send_evidence_clip" for c in center.calls), timeout=5000)
    body = next(c[1] for c in center.calls if c[0] == "send_evidence_clip")
    assert body["interaction_id"] == "I-1" and b"\x01\x00" * 8 not in body["ciphertext"].encode()
    assert not items(outbox, "evidence_clip")        # the clip never goes to the outbox's file
