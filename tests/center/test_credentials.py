"""Credentials against the real keyring (gnome-keyring over D-Bus) and the fail backend."""

from __future__ import annotations

import uuid

import keyring
import pytest
from keyring.backends import fail

from softphone.platform import credentials
from softphone.platform.credentials import Credentials, KeyringUnavailable

live = pytest.mark.skipif(not credentials.backend_usable(),
                          reason="run under dbus-run-session scripts/with-keyring.sh")


@pytest.fixture
def creds():
    c = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
    yield c
    for user in ("agent1", "agent2"):
        c.forget("https://center.example", user)
    c.delete_outbox_key()


@live
def test_the_live_backend_is_the_secret_service():
    assert "SecretService" in type(keyring.get_keyring()).__module__ + \
        type(keyring.get_keyring()).__name__


@live
def test_password_set_get_delete(creds):
    center = "https://center.example"
    assert creds.load_password(center, "agent1") is None
    creds.save_password(center, "agent1", "pässwörd-비밀")
    creds.save_password(center, "agent2", "other")
    assert creds.load_password(center, "agent1") == "pässwörd-비밀"
    assert creds.load_password("https://other.example", "agent1") is None
    creds.delete_password(center, "agent1")
    assert creds.load_password(center, "agent1") is None
    assert creds.load_password(center, "agent2") == "other"
    creds.delete_password(center, "agent1")   # deleting twice is fine


@live
def test_tokens_set_get_forget(creds):
    center = "https://center.example"
    creds.save_token(center, "agent1", "access-1", "refresh-1")
    assert creds.load_token(center, "agent1") == ("access-1", "refresh-1")
    creds.save_password(center, "agent1", "pw")
    creds.forget(center, "agent1")
    assert creds.load_token(center, "agent1") is None
    assert creds.load_password(center, "agent1") is None


@live
def test_outbox_key_is_created_once(creds):
    k1 = creds.outbox_key()
    assert creds.outbox_key() == k1 and len(k1) == 44


def test_fail_backend_is_detected_and_nothing_is_stored():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not credentials.backend_usable()
        c = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
        for call in (lambda: c.save_password("x", "agent1", "pw"),
                     lambda: c.load_password("x", "agent1"),
                     lambda: c.save_token("x", "agent1", "t", "r"),
                     lambda: c.outbox_key()):
            with pytest.raises(KeyringUnavailable) as ei:
                call()
            assert "keyring" in str(ei.value) and "IT" in str(ei.value)
    finally:
        keyring.set_keyring(previous)
