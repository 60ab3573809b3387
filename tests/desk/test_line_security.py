"""IT's [sip] security settings reach the line: settings -> floor -> the desk's account, refusals, the line view."""

from __future__ import annotations

import logging

import pytest

from softphone.center.models import LoginResult, SipProvisioning
from softphone.desk.desk import Desk
from softphone.platform.settings import load_settings, local_security
from softphone.platform.tasks import TaskRunner
from softphone.sip.events import RegistrationChanged, SrtpPolicy, Transport
from tests.desk.fakes import FakeCenter, FakeEngine, FakeOutbox
from tests.desk.test_desk import teardown


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


IT_TLS = ("[sip]\nsrtp = mandatory\ntransport = tls\ntls_port = 5999\n"
          "[lock]\nkeys = sip.srtp, sip.transport\n")


class PlainCenter(FakeCenter):
    """A center that provisions plain SIP: udp, SRTP off."""

    def __init__(self, transport="udp", srtp="off", proxy=""):
        super().__init__()
        self.sip = SipProvisioning("sip:127.0.0.1:5060", "center.local", "agent1", "pw",
                                   transport, proxy, srtp, 120)

    def login(self, username, password, sip_contact=""):
        r = super().login(username, password, sip_contact)
        return LoginResult(r.token, r.refresh_token, r.expires_in, r.agent, self.sip, r.queues,
                           r.settings)


@pytest.fixture
def make_desk(qtbot):
    made = []

    def make(center, local):
        engine, tasks = FakeEngine(), TaskRunner()
        desk = Desk(engine, center, tasks, FakeOutbox(), queue_poll_ms=60000)
        desk.shift.local_security = local
        made.append((tasks, desk, engine))
        desk.shift.login("agent1", "practice")
        qtbot.waitUntil(lambda: desk.shift.stage == "checklist", timeout=5000)
        return desk, engine

    yield make
    for tasks, desk, engine in made:
        teardown(qtbot, tasks, desk, engine)


def _account(engine):
    (_, acct), = [c for c in engine.commands if c[0] == "set_account"]
    return acct


# ---------------------------------------------------------------------------- settings


def test_it_floor_is_read_with_its_locks(tmp_path):
    prov = write(tmp_path / "p.ini", IT_TLS)
    usr = write(tmp_path / "u.ini", "[sip]\nsrtp = off\ntransport = udp\n")
    local = local_security(load_settings(provisioning=prov, user=usr))
    assert (local.transport, local.srtp, local.tls_port) == ("tls", "mandatory", 5999)
    assert local.locked == {"srtp", "transport"} and local.verify_server


def test_a_locked_security_key_with_a_bad_value_fails_closed(tmp_path):
    prov = write(tmp_path / "p.ini", "[sip]\nsrtp = required\ntransport = TLS\n"
                                     "[lock]\nkeys = sip.srtp\n")
    usr = write(tmp_path / "u.ini", "[sip]\nsrtp = off\n")
    s = load_settings(provisioning=prov, user=usr)
    assert s.sip.srtp == "mandatory" and s.sip.transport == "tls"
    assert any("sip.srtp" in p and "strictest" in p for p in s.problems)


def test_an_unlocked_bad_value_is_reported_and_the_lower_layer_kept(tmp_path):
    usr = write(tmp_path / "u.ini", "[sip]\nsrtp = sometimes\n")
    s = load_settings(provisioning=tmp_path / "none.ini", user=usr)
    assert s.sip.srtp == "" and any("sip.srtp" in p for p in s.problems)


def test_engine_always_has_tls_and_only_a_locked_it_setting_turns_verification_off(
        tmp_path, caplog):
    from softphone.app import engine_settings
    none = tmp_path / "none.ini"
    usr = write(tmp_path / "u.ini", "[sip]\ntls_verify_server = false\n")
    with caplog.at_level(logging.WARNING, logger="softphone"):
        es = engine_settings(load_settings(provisioning=none, user=usr), "127.0.0.1")
    assert Transport.TLS in es.transports and es.tls_verify_server is True
    assert "ignored" in caplog.text and "user" in caplog.text
    unlocked = write(tmp_path / "p1.ini", "[sip]\ntls_verify_server = false\n")
    assert engine_settings(load_settings(provisioning=unlocked, user=none), "").tls_verify_server
    locked = write(tmp_path / "p2.ini", "[sip]\ntls_verify_server = false\n"
                                        "[lock]\nkeys = sip.tls_verify_server\n")
    es = engine_settings(load_settings(provisioning=locked, user=usr), "")
    assert es.tls_verify_server is False


# ---------------------------------------------------------------------------- the desk


def test_center_says_udp_off_but_it_floor_gives_tls_mandatory(tmp_path, make_desk):
    local = local_security(load_settings(provisioning=write(tmp_path / "p.ini", IT_TLS),
                                         user=tmp_path / "none.ini"))
    desk, engine = make_desk(PlainCenter("udp", "off", proxy="127.0.0.1:5060"), local)
    acct = _account(engine)
    assert acct.transport is Transport.TLS and acct.srtp is SrtpPolicy.MANDATORY
    # the center's port was for UDP: IT's TLS port is used for registrar and proxy
    assert acct.registrar == "127.0.0.1:5999" and acct.outbound_proxy == "127.0.0.1:5999"


def test_the_center_can_raise_the_floor(make_desk):
    from softphone.domain.security import LocalSecurity
    desk, engine = make_desk(PlainCenter("tcp", "optional"),
                             LocalSecurity(transport="udp", srtp="off", locked=frozenset({"srtp"})))
    acct = _account(engine)
    assert acct.transport is Transport.TCP and acct.srtp is SrtpPolicy.OPTIONAL
    assert acct.registrar == "127.0.0.1:5060"


@pytest.mark.parametrize("local_kw,center,fix", [
    ({"srtp": "mandatory"}, ("udp", "off"), "sip.srtp"),
    ({}, ("udp", "mandatory"), "sip.srtp"),
    ({"transport": "tls"}, ("udp", "off"), "sip.transport"),
])
def test_line_refused_when_tls_is_impossible(make_desk, local_kw, center, fix):
    from softphone.domain.security import LocalSecurity
    desk, engine = make_desk(PlainCenter(*center), LocalSecurity(tls_available=False, **local_kw))
    assert not [c for c in engine.commands if c[0] == "set_account"]
    row = desk.checks.items["line"]
    assert row.ok is False and "IT must" in row.detail and fix in row.detail
    assert "TLS" in row.detail
    assert not desk.shift.line.registered and desk.shift.line.text == row.detail
    assert desk.agent.machine.ready_blockers()          # Ready stays blocked, with the reason
    assert row.detail in desk.agent.machine.ready_blockers().values()


def test_line_view_carries_tls_details_and_the_verification_warning(make_desk):
    from softphone.domain.security import LocalSecurity
    desk, engine = make_desk(PlainCenter("tls", "mandatory"), LocalSecurity())
    seen = []
    desk.shift.line_changed.connect(seen.append)
    engine.event.emit(RegistrationChanged(True, 200, "Registered", "tls", secure=True,
                                          tls_version="TLS 1.3", tls_cipher="TLS_AES_256_GCM_SHA384",
                                          tls_verify_off=True))
    line = seen[-1]
    assert line.registered and line.secure and line.transport == "tls"
    assert (line.tls_version, line.tls_cipher) == ("TLS 1.3", "TLS_AES_256_GCM_SHA384")
    assert line.verify_off
    # a failed re-registration keeps the warning: it is a state, not a notice
    engine.event.emit(RegistrationChanged(False, 503, "Server unavailable", "tls",
                                          tls_verify_off=True))
    assert not seen[-1].registered and seen[-1].verify_off


# ---------------------------------------------------------------------------- the line indicator


def test_indicator_tooltip_padlock_and_lasting_warning(qtbot):
    from softphone.desk.views import CallPhase, CallView, LineView
    from softphone.ui.desk_view import DeskView
    v = DeskView()
    qtbot.addWidget(v)
    bar = v.bar
    tls = LineView(True, "Line ready", True, "tls", "TLS 1.2", "ECDHE-RSA-AES256-GCM-SHA384")
    bar.set_line(tls)
    assert bar.line.text().startswith("✔") and "TLS" in bar.line.text()
    assert "TLS 1.2" in bar.line.toolTip() and "ECDHE-RSA-AES256-GCM-SHA384" in bar.line.toolTip()
    assert bar.line_warning.isHidden()
    # padlock only when the call's audio is SRTP too
    srtp_call = CallView(7, "incoming", "+82", "Caller", phase=CallPhase.TALKING, secure=True)
    v.incall.set_call(srtp_call)
    assert bar.line.text().startswith("🔒") and v.incall.secure.text().startswith("🔒")
    assert "audio (SRTP)" in bar.line.toolTip()
    v.incall.stop()
    assert bar.line.text().startswith("✔") and v.incall.secure.text() == ""
    # SRTP on a UDP line: no padlock anywhere
    bar.set_line(LineView(True, "Line ready", False, "udp"))
    v.incall.set_call(srtp_call)
    assert bar.line.text().startswith("✔") and v.incall.secure.text() == ""
    assert "not encrypted (UDP)" in bar.line.toolTip()
    v.incall.stop()
    # verification off by IT: a lasting warning, also while the line is down
    bar.set_line(LineView(True, "Line ready", True, "tls", "TLS 1.2", "X", verify_off=True))
    assert not bar.line_warning.isHidden() and "not verified" in bar.line_warning.text()
    bar.set_line(LineView(False, "Line not registered", False, "tls", verify_off=True))
    assert not bar.line_warning.isHidden()
    assert "certificate" in bar.line.toolTip()
