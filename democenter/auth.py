"""Sign-in for agents and supervisors: salted hashes, one hash per attempt, login throttling."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass

from democenter import db
from democenter.errors import ApiError

PBKDF2_ITERATIONS = 60_000
ALGO = "pbkdf2_sha256"
hash_runs = 0                  # password hashes this process ran (read by in-process tests)
_count_lock = threading.Lock()
_dummy_hash: str | None = None


def hash_password(password: str, iterations: int = PBKDF2_ITERATIONS) -> str:
    """``pbkdf2_sha256$iterations$salt$hash`` (hex), with a random 16-byte salt."""
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "surrogatepass"),
                                 bytes.fromhex(salt), iterations)
    return f"{ALGO}${iterations}${salt}${digest.hex()}"


def _parse(stored: str) -> tuple[int, bytes, str] | None:
    try:
        algo, iterations, salt, digest = stored.split("$")
        if algo != ALGO or not 1_000 <= int(iterations) <= 10_000_000:
            return None
        return int(iterations), bytes.fromhex(salt), digest
    except (ValueError, TypeError, AttributeError):
        return None


def _run_hash(password: str, iterations: int, salt: bytes) -> str:
    global hash_runs
    with _count_lock:
        hash_runs += 1
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "surrogatepass"), salt,
                               iterations).hex()


def check_password(password: str, stored: str | None) -> bool:
    """Constant-time check of ``password`` against a ``hash_password`` string.

    Runs the same hash when ``stored`` is missing or unusable (an unknown user name), so the
    answer takes as long for a user who does not exist as for a wrong password."""
    global _dummy_hash
    parsed = _parse(stored) if stored else None
    if parsed is None:
        if _dummy_hash is None:
            _dummy_hash = hash_password(secrets.token_hex(16))
        iterations, salt, digest = _parse(_dummy_hash)   # type: ignore[misc]
        hmac.compare_digest(_run_hash(password, iterations, salt), digest)
        return False
    iterations, salt, digest = parsed
    return hmac.compare_digest(_run_hash(password, iterations, salt), digest)


@dataclass(frozen=True)
class Throttle:
    """Failed sign-ins per user name and per client address within ``window_s``: from the
    ``*_failures``-th on, the key is locked for ``lockout_s``, doubling with each further
    failure up to ``lockout_max_s``. Locked keys answer 429 with Retry-After, before any
    password check (so the right password is refused too until the lock ends)."""
    user_failures: int = 5
    addr_failures: int = 20
    window_s: float = 900.0
    lockout_s: float = 30.0
    lockout_max_s: float = 900.0

    def keys(self, kind: str, username: str, addr: str) -> list[tuple[str, int]]:
        # the typed name is kept only as a digest: people type passwords into it by mistake
        name = hashlib.sha256(username.casefold().encode("utf-8", "surrogatepass"))
        return [(f"{kind}:{name.hexdigest()[:32]}", self.user_failures),
                (f"addr:{_network(addr)}", self.addr_failures)]

    def begin(self, conn: sqlite3.Connection, keys: list[tuple[str, int]],
              now: float) -> dict[str, float]:
        """Refuse (429) while a key is locked; else count this attempt as failed until
        ``succeeded`` says otherwise (so parallel guesses cannot outrun the lock)."""
        marks: dict[str, float] = {}
        with db.transaction(conn):
            conn.execute("DELETE FROM login_failures WHERE last_at < ? AND locked_until < ?",
                         (now - self.window_s, now))
            rows = {k: conn.execute("SELECT failures, locked_until FROM login_failures"
                                    " WHERE key = ?", (k,)).fetchone() for k, _ in keys}
            wait = max([r["locked_until"] - now for r in rows.values() if r] + [0.0])
            if wait > 0:
                secs = max(1, math.ceil(wait))
                raise ApiError(429, "too_many_attempts",
                               f"Too many failed sign-ins: try again in {secs} s.",
                               headers={"Retry-After": str(secs)})
            for key, limit in keys:
                failures = (rows[key]["failures"] if rows[key] else 0) + 1
                locked = 0.0
                if failures >= limit:
                    locked = now + min(self.lockout_s * 2 ** min(failures - limit, 30),
                                       self.lockout_max_s)
                conn.execute("INSERT INTO login_failures (key, failures, last_at, locked_until)"
                             " VALUES (?,?,?,?) ON CONFLICT(key) DO UPDATE SET"
                             " failures = excluded.failures, last_at = excluded.last_at,"
                             " locked_until = excluded.locked_until",
                             (key, failures, now, locked))
                marks[key] = locked
        return marks

    def succeeded(self, conn: sqlite3.Connection, keys: list[tuple[str, int]],
                  marks: dict[str, float]) -> None:
        """The attempt was right: forget the user's failures, take this one back for the
        address (and the lock it set, if nobody set another since)."""
        (user_key, _), (addr_key, _) = keys
        with db.transaction(conn):
            conn.execute("DELETE FROM login_failures WHERE key = ?", (user_key,))
            conn.execute("UPDATE login_failures SET failures = MAX(failures - 1, 0),"
                         " locked_until = CASE WHEN locked_until = ? THEN 0"
                         " ELSE locked_until END WHERE key = ?", (marks[addr_key], addr_key))


def _network(addr: str) -> str:
    """The address a client is counted by: its IPv4 address, or its IPv6 /64 (one host
    holds a whole /64, so single IPv6 addresses would be free to rotate)."""
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return addr
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None and not ip.is_loopback:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip.ipv4_mapped or ip) if isinstance(ip, ipaddress.IPv6Address) else str(ip)


def sign_in(conn: sqlite3.Connection, throttle: Throttle, kind: str, table: str,
            username: str, password: str, addr: str) -> sqlite3.Row:
    """The ``table`` row ("agents" | "supervisors") for right credentials; 401 or 429 else."""
    keys = throttle.keys(kind, username, addr)
    marks = throttle.begin(conn, keys, time.time())
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (username,)).fetchone()
    if not check_password(password, row["password_hash"] if row is not None else None):
        raise ApiError(401, "invalid_credentials", "Wrong user name or password.")
    throttle.succeeded(conn, keys, marks)
    return row
