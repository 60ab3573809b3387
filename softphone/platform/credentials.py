"""Secrets in the OS keyring only: passwords and API tokens per center and user, the outbox key.

Nothing secret is ever written anywhere else. When the keyring has no usable backend
(``keyring.backends.fail.Keyring``, e.g. no Secret Service on a bare Linux session) every
call raises ``KeyringUnavailable`` with a message the counselor and IT can act on.
Keyring calls can block (D-Bus, an unlock prompt): call them from a worker, not the GUI thread.
"""

from __future__ import annotations

import json
import threading

from types import ModuleType

from softphone.domain.messages import source

SERVICE = "agent-softphone"
_OUTBOX_ENTRY = "outbox-key"
_key_lock = threading.Lock()


class CredentialsError(RuntimeError):
    """The keyring refused or failed. ``message_id`` and ``params`` say what to do (the UI
    translates them, softphone.domain.messages); ``str()`` is the English text, for logs."""

    def __init__(self, message_id: str, *params: object) -> None:
        super().__init__(source(message_id, params))
        self.message_id, self.params = message_id, tuple(params)


class KeyringUnavailable(CredentialsError):
    """No secure storage is available on this computer."""


NO_KEYRING = "keyring.none"


def _keyring() -> ModuleType:
    """The keyring library, loaded on first use (on a worker: it costs ~40 ms at start-up)."""
    import keyring
    import keyring.errors
    return keyring


def backend_usable(backend=None) -> bool:
    """False when the keyring library fell back to its 'fail' backend (nothing to store in)."""
    from keyring.backends import chainer, fail
    kr = backend if backend is not None else _keyring().get_keyring()
    if isinstance(kr, fail.Keyring):
        return False
    if isinstance(kr, chainer.ChainerBackend):
        return bool(kr.backends)
    return True


def _check() -> None:
    if not backend_usable():
        raise KeyringUnavailable(NO_KEYRING)


def _call(name: str, *args):
    keyring = _keyring()
    _check()
    fn = getattr(keyring, name)
    try:
        return fn(*args)
    except keyring.errors.PasswordDeleteError:
        return None
    except keyring.errors.KeyringLocked as exc:
        raise CredentialsError("keyring.locked") from exc
    except keyring.errors.KeyringError as exc:
        raise CredentialsError("keyring.failed", type(exc).__name__) from exc


class Credentials:
    """Keyring access for one app installation (``service`` names the keyring entries)."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    @staticmethod
    def _user(center: str, user: str, what: str) -> str:
        return f"{what}:{user}@{center}"

    # passwords
    def save_password(self, center: str, user: str, password: str) -> None:
        _call("set_password", self.service, self._user(center, user, "password"), password)

    def load_password(self, center: str, user: str) -> str | None:
        return _call("get_password", self.service, self._user(center, user, "password"))

    def delete_password(self, center: str, user: str) -> None:
        _call("delete_password", self.service, self._user(center, user, "password"))

    # API tokens (access + refresh), one entry
    def save_token(self, center: str, user: str, token: str, refresh_token: str) -> None:
        _call("set_password", self.service, self._user(center, user, "token"),
              json.dumps({"token": token, "refresh_token": refresh_token}))

    def load_token(self, center: str, user: str) -> tuple[str, str] | None:
        raw = _call("get_password", self.service, self._user(center, user, "token"))
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return str(data["token"]), str(data["refresh_token"])
        except (ValueError, KeyError, TypeError):
            return None

    def delete_token(self, center: str, user: str) -> None:
        _call("delete_password", self.service, self._user(center, user, "token"))

    def forget(self, center: str, user: str) -> None:
        """Remove the password and the tokens of ``user`` at ``center``."""
        self.delete_password(center, user)
        self.delete_token(center, user)

    # the outbox's encryption key (Fernet, urlsafe base64). Never replaced behind the outbox's
    # back: the outbox (softphone.center.outbox) reads it with ``load_outbox_key`` and asks for
    # a new one with ``create_outbox_key`` only when it holds no item that needs the old one.
    def load_outbox_key(self) -> bytes | None:
        """The outbox key as stored, or None when there is no entry; raises when the keyring fails."""
        key = _call("get_password", self.service, _OUTBOX_ENTRY)
        return key.encode("ascii", "replace") if key else None

    def create_outbox_key(self) -> bytes:
        """Store a new outbox key unless one appeared meanwhile (then that one is returned)."""
        with _key_lock:
            existing = self.load_outbox_key()
            if existing:
                return existing
            from cryptography.fernet import Fernet
            _call("set_password", self.service, _OUTBOX_ENTRY, Fernet.generate_key().decode("ascii"))
            stored = self.load_outbox_key()    # another process may have written first: its key wins
            if not stored:
                raise CredentialsError("keyring.not_kept")
            return stored

    def outbox_key(self) -> bytes:
        """The stored key, created when missing: for an EMPTY outbox only (the outbox itself
        never calls this; it refuses to replace a key its saved items need)."""
        return self.load_outbox_key() or self.create_outbox_key()

    def save_outbox_key(self, key: bytes) -> None:
        """Put back a key IT restored from a backup (or an export); overwrites the entry."""
        _call("set_password", self.service, _OUTBOX_ENTRY, key.decode("ascii"))

    def delete_outbox_key(self) -> None:
        _call("delete_password", self.service, _OUTBOX_ENTRY)
