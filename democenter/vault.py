"""Secrets beside the database: private files, the 0600 key file, sealed SIP secrets, token digests."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import stat
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

log = logging.getLogger("democenter.vault")
KEY_SUFFIX = ".key"


class SealError(Exception):
    """A sealed secret cannot be opened (another key file, or a damaged value)."""


def private_dirs(directory: Path) -> None:
    """Create ``directory`` and any missing parents as 0700; existing ones are left as they are."""
    missing = []
    d = directory
    while not d.exists():
        missing.append(d)
        d = d.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(d, 0o700)          # mkdir's mode passes through the umask


def private_file(path: Path, tighten: bool = True) -> bool:
    """Create ``path`` empty with mode 0600 when missing; ``tighten`` an existing one to 0600.

    Returns True when it created the file."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return True
    except FileExistsError:
        if tighten and stat.S_IMODE(os.stat(path).st_mode) & 0o077:
            os.chmod(path, 0o600)
            log.warning("%s was readable by others: now 0600", path)
        return False


def key_path(db_path: str | os.PathLike) -> Path:
    """The key file that belongs to a database file: ``<db>.key`` in the same directory."""
    p = Path(db_path)
    return p.with_name(p.name + KEY_SUFFIX)


def db_path_of(conn: sqlite3.Connection) -> str:
    """The file behind a connection's main database ('' for an in-memory one)."""
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or ""
    return ""


def token_digest(token: str) -> str:
    """What the database keeps of a bearer or refresh token: its SHA-256 (hex)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Vault:
    """Seals secrets (SIP passwords) with the key file beside the database (Fernet: AES + HMAC)."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def for_db(cls, db_path: str | os.PathLike) -> "Vault":
        """The vault of a database file; creates its 0600 key file on first use."""
        path = key_path(db_path)
        if not path.exists():       # written aside, then linked: never seen half-written
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(Fernet.generate_key() + b"\n")
                    f.flush()
                    os.fsync(f.fileno())
                os.link(tmp, path)
            except FileExistsError:
                pass                # another process made it first: use theirs
            finally:
                tmp.unlink(missing_ok=True)
        private_file(path)          # 0600, even if someone loosened it
        key = path.read_bytes().strip()
        if not key:
            raise SealError(f"the key file {path} is empty")
        return cls(key)

    @classmethod
    def for_conn(cls, conn: sqlite3.Connection) -> "Vault":
        path = db_path_of(conn)
        if not path:
            raise SealError("an in-memory database has no key file")
        return cls.for_db(path)

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError, UnicodeError) as exc:
            raise SealError("the secret does not open with this key file") from exc
