"""The in-call view's consult-transfer controls and silence warning."""

import time

from softphone.desk.views import CallView, Option
from softphone.ui.call_views import InCallView


def make(qtbot):
    v = InCallView()
    qtbot.addWidget(v)
    v.show()
    v.set_targets([Option("lead", "Shift lead", extra={"uri": "sip:lead@center.local"})])
    v.set_call(CallView(7, "incoming", "+8210", "Kim", phase="talking",
                        started_monotonic=time.monotonic()))
    return v


def test_consult_flow_shows_the_right_buttons(qtbot):
    v = make(qtbot)
    asked = []
    v.consult_requested.connect(asked.append)
    v.consult_complete_requested.connect(lambda: asked.append("complete"))
    v.consult_cancel_requested.connect(lambda: asked.append("cancel"))
    assert v.consult.isEnabled() and v.consult_complete.isHidden()
    v.consult.click()
    assert asked == ["sip:lead@center.local"]
    v.set_consult("calling", "sip:lead@center.local")
    assert not v.consult_complete.isEnabled() and v.consult_cancel.isEnabled()
    assert not v.transfer.isEnabled() and not v.consult.isEnabled()
    assert "Shift lead" in v.consult_status.text()          # the directory name, not the URI
    v.set_consult("talking", "sip:lead@center.local")
    v.consult_complete.click()
    v.consult_cancel.click()
    assert asked[1:] == ["complete", "cancel"]
    v.set_consult("", "")
    assert v.consult_complete.isHidden() and v.transfer.isEnabled()


def test_silence_warning_is_shown_and_cleared(qtbot):
    v = make(qtbot)
    assert v.silence_warning.isHidden()
    v.set_silence("heard")
    assert not v.silence_warning.isHidden() and "caller" in v.silence_warning.text()
    v.set_silence("mic")
    assert "microphone" in v.silence_warning.text()
    v.set_silence("")
    assert v.silence_warning.isHidden()
