"""Signing in again when the center ends the session mid-shift: the call, the wrap-up and the queued writes stay.

The center client tells (``on_session_lost``, once per token, on a worker thread) that the
center no longer accepts the session (revoked, or past its refresh token). This controller
asks the counselor to sign in again (``reauth_needed`` with the user name) instead of
logging out: nothing of the shift is reset, the call goes on, the wrap-up keeps its draft,
and the outbox keeps the writes (it retries them, they are not refused). ``sign_in_again``
signs the same agent in on the task runner (the center client refuses another agent); on
success the outbox is told to send what waited now, and the agent state is sent again
through the ordered channel (a change made while signed out may not have reached the center). ``later`` leaves the desk as it is
with a lasting warning; the writes wait. A logout ends the question.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from softphone.desk.availability import AgentStatus
from softphone.desk.common import Notices, SessionFacts, desk_tr, user_message
from softphone.desk.writes import Writes
from softphone.platform.tasks import run_in_gui_thread

log = logging.getLogger(__name__)


class Reauth(QObject):
    """The center ended the session: ask for the password again, keep everything else."""

    reauth_needed = Signal(str)         # the user name to sign in as
    reauth_busy = Signal(bool)          # signing in
    reauth_failed = Signal(str)         # why it did not work (asked again)
    reauth_postponed = Signal(str)      # "Later": the lasting warning
    reauth_done = Signal()              # signed in again
    reauth_closed = Signal()            # nothing to ask any more (signed in again, logged out)

    def __init__(self, center: Any, tasks: Any, notices: Notices, session: SessionFacts,
                 agent: AgentStatus, writes: Writes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._notices = center, tasks, notices
        self._session, self._agent, self._writes = session, agent, writes
        self.waiting = False        # the center ended the session; not signed in again yet
        self.busy = False
        self.user = ""
        hook = getattr(center, "on_session_lost", None)
        if hook is not None:
            hook(self._on_lost_any_thread)

    # ------------------------------------------------------------ the center's news
    def _on_lost_any_thread(self, err: Any) -> None:
        """The client's hook: called on whichever worker saw the 401."""
        run_in_gui_thread(self._on_lost, getattr(err, "username", ""))

    def _on_lost(self, user: str) -> None:
        if not self._session.active or self.waiting:
            return      # not signed in (login, after logout), or asked already
        self.waiting, self.user = True, user
        log.warning("the center ended the session: asking to sign in again")
        self._notices.warning(desk_tr("Your session with the center ended. Sign in again to "
                                      "keep working: your call and unsent work are kept."))
        self.reauth_needed.emit(user)

    # ------------------------------------------------------------ intents
    @Slot(str)
    def sign_in_again(self, password: str) -> None:
        if not self.waiting or self.busy:
            return
        if not password:
            self.reauth_failed.emit(desk_tr("Enter your password."))
            return
        self._set_busy(True)
        self._tasks.run(self._center.sign_in_again, password,
                        on_done=self._on_signed_in, on_error=self._on_failed)

    @Slot()
    def later(self) -> None:
        """Not now: the desk stays as it is; writes wait on this computer."""
        if not self.waiting:
            return
        text = desk_tr("You are not signed in to the center: wrap-ups and other writes wait "
                       "on this computer until you sign in again.")
        self._notices.warning(text)
        self.reauth_postponed.emit(text)

    @Slot()
    def ask_again(self) -> None:
        """After "Later": show the sign-in again."""
        if self.waiting and not self.busy:
            self.reauth_needed.emit(self.user)

    def reset(self) -> None:
        """Logged out: nothing to sign in to any more."""
        was = self.waiting
        self.waiting = self.busy = False
        self.user = ""
        if was:
            self.reauth_closed.emit()

    # ------------------------------------------------------------ answers
    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.reauth_busy.emit(busy)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not self.waiting:
            return
        log.warning("signing in again failed: %s", getattr(exc, "detail", type(exc).__name__))
        self.reauth_failed.emit(user_message(exc))

    def _on_signed_in(self, _result: Any) -> None:
        self._set_busy(False)
        if not self.waiting:
            return
        self.waiting = False
        box = self._writes.outbox
        owner = getattr(box, "owner", None)
        if owner:       # the same owner: what waited is due now, not after its backoff
            box.set_owner(*owner)
        self._agent.resend_state()      # a change made while signed out, in order
        self._notices.info(desk_tr("Signed in again. Your unsent work is being sent."))
        self.reauth_done.emit()
        self.reauth_closed.emit()
