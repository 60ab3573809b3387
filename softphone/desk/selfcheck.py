"""The shift-start health self-check: load the center's form, evaluate the answers, record them (from memory only).

Honest states: "Sent, waiting for the center" until the center answers, then cleared or not.
The answers never reach the disk; only the fact that some were sent and not yet confirmed is
kept as a draft marker (softphone.desk.drafts), so that after a restart, a crash or a logout
the form says "Your previous answers were not recorded: please answer again".
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.desk.availability import HEALTH, AgentStatus
from softphone.desk.common import TRANSIENT, Checklist, Notices, desk_tr, user_message
from softphone.desk.drafts import SELFCHECK, DraftKeeper
from softphone.desk.views import HealthView, clean_text, field as g
from softphone.domain.health import AnswerError, FormError, HealthForm, evaluate


class SelfCheck(QObject):
    """Medical answers never reach the disk: a failed submission is retried from memory."""

    busy_changed = Signal(bool)
    health_form_ready = Signal(object)      # HealthForm
    health_form_failed = Signal(str)
    health_result = Signal(object)          # HealthView
    health_answer_error = Signal(str, str)  # question id, message
    health_previous = Signal(str)           # earlier answers were sent but never recorded

    def __init__(self, center: Any, tasks: Any, notices: Notices, checks: Checklist,
                 agent: AgentStatus, open_desk: Callable[[], None],
                 parent: QObject | None = None, drafts: DraftKeeper | None = None) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._notices, self._checks = center, tasks, notices, checks
        self._agent, self._open_desk, self._drafts = agent, open_desk, drafts
        self.reset()

    def reset(self) -> None:
        self.health_form: HealthForm | None = None
        self.health: HealthView | None = None
        self._key: str | None = None
        self._retry: tuple[HealthForm, dict] | None = None     # in memory only
        self._backoff_s = 0.0
        self._told_previous = False

    def load(self, language: str) -> None:
        self._tasks.run(self._center.health_form, language, on_done=self._on_form,
                        on_error=self._on_form_error)

    def _on_form(self, form: HealthForm) -> None:
        self.health_form = form
        self._checks.set("health", None, desk_tr("Answer the self-check"))
        self.health_form_ready.emit(form)
        self.check_previous()

    def check_previous(self) -> None:
        """Say once, on a form not answered yet, that answers sent before were never recorded."""
        if (self._told_previous or self.health_form is None or self.health is not None
                or self._drafts is None or self._drafts.load(SELFCHECK) is None):
            return
        self._told_previous = True
        text = desk_tr("Your previous answers were not recorded: please answer again.")
        self._notices.warning(text)
        self.health_previous.emit(text)

    def _on_form_error(self, exc: BaseException) -> None:
        self._checks.set("health", False, user_message(exc))
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
            self.health_answer_error.emit(exc.question_id, desk_tr("Please answer this question."))
            return
        except FormError:
            self.health_form_failed.emit(desk_tr("The self-check form is invalid. Call your supervisor."))
            return
        self._show(HealthView(outcome.cleared, clean_text(form.guidance, 1000), False))
        self.busy_changed.emit(True)
        # Direct, not through the outbox: medical answers never touch the disk. The key makes
        # a retry of the same submission count once.
        if self._key is None:
            self._key = str(uuid.uuid4())
        self._retry = (form, dict(answers))
        if self._drafts is not None:        # the fact, never the answers
            self._drafts.save(SELFCHECK, {"form_id": form.form_id, "sent_at": time.time()})
        self._send()

    def _send(self) -> None:
        pending = self._retry
        if pending is None or self._key is None:
            return
        form, answers = pending
        self._tasks.run(self._center.submit_health_check, form.form_id, form.version,
                        dict(answers), self._key, on_done=self._on_recorded,
                        on_error=self._on_record_error)

    def _on_recorded(self, result: Any) -> None:
        self.busy_changed.emit(False)
        self._key, self._retry, self._backoff_s = None, None, 0.0
        if self._drafts is not None:
            self._drafts.drop(SELFCHECK)
        cleared = bool(g(result, "cleared", False))
        guidance = clean_text(g(result, "guidance", "") or "", 1000)
        self._show(HealthView(cleared, guidance or (self.health.guidance if self.health else ""),
                              True))
        self._agent.block(HEALTH, None if cleared else desk_tr(
            "You are not cleared for calls today. Follow the guidance and talk to your supervisor."))
        if cleared:
            self._open_desk()

    def _on_record_error(self, exc: BaseException) -> None:
        # A VPN hiccup must not lose the self-check, and medical answers never go to disk:
        # transient failures are retried from memory with backoff (same idempotency key)
        # until the center answers or the counselor logs out.
        if getattr(exc, "kind", "") in TRANSIENT and self._retry is not None:
            self._backoff_s = min(30.0, max(1.0, self._backoff_s * 2))
            self._notices.warning(desk_tr(
                "Your self-check is not recorded yet ({0}). Trying again in {1} s.").format(
                    user_message(exc), int(self._backoff_s)))
            QTimer.singleShot(int(self._backoff_s * 1000), self, self._send)
            return
        self._retry = None
        self.busy_changed.emit(False)
        self._notices.error(desk_tr("Your self-check was not recorded: {0}").format(user_message(exc)))

    @Slot()
    def enter_desk(self) -> None:
        """Leave the checklist once the self-check is recorded (cleared or not)."""
        if self.health is not None and self.health.confirmed:
            self._open_desk()

    def _show(self, view: HealthView) -> None:
        """Cleared or not only once the center has said so; before that, "sent"."""
        self.health = view
        if not view.confirmed:
            self._checks.set("health", None, desk_tr("Sent, waiting for the center"))
        else:
            self._checks.set("health", view.cleared, desk_tr("Cleared") if view.cleared
                             else desk_tr("Not cleared: see the guidance"))
        self.health_result.emit(view)
