"""The live queue figures: polled from the center while a session is open, never silently stale.

Each poll runs on a lane of its own (``TaskRunner.poll``): at most one in flight, so a center
that hangs on /queues costs one thread and never holds up the screen pop; a tick that finds
the previous poll still running skips it. Every answer, failure and skipped tick publishes a
``QueuesView``: the last figures, and once the last good poll is older than two poll periods
their age and why the newer polls failed (the queue panel shows "Queue data 40 s old").

Membership: ``set_membership(queue_id, signed_in)`` asks the center on a worker; the row keeps
the center's state (marked pending) until the center answers, then takes the answer. A poll
that started before that answer does not undo it. A refusal or failure is a translated notice
and the row stays as the center has it. The counselor's skills are read once per session.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.center.models import USER_MESSAGES
from softphone.desk.common import desk_tr, user_message
from softphone.desk.views import clean_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueuesView:
    queues: tuple = ()              # the last figures received (center QueueStats)
    stale: bool = False             # the last good poll is older than two poll periods
    age_s: int = 0                  # its age in seconds (0 before the first good poll)
    received: bool = False          # at least one good poll this session
    problem: str = ""               # why the newer polls failed (translated); '' when fine
    pending: tuple = ()             # ids of queues whose sign-in/out awaits the center
    skills: tuple = ()              # the counselor's skills (center Skill), best first


class Queues(QObject):
    queues_changed = Signal(object)     # QueuesView
    center_answered = Signal(bool, str)     # a poll's outcome: answered, or the error kind

    def __init__(self, center: Any, tasks: Any, poll_ms: int = 5000,
                 parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic, notices: Any = None) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._clock = center, tasks, clock
        self._notices = notices
        self._active = False
        self._stale_after_s = 2 * poll_ms / 1000
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.refresh_queues)
        self._reset()

    def _reset(self) -> None:
        self._queues: tuple = ()
        self._last_ok: float | None = None
        self._started = self._clock()
        self._problem = ""
        self._pending: dict[str, bool] = {}
        self._answers: dict[str, tuple[int, Any]] = {}     # id -> (change number, answer)
        self._changes = 0
        self._skills: tuple = ()
        self._skills_asked = False
        self._session = getattr(self, "_session", 0) + 1   # answers of an older one: dropped

    def start(self) -> None:
        self._active = True
        self._reset()
        self.refresh_queues()
        self._load_skills()
        self._timer.start()

    def stop(self) -> None:
        self._active = False
        self._timer.stop()
        self._reset()

    @property
    def view(self) -> QueuesView:
        now = self._clock()
        age = now - (self._last_ok if self._last_ok is not None else self._started)
        stale = age > self._stale_after_s
        return QueuesView(self._queues, stale, int(age) if self._last_ok is not None else 0,
                          self._last_ok is not None, self._problem if stale else "",
                          tuple(self._pending), self._skills)

    @Slot()
    def refresh_queues(self) -> None:
        if not self._active:
            return
        changes = self._changes
        started = self._tasks.poll("queues", self._center.queues,
                                   on_done=lambda queues: self._on_queues(queues, changes),
                                   on_error=self._on_failed)
        if started is None:         # the previous poll is still waiting for the center
            if not self._problem:
                self._problem = desk_tr("The center has not answered yet.")
            log.info("queue poll skipped: the previous one is still running")
            self._publish()

    def _on_queues(self, queues: Any, changes: int | None = None) -> None:
        if self._active:
            queues = tuple(self._newer(q, changes) for q in queues)
            self._queues, self._last_ok, self._problem = queues, self._clock(), ""
            self._publish()
            self.center_answered.emit(True, "")
            if not self._skills_asked:
                self._load_skills()

    def _newer(self, q: Any, changes: int | None) -> Any:
        """A polled row, with the membership of a sign-in/out the center confirmed after the
        poll started (that poll's answer may predate it)."""
        seen = self._answers.get(getattr(q, "id", None))
        if seen is None or changes is None or seen[0] <= changes or not hasattr(q, "signed_in"):
            return q
        a = seen[1]
        return dataclasses.replace(q, signed_in=a.signed_in, may_sign_out=a.may_sign_out,
                                   sign_out_note=a.sign_out_note)

    # ------------------------------------------------------------ membership
    @Slot(str, bool)
    def set_membership(self, queue_id: str, signed_in: bool) -> None:
        """Ask the center to sign the counselor in to or out of ``queue_id`` (on a worker)."""
        if not self._active or queue_id in self._pending:
            return
        self._pending[queue_id] = signed_in
        session = self._session
        started = self._tasks.run(
            self._center.set_queue_membership, queue_id, signed_in,
            on_done=lambda q: self._on_membership(session, queue_id, q),
            on_error=lambda exc: self._on_membership_failed(session, queue_id, signed_in, exc))
        if started is None:
            self._pending.pop(queue_id, None)
        self._publish()

    def sign_in(self, queue_id: str) -> None:
        self.set_membership(queue_id, True)

    def sign_out(self, queue_id: str) -> None:
        self.set_membership(queue_id, False)

    def _on_membership(self, session: int, queue_id: str, q: Any) -> None:
        if not self._active or session != self._session:
            return
        self._pending.pop(queue_id, None)
        self._changes += 1
        self._answers[queue_id] = (self._changes, q)
        rows = list(self._queues)
        for i, old in enumerate(rows):
            if old.id == queue_id:
                rows[i] = q
                break
        else:
            rows.append(q)
        self._queues = tuple(rows)
        self._publish()

    def _on_membership_failed(self, session: int, queue_id: str, signed_in: bool,
                              exc: BaseException) -> None:
        if not self._active or session != self._session:
            return
        self._pending.pop(queue_id, None)
        log.warning("queue sign-%s failed: %s", "in" if signed_in else "out",
                    getattr(exc, "detail", type(exc).__name__))
        if getattr(exc, "code", "") == "queue_required":
            why = clean_text(str(getattr(exc, "user_message", "") or ""), 300)
            why = "" if why == USER_MESSAGES["conflict"] else why   # the center gave none
            text = desk_tr("You cannot sign out of this queue.")
            text = f"{text} {why}" if why else text
        elif signed_in:
            text = desk_tr("The center did not sign you in to the queue.") + " " + \
                clean_text(user_message(exc), 300)
        else:
            text = desk_tr("The center did not sign you out of the queue.") + " " + \
                clean_text(user_message(exc), 300)
        if self._notices is not None:
            self._notices.error(text)
        self._publish()             # the row as the center last had it
        self.refresh_queues()       # and what it has now

    # ------------------------------------------------------------ skills
    def relabel(self) -> None:
        """After a language switch: the queue names and the skills asked for again."""
        self._skills_asked = False
        self.refresh_queues()

    def _load_skills(self) -> None:
        if not self._active or not hasattr(self._center, "skills"):
            return
        self._skills_asked = True
        session = self._session
        self._tasks.run(self._center.skills,
                        on_done=lambda skills: self._on_skills(session, skills),
                        on_error=lambda exc: self._on_skills_failed(session, exc))

    def _on_skills(self, session: int, skills: Any) -> None:
        if self._active and session == self._session:
            self._skills = tuple(sorted(skills, key=lambda k: (-k.level, k.name)))
            self._publish()

    def _on_skills_failed(self, session: int, exc: BaseException) -> None:
        if self._active and session == self._session:
            log.warning("skills: %s", getattr(exc, "detail", type(exc).__name__))
            self._skills_asked = False              # asked again after the next good poll

    def _on_failed(self, exc: BaseException) -> None:
        if self._active:
            log.warning("queue poll failed: %s", getattr(exc, "detail", type(exc).__name__))
            self._problem = clean_text(user_message(exc), 300)
            self._publish()
            self.center_answered.emit(False, str(getattr(exc, "kind", "") or ""))

    def _publish(self) -> None:
        self.queues_changed.emit(self.view)
