"""Fast checks without processes: the CI rule for missing network parts, and the relay's loss pattern and jitter relation as pure arithmetic."""

from __future__ import annotations

import statistics

import pytest

from tests.net.conftest import require
from tests.support.impair import Impairment, _Direction


@pytest.mark.parametrize("ci", ["true", "1"])
def test_a_missing_part_fails_in_ci_with_the_reason(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI must .* /dev/net/tun is missing"):
        require("/dev/net/tun is missing")


@pytest.mark.parametrize("ci", [None, "", "false"])
def test_a_missing_part_skips_outside_ci(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="openvpn is not installed"):
        require("openvpn is not installed")
    require(None)                       # nothing missing: nothing happens


def dropped(imp: Impairment, count: int) -> list[int]:
    d = _Direction("up", imp)
    return [i for i in range(count) if d.admit(100) is None]


def test_the_loss_pattern_is_exact_per_block_and_set_by_the_seed():
    five = dropped(Impairment(loss=0.05, seed=1), 1000)
    assert len(five) == 50
    assert all(sum(1 for i in five if b * 100 <= i < b * 100 + 100) == 5 for b in range(10))
    assert dropped(Impairment(loss=0.05, seed=1), 1000) == five
    assert dropped(Impairment(loss=0.05, seed=2), 1000) != five
    # a fraction that is not a whole number per block carries over: 3.3 % of 1000 is 33
    assert len(dropped(Impairment(loss=0.033, seed=1), 1000)) == 33
    # the jitter has its own generator: adding it does not move the loss pattern
    assert dropped(Impairment(loss=0.05, jitter_ms=40, seed=1), 1000) == five


def test_oversized_datagrams_do_not_count_toward_the_loss_pattern():
    d = _Direction("up", Impairment(mtu=1400, loss=0.5, loss_block=2, seed=3))
    assert d.admit(1373) is None and d.counters["mtu_dropped"] == 1
    assert d.index == 0 and d.counters["lost"] == 0


@pytest.mark.parametrize("target_ms", [5.0, 20.0, 40.0])
def test_the_delay_draws_give_the_target_rfc3550_jitter_at_20_ms_spacing(target_ms):
    """The relation of the module doc on the relay's own draws: packets every 20 ms, each
    delayed by what ``admit`` returns, the estimator run in arrival order."""
    d = _Direction("up", Impairment(delay_ms=10, jitter_ms=target_ms, seed=4))
    arrivals = sorted((i * 0.020 + d.admit(160), i * 0.020) for i in range(5000))
    j, last, trace = 0.0, None, []
    for arrived, sent in arrivals:
        transit = arrived - sent
        if last is not None:
            j += (abs(transit - last) - j) / 16
        last, _ = transit, trace.append(j)
    mean_ms = statistics.mean(trace[100:]) * 1000
    assert abs(mean_ms - target_ms) <= 0.10 * target_ms, mean_ms
