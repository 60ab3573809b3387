"""The durable outbox: writes to the center that must not be lost, delivered exactly once.

``enqueue`` stores the item (SQLite, WAL, synchronous=FULL) and returns its id at once; a
delivery thread sends items in order with their Idempotency-Key and retries with backoff
until the center confirms (2xx; a 409 conflict also means "already recorded"). Payloads are
encrypted at rest (Fernet, key from the OS keyring). Delivered rows are deleted; rows the
center refuses (4xx), or that no longer decrypt, are marked ``failed``, never sent again, and
reported once through ``on_event``.
Survives kill -9: an item sent but not yet deleted is resent with the same key, and the
center replays its first answer instead of recording it twice.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol

from cryptography.fernet import Fernet, InvalidToken

from softphone.center.models import CenterError

log = logging.getLogger("softphone.center.outbox")

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    method     TEXT NOT NULL,
    path       TEXT NOT NULL,
    idem_key   TEXT NOT NULL UNIQUE,
    payload    BLOB NOT NULL,               -- Fernet token of the JSON payload
    status     TEXT NOT NULL DEFAULT 'pending',   -- pending | failed
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    REAL NOT NULL,
    created_at REAL NOT NULL,
    last_error TEXT NOT NULL DEFAULT ''
);
"""
TRANSIENT = {"unreachable", "timeout", "tls", "server", "auth", "invalid_response"}


class KeyStore(Protocol):
    def outbox_key(self) -> bytes: ...


Sender = Callable[[str, str, Any, str], None]   # (method, path, payload, idempotency key)


@dataclass(frozen=True)
class OutboxEvent:
    """What happened to an item: ``delivered``, ``retrying`` or ``failed`` (permanently)."""
    item_id: int
    kind: str
    outcome: str
    attempts: int
    user_message: str = ""


class Outbox:
    """A durable queue of center writes with one delivery thread."""

    def __init__(self, db_path: str | Path, sender: Sender, key_store: KeyStore, *,
                 on_event: Callable[[OutboxEvent], None] | None = None,
                 base_backoff: float = 0.5, max_backoff: float = 60.0) -> None:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        self._fernet = Fernet(key_store.outbox_key())
        self._sender = sender
        self._on_event = on_event
        self._base, self._max = base_backoff, max_backoff
        self._db = sqlite3.connect(str(db_path), timeout=10, isolation_level=None,
                                   check_same_thread=False)
        self._db_lock = threading.Lock()
        with self._db_lock:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA secure_delete = ON")  # delivered notes do not linger
            self._db.executescript(SCHEMA)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pause_until = 0.0

    # ------------------------------------------------------------ producer side
    def enqueue(self, kind: str, path: str, payload: Any, method: str = "POST",
                idempotency_key: str | None = None) -> int:
        """Store one write durably and return its id; delivery happens in the background."""
        key = idempotency_key or str(uuid.uuid4())
        blob = self._fernet.encrypt(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        now = time.time()
        with self._db_lock:
            cur = self._db.execute(
                "INSERT INTO outbox (kind, method, path, idem_key, payload, next_at, created_at)"
                " VALUES (?,?,?,?,?,?,?)", (kind, method.upper(), path, key, blob, now, now))
            item_id = int(cur.lastrowid)
        self._pause_until = 0.0
        self._wake.set()
        return item_id

    def pending_count(self) -> int:
        with self._db_lock:
            return self._db.execute("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"
                                    ).fetchone()[0]

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
        with self._db_lock:
            self._db.close()

    def deliver_due(self) -> int:
        """Deliver due items in order until one needs a retry; returns how many were sent."""
        sent = 0
        while not self._stopping.is_set() and time.time() >= self._pause_until:
            with self._db_lock:
                row = self._db.execute(
                    "SELECT id, kind, method, path, idem_key, payload, attempts FROM outbox"
                    " WHERE status = 'pending' AND next_at <= ? ORDER BY id LIMIT 1",
                    (time.time(),)).fetchone()
            if row is None:
                break
            if self._deliver_one(*row):
                sent += 1
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
        now = time.time()
        with self._db_lock:
            nxt = self._db.execute("SELECT MIN(next_at) FROM outbox WHERE status = 'pending'"
                                   ).fetchone()[0]
        wait = 5.0 if nxt is None else max(0.0, nxt - now)
        return min(5.0, max(wait, self._pause_until - now, 0.01))

    def _deliver_one(self, item_id, kind, method, path, key, blob, attempts) -> bool:
        try:
            payload = json.loads(self._fernet.decrypt(blob))
        except (InvalidToken, ValueError):
            self._fail(item_id, kind, attempts, "cannot decrypt (outbox key changed)")
            return False
        try:
            self._sender(method, path, payload, key)
        except CenterError as exc:
            if exc.kind == "conflict":   # the center has it already (or it no longer applies)
                self._done(item_id, kind, attempts + 1)
                return True
            if exc.kind in TRANSIENT:
                self._later(item_id, kind, attempts + 1, exc)
                return False
            self._fail(item_id, kind, attempts + 1, exc.detail or exc.kind, exc.user_message)
            return False
        except Exception as exc:   # a bug in the sender: retry later, never lose the item
            log.exception("outbox sender raised")
            self._later(item_id, kind, attempts + 1,
                        CenterError("server", detail=type(exc).__name__))
            return False
        self._done(item_id, kind, attempts + 1)
        return True

    def _emit(self, event: OutboxEvent) -> None:
        if self._on_event:
            try:
                self._on_event(event)
            except Exception:
                log.exception("outbox event hook failed")

    def _done(self, item_id: int, kind: str, attempts: int) -> None:
        with self._db_lock:
            self._db.execute("DELETE FROM outbox WHERE id = ?", (item_id,))
        self._emit(OutboxEvent(item_id, kind, "delivered", attempts))

    def _later(self, item_id: int, kind: str, attempts: int, exc: CenterError) -> None:
        delay = min(self._max, self._base * 2 ** min(attempts - 1, 16)) * random.uniform(0.8, 1.2)
        self._pause_until = time.time() + delay
        with self._db_lock:
            self._db.execute("UPDATE outbox SET attempts = ?, next_at = ?, last_error = ?"
                             " WHERE id = ?", (attempts, time.time() + delay,
                                               (exc.detail or exc.kind)[:300], item_id))
        log.info("outbox item %d (%s) not delivered (%s); retry in %.1f s", item_id, kind,
                 exc.kind, delay)
        self._emit(OutboxEvent(item_id, kind, "retrying", attempts, exc.user_message))

    def _fail(self, item_id: int, kind: str, attempts: int, detail: str,
              user_message: str = "") -> None:
        with self._db_lock:
            self._db.execute("UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?"
                             " WHERE id = ?", (attempts, detail[:300], item_id))
        log.warning("outbox item %d (%s) refused by the center: %s", item_id, kind, detail)
        self._emit(OutboxEvent(item_id, kind, "failed", attempts,
                               user_message or "The center refused this record."))
