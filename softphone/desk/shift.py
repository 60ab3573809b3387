"""The shift: log in, register the phone line, watch the line, the SIP stack and the sound devices, move between pages, log out."""

from __future__ import annotations

import itertools
import logging
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from softphone.desk.availability import HEALTH, LINE, AgentStatus
from softphone.desk.common import (Checklist, Notices, SessionFacts, desk_tr, render,
                                   user_message)
from softphone.domain.messages import LINE_BY_CODE
from softphone.desk.views import LineView, SessionView, clean_text, field as g, registrar_hostport
from softphone.domain.agent import Event, State, TransitionError
from softphone.domain.security import LocalSecurity, Refusal, line_policy, server_address
from softphone.sip.events import (AudioStatus, EngineStarted, RegistrationChanged, SipAccountSettings,
                                  SrtpPolicy, Transport)

log = logging.getLogger(__name__)
HARDENED_PJSIP, HARDENED_OPENSSL = (2, 17), (3,)     # the hardened build: pjproject 2.17+, OpenSSL 3


def _release(version: str) -> tuple[int, ...]:
    """A version's leading release numbers: "2.17" -> (2, 17), "1.0.2k" -> (1, 0, 2), "" -> ()."""
    out = []
    for part in version.split("."):
        digits = "".join(itertools.takewhile(str.isdigit, part))
        if not digits:
            break
        out.append(int(digits))
    return tuple(out)


def stack_hardened(lib_version: str, ssl_version: str) -> bool:
    """The SIP stack is the hardened build (pjproject 2.17 or later on OpenSSL 3 or later)."""
    return _release(lib_version) >= HARDENED_PJSIP and _release(ssl_version) >= HARDENED_OPENSSL


class Shift(QObject):
    """Login -> checklist -> desk -> logout; the session's facts live in ``session``."""

    stage_changed = Signal(str)            # login | checklist | desk
    busy_changed = Signal(str, bool)       # operation, running
    login_failed = Signal(str)
    profile_language = Signal(str)         # the agent's language, before anything is shown
    session_started = Signal(object)       # SessionView
    line_changed = Signal(object)          # LineView
    audio_changed = Signal(object)         # AudioStatus
    logged_out = Signal()

    def __init__(self, engine: Any, center: Any, tasks: Any, notices: Notices,
                 session: SessionFacts, checks: Checklist, agent: AgentStatus,
                 local_security: LocalSecurity | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        # IT's / the counselor's [sip] floor under whatever the center answers at login
        self.local_security = local_security or LocalSecurity()
        self._engine, self._center, self._tasks = engine, center, tasks
        self._notices, self.session, self._checks, self._agent = notices, session, checks, agent
        self.stage = "login"
        self.result: Any = None                 # the center's login answer
        self._audio: AudioStatus | None = None
        self._stack: EngineStarted | None = None
        self.line = LineView(False, desk_tr("Not registered"))
        self.hold_logout: Callable[[], str] = lambda: ""     # why logout must wait ('' = it need not)

    def set_stage(self, stage: str) -> None:
        if stage != self.stage:
            self.stage = stage
            self.stage_changed.emit(stage)

    @Slot()
    def open_desk(self) -> None:
        if self.session.active:
            self.set_stage("desk")

    # ------------------------------------------------------------------ login / logout
    @Slot(str, str)
    def login(self, username: str, password: str) -> None:
        if self._agent.state is not State.LOGGED_OUT:
            return
        self.busy_changed.emit("login", True)
        self._tasks.run(self._center.login, username.strip(), password,
                        on_done=self._on_login, on_error=self._on_login_error)

    def _on_login_error(self, exc: BaseException) -> None:
        self.busy_changed.emit("login", False)
        self.login_failed.emit(user_message(exc))

    def _on_login(self, result: Any) -> None:
        self.busy_changed.emit("login", False)
        self.result = result
        agent, sip, conf = g(result, "agent"), g(result, "sip"), g(result, "settings")
        # first: the interface may switch to the agent's language before any text is built
        self.profile_language.emit(str(g(agent, "language", "") or ""))
        self._show_audio()
        self._show_stack()
        s = self.session
        s.active = True
        s.ring_timeout_s = int(g(conf, "ring_timeout_s", 20) or 20)
        s.acw_limit_s = int(g(conf, "acw_limit_s", 60) or 60)
        queues = tuple(g(result, "queues", ()) or ())
        s.queue_acw = {g(q, "id"): int(g(q, "acw_limit_s", s.acw_limit_s)) for q in queues}
        s.queue_names = {g(q, "id"): clean_text(g(q, "name"), 60) for q in queues}
        s.queue_call_waiting = {g(q, "id"): g(q, "call_waiting", False) is True for q in queues}
        s.language = g(agent, "language", "en") or "en"
        self._agent.machine.set_blocker(HEALTH, desk_tr("Complete the health self-check to go Ready."))
        self._agent.machine.set_blocker(LINE, desk_tr("The phone line is not registered yet."))
        self._agent.handle(Event.LOGIN)
        self._checks.set("center", True, desk_tr("Connected"))
        view = SessionView(agent_id=clean_text(g(agent, "id", "")),
                           display_name=clean_text(g(agent, "display_name", "")),
                           language=s.language,
                           queues=tuple((g(q, "id"), clean_text(g(q, "name"))) for q in queues))
        self.session_started.emit(view)
        self._start_line(sip)
        self.set_stage("checklist")

    def _start_line(self, sip: Any) -> None:
        """Register the line with the stricter of the center's answer and the local floor
        (softphone.domain.security); refuse it, with what IT must fix, rather than weaken it."""
        self.session.sip_domain = g(sip, "domain", "")
        self._checks.set("line", None, desk_tr("Registering…"))
        local = self.local_security
        asked = str(g(sip, "transport", "udp") or "udp")
        try:
            policy = line_policy(asked, str(g(sip, "srtp", "off") or "off"), local)
            acct = SipAccountSettings(
                registrar=server_address(registrar_hostport(g(sip, "registrar")), asked, policy,
                                         local.tls_port),
                domain=self.session.sip_domain,
                username=g(sip, "username"), password=g(sip, "password", ""),
                transport=Transport(policy.transport),
                outbound_proxy=server_address(g(sip, "outbound_proxy", "") or "", asked, policy,
                                              local.tls_port),
                register_expiry_s=int(g(sip, "register_expiry_s", 120) or 120),
                srtp=SrtpPolicy(policy.srtp))
        except (TypeError, ValueError) as exc:
            log.error("unusable SIP provisioning: %s", exc.__class__.__name__)
            self._checks.set("line", False, desk_tr("The center sent unusable phone settings. Call IT."))
            return
        if policy.raised:
            log.warning("line security raised above the center's answer (%s/%s): %s/%s",
                        asked, g(sip, "srtp", "off"), policy.transport, policy.srtp)
        if policy.refusal is not Refusal.NONE:
            text = {Refusal.SRTP_NEEDS_TLS: desk_tr(
                        "Line refused: calls must be encrypted (SRTP mandatory), which needs SIP "
                        "over TLS, and TLS is not available in this phone. IT must enable TLS "
                        "for this computer (or change sip.srtp)."),
                    Refusal.TLS_UNAVAILABLE: desk_tr(
                        "Line refused: the line must use TLS, and TLS is not available in this "
                        "phone. IT must enable TLS for this computer (or change sip.transport).")
                    }[policy.refusal]
            log.error("line refused: %s (%s/%s)", policy.refusal.value, policy.transport, policy.srtp)
            self.line = LineView(False, text, transport=policy.transport)
            self.line_changed.emit(self.line)
            self._checks.set("line", False, text)
            self._agent.machine.set_blocker(LINE, text)
            self._agent.emit_view()
            return
        log.info("line: %s, SRTP %s", policy.transport, policy.srtp)
        self._engine.set_account(acct)

    @Slot()
    def logout(self, closing: bool = False) -> None:
        """End the shift. ``closing``: the app closes, and a wrap-up in progress has been
        saved as a draft (softphone.desk.wrapup.WrapUp.park), so wrap-up may end too."""
        if self._agent.state is State.LOGGED_OUT:
            return
        why = self.hold_logout()
        if why and not closing:     # writes that exist only in memory would be lost
            self._notices.warning(why)
            return
        try:
            self._agent.machine.handle(Event.CLOSE_APP if closing else Event.LOGOUT)
        except TransitionError:
            self._notices.warning(desk_tr("Finish the call and wrap-up before logging out."))
            return
        self._tasks.forget()
        self._tasks.run(self._center.logout, on_error=lambda e: None)
        self._engine.unregister()
        self.session.reset()
        self.result = None
        self._checks.reset()
        self._show_stack()                  # the engine keeps running: its stack is still known
        self.line = LineView(False, desk_tr("Not registered"))
        self.logged_out.emit()
        self.set_stage("login")

    # ------------------------------------------------------------------ line and sound
    def relabel(self) -> None:
        """The language changed: the line's words again (same registration), and the
        checklist's sound and SIP stack rows."""
        ev = getattr(self, "_registration", None)
        if ev is not None and self.session.active and ev.registered == self.line.registered:
            self.on_registration(ev)
        self._show_audio()
        self._show_stack()

    def on_registration(self, ev: RegistrationChanged) -> None:
        if not self.session.active:
            return
        self._registration = ev
        text = desk_tr("Line ready") if ev.registered else render(     # the code, not the prose
            ev.problem or LINE_BY_CODE.get(ev.code, "line.not_registered"), (ev.code,))
        self.line = LineView(ev.registered, text, ev.secure, ev.transport, ev.tls_version,
                             ev.tls_cipher, ev.tls_verify_off)
        self.line_changed.emit(self.line)
        self._checks.set("line", ev.registered, text)
        self._agent.machine.set_blocker(LINE, None if ev.registered else text)
        if not ev.registered and self._agent.state is State.READY:
            self._agent.handle(Event.GO_NOT_READY, "technical")
        self._agent.emit_view()

    def on_audio(self, ev: AudioStatus) -> None:
        self._audio = ev
        self._show_audio()
        self.audio_changed.emit(ev)

    def _show_audio(self) -> None:
        """The sound check row, translated here (the sound side speaks English, maybe before
        the interface switched to the counselor's language)."""
        ev = self._audio
        if ev is None:
            return

        def t(text: str) -> str:
            return QCoreApplication.translate("Audio", text)
        notice = " ".join(t(template).format(*map(t, args)) for template, args in ev.notice_parts)
        self._checks.set("audio", ev.input_ok and ev.output_ok,
                         clean_text(notice or ev.notice or ev.input_device))

    def on_engine_started(self, ev: EngineStarted) -> None:
        self._stack = ev
        self._show_stack()

    def _show_stack(self) -> None:
        """The "SIP stack" row: OK on the hardened build, a warning (never a blocker) else."""
        ev = self._stack
        if ev is None:
            return
        lib = clean_text(ev.lib_version, 20) or "?"
        if stack_hardened(ev.lib_version, ev.ssl_version):
            self._checks.set("sip", True, desk_tr("pjsua2 {0}, OpenSSL {1}").format(
                lib, clean_text(ev.ssl_version, 20)))
        elif ev.ssl_version:
            self._checks.set("sip", False, desk_tr(
                "pjsua2 {0}, OpenSSL {1}: ask IT for the hardened build").format(
                lib, clean_text(ev.ssl_version, 20)))
        else:
            self._checks.set("sip", False, desk_tr(
                "pjsua2 {0} without OpenSSL: ask IT for the hardened build").format(lib))
