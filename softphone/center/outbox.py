"""The durable outbox: each write reaches the center exactly once, for its own counselor, or a person is told.

Owner: every item carries the agent id and the center (base URL) it was written for. The app
says who is signed in (``set_owner(agent_id, center)`` at session start, ``set_owner(None)``
at logout); only that owner's items are sent, oldest first, and the sender is asked before
every attempt whether that session is still the current one (``still_current``), so a write
never leaves under another counselor's session. Items of others wait:
``waiting_for_others(center)`` says whose, ``export`` hands one counselor's items to IT.
Keys: see softphone.center.outbox_store (never silently replaced; rows that do not open are
kept as ``undecryptable``, listed, exported, recoverable with the old key).
Delivery: an item is done (and deleted) only when the sender returns, i.e. the center
answered with the contract's status and body (softphone.center.delivery). A 2xx that breaks
the contract (HTML, ``{}``, 10 MB) is retried with backoff, with the same Idempotency-Key,
and after ``bad_answer_limit`` such answers over ``bad_answer_window_s`` the item is listed
(``unconfirmed``). Refusals (409, 422, 403, other 4xx) go to the "Not sent" list (``refused``,
with the reason). Both wait for a person: ``resend(id, payload)`` after correction,
``hand_over(id)`` for the supervisor; nothing is deleted without that. Unreachable, timeouts,
5xx, 429, an expired session: retried with backoff for as long as it takes, in order; a
listed item does not block the ones behind it.
State: the agent's state changes (kind ``state``, PUT /agents/me/state) travel in the same
ordered channel, so the center never sees Ready before the wrap-up written before it. A
state write supersedes the owner's state writes still waiting, belongs to its session (the
owner's waiting ones are dropped when the owner changes), and a refused one is dropped with a
``dropped`` event (the desk reacts; nobody needs to decide) instead of being listed.
Crashes: SQLite WAL with synchronous=FULL; an item sent but not yet deleted when the process
dies is sent again with its key and the center replays its first answer.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable

from cryptography.fernet import InvalidToken

from softphone.center.models import CenterError
from softphone.center.outbox_types import Held, NoOwner, NotSent, OutboxEvent, center_id
from softphone.center.outbox_store import (KeyStore, OutboxKeyError, OutboxKeyLost,
                                           OutboxKeyMismatch, OutboxKeyUnreadable, Sealer,
                                           Store)

__all__ = ["Outbox", "OutboxEvent", "NotSent", "Held", "NoOwner", "OutboxKeyError",
           "OutboxKeyLost", "OutboxKeyMismatch", "OutboxKeyUnreadable", "center_id"]

log = logging.getLogger("softphone.center.outbox")

# (method, path, payload, idempotency key, still_current) -> returns when the center confirmed
Sender = Callable[[str, str, Any, str, Callable[[], bool]], Any]
LISTED = ("refused", "unconfirmed")
STATE = "state"         # the agent's state: superseded by a later one, dropped when refused
_COLS = "id, kind, method, path, idem_key, payload, key_id, attempts, bad_answers, first_bad_at"


class Outbox:
    """A durable, per-counselor queue of center writes with one delivery thread."""

    def __init__(self, db_path: str | Path, sender: Sender, key_store: KeyStore, *,
                 on_event: Callable[[OutboxEvent], None] | None = None,
                 base_backoff: float = 0.5, max_backoff: float = 60.0,
                 bad_answer_limit: int = 8, bad_answer_window_s: float = 600.0,
                 replace_lost_key: bool = False) -> None:
        self._store = Store(db_path)
        try:
            self._sealer: Sealer = self._store.open_key(key_store, replace_lost_key)
        except BaseException:
            self._store.close()
            raise
        self._sender, self._on_event = sender, on_event
        self._base, self._max = base_backoff, max_backoff
        self._bad_limit, self._bad_window = bad_answer_limit, bad_answer_window_s
        self._owner: tuple[str, str] | None = None
        self._gen = 0
        self._owner_lock = threading.Lock()
        self._wake, self._stopping = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ who is signed in
    def set_owner(self, agent_id: str | None, center: str | None = None) -> None:
        """The counselor whose session is current (None at logout): only their items go."""
        owner = (agent_id, center_id(center or "")) if agent_id else None
        with self._owner_lock:
            old = self._owner
            if owner != old:
                self._owner, self._gen = owner, self._gen + 1
        if old is not None and owner != old:    # a state belongs to its session: never later
            self._store.run("DELETE FROM items WHERE kind = ? AND status = 'pending' AND"
                            " agent_id = ? AND center = ?", (STATE, *old))
        if owner:   # back at the desk: what waited goes now, not after the last backoff
            self._store.run("UPDATE items SET next_at = ? WHERE status = 'pending' AND"
                            " agent_id = ? AND center = ?", (time.time(), *owner))
        self._wake.set()

    @property
    def owner(self) -> tuple[str, str] | None:
        return self._owner

    def _who(self, agent_id: str | None, center: str | None) -> tuple[str | None, str | None]:
        if agent_id is None and center is None and self._owner:
            return self._owner
        return agent_id, (center_id(center) if center else None)

    # ------------------------------------------------------------ producer side
    def enqueue(self, kind: str, path: str, payload: Any, method: str = "POST",
                idempotency_key: str | None = None, *,
                owner: tuple[str, str] | None = None) -> int:
        """Store one write durably for ``owner`` (default: the current one); returns its id.
        A ``state`` write supersedes the owner's state writes still waiting (only the latest
        state matters; it still goes after the writes queued before it)."""
        agent, center = owner or self._owner or ("", "")
        if not agent:
            raise NoOwner(f"no counselor to attribute this {kind} to")
        seal, now, where = self._sealer.seal, time.time(), center_id(center)
        with self._store.lock:
            db = self._store.db
            db.execute("BEGIN IMMEDIATE")
            try:
                if kind == STATE:
                    db.execute("DELETE FROM items WHERE kind = ? AND status = 'pending' AND"
                               " agent_id = ? AND center = ?", (STATE, agent, where))
                cur = db.execute(
                    "INSERT INTO items (agent_id, center, kind, method, path, idem_key, payload,"
                    " key_id, next_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (agent, where, kind, method.upper(), seal(path),
                     idempotency_key or str(uuid.uuid4()),
                     seal(json.dumps(payload, ensure_ascii=False)), self._sealer.key_id, now, now))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._wake.set()
        return int(cur.lastrowid)

    # ------------------------------------------------------------ what it holds
    def pending_count(self, agent_id: str | None = None, center: str | None = None) -> int:
        """Items still to send: the current owner's (or the given agent's); all when nobody."""
        agent, center = self._who(agent_id, center)
        sql, args = "SELECT COUNT(*) FROM items WHERE status = 'pending'", []
        if agent is not None:
            sql, args = sql + " AND agent_id = ?", [agent]
        if center is not None:
            sql, args = sql + " AND center = ?", [*args, center]
        return self._store.rows(sql, tuple(args))[0][0]

    def waiting_for_others(self, center: str) -> dict[str, int]:
        """{agent_id: items to send} at ``center`` of counselors other than the current one."""
        me = self._owner[0] if self._owner else ""
        return dict(self._store.rows(
            "SELECT agent_id, COUNT(*) FROM items WHERE status = 'pending' AND center = ? AND"
            " agent_id NOT IN (?, '') GROUP BY agent_id ORDER BY agent_id", (center_id(center), me)))

    def refused(self, agent_id: str | None = None, center: str | None = None) -> list[NotSent]:
        """The "Not sent" list (refused or unconfirmed), the current owner's by default; rows
        migrated from the previous version (no owner) are in everyone's list."""
        agent, center = self._who(agent_id, center)
        sql = ("SELECT id, kind, payload, created_at, last_error, status, agent_id FROM items"
               " WHERE status IN ('refused', 'unconfirmed') AND key_id = ?")
        args: list = [self._sealer.key_id]
        if agent is not None:
            sql, args = sql + " AND agent_id IN (?, '')", [*args, agent]
        if center is not None:
            sql, args = sql + " AND center IN (?, '')", [*args, center]
        out = []
        for iid, kind, blob, created, error, status, who in self._store.rows(sql + " ORDER BY id",
                                                                            tuple(args)):
            try:
                data = json.loads(self._sealer.open(blob))
            except (InvalidToken, ValueError):
                data = {}
            what = next((data.get(k) for k in ("disposition", "outcome", "severity")
                         if isinstance(data, dict) and data.get(k)), "")
            out.append(NotSent(iid, kind, str(what), created, self._sealer.open_or(error),
                               status, who))
        return out

    def undecryptable(self) -> list[Held]:
        """Items kept although no key opens them (never deleted; see ``recover``)."""
        rows = self._store.rows("SELECT id, kind, agent_id, center, created_at FROM items"
                                " WHERE status = 'undecryptable' ORDER BY id")
        return [Held(*r) for r in rows]

    # ------------------------------------------------------------ a person decides
    def resend(self, item_id: int, payload: Any = None) -> None:
        """Send a listed item again (``payload``: corrected). A refused item with a changed
        payload gets a new Idempotency-Key (the center said no to the old one); an unconfirmed
        item keeps its key, since the center may have recorded it."""
        row = self._store.rows("SELECT status, payload, agent_id FROM items WHERE id = ?",
                               (item_id,))
        if not row or row[0][0] not in LISTED:
            raise ValueError(f"item {item_id} is not in the Not sent list")
        status, blob, agent = row[0]
        sets, args = ["status = 'pending'", "attempts = 0", "bad_answers = 0",
                      "first_bad_at = NULL", "next_at = ?", "last_error = x''"], [time.time()]
        if payload is not None:
            old = self._sealer.open_or(blob)
            new = json.dumps(payload, ensure_ascii=False)
            sets.append("payload = ?")
            args.append(self._sealer.seal(new))
            if status == "refused" and new != old:
                sets.append("idem_key = ?")
                args.append(str(uuid.uuid4()))
        if not agent and self._owner:     # a migrated row: whoever resends it owns it
            sets.append("agent_id = ?, center = ?")
            args.extend(self._owner)
        self._store.run(f"UPDATE items SET {', '.join(sets)} WHERE id = ?", (*args, item_id))
        self._wake.set()

    def payload(self, item_id: int) -> Any:
        """A listed item's saved payload (the desk shows and corrects it); None if it does not open."""
        row = self._store.rows("SELECT payload FROM items WHERE id = ? AND key_id = ? AND status"
                               " IN ('refused', 'unconfirmed')", (item_id, self._sealer.key_id))
        if not row:
            raise ValueError(f"item {item_id} is not in the Not sent list")
        try:
            return json.loads(self._sealer.open(row[0][0]))
        except (InvalidToken, ValueError):
            return None

    def hand_over(self, item_id: int) -> None:
        """Mark a listed (or unopenable) item for the supervisor; it stays, it is not sent."""
        cur = self._store.run("UPDATE items SET status = 'handed_over' WHERE id = ? AND status"
                              " IN ('refused', 'unconfirmed', 'undecryptable')", (item_id,))
        if not cur.rowcount:
            raise ValueError(f"item {item_id} is not in the Not sent list")

    def recover(self, old_key: bytes) -> int:
        """IT found the old key: reseal the items it opens with the current key and send them
        (migrated rows without an owner go to the Not sent list instead)."""
        n = self._store.recover(Sealer(old_key), self._sealer)
        self._wake.set()
        return n

    def export(self, path: str | Path, passphrase: str, agent_id: str | None = None) -> int:
        """Everything held for one counselor (default: the current one), sealed with a
        passphrase for IT (softphone.center.outbox_export); returns the number of items."""
        from softphone.center.outbox_export import export_agent
        agent = agent_id if agent_id is not None else (self._owner[0] if self._owner else None)
        if agent is None:
            raise NoOwner("export whose items? nobody is signed in")
        return export_agent(self._store, self._sealer, agent, path, passphrase)

    def drafts(self) -> Any:
        """Wrap-up drafts and self-check markers in this file (softphone.center.drafts)."""
        from softphone.center.drafts import Drafts
        if getattr(self, "_drafts", None) is None:
            self._drafts = Drafts(self._store, self._sealer)
        return self._drafts

    # ------------------------------------------------------------ delivery
    def start(self) -> None:
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def close(self) -> None:
        self.stop()
        self._store.close()

    def deliver_due(self) -> int:
        """Send the owner's due items in order until one must wait; returns how many went."""
        sent = 0
        while not self._stopping.is_set():
            with self._owner_lock:
                owner, gen = self._owner, self._gen
            if owner is None:
                break
            rows = self._store.rows(f"SELECT {_COLS}, next_at FROM items WHERE status ="
                                    " 'pending' AND center = ? AND agent_id = ? ORDER BY id"
                                    " LIMIT 1", (owner[1], owner[0]))
            if not rows or rows[0][-1] > time.time():
                break
            outcome = self._deliver_one(rows[0][:-1], gen)
            sent += outcome == "delivered"
            if outcome == "retrying":
                break
        return sent

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.deliver_due()
            except Exception:  # keep the thread alive whatever happens
                log.exception("outbox delivery pass failed")
            self._wake.clear()
            self._wake.wait(self._idle_wait())

    def _idle_wait(self) -> float:
        owner = self._owner
        if owner is None:
            return 5.0
        nxt = self._store.rows("SELECT MIN(next_at) FROM items WHERE status = 'pending' AND"
                               " center = ? AND agent_id = ?", (owner[1], owner[0]))[0][0]
        return 5.0 if nxt is None else min(5.0, max(0.01, nxt - time.time()))

    def _deliver_one(self, row: tuple, gen: int) -> str:
        iid, kind, method, path, key, blob, kid, attempts, bad, first_bad = row
        try:
            if kid != self._sealer.key_id:
                raise InvalidToken
            path, payload = self._sealer.open(path), json.loads(self._sealer.open(blob))
        except (InvalidToken, ValueError):
            return self._set(iid, kind, "undecryptable", attempts, "does not open with this key",
                             "A saved {kind} cannot be read on this computer; it is kept. Call IT.")
        try:
            self._sender(method, path, payload, key, lambda: self._gen == gen)
        except CenterError as exc:
            if kind == STATE and self._refusal(exc):
                return self._drop(iid, attempts + 1, exc, payload)
            return self._after(iid, kind, attempts + 1, bad, first_bad, exc)
        except Exception as exc:   # a bug in the sender: retry later, never lose the item
            log.exception("outbox sender raised")
            return self._later(iid, kind, attempts + 1,
                               CenterError("server", detail=type(exc).__name__))
        self._store.run("DELETE FROM items WHERE id = ?", (iid,))
        self._emit(OutboxEvent(iid, kind, "delivered", attempts + 1))
        return "delivered"

    @staticmethod
    def _refusal(exc: CenterError) -> bool:
        return exc.kind in ("conflict", "client") or (exc.kind == "auth" and exc.status == 403)

    def _drop(self, iid: int, attempts: int, exc: CenterError, payload: Any) -> str:
        """A state change the center refused: the desk reacts (e.g. back to Not Ready); it
        never blocks the writes behind it and nobody needs to decide on it."""
        self._store.run("DELETE FROM items WHERE id = ?", (iid,))
        log.info("outbox item %d (state) refused by the center: %s", iid, exc.code or exc.kind)
        self._emit(OutboxEvent(iid, STATE, "dropped", attempts, exc.user_message, exc.kind,
                               exc.code or "", payload if isinstance(payload, dict) else None))
        return "dropped"

    def _after(self, iid: int, kind: str, attempts: int, bad: int, first_bad: float | None,
               exc: CenterError) -> str:
        if self._refusal(exc):
            code = " ".join(str(x) for x in (exc.status, exc.code) if x)
            return self._set(iid, kind, "refused", attempts,
                             f"{code}: {exc.user_message}" if code else exc.user_message,
                             "The center did not accept a saved {kind}: it is in the Not sent "
                             "list.")
        if exc.kind == "invalid_response":
            now = time.time()
            first_bad = first_bad or now
            self._store.run("UPDATE items SET bad_answers = ?, first_bad_at = ? WHERE id = ?",
                            (bad + 1, first_bad, iid))
            if bad + 1 >= self._bad_limit and now - first_bad >= self._bad_window:
                if kind == STATE:
                    return self._drop(iid, attempts, exc, None)
                return self._set(iid, kind, "unconfirmed", attempts,
                                 f"the center's answers could not be confirmed ({exc.detail})",
                                 "The center never confirmed a saved {kind}: it is in the Not "
                                 "sent list.")
        return self._later(iid, kind, attempts, exc)

    def _later(self, iid: int, kind: str, attempts: int, exc: CenterError) -> str:
        delay = min(self._max, self._base * 2 ** min(attempts - 1, 16)) * random.uniform(0.8, 1.2)
        self._store.run("UPDATE items SET attempts = ?, next_at = ?, last_error = ? WHERE id = ?",
                        (attempts, time.time() + delay,
                         self._sealer.seal((exc.detail or exc.kind)[:300]), iid))
        log.info("outbox item %d (%s) not delivered (%s); retry in %.1f s", iid, kind, exc.kind,
                 delay)
        self._emit(OutboxEvent(iid, kind, "retrying", attempts, exc.user_message, exc.kind,
                               exc.code or ""))
        return "retrying"

    def _set(self, iid: int, kind: str, status: str, attempts: int, reason: str,
             message: str) -> str:
        self._store.run("UPDATE items SET status = ?, attempts = ?, last_error = ? WHERE id = ?",
                        (status, attempts, self._sealer.seal(reason[:500]), iid))
        log.warning("outbox item %d (%s): %s", iid, kind, status)
        self._emit(OutboxEvent(iid, kind, status, attempts, message.format(kind=kind), reason))
        return status

    def _emit(self, event: OutboxEvent) -> None:
        if self._on_event:
            try:
                self._on_event(event)
            except Exception:
                log.exception("outbox event hook failed")
