"""Practice mode pieces: answers that clear any form, the loopback registrar starts and stops."""

import pytest

from softphone.practice.scenarios import clearing_answers
from softphone.domain.health import evaluate, parse_form
from democenter.registrar import PracticeRegistrar, kamailio_path, options_ok
from tests.desk.fakes import FORM
from tests.support.procs import free_port


def test_clearing_answers_clear_the_form():
    form = parse_form({**FORM, "rules": FORM["rules"] + [
        {"question": "stress", "op": ">=", "value": 4}, {"question": "stress", "op": "<=", "value": 1}]})
    answers = clearing_answers(form)
    assert evaluate(form, answers).cleared and answers["cough"] is False


@pytest.mark.skipif(kamailio_path() is None, reason="kamailio is not installed")
def test_practice_registrar_answers_and_stops():
    reg = PracticeRegistrar(free_port(), free_port()).start()
    try:
        assert options_ok(reg.udp_port) and reg.address == f"127.0.0.1:{reg.udp_port}"
    finally:
        reg.stop()
    assert not options_ok(reg.udp_port, timeout=0.2) and not reg.dir.exists()
