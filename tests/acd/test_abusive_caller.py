"""The abusive practice caller: drawn or asked for, looks like any caller, speaks abusive_<lang>.wav; and no offers to a counselor on a break."""

from __future__ import annotations

import random
import time
import wave

import numpy as np
import pytest

from democenter import acd_store
from democenter.acd_callers import CallerFactory
from tests.acd.conftest import QUEUE, SOUNDS, wait_wav
from tests.support.procs import wait_for



def _voice(path, loud: bool, seconds: float = 1.0, rate: int = 48000) -> None:
    """A stand-in voice: noise (``loud``) or digital silence. Noise, not a pure tone: the
    practice line's codec turns a sustained sine into something else, never noise into
    silence."""
    noise = np.random.default_rng(1).uniform(-0.2, 0.2, int(rate * seconds)) if loud \
        else np.zeros(int(rate * seconds))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((noise * 32767).astype("<i2").tobytes())


def _request(center, **kw) -> str:
    conn = center.conn()
    try:
        cid = acd_store.request_call(conn, queue_id=QUEUE, **kw)
    finally:
        conn.close()
    return center.command_result(cid)


def test_the_share_of_abusive_callers_and_their_voice():
    customers = [acd_store.Customer(f"c{i}", f"N{i}", f"+1202555012{i}", "ru") for i in range(5)]

    def draw(factory, n=300):
        return [factory.make(queues=["a"], customers=customers, now=0.0) for _ in range(n)]
    plain = draw(CallerFactory(random.Random(4), 30))
    zero = draw(CallerFactory(random.Random(4), 30, abusive_share=0.0))
    assert [(c.customer, c.ivr_path) for c in plain] == [(c.customer, c.ivr_path) for c in zero]
    assert not any(c.abusive for c in zero)
    some = draw(CallerFactory(random.Random(4), 30, abusive_share=0.2))
    assert 30 < sum(c.abusive for c in some) < 90             # about 20 %
    every = draw(CallerFactory(random.Random(4), 30, abusive_share=1.0), 20)
    assert all(c.abusive and c.caller_kind == "abusive" for c in every)
    assert every[0].voices() == ("abusive_ru.wav", "caller_ru.wav")
    assert zero[0].voices() == ("caller_ru.wav",) and zero[0].caller_kind == ""
    asked = CallerFactory(random.Random(4), 30, abusive_share=1.0).make(
        queues=["a"], customers=customers, now=0.0, abusive=False)
    assert not asked.abusive
    for lang in ("en", "ko", "ru"):        # resources_build made them
        assert (SOUNDS / f"abusive_{lang}.wav").exists()


@pytest.mark.slow
def test_an_abusive_caller_waits_out_a_break_then_rings_as_anyone_and_speaks_abusively(
        center, spawn, tmp_path):
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    _voice(sounds / "caller_en.wav", loud=False)      # the ordinary caller says nothing
    _voice(sounds / "abusive_en.wav", loud=True)
    ua = spawn.agent("agent1", mode="answer", hangup_after=3.0)
    spawn.acd("--sounds", str(sounds))
    center.x("UPDATE agents SET state='break', reason_code='recovery', state_since=?"
             " WHERE id='agent1'", (time.time(),))
    ix_id = _request(center, customer_id="c1", patience_s=60, abusive=True)
    assert ix_id.startswith("IX-")
    time.sleep(1.5)                         # on a (protective) break: no offer
    assert ua.events("incoming") == []
    row = center.ix(ix_id)
    assert (row["state"], row["offers"], row["caller_kind"]) == ("waiting", 0, "abusive")

    center.set_ready("agent1")
    incoming = ua.wait("incoming")
    headers = {k.lower(): v for k, v in incoming["headers"].items()}
    assert headers["x-interaction-id"] == ix_id
    assert '"Emily \\"Em\\" Clark"' in headers["from"]        # nothing tells the counselor
    assert not any("abus" in f"{k}{v}".lower() for k, v in headers.items())
    wait_for(lambda: center.ix(ix_id).get("state") == "ended", 20, what="the call to end")
    heard, rate = wait_wav(ua.wait("disconnected")["record"], 2.0)
    frames = heard[int(0.5 * rate):][: int(2 * rate) // 320 * 320].reshape(-1, 320)
    loud = (np.sqrt((frames ** 2).mean(axis=1)) > 500).mean()
    assert loud > 0.9, f"the abusive voice reached the agent in {loud:.0%} of 20 ms frames"


@pytest.mark.slow
def test_the_abusive_share_option_and_an_explicit_ordinary_caller(center, spawn):
    spawn.acd("--abusive-share", "1")
    drawn = _request(center, customer_id="c2", patience_s=60)
    ordinary = _request(center, customer_id="c2", patience_s=60, abusive=False)
    assert center.ix(drawn)["caller_kind"] == "abusive"
    assert center.ix(ordinary)["caller_kind"] == ""
    conn = center.conn()
    try:
        bad = acd_store._insert_command(conn, "call", {"queue_id": QUEUE, "abusive": "yes"})
    finally:
        conn.close()
    assert center.command_result(bad).startswith("error: abusive")
