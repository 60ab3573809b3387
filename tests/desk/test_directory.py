"""The directory and the dial field in the desk (scripted center, fake engine): search,
presence that follows the center, calls and transfers to typed numbers and to entries."""

from softphone.sip.events import CallDirection, CallState, CallStateChanged
from tests.desk.test_desk import offer, parts, start_shift  # noqa: F401 (the fixture)


def loaded(qtbot, desk):
    qtbot.waitUntil(lambda: desk.directory.view.total == 3 and desk.directory.view.connected,
                    timeout=5000)


def test_search_presence_and_a_typed_call(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    center.presence_pages = [{"version": 7, "changes": [{"id": "c-2001", "presence": "break"},
                                                        {"id": "nobody", "presence": "break"},
                                                        {"id": "t-legal", "presence": "bogus"}]}]
    start_shift(qtbot, desk, engine, rec)
    loaded(qtbot, desk)
    d = desk.directory
    assert d.get("c-2001").presence == "break"           # the long-poll's change applied
    assert d.get("t-legal").presence == ""
    d.search("legal")
    assert [e.id for e in d.view.entries] == ["t-legal"]
    d.search("1588")                                      # digits match the address
    assert [e.id for e in d.view.entries] == ["x-agency"]
    d.search("")
    assert d.view.entries[0].kind == "colleague"          # people first
    assert d.check("010-1234-5678").target == "+821012345678"
    assert d.call("010-1234-5678")
    assert engine.commands[-1] == ("make_call", "sip:+821012345678@center.local")
    assert desk.calls.call.number == "+821012345678" and desk.calls.call.name == "010-1234-5678"


def test_refusals_say_why(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    start_shift(qtbot, desk, engine, rec)
    loaded(qtbot, desk)
    d = desk.directory
    for typed in ("+7 495 123-45-67", "060-123-4567", "hello"):
        assert not d.call(typed)
        assert rec.last("notice")[0] == "warning"
    assert not any(c[0] == "make_call" for c in engine.commands)


def test_blind_and_consult_transfer_to_entries_and_numbers(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    start_shift(qtbot, desk, engine, rec)
    loaded(qtbot, desk)
    desk.agent.request_ready()
    offer(engine)
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    d = desk.directory
    assert not d.transfer("", "x-agency")                 # the center allows no transfer there
    assert d.transfer("", "c-2001", consult=True)
    assert engine.commands[-1] == ("make_call", "sip:2001@center.local")
    assert ("hold", 7) in engine.commands
    desk.consult.cancel_consult()
    assert d.transfer("02-555-0108")
    assert engine.commands[-1] == ("blind_transfer", 7, "sip:+8225550108@center.local")
