"""Typed SIP commands, no network: one handler each, the engine's mapping, junk, ring rules."""

from __future__ import annotations

import dataclasses
import pickle
from types import SimpleNamespace

import pytest

from softphone.sip import commands as c
from softphone.sip.events import CallDirection, EngineError, EngineSettings, SipAccountSettings
from softphone.sip.media import SilentMedia

ACCOUNT = SipAccountSettings(registrar="127.0.0.1:5060", domain="center.local",
                             username="agent1", password="pw")
SAMPLES = (
    c.SetAccount(ACCOUNT, 0), c.Unregister(), c.HandleNetworkChange(),
    c.SetAudioDevices("mic", "headset", "ring"), c.PlayWhisper(), c.Shutdown(),
    c.MakeCall(7, "sip:100@center.local"), c.Answer(7), c.Ring(7), c.Reject(7, 603), c.Hangup(7),
    c.Hold(7), c.Resume(7), c.SetMute(7, True), c.SendDtmf(7, "12#"),
    c.BlindTransfer(7, "sip:sup@center.local"), c.ConsultTransfer(7, 8),
    c.PlayAnnouncement(7, b"\x01\x00", 8000, 0.3), c.StopAnnouncement(7), c.SetEvidenceClip(10),
    c.TakeEvidenceClip(7), c.CallWaitingTone(False), c.Conference((7, 8)),
    c.DropFromConference(8),
)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _worker(running: bool = False):
    from softphone.sip.worker import SipWorker
    w = SipWorker(EngineSettings(), None, lambda: 1)
    seen: list[object] = []
    w.event.connect(seen.append)
    w.running = running
    return w, seen


def test_every_command_class_has_exactly_one_handler():
    from softphone.sip.worker import HANDLERS
    concrete = {k for k in _all_subclasses(c.Command) if k is not c.CallCommand}
    assert concrete == set(c.COMMANDS), "a Command subclass is missing from commands.COMMANDS"
    assert set(HANDLERS) == set(c.COMMANDS)
    assert {type(s) for s in SAMPLES} == set(c.COMMANDS)
    assert len(set(HANDLERS.values())) == len(HANDLERS)


def test_the_table_refuses_a_missing_or_a_second_handler():
    class Incomplete:
        @c.handles(c.Answer)
        def answer(self, cmd):
            pass

    with pytest.raises(TypeError, match="no handler for: .*Ring"):
        c.handler_table(Incomplete)

    from softphone.sip.worker import SipWorker

    class Twice(SipWorker):
        @c.handles(c.Answer)
        def answer_again(self, cmd):
            pass

    with pytest.raises(TypeError, match="Answer has two handlers"):
        c.handler_table(Twice)
    with pytest.raises(TypeError, match="not a command"):
        c.handles(int)


def test_commands_are_frozen_plain_and_picklable():
    for cmd in SAMPLES:
        assert dataclasses.is_dataclass(cmd)
        assert pickle.loads(pickle.dumps(cmd)) == cmd
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(cmd, dataclasses.fields(cmd)[0].name if dataclasses.fields(cmd) else "x", 1)


def test_engine_methods_send_the_matching_commands(qapp):
    from softphone.sip.engine import SipEngine
    engine = SipEngine()
    sent = engine._early         # before start() they wait there, in order, for the SIP thread
    engine.set_account(ACCOUNT, random_retry_s=0)
    engine.unregister()
    engine.handle_network_change()
    engine.set_audio_devices("mic", "headset", "ring")
    engine.play_whisper()
    cid = engine.make_call("sip:100@center.local")
    engine.answer(7)
    engine.ring(7)
    engine.reject(7, 603)
    engine.hangup(7)
    engine.hold(7)
    engine.resume(7)
    engine.set_mute(7, True)
    engine.send_dtmf(7, "12#")
    engine.blind_transfer(7, "sip:sup@center.local")
    engine.consult_transfer(7, 8)
    engine.play_announcement(7, b"\x01\x00", 8000, 0.3)
    engine.stop_announcement(7)
    engine.set_evidence_clip(10)
    engine.take_evidence_clip(7)
    engine.call_waiting_tone(False)
    engine.conference([7, 8])
    engine.drop_from_conference(8)
    engine.send(c.Answer(9))
    expected = [s for s in SAMPLES if not isinstance(s, c.Shutdown)]
    expected[5] = c.MakeCall(cid, "sip:100@center.local")
    assert sent == expected + [c.Answer(9)]
    with pytest.raises(ValueError):
        engine.send(c.Shutdown())


def test_dispatching_an_unknown_object_reports_an_engine_error(qapp):
    class Answer2(c.Answer):        # a look-alike is not a command either
        pass

    w, seen = _worker(running=True)
    for junk in (object(), ("answer", (1,)), "answer", None, Answer2(1)):
        w.dispatch(junk)
    assert len(seen) == 5 and all(isinstance(e, EngineError) for e in seen), seen
    assert "does not know" in seen[0].message


def test_commands_before_start_report_not_running(qapp):
    w, seen = _worker(running=False)
    w.dispatch(c.Answer(3))
    assert [type(e) for e in seen] == [EngineError] and "not running" in seen[0].message


class _Tone(SilentMedia):
    def __init__(self) -> None:
        super().__init__()
        self.log: list[str] = []

    def start_ring(self) -> None:
        self.log.append("start")
        super().start_ring()

    def stop_ring(self) -> None:
        self.log.append("stop")
        super().stop_ring()


def _offer(cid: int, **kw) -> SimpleNamespace:
    fields = dict(engine_id=cid, direction=CallDirection.INCOMING, ended=False, answered=False,
                  confirmed_at=0.0, ringing=False)
    fields.update(kw)
    return SimpleNamespace(**fields)


def test_ring_rules_without_a_network(qapp):
    w, seen = _worker(running=True)
    w.media = tone = _Tone()
    w.calls = {1: _offer(1), 2: _offer(2), 3: _offer(3, answered=True),
               4: _offer(4, direction=CallDirection.OUTGOING), 5: _offer(5, ended=True)}
    for cid in (3, 4, 5, 99):                 # answered, outgoing, ended, gone: ignored quietly
        w.dispatch(c.Ring(cid))
    assert tone.log == [] and seen == []
    w.dispatch(c.Ring(1))
    w.dispatch(c.Ring(1))                     # asked twice: one tone
    w.dispatch(c.Ring(2))
    assert tone.log == ["start"] and tone.ringing      # one tone for every ringing call
    w._stop_ringing(w.calls[3])               # a call never rung: the tone is left alone
    w._stop_ringing(w.calls.pop(1))           # call 2 still rings
    assert tone.log == ["start"] and tone.ringing
    w._stop_ringing(w.calls.pop(2))
    assert tone.log == ["start", "stop"] and not tone.ringing


@pytest.mark.slow
def test_commands_sent_before_start_reach_the_sip_thread_in_order(qtbot):
    """The app starts the engine after its first paint; what the desk sent before goes then."""
    from softphone.sip.engine import SipEngine
    from softphone.sip.events import EngineSettings, EngineStarted
    engine = SipEngine()
    seen: list[object] = []
    engine.event.connect(seen.append)
    engine.hangup(41)               # no such calls: the SIP thread says so, in order
    engine.hangup(42)
    assert [type(x) for x in engine._early] == [c.Hangup, c.Hangup] and seen == []
    engine.start(EngineSettings(bind_address="127.0.0.1", log_level=0))
    try:
        qtbot.waitUntil(lambda: len([e for e in seen if isinstance(e, EngineError)]) == 2,
                        timeout=15000)
        errors = [e.call_id for e in seen if isinstance(e, EngineError)]
        assert errors == [41, 42] and engine._early == []
        assert any(isinstance(e, EngineStarted) for e in seen)
    finally:
        engine.stop(timeout_s=8)
