"""The counselor's thread with the supervisors: ask in and out of calls, receive answers and acknowledgments through a long-poll, notify when one arrives.

Reading: a long-poll (``CenterApi.messages``) on the task runner's poll lane
``poll:supervisor-thread``: one request in flight, held by the center until a message
arrives (softphone/center/messages.py), so an answer shows within a fraction of a second
and the shared pool and the other lanes are never waited on. A held answer that comes back
empty is asked again at once; a quick empty one (a center that does not hold) on the next
tick (``poll_ms``); failures back off up to ``BACKOFF_MAX_S``. The first page of a session
is the thread so far: it is shown, not announced. Later messages from a supervisor are
announced: ``reply_arrived`` (or ``incident_acknowledged``), a notice, and the unread count.
Writing: ``send`` (a question; during a call it names the interaction) and
``request_counseling`` go on the "supervisor-send" lane, in order, each with an
Idempotency-Key; a failed one stays in the thread marked failed until ``retry``.
The thread lives in memory only and is dropped at logout.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.desk.common import Notices, desk_tr, user_message
from softphone.desk.views import clean_text

log = logging.getLogger(__name__)

LANE = "supervisor-thread"      # the poll key: its own lane, one poll in flight
SEND_LANE = "supervisor-send"
WAIT_S = 15                     # the hold asked for (the client caps it under its timeouts)
HELD_S = 1.0                    # an answer slower than this was held: ask again at once
BACKOFF_MAX_S = 30.0
TEXT_MAX = 2000
KEEP = 200                      # entries kept in memory


def clean_message(text: Any, limit: int = TEXT_MAX) -> str:
    """Untrusted text with its line breaks kept: each line cleaned (softphone.desk.views)."""
    lines = [clean_text(line, limit) for line in str(text or "").splitlines()[:50]]
    return "\n".join(lines).strip()[:limit]


@dataclass(frozen=True)
class ThreadEntry:
    key: str                    # "m<id>": on the center; "p<n>": being sent from this desk
    at: float                   # wall clock
    mine: bool                  # the counselor wrote it
    kind: str                   # question | counseling | reply | incident_ack | alert_ack
    text: str                   # cleaned; an acknowledgment's note ('' when none)
    author: str = ""            # the supervisor's name (cleaned)
    status: str = ""            # '' (the center has it) | sending | failed
    interaction_id: str = ""


@dataclass(frozen=True)
class ThreadView:
    entries: tuple[ThreadEntry, ...] = ()
    unread: int = 0             # supervisor messages since the counselor last looked
    connected: bool = False     # the last read reached the center
    problem: str = ""           # why it did not (translated); '' when fine
    active: bool = False        # a session is open: the counselor can write


class SupervisorThread(QObject):
    thread_changed = Signal(object)         # ThreadView
    reply_arrived = Signal(object)          # ThreadEntry: a supervisor's reply, live
    incident_acknowledged = Signal(object)  # ThreadEntry: kind incident_ack (or alert_ack)

    def __init__(self, center: Any, tasks: Any, notices: Notices,
                 interaction_id: Callable[[], str], parent: QObject | None = None, *,
                 poll_ms: int = 1000, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._notices = center, tasks, notices
        self._interaction_id, self._clock = interaction_id, clock
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._tick)
        self._sent = self._session = 0
        self.reset()

    def reset(self) -> None:
        """Logout: the thread leaves memory; late answers are dropped by the session count."""
        self._timer.stop()
        self._active = False
        self._session += 1
        self._entries: dict[str, ThreadEntry] = {}
        self._outgoing: dict[str, tuple[str, str, str | None, str]] = {}
        self._last_id = 0
        self._loaded = False
        self._unread = 0
        self._failures = 0
        self._next_try = 0.0
        self._connected, self._problem = False, ""
        self._publish()

    def start(self) -> None:
        """A session opened: read the thread so far, then keep listening."""
        self.reset()
        self._active = True
        self._timer.start()
        self._poll()

    @property
    def view(self) -> ThreadView:
        entries = sorted(self._entries.values(), key=lambda e: (e.at, e.key))[-KEEP:]
        return ThreadView(tuple(entries), self._unread, self._connected, self._problem,
                          self._active)

    # ------------------------------------------------------------------ reading
    @Slot()
    def resume(self) -> None:
        """Signed in again after the center ended the session: listen at once, no back-off
        (a read already under way carries on with the new session)."""
        if self._active:
            self._failures, self._next_try = 0, 0.0
            self._connected, self._problem = True, ""     # the center just answered
            self._publish()
            self._poll()

    def _tick(self) -> None:
        if self._active and self._clock() >= self._next_try:
            self._poll()

    def _poll(self) -> None:
        session, started = self._session, self._clock()
        self._tasks.poll(LANE, self._center.messages, self._last_id, WAIT_S,
                         on_done=lambda page: self._on_page(session, started, page),
                         on_error=lambda exc: self._on_failed(session, exc))

    def _on_page(self, session: int, started: float, page: Any) -> None:
        if session != self._session or not self._active:
            return
        self._failures, self._next_try = 0, 0.0
        changed = (self._connected, self._problem, self._loaded) != (True, "", True)
        self._connected, self._problem = True, ""
        announce = self._loaded
        fresh = [m for m in page.messages if f"m{m.id}" not in self._entries]
        for m in fresh:
            self._add(m, announce)
        self._last_id = max(self._last_id, int(page.last_id))
        self._loaded = True
        if fresh or changed:
            self._publish()
        if fresh or self._clock() - started >= HELD_S:
            self._poll()                    # the lane is free again: listen on

    def _on_failed(self, session: int, exc: BaseException) -> None:
        if session != self._session or not self._active:
            return
        self._failures += 1
        self._next_try = self._clock() + min(BACKOFF_MAX_S, 2.0 ** self._failures)
        problem = clean_text(user_message(exc), 300)
        log.warning("supervisor thread read failed: %s", getattr(exc, "detail", type(exc).__name__))
        if (self._connected, self._problem) != (False, problem):
            self._connected, self._problem = False, problem
            self._publish()

    def _add(self, m: Any, announce: bool) -> None:
        mine = m.sender == "agent"
        entry = ThreadEntry(f"m{m.id}", m.at.timestamp(), mine, m.kind, clean_message(m.text),
                            clean_text(m.author, 80), "", clean_text(m.interaction_id or "", 80))
        self._entries[entry.key] = entry
        if mine or not announce:
            return
        self._unread += 1
        if m.kind == "reply":
            self._notices.info(desk_tr("Your supervisor answered: {0}").format(
                clean_text(m.text, 160)))
            self.reply_arrived.emit(entry)
        elif m.kind in ("incident_ack", "alert_ack"):
            if m.kind == "incident_ack":
                text = desk_tr("{0} acknowledged your incident report.")
            else:
                text = desk_tr("{0} saw that you need a break.")
            self._notices.info(text.format(entry.author))
            self.incident_acknowledged.emit(entry)

    @Slot()
    def mark_read(self) -> None:
        """The counselor looked at the thread."""
        if self._unread:
            self._unread = 0
            self._publish()

    # ------------------------------------------------------------------ writing
    @Slot(str)
    def send(self, text: str) -> None:
        """A question to the supervisors (during a call it names the call's interaction)."""
        self._send(text, "question")

    @Slot(str)
    def request_counseling(self, text: str, interaction_id: str = "") -> None:
        """Ask for counseling support (after an abusive call: naming that call)."""
        self._send(text, "counseling", interaction_id)

    def _send(self, text: str, kind: str, interaction_id: str = "") -> None:
        text = clean_message(text)
        if not text or not self._active:
            return
        self._sent += 1
        key = f"p{self._sent}"
        iid = clean_text(interaction_id or self._interaction_id() or "", 80) or None
        self._outgoing[key] = (text, kind, iid, str(uuid.uuid4()))
        self._entries[key] = ThreadEntry(key, time.time(), True, kind, text, "", "sending",
                                         iid or "")
        self._publish()
        self._deliver(key)

    def _deliver(self, key: str) -> None:
        text, kind, iid, idem = self._outgoing[key]
        session = self._session
        self._tasks.run(self._center.send_message, text, kind, iid, idem, lane=SEND_LANE,
                        on_done=lambda m: self._on_sent(session, key, m),
                        on_error=lambda exc: self._on_send_failed(session, key, exc))

    @Slot(str)
    def retry(self, key: str) -> None:
        """Send a failed message again (the same Idempotency-Key: recorded once)."""
        entry = self._entries.get(key)
        if entry is None or entry.status != "failed" or key not in self._outgoing:
            return
        self._entries[key] = replace(entry, status="sending")
        self._publish()
        self._deliver(key)

    def _on_sent(self, session: int, key: str, m: Any) -> None:
        if session != self._session:
            return
        self._outgoing.pop(key, None)
        self._entries.pop(key, None)
        if f"m{m.id}" not in self._entries:
            self._add(m, announce=False)
        self._publish()

    def _on_send_failed(self, session: int, key: str, exc: BaseException) -> None:
        if session != self._session or key not in self._entries:
            return
        self._entries[key] = replace(self._entries[key], status="failed")
        self._notices.error(desk_tr("Your message to the supervisor was not sent: {0}").format(
            user_message(exc)))
        self._publish()

    def _publish(self) -> None:
        self.thread_changed.emit(self.view)
