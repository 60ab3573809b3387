"""In-call quality advice: a problem said once it lasts, the worst first, not again within the quiet time."""

from softphone.domain.callquality import Advisor


def test_one_bad_report_is_noise_two_are_a_problem():
    a = Advisor(persist=2, quiet_s=60)
    assert a.observe(8.0, 10, 50, now=0) is None
    assert a.observe(0.0, 10, 50, now=3) is None          # the streak is broken
    assert a.observe(8.0, 10, 50, now=6) is None
    advice = a.observe(8.4, 10, 50, now=9)
    assert advice.problem == "loss" and advice.value == 8.4


def test_the_same_problem_waits_for_the_quiet_time_another_does_not():
    a = Advisor(persist=1, quiet_s=60)
    assert a.observe(5, 10, 50, now=0).problem == "loss"
    assert a.observe(5, 10, 50, now=30) is None
    assert a.observe(5, 80, 50, now=33).problem == "jitter"    # loss quiet, jitter is new
    assert a.observe(5, 80, 50, now=40) is None
    assert a.observe(5, 80, 50, now=61).problem == "loss"


def test_worst_first_and_thresholds():
    a = Advisor(persist=1)
    assert a.observe(3.0, 40.0, 300.0, now=0) is None            # at the limits: fine
    assert a.observe(3.1, 41.0, 301.0, now=1).problem == "loss"
    assert Advisor(persist=1).observe(0, 41.0, 301.0, now=0).problem == "jitter"
    assert Advisor(persist=1).observe(0, 0, 450.0, now=0).value == 450.0
