"""Single widgets: login validation, the health form, safe caller text, the wrap-up form."""

from PySide6.QtCore import Qt

from softphone.desk.views import HealthView, WrapupView
from softphone.domain.health import parse_form
from softphone.ui.common import SafeLabel
from softphone.ui.healthform import HealthFormView
from softphone.ui.login import LoginView
from softphone.ui.wrapup import WrapupView as WrapupWidget
from tests.desk.fakes import FORM


def test_login_needs_both_fields(qtbot):
    v = LoginView("center")
    qtbot.addWidget(v)
    got = []
    v.login_requested.connect(lambda u, p: got.append((u, p)))
    v.user.setText("agent1")
    v.button.click()
    assert got == [] and not v.error.isHidden() and "password" in v.error.text()
    v.password.setText("pw")
    v.button.click()
    assert got == [("agent1", "pw")] and v.error.isHidden()
    v.set_busy(True)
    assert not v.button.isEnabled()
    v.show_error("Wrong user name or password.")
    assert v.button.isEnabled() and v.error.text() == "Wrong user name or password."
    v.reset()
    assert v.password.text() == ""


def test_caller_text_is_plain_stripped_and_elided(qtbot):
    lab = SafeLabel("<b>x</b>\u202e\u200fevil\x07 name")
    qtbot.addWidget(lab)
    assert lab.textFormat() == Qt.TextFormat.PlainText
    assert lab.full_text() == "<b>x</b>evil name"
    lab.resize(400, 20)
    assert lab.text() == "<b>x</b>evil name"
    lab.show()
    lab.set_safe_text("A very long caller name " * 10)
    lab.resize(80, 20)
    qtbot.waitUntil(lambda: lab.width() == 80, timeout=2000)
    lab.set_safe_text(lab.full_text())
    assert lab.text().endswith("…") and len(lab.text()) < 40
    assert lab.toolTip().startswith("A very long")


def test_health_form_requires_answers_and_reports_them(qtbot):
    v = HealthFormView()
    qtbot.addWidget(v)
    v.set_form(parse_form(FORM))
    got = []
    v.submitted.connect(got.append)
    v.submit.click()
    assert got == [] and all(not e.isHidden() for e in v._errors.values())
    a = v._answers
    a["temperature"].spin.setValue(36.6)
    a["cough"].group.button(0).setChecked(True)
    a["stress"].group.button(2).setChecked(True)
    v.submit.click()
    assert got == [{"temperature": 36.6, "cough": False, "stress": 2}]
    v.show_result(HealthView(False, "Call 1234 <script>", True))
    assert "Not cleared" in v.outcome_title.text()
    assert v.outcome_text.full_text() == "Call 1234 <script>" and not v.submit.isEnabled()
    v.clear()
    assert v._answers == {} and v.outcome.isHidden()


def test_wrapup_needs_a_disposition_and_counts_down(qtbot):
    w = WrapupWidget()
    qtbot.addWidget(w)
    got = []
    w.submitted.connect(lambda c, n: got.append((c, n)))
    w.set_wrapup(WrapupView(1, "I-1", "", (("resolved", "Resolved"), ("x", "Other")), 60))
    assert not w.submit.isEnabled()
    w.dispositions.setCurrentRow(1)
    w.notes.setPlainText("note")
    assert w.submit.isEnabled()
    w.submit.click()
    assert got == [("x", "note")]
    w.set_remaining(75)
    assert "01:15" in w.countdown.text()
    w.set_remaining(-5)
    assert "00:05" in w.countdown.text() and "over" in w.countdown.text()


def test_login_shows_reachability(qtbot):
    v = LoginView("center")
    qtbot.addWidget(v)
    v.set_reachability(False, "The center does not answer — check your VPN connection.")
    assert "VPN" in v.reach.full_text() and not v.reach.isHidden()
    v.set_reachability(True, "")
    assert "reachable" in v.reach.full_text()


def test_wrapup_notes_show_the_limit_and_never_go_past_it(qtbot):
    from softphone.desk.views import NOTES_MAX
    from softphone.ui.wrapup import WrapupView
    w = WrapupView()
    qtbot.addWidget(w)
    w.notes.setPlainText("x" * 9000)
    assert w.count.text() == f"9000 / {NOTES_MAX}"
    w.notes.setPlainText("y" * (NOTES_MAX + 500))        # a paste past the limit
    assert len(w.notes.toPlainText()) == NOTES_MAX and "limit" in w.count.text()


def test_login_screen_says_whose_writes_wait(qtbot):
    from softphone.ui.login import LoginView
    v = LoginView("https://center.example/api/v1")
    qtbot.addWidget(v)
    v.show()
    v.set_waiting(["2 write(s) of agent1 are waiting to be sent: they go when agent1 signs in."])
    assert v.waiting.isVisible() and "agent1" in v.waiting.full_text()
    v.set_waiting([])
    assert not v.waiting.isVisible()
