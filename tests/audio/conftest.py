"""Fixtures for audio tests: a private PulseAudio, the app side and a pjsua2 peer as processes."""

from __future__ import annotations

import numpy as np
import pytest

from tests.audio.harness import Call
from tests.support.pulse import PulseServer


@pytest.fixture
def pulse(tmp_path):
    pa = PulseServer(tmp_path, sinks=("headset", "ring", "speakers"), sources=("mic",),
                     default_sink="speakers", default_source="mic")
    pa.start()
    yield pa
    pa.stop()


@pytest.fixture
def make_call(pulse, tmp_path):
    made = []

    def make(*app_args: str, app_env: dict | None = None) -> Call:
        c = Call(pulse, tmp_path, list(app_args), app_env)
        made.append(c)
        return c
    yield make
    for c in made:
        c.close()


def tail(samples: np.ndarray, seconds: float) -> np.ndarray:
    return samples[-int(seconds * 48000):]

