"""The counselor's desk controller (QtCore only): joins SIP events, center results and the
agent state machine, and tells the screens what to show through Qt signals.

Screens call the intent slots (``login``, ``answer``, ``submit_wrapup``...) and render the
signals; they never talk to the center or the engine. Every center call runs on the task
pool (softphone/tasks.py); SIP commands are queued to the engine's own thread. Caller data
lives in this object's memory only and is dropped at logout.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any, Callable, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from softphone.agent import AgentStateMachine, Event, State, TransitionError
from softphone.desk_calls import CallsMixin
from softphone.desk_models import (AgentView, CheckItem, HealthView, LineView, Option,
                                   SessionView, clean_text, field as g, registrar_hostport)
from softphone.health import AnswerError, FormError, HealthForm, evaluate
from softphone.sip.events import (AudioStatus, EngineError, RegistrationChanged,
                                  SipAccountSettings, SrtpPolicy, Transport)

log = logging.getLogger(__name__)

HEALTH = "health_check_required"
LINE = "line"


def tr(text: str) -> str:
    return QCoreApplication.translate("Desk", text)


TRANSIENT = ("unreachable", "timeout", "server")   # CenterError kinds worth retrying


def user_message(exc: BaseException) -> str:
    """What a counselor reads for a failed center call (CenterError.user_message)."""
    msg = getattr(exc, "user_message", "")
    return msg or tr("Something went wrong talking to the center. Try again.")


class Engine(Protocol):
    def set_account(self, settings: SipAccountSettings) -> None: ...
    def make_call(self, uri: str) -> int: ...
    def answer(self, call_id: int) -> None: ...
    def reject(self, call_id: int, code: int) -> None: ...
    def hangup(self, call_id: int) -> None: ...
    def hold(self, call_id: int) -> None: ...
    def resume(self, call_id: int) -> None: ...
    def set_mute(self, call_id: int, muted: bool) -> None: ...
    def send_dtmf(self, call_id: int, digits: str) -> None: ...
    def blind_transfer(self, call_id: int, uri: str) -> None: ...
    def consult_transfer(self, call_id: int, other_call_id: int) -> None: ...
    def unregister(self) -> None: ...


class Desk(CallsMixin, QObject):
    stage_changed = Signal(str)            # login | checklist | desk
    busy_changed = Signal(str, bool)       # operation, running
    login_failed = Signal(str)
    profile_language = Signal(str)         # the agent's language, before anything is shown
    session_started = Signal(object)       # SessionView
    checks_changed = Signal(object)        # tuple[CheckItem]
    health_form_ready = Signal(object)     # HealthForm
    health_form_failed = Signal(str)
    health_result = Signal(object)         # HealthView
    health_answer_error = Signal(str, str)  # question id, message
    agent_changed = Signal(object)         # AgentView
    reason_codes_changed = Signal(object)  # tuple[Option] (extra: kind)
    queues_changed = Signal(object)        # tuple of center QueueStats
    line_changed = Signal(object)          # LineView
    audio_changed = Signal(object)         # AudioStatus
    call_offered = Signal(object)          # CallView
    call_changed = Signal(object)          # CallView
    call_cleared = Signal()
    context_ready = Signal(object)         # ContextView
    quality_changed = Signal(object)       # QualityView
    consult_changed = Signal(str, str)     # phase (calling|talking|transferring|""), target
    silence_changed = Signal(str)          # "" | "heard" | "mic": which side went quiet
    wrapup_started = Signal(object)        # WrapupView
    wrapup_tick = Signal(int)              # seconds of ACW left (negative: over the limit)
    wrapup_finished = Signal()
    callbacks_changed = Signal(object)     # tuple of CallbackRequest
    quick_connects_changed = Signal(object)  # tuple[Option] (extra: uri)
    history_changed = Signal(object)       # tuple[HistoryEntry]
    outbox_changed = Signal(int)           # writes not yet confirmed by the center
    notice = Signal(str, str)              # level (info|warning|error), text
    logged_out = Signal()
    outbox_event = Signal(object)          # emit from any thread (the outbox's hook)

    def __init__(self, engine: Engine, center: Any, tasks: Any, outbox: Any = None,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None,
                 queue_poll_ms: int = 5000) -> None:
        QObject.__init__(self, parent)
        self._engine, self._center, self._tasks, self._outbox = engine, center, tasks, outbox
        self._clock = clock
        self.machine = AgentStateMachine(clock)
        self.machine.subscribe(self._on_transition)
        self.stage = "login"
        self._queue_timer = QTimer(self)
        self._queue_timer.setInterval(queue_poll_ms)
        self._queue_timer.timeout.connect(self.refresh_queues)
        self._reset_session()
        self._init_calls()
        engine.event.connect(self._on_sip_event)
        self.outbox_event.connect(self._on_outbox_event)

    def set_outbox(self, outbox: Any) -> None:
        """The durable outbox opens on a worker (keyring); it arrives here when ready."""
        self._outbox = outbox
        self.outbox_changed.emit(outbox.pending_count())

    # ================================================================ session state
    def _reset_session(self) -> None:
        self.session: Any = None
        self.reason_codes: dict[str, Option] = {}
        self.health_form: HealthForm | None = None
        self.health: HealthView | None = None
        self._health_key: str | None = None
        self._health_retry: tuple[HealthForm, dict] | None = None   # in memory only
        self._health_backoff_s = 0.0
        self.checks: dict[str, CheckItem] = {
            k: CheckItem(k, None) for k in ("center", "line", "audio", "health")}
        self.line = LineView(False, tr("Not registered"))
        self.sip_domain = ""
        self.ring_timeout_s = 20
        self.acw_limit_s = 60
        self.queue_acw: dict[str, int] = {}
        self.queue_names: dict[str, str] = {}

    def _set_stage(self, stage: str) -> None:
        if stage != self.stage:
            self.stage = stage
            self.stage_changed.emit(stage)

    def _check(self, key: str, ok: bool | None, detail: str = "") -> None:
        self.checks[key] = CheckItem(key, ok, detail)
        self.checks_changed.emit(tuple(self.checks.values()))

    def _fail(self, what: str) -> Callable[[BaseException], None]:
        def handler(exc: BaseException) -> None:
            log.warning("%s failed: %s", what, getattr(exc, "detail", exc.__class__.__name__))
            self.notice.emit("error", user_message(exc))
        return handler

    # ================================================================ login / logout
    @Slot(str, str)
    def login(self, username: str, password: str) -> None:
        if self.machine.state is not State.LOGGED_OUT:
            return
        self.busy_changed.emit("login", True)
        self._tasks.run(self._center.login, username.strip(), password,
                        on_done=self._on_login, on_error=self._on_login_error)

    def _on_login_error(self, exc: BaseException) -> None:
        self.busy_changed.emit("login", False)
        self.login_failed.emit(user_message(exc))

    def _on_login(self, result: Any) -> None:
        self.busy_changed.emit("login", False)
        self.session = result
        agent, sip, conf = g(result, "agent"), g(result, "sip"), g(result, "settings")
        # first: the interface may switch to the agent's language before any text is built
        self.profile_language.emit(str(g(agent, "language", "") or ""))
        self._show_audio()
        self.ring_timeout_s = int(g(conf, "ring_timeout_s", 20) or 20)
        self.acw_limit_s = int(g(conf, "acw_limit_s", 60) or 60)
        queues = tuple(g(result, "queues", ()) or ())
        self.queue_acw = {g(q, "id"): int(g(q, "acw_limit_s", self.acw_limit_s)) for q in queues}
        self.queue_names = {g(q, "id"): clean_text(g(q, "name"), 60) for q in queues}
        self.machine.set_blocker(HEALTH, tr("Complete the health self-check to go Ready."))
        self.machine.set_blocker(LINE, tr("The phone line is not registered yet."))
        self.machine.handle(Event.LOGIN)
        self._check("center", True, tr("Connected"))
        view = SessionView(agent_id=clean_text(g(agent, "id", "")),
                           display_name=clean_text(g(agent, "display_name", "")),
                           language=g(agent, "language", "en") or "en",
                           queues=tuple((g(q, "id"), clean_text(g(q, "name"))) for q in queues))
        self.session_started.emit(view)
        self._start_line(sip)
        self._set_stage("checklist")
        lang = view.language
        self._tasks.run(self._center.health_form, lang, on_done=self._on_health_form,
                        on_error=self._on_health_form_error)
        self._tasks.run(self._center.reason_codes, on_done=self._on_reason_codes,
                        on_error=self._fail("reason codes"))
        self._tasks.run(self._center.quick_connects, on_done=self._on_quick_connects,
                        on_error=self._fail("quick connects"))
        self.refresh_queues()
        self.refresh_callbacks()
        self._queue_timer.start()

    def _start_line(self, sip: Any) -> None:
        self.sip_domain = g(sip, "domain", "")
        self._check("line", None, tr("Registering…"))
        try:
            acct = SipAccountSettings(
                registrar=registrar_hostport(g(sip, "registrar")), domain=self.sip_domain,
                username=g(sip, "username"), password=g(sip, "password", ""),
                transport=Transport(g(sip, "transport", "udp") or "udp"),
                outbound_proxy=g(sip, "outbound_proxy", "") or "",
                register_expiry_s=int(g(sip, "register_expiry_s", 120) or 120),
                srtp=SrtpPolicy(g(sip, "srtp", "off") or "off"))
        except (TypeError, ValueError) as exc:
            log.error("unusable SIP provisioning: %s", exc.__class__.__name__)
            self._check("line", False, tr("The center sent unusable phone settings. Call IT."))
            return
        self._engine.set_account(acct)

    @Slot()
    def logout(self) -> None:
        if self.machine.state is State.LOGGED_OUT:
            return
        try:
            self.machine.handle(Event.LOGOUT)
        except TransitionError:
            self.notice.emit("warning", tr("Finish the call and wrap-up before logging out."))
            return
        self._queue_timer.stop()
        self._tasks.forget()
        self._tasks.run(self._center.logout, on_error=lambda e: None)
        self._engine.unregister()
        self._reset_session()
        self._reset_calls()
        self.logged_out.emit()
        self._set_stage("login")

    # ================================================================ health self-check
    def _on_health_form(self, form: HealthForm) -> None:
        self.health_form = form
        self._check("health", None, tr("Answer the self-check"))
        self.health_form_ready.emit(form)

    def _on_health_form_error(self, exc: BaseException) -> None:
        self._check("health", False, user_message(exc))
        self.health_form_failed.emit(user_message(exc))

    @Slot(object)
    def submit_health(self, answers: dict) -> None:
        """Evaluate at once (to show the outcome), then record it at the center."""
        form = self.health_form
        if form is None:
            return
        try:
            outcome = evaluate(form, answers)
        except AnswerError as exc:
            self.health_answer_error.emit(exc.question_id, tr("Please answer this question."))
            return
        except FormError:
            self.health_form_failed.emit(tr("The self-check form is invalid. Call your supervisor."))
            return
        self._show_health(HealthView(outcome.cleared, clean_text(form.guidance, 1000), False))
        self.busy_changed.emit("health", True)
        # Direct, not through the outbox: medical answers never touch the disk. The key makes
        # a retry of the same submission count once.
        if self._health_key is None:
            self._health_key = str(uuid.uuid4())
        self._health_retry = (form, dict(answers))
        self._send_health()

    def _send_health(self) -> None:
        pending = self._health_retry
        if pending is None or self._health_key is None:
            return
        form, answers = pending
        self._tasks.run(self._center.submit_health_check, form.form_id, form.version,
                        dict(answers), self._health_key, on_done=self._on_health_recorded,
                        on_error=self._on_health_record_error)

    def _on_health_recorded(self, result: Any) -> None:
        self.busy_changed.emit("health", False)
        self._health_key = None
        self._health_retry = None
        self._health_backoff_s = 0.0
        cleared = bool(g(result, "cleared", False))
        guidance = clean_text(g(result, "guidance", "") or "", 1000)
        self._show_health(HealthView(cleared, guidance or (self.health.guidance if self.health else ""),
                                     True))
        self.machine.set_blocker(HEALTH, None if cleared else tr(
            "You are not cleared for calls today. Follow the guidance and talk to your supervisor."))
        self._emit_agent()
        if cleared:
            self._set_stage("desk")

    @Slot()
    def enter_desk(self) -> None:
        """Leave the checklist once the self-check is recorded (cleared or not)."""
        if self.health is not None and self.health.confirmed:
            self._set_stage("desk")

    def _on_health_record_error(self, exc: BaseException) -> None:
        # A VPN hiccup must not lose the self-check, and medical answers never go to disk:
        # transient failures are retried from memory with backoff (same idempotency key)
        # until the center answers or the counselor logs out.
        if getattr(exc, "kind", "") in TRANSIENT and self._health_retry is not None:
            self._health_backoff_s = min(30.0, max(1.0, self._health_backoff_s * 2))
            self.notice.emit("warning", tr(
                "Your self-check is not recorded yet ({0}). Trying again in {1} s.").format(
                    user_message(exc), int(self._health_backoff_s)))
            QTimer.singleShot(int(self._health_backoff_s * 1000), self, self._send_health)
            return
        self._health_retry = None
        self.busy_changed.emit("health", False)
        self.notice.emit("error", tr("Your self-check was not recorded: {0}").format(user_message(exc)))

    def _show_health(self, view: HealthView) -> None:
        self.health = view
        self._check("health", view.cleared,
                    tr("Cleared") if view.cleared else tr("Not cleared: see the guidance"))
        self.health_result.emit(view)

    # ================================================================ agent state
    @Slot()
    def request_ready(self) -> None:
        self._request(Event.GO_READY, "")

    @Slot(str)
    def request_not_ready(self, reason: str) -> None:
        self._request(Event.GO_NOT_READY, reason)

    @Slot(str)
    def request_break(self, reason: str) -> None:
        self._request(Event.GO_BREAK, reason)

    def _request(self, event: Event, reason: str) -> None:
        try:
            self.machine.handle(event, reason)
        except TransitionError as exc:
            self.notice.emit("warning", str(exc))
            self._emit_agent()

    def _on_transition(self, t: Any) -> None:
        if t.old is not t.new and t.new is not State.LOGGED_OUT:
            self._send_state(t.new.value, t.reason)
        if t.new is State.LOGGED_OUT:
            return
        self._emit_agent()

    def _send_state(self, state: str, reason: str) -> None:
        self._tasks.run(self._center.set_state, state, reason, lane="state",
                        on_error=lambda exc, s=state: self._on_state_refused(s, exc))

    def _on_state_refused(self, state: str, exc: BaseException) -> None:
        if getattr(exc, "kind", "") == "conflict" and state == State.READY.value:
            self.machine.set_blocker(HEALTH, user_message(exc))
            if self.machine.state is State.READY:
                self.machine.handle(Event.GO_NOT_READY, "technical")
        self.notice.emit("error", user_message(exc))

    def _emit_agent(self) -> None:
        m = self.machine
        blockers = m.ready_blockers()
        view = AgentView(
            state=m.state.value, reason=m.reason, reason_label=self._label(m.reason),
            since_monotonic=self._clock() - m.elapsed(),
            pending_state=m.pending.state.value if m.pending else "",
            pending_label=self._label(m.pending.reason) if m.pending else "",
            ready_allowed=not blockers, ready_blocker=next(iter(blockers.values()), ""))
        self.agent_changed.emit(view)

    def _label(self, code: str) -> str:
        if not code:
            return ""
        opt = self.reason_codes.get(code)
        return opt.label if opt else {"missed": tr("Missed call")}.get(code, code)

    def _on_reason_codes(self, codes: Any) -> None:
        self.reason_codes = {g(c, "code"): Option(g(c, "code"), clean_text(g(c, "label")),
                                                  {"kind": g(c, "kind")}) for c in codes}
        self.reason_codes_changed.emit(tuple(self.reason_codes.values()))
        self._emit_agent()

    # ================================================================ lists
    @Slot()
    def refresh_queues(self) -> None:
        if self.session is not None:
            self._tasks.run(self._center.queues, on_done=lambda q: self.queues_changed.emit(tuple(q)),
                            on_error=lambda e: None)

    @Slot()
    def refresh_callbacks(self) -> None:
        if self.session is not None:
            self._tasks.run(self._center.callbacks,
                            on_done=lambda c: self.callbacks_changed.emit(tuple(c)),
                            on_error=self._fail("callbacks"))

    def _on_quick_connects(self, items: Any) -> None:
        self.quick_connects_changed.emit(tuple(
            Option(g(q, "id"), clean_text(g(q, "name")), {"uri": g(q, "uri")}) for q in items))

    @Slot(str)
    def ask_help(self, message: str) -> None:
        iid = self.current_interaction_id()
        self._tasks.run(self._center.help, message, iid or None,
                        on_done=lambda _r: self.notice.emit("info", tr("Your supervisor was notified.")),
                        on_error=self._fail("help"))

    # ================================================================ SIP events
    @Slot(object)
    def _on_sip_event(self, ev: Any) -> None:
        if isinstance(ev, RegistrationChanged):
            self._on_registration(ev)
        elif isinstance(ev, AudioStatus):
            self._audio_status = ev
            self._show_audio()
            self.audio_changed.emit(ev)
        elif isinstance(ev, EngineError) and ev.call_id is None:
            self.notice.emit("error", clean_text(ev.message))
        else:
            self._on_call_event(ev)

    def _show_audio(self) -> None:
        """The sound check row, translated here (the sound side speaks English, maybe before
        the interface switched to the counselor's language)."""
        ev = getattr(self, "_audio_status", None)
        if ev is None:
            return
        def t(text: str) -> str:
            return QCoreApplication.translate("Audio", text)
        notice = " ".join(t(template).format(*map(t, args)) for template, args in ev.notice_parts)
        self._check("audio", ev.input_ok and ev.output_ok,
                    clean_text(notice or ev.notice or ev.input_device))

    def _on_registration(self, ev: RegistrationChanged) -> None:
        if self.session is None:
            return
        text = tr("Line ready") if ev.registered else (
            tr("Line not registered: {0}").format(clean_text(ev.reason)))
        self.line = LineView(ev.registered, text, ev.secure)
        self.line_changed.emit(self.line)
        self._check("line", ev.registered, text)
        self.machine.set_blocker(LINE, None if ev.registered else text)
        if not ev.registered and self.machine.state is State.READY:
            self.machine.handle(Event.GO_NOT_READY, "technical")
        self._emit_agent()
