"""Writes to the center that must not be lost (wrap-ups, incidents, callback outcomes): the durable outbox's desk side.

The outbox opens on a worker (the keyring may be missing, locked, or wait for an unlock
prompt). Until it is open, or when it refuses a write, the desk keeps the writes in memory,
in order, each with its counselor and Idempotency-Key, and hands them to the outbox as soon
as it opens (``set_outbox``). ``unsent_in_memory()`` counts them and ``unsent_notice()`` says
why logout or quit must wait: the logout and quit paths are to refuse while it is not zero.
The outbox learns who is signed in through ``set_owner`` (the app calls it at session start
and with None at logout); ``waiting_notice(center)`` is the login screen's line about other
counselors' writes that wait for them, and the outbox's events become notices here.
"Not sent": refused or unconfirmed writes stay in the outbox (``Outbox.refused()``) until a
person decides. ``not_sent_changed`` shows the signed-in counselor's list (refreshed after the
outbox's events and on ``set_outbox`` / ``set_owner``; emptied at logout); the two intents
are the only ways out of it: ``resend`` (notes or disposition corrected first; an unconfirmed
write goes again unchanged, the center may have recorded it) and ``hand_over`` (kept on this
computer for the supervisor, never sent). The outbox's SQLite reads and writes for the list
run on the task runner's "not-sent" lane (in order); without a task runner (desk tests) they
run inline, and they are small: one row per listed write.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from softphone.desk.common import Notices, desk_tr
from softphone.desk.views import NOTES_MAX, clean_text, field as g
from softphone.platform.tasks import run_in_gui_thread

log = logging.getLogger(__name__)

NOTE_FIELDS = ("notes", "description")                   # the payload's text, by kind
CHOICE_FIELDS = ("disposition", "outcome", "severity")   # what the counselor chose, by kind
LANE = "not-sent"           # the list's reads and the person's decisions, in order


@dataclass(frozen=True)
class HeldWrite:
    """A write the outbox has not taken yet (kept in memory, in order)."""
    kind: str
    path: str
    payload: dict
    method: str
    key: str
    owner: tuple[str, str] | None


@dataclass(frozen=True)
class NotSentView:
    """One line of the signed-in counselor's "Not sent" list (cleaned for display)."""
    id: int
    kind: str                       # wrapup | callback_complete | incident
    kind_label: str                 # in the counselor's language
    disposition: str                # the disposition, the callback's outcome, the severity
    notes: str                      # the notes (an incident's description), at most NOTES_MAX
    at: float                       # wall clock: when it was written
    reason: str                     # why the center refused it, or why it is unconfirmed
    status: str                     # refused | unconfirmed

    @property
    def correctable(self) -> bool:
        """A refused write may be corrected; an unconfirmed one goes again unchanged."""
        return self.status == "refused"


def kind_label(kind: str) -> str:
    labels = {"wrapup": desk_tr("Wrap-up"), "callback_complete": desk_tr("Callback result"),
              "callback_attempt": desk_tr("Callback try"),
              "incident": desk_tr("Incident report"),
              "evidence_hold": desk_tr("Recording hold"),
              "protective_break": desk_tr("Protective break record")}
    return labels.get(kind, kind)


def corrected(saved: dict, notes: str | None, disposition: str | None) -> dict:
    """The saved payload with the counselor's corrections (only the fields it already has)."""
    new = dict(saved)
    text = next((k for k in NOTE_FIELDS if k in new), None)
    if notes is not None and text:
        new[text] = notes.strip()[:NOTES_MAX]
    choice = next((k for k in CHOICE_FIELDS if k in new), None)
    if disposition and choice:
        new[choice] = disposition
    return new


def read_listed(outbox: Any, agent: str, center: str) -> list[tuple[Any, Any]]:
    """On a worker: one counselor's listed writes, each with its saved payload."""
    out = []
    for item in outbox.refused(agent, center):
        try:
            out.append((item, outbox.payload(item.id)))
        except ValueError:          # resent or handed over meanwhile
            continue
    return out


def resend_item(outbox: Any, item_id: int, notes: str | None, disposition: str | None) -> bool:
    """On a worker: correct the saved payload (when asked) and put the write back in line;
    True when the payload changed (a refused write then gets a new Idempotency-Key)."""
    payload = None
    if notes is not None or disposition:
        saved = outbox.payload(item_id)
        if not isinstance(saved, dict):
            raise ValueError(f"item {item_id}: the saved write does not open")
        new = corrected(saved, notes, disposition)
        payload = new if new != saved else None
    outbox.resend(item_id, payload)
    return payload is not None


def _view(item: Any, payload: Any) -> NotSentView:
    data = payload if isinstance(payload, dict) else {}
    notes = next((data[k] for k in NOTE_FIELDS if isinstance(data.get(k), str)), "")
    return NotSentView(int(item.id), str(item.kind), kind_label(str(item.kind)),
                       clean_text(item.disposition, 100), notes[:NOTES_MAX],
                       float(item.created_at or 0.0), clean_text(item.reason, 500),
                       str(item.status))


class Writes(QObject):
    """Queues writes in the outbox (or in memory until it opens) and says what waits or was refused."""

    outbox_changed = Signal(int)        # writes not yet confirmed by the center
    not_sent_changed = Signal(object)   # tuple[NotSentView]: the signed-in counselor's list
    state_refused = Signal(str, str, str, str)  # state asked for; error kind, code, message
    delivered = Signal(str)             # the kind of a write the center confirmed
    delivery_failed = Signal(str)       # the error kind of a failed attempt (retried later)

    def __init__(self, notices: Notices, outbox: Any = None, parent: QObject | None = None,
                 tasks: Any = None) -> None:
        super().__init__(parent)
        self._notices = notices
        self._tasks = tasks
        self.outbox = outbox
        self._owner: tuple[str, str] | None = None
        self._memory: list[HeldWrite] = []
        self._told_memory = False
        self._listed: tuple[NotSentView, ...] = ()
        self._asked = 0                 # the latest list read; older answers are dropped
        self._deciding: set[int] = set()

    # ------------------------------------------------------------ who, and where to
    def set_outbox(self, outbox: Any) -> None:
        """The durable outbox opens on a worker (keyring); it arrives here when ready and
        takes what waited in memory, in order."""
        self.outbox = outbox
        if self._owner is not None and hasattr(outbox, "set_owner"):
            outbox.set_owner(*self._owner)
        held = bool(self._memory)
        self._flush()
        if held and not self._memory:
            self._notices.info(desk_tr("The writes kept in memory are saved on this computer "
                                       "now; they are sent as usual."))
        self._changed()
        self.refresh_not_sent()

    def set_owner(self, agent_id: str | None, center: str | None = None) -> None:
        """Who is signed in (None at logout): only their writes are sent."""
        self._owner = (agent_id, center or "") if agent_id else None
        self._deciding.clear()          # a decision cut short by logout may be made again
        if self.outbox is not None and hasattr(self.outbox, "set_owner"):
            self.outbox.set_owner(agent_id, center)
        self._changed()
        self.refresh_not_sent()

    # ------------------------------------------------------------ writes
    def enqueue(self, kind: str, path: str, payload: dict, method: str = "POST",
                key: str | None = None) -> None:
        """Queue a write; ``key``: its Idempotency-Key when the caller keeps one (a draft's)."""
        self._memory.append(HeldWrite(kind, path, payload, method, key or str(uuid.uuid4()),
                                      self._owner))
        self._flush()
        if self._memory and not self._told_memory:
            self._told_memory = True
            self._notices.warning(self.unsent_notice())
        self._changed()

    def _flush(self) -> None:
        while self._memory and self.outbox is not None:
            w = self._memory[0]
            try:
                if w.owner is not None:
                    self.outbox.enqueue(w.kind, w.path, w.payload, w.method, w.key, owner=w.owner)
                else:       # fakes in the desk tests; the real outbox raises NoOwner
                    self.outbox.enqueue(w.kind, w.path, w.payload, w.method, w.key)
            except Exception as exc:    # disk full, no owner...: kept in memory, in order
                log.error("the outbox did not take a %s: %s", w.kind, type(exc).__name__)
                if not self._told_memory:
                    self._told_memory = True
                    self._notices.error(self.unsent_notice())
                return
            self._memory.pop(0)
        if not self._memory:
            self._told_memory = False

    def unsent_in_memory(self) -> int:
        """Writes held only in memory: logout and quit must wait while this is not zero."""
        return len(self._memory)

    def export_memory(self, path: str, passphrase: str) -> int:
        """Seal the writes held only in memory into ``path`` for IT (the keyring never opened);
        they leave memory only once the file is written. Returns how many were sealed."""
        from softphone.center.outbox_export import held_document, write_export
        held = list(self._memory)
        if not held:
            return 0
        write_export(path, passphrase, held_document(held))   # raises: nothing leaves memory
        del self._memory[:len(held)]        # a write queued meanwhile stays
        self._told_memory = bool(self._memory)
        log.info("%d write(s) held in memory were sealed into an export for IT", len(held))
        self._notices.info(desk_tr("{0} write(s) were sealed into the file {1}. Give the file "
                                   "and, separately, the passphrase to IT.").format(
            len(held), path.replace("\\", "/").rsplit("/", 1)[-1]))
        self._changed()
        return len(held)

    def unsent_notice(self) -> str:
        """Why logout or quit must wait (empty when nothing waits in memory)."""
        n = len(self._memory)
        if not n:
            return ""
        return desk_tr("{0} write(s) (wrap-ups, incidents, callback outcomes) are not saved on "
                       "this computer yet: the secure storage (keyring) is not open. Keep the "
                       "app open and do not log out; call IT if this does not clear.").format(n)

    def waiting_notice(self, center: str) -> list[str]:
        """The login screen's lines: other counselors' writes that go when they sign in."""
        waiting = getattr(self.outbox, "waiting_for_others", None)
        counts = waiting(center) if waiting else {}
        return [desk_tr("{0} write(s) of {1} are waiting to be sent: they go when {1} signs "
                        "in.").format(n, agent) for agent, n in sorted(counts.items())]

    def _changed(self) -> None:
        try:
            held = self.outbox.pending_count() if self.outbox is not None else 0
        except Exception as exc:    # noqa: BLE001 - closed at exit while an event was on its way
            log.debug("outbox count unavailable: %s", type(exc).__name__)
            return
        self.outbox_changed.emit(held + len(self._memory))

    # ------------------------------------------------------------ what the outbox reports
    def on_outbox_event(self, ev: Any) -> None:
        """The outbox's hook: called on its sender thread, handled on the GUI thread."""
        run_in_gui_thread(self._on_event, ev)

    def send_state(self, state: str, reason: str) -> bool:
        """The agent's state joins the ordered channel of writes (after the wrap-ups queued
        before it; a later state supersedes it). False when the outbox is not open: the
        caller then sends it directly (a state is never held in memory, it would block
        logout for nothing)."""
        if self.outbox is None or self._owner is None:
            return False
        try:
            self.outbox.enqueue("state", "/agents/me/state",
                                {"state": state, "reason_code": reason}, "PUT",
                                str(uuid.uuid4()), owner=self._owner)
        except Exception as exc:        # noqa: BLE001 - disk full...: send it directly
            log.error("the outbox did not take a state change: %s", type(exc).__name__)
            return False
        self._changed()
        return True

    def _on_event(self, ev: Any) -> None:
        self._changed()
        outcome, raw_kind = g(ev, "outcome"), g(ev, "kind", "")
        if outcome == "delivered":
            self.delivered.emit(raw_kind)
        elif outcome == "retrying":
            self.delivery_failed.emit(str(g(ev, "reason", "") or ""))
        if outcome == "dropped":        # a state change the center refused: the desk reacts
            asked = (g(ev, "payload") or {}).get("state", "")
            self.state_refused.emit(str(asked), g(ev, "reason", "") or "client",
                                    g(ev, "code", "") or "", g(ev, "user_message", ""))
            return
        kind = kind_label(raw_kind)
        if outcome in ("refused", "unconfirmed"):
            self.refresh_not_sent()
        if outcome == "refused":
            reason = clean_text(g(ev, "reason", ""), 300).rstrip(" .")
            self._notices.error(desk_tr("The center did not accept a saved write ({0}): {1}. It "
                                        "is in your \"Not sent\" list: correct and resend it, or "
                                        "give it to your supervisor.").format(
                kind, reason or desk_tr("no reason given")))
        elif outcome == "unconfirmed":
            self._notices.error(desk_tr("The center never confirmed a saved write ({0}). It is "
                                        "in your \"Not sent\" list: send it again, or give it to "
                                        "your supervisor.").format(kind))
        elif outcome == "undecryptable":
            self._notices.error(desk_tr("A saved {0} cannot be read on this computer (its key "
                                        "is missing). It is kept, not deleted: call IT.").format(kind))

    # ------------------------------------------------------------ "Not sent": a person decides
    def not_sent(self) -> tuple[NotSentView, ...]:
        """The list as last shown (the signed-in counselor's; empty when nobody is)."""
        return self._listed

    def refresh_not_sent(self) -> None:
        """Read the signed-in counselor's list again (on the task runner) and show it."""
        self._asked += 1
        asked, owner, box = self._asked, self._owner, self.outbox
        if owner is None or box is None or not hasattr(box, "refused"):
            self._show(asked, [])           # nobody signed in (or a fake outbox): nothing shown
            return
        self._run(read_listed, box, owner[0], owner[1],
                  done=lambda rows: self._show(asked, rows), failed=self._read_failed)

    def resend(self, item_id: int, notes: str | None = None,
               disposition: str | None = None) -> None:
        """Send a listed write again, with its notes / disposition corrected when given (a
        refused write only: an unconfirmed one goes again unchanged)."""
        item = self._decide(item_id)
        if item is None:
            return
        if not item.correctable:
            notes = disposition = None
        self._run(resend_item, self.outbox, item.id, notes, disposition,
                  done=lambda _: self._decided(item, desk_tr(
                      "The {0} is in line to be sent again.").format(item.kind_label)),
                  failed=lambda exc: self._not_decided(item, exc))

    def hand_over(self, item_id: int) -> None:
        """Give a listed write to the supervisor: it leaves the list, is never sent, and stays
        on this computer (IT exports it for the supervisor)."""
        item = self._decide(item_id)
        if item is None:
            return
        self._run(self.outbox.hand_over, item.id,
                  done=lambda _: self._decided(item, desk_tr(
                      "The {0} is kept on this computer for your supervisor and is not sent. "
                      "Tell your supervisor about it.").format(item.kind_label)),
                  failed=lambda exc: self._not_decided(item, exc))

    def _decide(self, item_id: int) -> NotSentView | None:
        """The signed-in counselor's listed item, unless a decision on it is under way."""
        item = next((v for v in self._listed if v.id == item_id), None)
        if item is None or item.id in self._deciding or self.outbox is None:
            return None
        self._deciding.add(item.id)
        return item

    def _decided(self, item: NotSentView, text: str) -> None:
        self._deciding.discard(item.id)
        self._notices.info(text)
        self._changed()
        self.refresh_not_sent()

    def _not_decided(self, item: NotSentView, exc: BaseException) -> None:
        self._deciding.discard(item.id)
        log.warning("not-sent item %d: %s", item.id, type(exc).__name__)
        self._notices.error(desk_tr("The {0} could not be changed; it stays in your \"Not "
                                    "sent\" list.").format(item.kind_label))
        self.refresh_not_sent()

    def _show(self, asked: int, rows: list[tuple[Any, Any]]) -> None:
        if asked != self._asked:
            return                          # a newer read is on its way
        listed = tuple(_view(item, payload) for item, payload in rows)
        if listed != self._listed:
            self._listed = listed
            self.not_sent_changed.emit(listed)

    def _read_failed(self, exc: BaseException) -> None:
        log.error("the Not sent list could not be read: %s", type(exc).__name__)

    def _run(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        if self._tasks is not None:
            self._tasks.run(fn, *args, on_done=done, on_error=failed, lane=LANE)
            return
        try:                                # no task runner (desk tests): small, inline
            result = fn(*args)
        except Exception as exc:
            failed(exc)
        else:
            done(result)
