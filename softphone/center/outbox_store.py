"""The outbox's file: owner-only SQLite (0600 in 0700), sealed columns, and the key that is never silently replaced.

Files: the directory is made 0700 and the database (with its -wal/-shm, which SQLite creates
with the database's mode) 0600, also when an older version left them 0644.
Columns: ``path`` (it names the interaction or callback), ``payload`` and ``last_error`` (the
center's refusal can quote the request) are Fernet tokens; ``kind``, ``method``, the owner
(``agent_id``, ``center``), ``status``, counters and times stay plain so that the outbox can
say whose writes wait without opening them.
Key: each row records the id of the key that sealed it (``key_id``, an HMAC of a constant, so
it reveals nothing). ``open_key`` reads the key from the keyring under a file lock:
- missing while rows need it -> ``OutboxKeyLost`` (nothing is created, nothing deleted);
- present but not a Fernet key -> ``OutboxKeyUnreadable``;
- a different key than the rows' (another process rewrote the entry) -> ``OutboxKeyMismatch``;
- a new key is created only when no row needs one. IT may decide otherwise
  (``replace_lost_key=True``): the rows sealed with the lost key are then kept as
  ``undecryptable`` (listed, exported, recoverable with the old key), never deleted.
An outbox file of the previous version (table ``outbox``, no owner) is migrated: its rows go
to the "Not sent" list (status ``refused``), because nobody knows any more whose they were.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path
from typing import Iterator, Protocol

from cryptography.fernet import Fernet, InvalidToken

try:
    import fcntl
except ImportError:        # not on Windows: the keyring's own lock is all there is
    fcntl = None  # type: ignore[assignment]

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id     TEXT NOT NULL,              -- whose write ('' only for migrated rows)
    center       TEXT NOT NULL,              -- the center's base URL, normalised
    kind         TEXT NOT NULL,
    method       TEXT NOT NULL,
    path         BLOB NOT NULL,              -- sealed
    idem_key     TEXT NOT NULL UNIQUE,
    payload      BLOB NOT NULL,              -- sealed JSON
    key_id       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending',
        -- pending | refused | unconfirmed | handed_over | undecryptable
    attempts     INTEGER NOT NULL DEFAULT 0,
    bad_answers  INTEGER NOT NULL DEFAULT 0,   -- 2xx answers that broke the contract
    first_bad_at REAL,
    next_at      REAL NOT NULL,
    created_at   REAL NOT NULL,
    last_error   BLOB NOT NULL DEFAULT x''     -- sealed
);
CREATE INDEX IF NOT EXISTS items_owner ON items (center, agent_id, status, id);
"""
LEGACY_REASON = ("Saved by an earlier version of the app without the counselor's name: check "
                 "it, then send it again or hand it to your supervisor.")
_KEY_ID_LABEL = b"agent-softphone outbox key id v1"


class KeyStore(Protocol):
    """Where the key lives (softphone.platform.credentials.Credentials)."""

    def load_outbox_key(self) -> bytes | None: ...
    def create_outbox_key(self) -> bytes: ...


class OutboxKeyError(RuntimeError):
    """The key of saved writes is missing, unreadable or another one: nothing was deleted."""

    message_id = "outbox.unavailable"   # for the counselor (softphone.domain.messages)

    def __init__(self, user_message: str, it_detail: str, held: dict[str, int]) -> None:
        super().__init__(f"{user_message} (For IT: {it_detail})")
        self.user_message, self.it_detail, self.held = user_message, it_detail, held
        self.params = (sum(held.values()),)     # {0}: how many writes wait


class OutboxKeyLost(OutboxKeyError):
    """The keyring has no outbox key but saved writes need one."""

    message_id = "outbox.key_lost"


class OutboxKeyUnreadable(OutboxKeyError):
    """The keyring's outbox entry is not a usable key."""

    message_id = "outbox.key_unreadable"


class OutboxKeyMismatch(OutboxKeyError):
    """The keyring holds another key than the one the saved writes were sealed with."""

    message_id = "outbox.key_mismatch"


def key_id(key: bytes) -> str:
    return hmac.new(key, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


class Sealer:
    """Fernet sealing of the private columns with one key."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)          # ValueError / binascii.Error when not a key
        self.key_id = key_id(key)

    def seal(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode("utf-8"))

    def open(self, blob: bytes) -> str:
        """The text; raises InvalidToken (or ValueError) when the blob does not open."""
        return self._fernet.decrypt(bytes(blob)).decode("utf-8")

    def open_or(self, blob: bytes, default: str = "") -> str:
        if not blob:
            return default
        try:
            return self.open(blob)
        except (InvalidToken, ValueError):
            return default


def _owner_only(db_path: Path) -> None:
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(db_path.parent, 0o700)
    if not db_path.exists():
        os.close(os.open(db_path, os.O_WRONLY | os.O_CREAT, 0o600))
    for p in (db_path, db_path.with_name(db_path.name + "-wal"),
              db_path.with_name(db_path.name + "-shm"), db_path.with_name(db_path.name + ".lock")):
        if p.exists() and stat.S_IMODE(p.stat().st_mode) != 0o600:
            os.chmod(p, 0o600)


class Store:
    """The SQLite connection (one, shared by the producer and the delivery thread, locked)."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(db_path)
        _owner_only(self.path)
        self.lock = threading.Lock()
        self.db = sqlite3.connect(str(self.path), timeout=10, isolation_level=None,
                                  check_same_thread=False)
        with self.lock:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA secure_delete = ON")   # delivered notes do not linger
            self.db.executescript(SCHEMA)
        _owner_only(self.path)                              # the -wal/-shm just created

    def rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self.lock:
            return self.db.execute(sql, args).fetchall()

    def run(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        with self.lock:
            return self.db.execute(sql, args)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    @contextlib.contextmanager
    def file_lock(self) -> Iterator[None]:
        """Across processes: one of them at a time reads or creates the key."""
        if fcntl is None:
            yield
            return
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)            # closing releases the lock

    def _legacy_rows(self) -> int:
        if not self.rows("SELECT 1 FROM sqlite_master WHERE type='table' AND name='outbox'"):
            return 0
        return self.rows("SELECT COUNT(*) FROM outbox")[0][0]

    def held(self, other_than_key: str | None = None) -> dict[str, int]:
        """{agent_id: rows} of the rows that need a key (``other_than_key``: another key)."""
        sql = "SELECT agent_id, COUNT(*) FROM items WHERE status != 'undecryptable'"
        args: tuple = ()
        if other_than_key is not None:
            sql, args = sql + " AND key_id != ?", (other_than_key,)
        out = dict(self.rows(sql + " GROUP BY agent_id", args))
        if other_than_key is None and (legacy := self._legacy_rows()):
            out[""] = out.get("", 0) + legacy
        return out

    def open_key(self, key_store: KeyStore, replace_lost_key: bool = False) -> Sealer:
        """The sealer of this outbox, or OutboxKeyError (see the module docstring)."""
        service = getattr(key_store, "service", "agent-softphone")
        entry = f"'{service}' / 'outbox-key' in the system keyring"
        with self.file_lock():
            key, held = key_store.load_outbox_key(), self.held()
            n = sum(held.values())
            saved = (f"{n} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on "
                     "this computer but cannot be sent")
            if key is not None:
                try:
                    sealer = Sealer(key)
                except ValueError:
                    if not replace_lost_key and n:
                        raise OutboxKeyUnreadable(
                            f"{saved}: the key that protects them is damaged. Nothing was "
                            "deleted. Call IT.", f"{entry} is not a Fernet key; restore it from "
                            "a backup (Credentials.save_outbox_key).", held) from None
                    key = None
            if key is None:
                if n and not replace_lost_key:
                    raise OutboxKeyLost(
                        f"{saved}: the key that protects them is missing from this computer's "
                        "keyring. Nothing was deleted. Call IT before signing in elsewhere.",
                        f"{entry} is gone; restore it from a backup (Credentials."
                        "save_outbox_key), or open the outbox with replace_lost_key=True to "
                        "start a new key (the old items stay, listed as undecryptable).", held)
                if replace_lost_key:
                    getattr(key_store, "delete_outbox_key", lambda: None)()
                sealer = Sealer(key_store.create_outbox_key())
            other = self.held(other_than_key=sealer.key_id)
            if other and not replace_lost_key:
                raise OutboxKeyMismatch(
                    f"{saved}: this computer's keyring now holds another key than the one they "
                    "were saved with (another program replaced it). Nothing was deleted. Call IT.",
                    f"{entry} was rewritten; put the previous key back (Credentials."
                    "save_outbox_key) or open with replace_lost_key=True.", other)
            self.run("UPDATE items SET status = 'undecryptable' WHERE key_id != ?",
                     (sealer.key_id,))
            self._migrate(sealer)
            return sealer

    def _migrate(self, sealer: Sealer) -> None:
        """Rows of the previous version (no owner, plain path): to the "Not sent" list."""
        if not self._legacy_rows():
            self.run("DROP TABLE IF EXISTS outbox")
            return
        rows = self.rows("SELECT kind, method, path, idem_key, payload, created_at, last_error"
                         " FROM outbox ORDER BY id")
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for kind, method, path, key, blob, created, error in rows:
                    ok = sealer.open_or(blob, "\0") != "\0"
                    self.db.execute(
                        "INSERT OR IGNORE INTO items (agent_id, center, kind, method, path,"
                        " idem_key, payload, key_id, status, next_at, created_at, last_error)"
                        " VALUES ('', '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (kind, method, sealer.seal(path), key, blob,
                         sealer.key_id if ok else "legacy", "refused" if ok else "undecryptable",
                         time.time(), created, sealer.seal(error or LEGACY_REASON)))
                self.db.execute("DROP TABLE outbox")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("VACUUM")                  # the old plain paths leave the file
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def recover(self, old: Sealer, new: Sealer) -> int:
        """Reseal with ``new`` the undecryptable rows that ``old`` opens; returns how many."""
        n = 0
        for iid, path, blob, error in self.rows(
                "SELECT id, path, payload, last_error FROM items WHERE status = 'undecryptable'"
                " AND key_id IN (?, 'legacy')", (old.key_id,)):
            try:
                p = old.open_or(path) or new.open(path)
                data = old.open(blob)
            except (InvalidToken, ValueError):
                continue
            self.run("UPDATE items SET path = ?, payload = ?, last_error = ?, key_id = ?,"
                     " next_at = ?, status = CASE agent_id WHEN '' THEN 'refused' ELSE 'pending'"
                     " END WHERE id = ?", (new.seal(p), new.seal(data), new.seal(
                         old.open_or(error) or new.open_or(error)), new.key_id, time.time(), iid))
            n += 1
        return n
