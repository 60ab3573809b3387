"""Protecting the counselor, the center's side: warning announcements, the protection policy, incidents with a timeline, evidence holds, sealed clips and protective breaks."""

from __future__ import annotations

import base64
import io
import json
import socket
import sqlite3
import time
import wave
from http.client import HTTPResponse

import numpy as np
import pytest

from democenter import evidence as center_evidence
from democenter import protection
from softphone import resources_build
from softphone.center import client as c
from softphone.center import evidence
from softphone.center.models import (Announcement, CenterError, ProtectionPolicy,
                                     parse_protection_policy)
from tests.support.democenter import http, query, sign_in, start_democenter, supervisor_token

RATE = 16000


def own_call(center, agent: str, iid: str) -> str:
    """An interaction the queue put through to ``agent`` (ended)."""
    with sqlite3.connect(center.data) as db:
        db.execute("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                   " entered_at, answered_at, ended_at) VALUES (?, 'procurement',"
                   " '+12025550188', 'ended', ?, ?, ?, ?)",
                   (iid, agent, time.time() - 90, time.time() - 80, time.time() - 5))
    return iid


def samples(wav_bytes: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(wav_bytes)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        rate = w.getframerate()
        return np.frombuffer(w.readframes(w.getnframes()), "<i2") / 32768.0, rate


def assert_chime_first(data: np.ndarray, rate: int) -> None:
    """WARNING_CHIME_S of a pure WARNING_CHIME_HZ sine near -12 dBFS, the gap, then words."""
    n = int(protection.WARNING_CHIME_S * rate)
    tone = data[:n]
    spectrum = np.abs(np.fft.rfft(tone * np.hanning(n)))
    assert abs(np.fft.rfftfreq(n, 1 / rate)[np.argmax(spectrum)] - protection.WARNING_CHIME_HZ) < 5
    peak_db = 20 * np.log10(np.abs(tone).max())
    assert abs(peak_db - protection.WARNING_CHIME_DBFS) < 0.5
    assert np.abs(tone[:int(0.002 * rate)]).max() < 0.1            # faded in
    gap = data[n + int(0.01 * rate):n + int(protection.WARNING_CHIME_GAP_S * rate)]
    assert np.abs(gap).max() < 1e-3
    words = data[n + int(protection.WARNING_CHIME_GAP_S * rate):]
    assert words.size > rate and np.sqrt((words ** 2).mean()) > 0.01


def test_the_chime_is_one_definition():
    assert (resources_build.CHIME_HZ, resources_build.CHIME_S, resources_build.CHIME_GAP_S,
            resources_build.CHIME_DBFS) == (protection.WARNING_CHIME_HZ,
                                            protection.WARNING_CHIME_S,
                                            protection.WARNING_CHIME_GAP_S,
                                            protection.WARNING_CHIME_DBFS)
    assert protection.WARNING_CHIME_HZ == 1250.0 and protection.WARNING_CHIME_S == 0.6


def test_without_espeak_the_warnings_still_have_the_chime_and_a_signal(tmp_path, monkeypatch):
    monkeypatch.setattr(resources_build.shutil, "which", lambda name: None)
    made = {p.name for p in resources_build.build_sounds(dest=tmp_path)}
    assert {f"{k}_{lang}.wav" for k in ("warning", "abusive", "caller")
            for lang in ("en", "ko", "ru")} <= made
    for lang in ("en", "ko", "ru"):
        data, rate = samples((tmp_path / f"warning_{lang}.wav").read_bytes())
        assert rate == resources_build.RATE
        assert_chime_first(data, rate)
        abusive, _ = samples((tmp_path / f"abusive_{lang}.wav").read_bytes())
        assert np.sqrt((abusive ** 2).mean()) > 0.05


def test_announcements_list_and_audio(make_api, center):
    api = make_api("agent3")
    found = api.announcements()
    assert [a.id for a in found] == ["warning-en", "warning-ko", "warning-ru"]
    assert all(isinstance(a, Announcement) and a.kind == "warning" for a in found)
    assert [a.language for a in found] == ["en", "ko", "ru"]
    for a in found:
        assert a.audio_url == f"/api/v1/announcements/{a.id}/audio" and 3 < a.duration_s < 30
        audio = api.announcement_audio(a)
        assert audio == (protection.SOUNDS / f"warning_{a.language}.wav").read_bytes()
        data, rate = samples(audio)
        assert abs(len(data) / rate - a.duration_s) < 0.01
        assert_chime_first(data, rate)
    status, body, headers = http(center, "GET", "/announcements/warning-en/audio",
                                 token=sign_in(center, "agent3")["token"])
    assert status == 200 and headers["content-type"] == "audio/wav"
    assert http(center, "GET", "/announcements/warning-xx/audio",
                token=sign_in(center, "agent3")["token"])[0] == 404
    assert http(center, "GET", "/announcements")[0] == 401
    assert http(center, "GET", "/announcements/warning-en/audio")[0] == 401


def test_announcement_audio_must_be_a_wav(make_api, monkeypatch):
    api = make_api("agent3")
    a = api.announcements()[0]
    monkeypatch.setattr(api, "_request", lambda *args, **kw: (200, b"<html>portal</html>" * 10))
    with pytest.raises(CenterError) as ei:
        api.announcement_audio(a)
    assert ei.value.kind == "invalid_response"


def test_the_protection_policy(make_api, center):
    api = make_api("agent1")
    policy = api.protection_policy()
    assert isinstance(policy, ProtectionPolicy)
    assert (policy.protective_break_min_s, policy.warnings_before_end,
            policy.evidence_hold) == (600, 1, True)
    assert policy.clip.max_s == 30 and policy.clip.algorithm == evidence.ALGORITHM
    assert policy.clip.public_key.startswith("-----BEGIN PUBLIC KEY-----")
    key = center_evidence.center_key(center.data)
    assert policy.clip.public_key == center_evidence.public_key_pem(key)
    assert (center.data.parent / (center.data.name + ".evidence.pem")).stat().st_mode & 0o777 \
        == 0o600
    assert set(policy.support_resources) == {"en", "ko", "ru"}
    assert all("1588-0000" in t for t in policy.support_resources.values())
    assert "Practice data" in policy.support_text("en") and "연습용" in policy.support_text("ko")
    assert policy.support_text("xx") == policy.support_text("en")
    with sqlite3.connect(center.data) as db:          # IT (or a test) shortens the break
        db.execute("UPDATE protection_policy SET protective_break_min_s = 3,"
                   " warnings_before_end = 0")
    try:
        policy = api.protection_policy()
        assert (policy.protective_break_min_s, policy.warnings_before_end) == (3, 0)
    finally:
        with sqlite3.connect(center.data) as db:
            db.execute("UPDATE protection_policy SET protective_break_min_s = 600,"
                       " warnings_before_end = 1")


def test_policy_parsing_is_tolerant_but_not_blind():
    p = parse_protection_policy({"protective_break_min_s": 120})
    assert (p.protective_break_min_s, p.warnings_before_end, p.evidence_hold, p.clip,
            p.support_text("ko")) == (120, 1, True, None, "")
    for broken in ([], {"protective_break_min_s": "600"}, {"warnings_before_end": -1},
                   {"evidence_hold": 1}, {"clip": {"max_s": 30}},
                   {"support_resources": {"en": 5}}):
        with pytest.raises(CenterError) as ei:
            parse_protection_policy(broken)
        assert ei.value.kind == "invalid_response"


def test_the_cli_sets_the_policy(tmp_path):
    other = start_democenter(tmp_path, "--protective-break-s", "3", "--warnings-before-end",
                             "0")
    try:
        token = sign_in(other, "agent1")["token"]
        status, body, _ = http(other, "GET", "/protection-policy", token=token)
        assert status == 200
        assert (body["protective_break_min_s"], body["warnings_before_end"]) == (3, 0)
    finally:
        other.stop()


def test_an_abusive_calls_incident_with_its_timeline(make_api, center):
    api = make_api("agent4")
    iid = own_call(center, "agent4", "IX-ABUSE-0001")
    t0 = time.time() - 60
    kind, path, body = c.incident_item(
        "high", "Abusive caller", iid, category="verbal_abuse", note="He called me useless.",
        language="ko", timeline={"answered_at": t0, "warnings_at": [t0 + 20, t0 + 40],
                                 "ended_at": t0 + 50})
    assert kind == "incident" and path == "/incidents"
    receipt = api.deliver("POST", path, body, c.new_key())
    row = query(center.data, "SELECT category, note, language, timeline FROM incidents"
                " WHERE id = ?", (receipt["id"],))[0]
    assert row[:3] == ("verbal_abuse", "He called me useless.", "ko")
    assert json.loads(row[3]) == {"answered_at": t0, "warnings_at": [t0 + 20, t0 + 40],
                                  "ended_at": t0 + 50}
    old = api.deliver("POST", *c.incident_item("low", "Rude caller.")[1:], c.new_key())
    assert query(center.data, "SELECT category, note, timeline FROM incidents WHERE id = ?",
                 (old["id"],)) == [(None, "", None)]
    token = sign_in(center, "agent4")["token"]
    for bad in ({"category": "rudeness"}, {"note": "x" * 4001},
                {"timeline": {"warnings_at": ["soon"]}}, {"timeline": {"ended_at": -5}}):
        status, answer, _ = http(center, "POST", "/incidents",
                                 {"severity": "high", "description": "x", **bad}, token=token)
        assert status == 422 and answer["error"]["code"] == "invalid_request", bad
    with pytest.raises(ValueError):
        c.incident_item("high", "x", category="rudeness")


def test_evidence_hold_is_once_per_call_and_only_for_ones_own(make_api, center):
    api = make_api("agent5")
    iid = own_call(center, "agent5", "IX-HOLD-0001")
    kind, path, body = c.evidence_hold_item(iid)
    assert (kind, path, body) == ("evidence_hold", f"/interactions/{iid}/evidence-hold",
                                  {"reason": "incident"})
    key = c.new_key()
    first = api._request("POST", path, body, idem_key=key)[1]
    assert first["interaction_id"] == iid and first["held_at"].endswith("+00:00")
    assert api._request("POST", path, body, idem_key=key)[1] == first      # replayed
    assert api._request("POST", path, body, idem_key=c.new_key())[1] == first   # the same hold
    assert query(center.data, "SELECT COUNT(*) FROM evidence_holds WHERE interaction_id = ?",
                 (iid,)) == [(1,)]
    other = make_api("agent3")
    with pytest.raises(CenterError) as ei:
        other._request("POST", path, body, idem_key=c.new_key())
    assert ei.value.status == 404
    assert query(center.data, "SELECT COUNT(*) FROM notices WHERE kind = 'evidence_hold'"
                 " AND agent_id = 'agent5'") == [(1,)]


def clip_pcm(seconds: float = 1.0) -> bytes:
    t = np.arange(int(RATE * seconds)) / RATE
    return (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2").tobytes()


def test_a_sealed_clip_is_kept_as_received_and_opens_with_the_centers_key(make_api, center):
    api = make_api("agent2")
    iid = own_call(center, "agent2", "IX-CLIP-0001")
    pcm = clip_pcm(2.0)
    body = evidence.seal_clip(pcm, api.protection_policy().clip.public_key, interaction_id=iid,
                              rate=RATE, channels=1, seconds=2.0)
    kind, path, payload = c.evidence_clip_item(body)
    assert (kind, path) == ("evidence_clip", "/evidence-clips")
    key = c.new_key()
    receipt = api._request("POST", path, payload, idem_key=key)[1]
    assert api._request("POST", path, payload, idem_key=key)[1] == receipt
    row = dict(zip(("ciphertext", "nonce", "ephemeral_public_key", "rate", "seconds"), query(
        center.data, "SELECT ciphertext, nonce, ephemeral_public_key, rate, seconds"
        " FROM evidence_clips WHERE id = ?", (receipt["id"],))[0]))
    assert pcm[:64] not in row["ciphertext"] and (row["rate"], row["seconds"]) == (RATE, 2.0)
    assert base64.b64encode(row["ciphertext"]).decode() == body["ciphertext"]
    opened = center_evidence.open_raw(center_evidence.center_key(center.data),
                                      row["ephemeral_public_key"], row["nonce"],
                                      row["ciphertext"], iid)
    assert opened == pcm
    token = sign_in(center, "agent2")["token"]
    tampered = dict(body, ciphertext=base64.b64encode(
        bytes([base64.b64decode(body["ciphertext"])[0] ^ 1])
        + base64.b64decode(body["ciphertext"])[1:]).decode())
    status, answer, _ = http(center, "POST", "/evidence-clips", tampered, token=token)
    assert status == 422 and answer["error"]["code"] == "invalid_clip"
    long = evidence.seal_clip(clip_pcm(31.5), api.protection_policy().clip.public_key,
                              interaction_id=iid, rate=RATE, channels=1, seconds=31.5)
    status, answer, _ = http(center, "POST", "/evidence-clips", long, token=token)
    assert status == 422 and "30 s" in answer["error"]["message"]
    foreign = own_call(center, "agent1", "IX-CLIP-0002")
    theirs = evidence.seal_clip(pcm, api.protection_policy().clip.public_key,
                                interaction_id=foreign, rate=RATE, channels=1, seconds=2.0)
    assert http(center, "POST", "/evidence-clips", theirs, token=token)[0] == 404


def _post_raw(center, token: str, head: str, chunks) -> tuple[int, dict]:
    """POST /evidence-clips over a socket, sending ``chunks`` until the center answers."""
    with socket.create_connection(("127.0.0.1", center.port), timeout=15) as sock:
        sock.sendall((f"POST /api/v1/evidence-clips HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                      f"{head}\r\n").encode())
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except OSError:              # the center answered and closed: read its answer
            pass
        resp = HTTPResponse(sock)
        resp.begin()
        return resp.status, json.loads(resp.read())


def test_a_clip_over_16_mib_is_refused_before_it_is_read(center):
    token = sign_in(center, "agent2")["token"]
    size = protection.CLIP_BODY_MAX + 10
    status, answer = _post_raw(center, token, f"Content-Length: {size}\r\n", [b"{"])
    assert status == 413 and answer["error"]["code"] == "too_large"
    piece = b"A" * (1 << 20)          # chunked, no length: counted as it arrives
    chunks = (b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(20))
    status, answer = _post_raw(center, token, "Transfer-Encoding: chunked\r\n", chunks)
    assert status == 413 and answer["error"]["code"] == "too_large"


def test_protective_breaks_are_recorded_with_early_returns(make_api, center):
    api = make_api("agent1")
    iid = own_call(center, "agent1", "IX-BREAK-0001")
    now = time.time()
    for event, taken in (("started", 0), ("early_return", 95.4)):
        kind, path, body = c.protective_break_item(event, 600, taken, now + taken, iid)
        assert (kind, path) == ("protective_break", "/protective-breaks")
        assert isinstance(api._request("POST", path, body, idem_key=c.new_key())[1]["id"], int)
    assert query(center.data, "SELECT event, minimum_s, taken_s FROM protective_breaks"
                 " WHERE agent_id = 'agent1' ORDER BY id") == [("started", 600, 0.0),
                                                               ("early_return", 600, 95.4)]
    kind, path, body = c.protective_break_item("ended", 3, 4, now, None)
    assert body["interaction_id"] is None
    api._request("POST", path, body, idem_key=c.new_key())
    with pytest.raises(ValueError):
        c.protective_break_item("paused", 600, 0, now)
    token = sign_in(center, "agent1")["token"]
    status, _, _ = http(center, "POST", "/protective-breaks",
                        {"event": "started", "minimum_s": 600, "taken_s": 0, "at": now,
                         "interaction_id": "IX-CLIP-0001"}, token=token)    # agent2's
    assert status == 404
    kinds = [k for (k,) in query(center.data, "SELECT kind FROM notices WHERE agent_id ="
                                 " 'agent1' AND kind = 'protective_break'")]
    assert len(kinds) == 3


def test_the_supervisor_sees_the_incident_timeline_evidence_and_breaks(make_api, center):
    api = make_api("agent3")
    iid = own_call(center, "agent3", "IX-SUP-0001")
    t0 = time.time() - 100
    api.deliver("POST", *c.incident_item("high", "Threats", iid, category="threat",
                                         timeline={"answered_at": t0, "warnings_at": [t0 + 10],
                                                   "ended_at": t0 + 30})[1:], c.new_key())
    api._request("POST", *c.evidence_hold_item(iid)[1:], idem_key=c.new_key())
    body = evidence.seal_clip(clip_pcm(), api.protection_policy().clip.public_key,
                              interaction_id=iid, rate=RATE, channels=1, seconds=1.0)
    api._request("POST", *c.evidence_clip_item(body)[1:], idem_key=c.new_key())
    api._request("POST", *c.protective_break_item("early_return", 600, 120, t0 + 200, iid)[1:],
                 idem_key=c.new_key())
    sup = supervisor_token(center)
    status, o, _ = http(center, "GET", "/supervisor/overview?lang=ko", token=sup)
    assert status == 200
    row = next(i for i in o["incidents"] if i["interaction_id"] == iid)
    assert row["category"] == "threat" and row["evidence_held"] and row["clips"] == 1
    assert row["timeline"]["answered_at"] and len(row["timeline"]["warnings_at"]) == 1
    brk = next(b for b in o["protective_breaks"] if b["interaction_id"] == iid)
    assert (brk["event"], brk["minimum_s"], brk["taken_s"]) == ("early_return", 600, 120)
    status, page, _ = http(center, "GET", "/supervisor?lang=ko", token=sup)
    assert status == 200
    assert "위협" in page and "증거 보존됨" in page and "암호화된 녹음 1건 받음" in page
    assert "보호 휴식" in page and "조기 복귀" in page
    status, page, _ = http(center, "GET", "/supervisor?lang=ru", token=sup)
    assert "угрозы" in page and "досрочное возвращение: 02:00 из 10 мин" in page


def test_the_recovery_reason_is_the_protective_break(make_api):
    labels = {lang: next(r.label for r in make_api("agent3").reason_codes(lang)
                         if r.code == "recovery") for lang in ("en", "ko", "ru")}
    assert labels == {"en": "Protective break", "ko": "보호 휴식", "ru": "Защитный перерыв"}


def test_a_practice_caller_is_asked_for_from_this_computer_only(center):
    from starlette.requests import Request

    from democenter import practice_api
    status, body, _ = http(center, "POST", "/practice/callers", {"kind": "abusive"})
    assert status == 201
    status, plain, _ = http(center, "POST", "/practice/callers",
                            {"kind": "normal", "queue_id": "hotline"})
    assert status == 201
    rows = dict(query(center.data, "SELECT id, args FROM acd_commands WHERE kind = 'call'"))
    assert json.loads(rows[body["command_id"]]) == {"abusive": True, "while_busy": False}
    assert json.loads(rows[plain["command_id"]]) == {"queue_id": "hotline", "abusive": False,
                                                     "while_busy": False}
    assert http(center, "POST", "/practice/callers", {"queue_id": "nope"})[0] == 422
    assert "/api/v1/practice/callers" not in http(center, "GET", "/openapi.json")[1]["paths"]
    far = Request({"type": "http", "client": ("10.1.2.3", 5060), "headers": []})
    with pytest.raises(practice_api.ApiError) as ei:
        practice_api._loopback(far)
    assert ei.value.status == 403
