"""Sealing an evidence clip on the desk (softphone/center/evidence.py) and opening it at the center (democenter/evidence.py)."""

from __future__ import annotations

import base64
import os
import stat
import wave

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from democenter import db
from democenter import evidence as center
from softphone.center import evidence

PCM = bytes(range(256)) * 64            # 16 KiB of 16-bit frames
IID = "IX-0123456789"


@pytest.fixture
def key(tmp_path):
    return center.center_key(tmp_path / "center.sqlite")


def seal(key, pcm: bytes = PCM, iid: str = IID) -> dict:
    return evidence.seal_clip(pcm, center.public_key_pem(key), interaction_id=iid, rate=16000,
                              channels=1, seconds=len(pcm) / 32000)


def flip(text: str, at: int = 0) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[at] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def test_round_trip(key):
    body = seal(key)
    assert set(body) == {"interaction_id", "algorithm", "ephemeral_public_key", "nonce",
                         "ciphertext", "rate", "channels", "seconds"}
    assert body["algorithm"] == center.ALGORITHM == evidence.ALGORITHM
    assert evidence.INFO == center.INFO
    assert len(base64.b64decode(body["ephemeral_public_key"])) == 32
    assert len(base64.b64decode(body["nonce"])) == 12
    assert len(base64.b64decode(body["ciphertext"])) == len(PCM) + 16
    assert PCM[:32] not in base64.b64decode(body["ciphertext"])
    assert center.open_clip(body, key) == PCM
    again = seal(key)                   # a fresh ephemeral key and nonce every time
    assert again["ephemeral_public_key"] != body["ephemeral_public_key"]
    assert again["ciphertext"] != body["ciphertext"]


def test_another_interaction_does_not_open_it(key):
    body = seal(key)
    with pytest.raises(center.EvidenceError):
        center.open_clip(dict(body, interaction_id="IX-0123456780"), key)


@pytest.mark.parametrize("field,at", [("ciphertext", 0), ("ciphertext", -1), ("nonce", 3),
                                      ("ephemeral_public_key", 5)])
def test_a_changed_clip_does_not_open(key, field, at):
    body = seal(key)
    with pytest.raises(center.EvidenceError):
        center.open_clip(dict(body, **{field: flip(body[field], at)}), key)


def test_another_centers_key_does_not_open_it(key, tmp_path):
    other = center.center_key(tmp_path / "other.sqlite")
    with pytest.raises(center.EvidenceError):
        center.open_clip(seal(key), other)


def test_malformed_bodies_are_refused_clearly(key):
    body = seal(key)
    for broken in (dict(body, algorithm="RSA"), dict(body, nonce="!!"),
                   dict(body, ephemeral_public_key=base64.b64encode(b"x" * 31).decode()),
                   dict(body, ephemeral_public_key=base64.b64encode(bytes(32)).decode())):
        with pytest.raises(center.EvidenceError):
            center.open_clip(broken, key)


def test_a_bad_key_is_an_evidence_error(key):
    ed = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    for pem in ("", "not a key", ed, center.public_key_pem(key)[:60]):
        with pytest.raises(evidence.EvidenceError):
            evidence.seal_clip(PCM, pem, interaction_id=IID, rate=16000, channels=1, seconds=1)
    pem = center.public_key_pem(key)
    for bad in (dict(interaction_id=""), dict(rate=0), dict(channels=2, pcm=b"\0" * 6)):
        args = {"pcm": PCM, "interaction_id": IID, "rate": 16000, "channels": 1,
                "seconds": 1.0, **bad}
        with pytest.raises(evidence.EvidenceError):
            evidence.seal_clip(args.pop("pcm"), pem, **args)


def test_the_key_file_is_private_made_once_and_kept(tmp_path):
    path = tmp_path / "center.sqlite"
    first = center.center_key(path)
    key_file = center.key_path(path)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    os.chmod(key_file, 0o644)
    again = center.center_key(path)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert center.public_key_pem(again) == center.public_key_pem(first)
    key_file.write_text("damaged")
    with pytest.raises(center.EvidenceError):
        center.center_key(path)


def test_db_init_makes_the_key_and_the_cli_opens_a_stored_clip(tmp_path, capsys):
    path = tmp_path / "center.sqlite"
    db.init(path, seed=False)
    key = center.center_key(path)
    body = seal(key)
    conn = db.connect(path)
    try:
        with db.transaction(conn):
            conn.execute(
                "INSERT INTO evidence_clips (interaction_id, agent_id, algorithm,"
                " ephemeral_public_key, nonce, ciphertext, rate, channels, seconds, received_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,0)",
                (IID, "agent1", body["algorithm"],
                 *(base64.b64decode(body[k]) for k in ("ephemeral_public_key", "nonce",
                                                       "ciphertext")), 16000, 1, 0.5))
    finally:
        conn.close()
    out = tmp_path / "clip.wav"
    assert center.main(["--data", str(path), "--clip", "1", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with wave.open(str(out)) as w:
        assert (w.getframerate(), w.getnchannels()) == (16000, 1)
        assert w.readframes(w.getnframes()) == PCM
    assert IID in capsys.readouterr().out
