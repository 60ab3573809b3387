"""Pure logic of the SIP package: E-model MOS, INVITE identity parsing, reason texts."""

from __future__ import annotations

import pytest

from softphone.sip.emodel import estimate_mos, mos_from_r, r_factor
from softphone.sip.sipmsg import parse_caller, parse_name_addr, user_part


def test_emodel_reference_points():
    assert r_factor("PCMU", 0, 0) == pytest.approx(93.2)
    assert mos_from_r(93.2) == pytest.approx(4.41, abs=0.01)
    assert mos_from_r(0) == 1.0 and mos_from_r(120) == 4.5
    # G.107: delay above 177.3 ms costs much more
    assert r_factor("PCMU", 150, 0) - r_factor("PCMU", 250, 0) > 10
    # loss hurts, and a codec with less loss robustness hurts more
    assert r_factor("PCMU", 50, 5) < r_factor("PCMU", 50, 1) < r_factor("PCMU", 50, 0)
    assert r_factor("gsm", 50, 2) < r_factor("PCMU", 50, 2)


def test_emodel_mos_is_monotonic_and_bounded():
    prev = 5.0
    for loss in (0, 1, 2, 5, 10, 20, 50, 100):
        m = estimate_mos("PCMU", rtt_ms=40, jitter_ms=5, loss_pct=loss)
        assert 1.0 <= m <= 4.5 and m <= prev
        prev = m
    assert estimate_mos("PCMU", 2, 0.5, 0) > 4.3
    assert estimate_mos("PCMU", 600, 50, 10) < 3.0


INVITE = (
    "INVITE sip:agent1@center.local SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
    "f: \"Mal \\\"lory\\\"\" <sip:+1555@10.0.0.1>;tag=1\r\n"
    "P-Asserted-Identity: \"Emily Clark\" <sip:+12025550121@center.local>,\r\n"
    " <tel:+12025550121>\r\n"
    "X-Interaction-Id: int-7\r\n"
    "x-queue: billing\r\n"
    "X-Note: a\r\n  folded\r\n"
    "Content-Length: 0\r\n\r\nX-Not-A-Header: body\r\n"
)


def test_parse_caller_prefers_pai_and_keeps_x_headers_in_order():
    c = parse_caller(INVITE)
    assert c.number == "+12025550121" and c.display_name == "Emily Clark"
    assert c.headers == (("X-Interaction-Id", "int-7"), ("x-queue", "billing"),
                         ("X-Note", "a folded"))
    assert c.interaction_id == "int-7" and c.queue == "billing"


def test_parse_caller_falls_back_to_compact_from():
    msg = INVITE.replace("P-Asserted-Identity", "X-Old-PAI")
    c = parse_caller(msg)
    assert c.number == "+1555" and c.display_name == 'Mal "lory"'


def test_name_addr_and_user_part():
    assert parse_name_addr("Bob <sip:100@h>") == ("Bob", "sip:100@h")
    assert parse_name_addr("sip:100@h;tag=x") == ("", "sip:100@h")
    assert user_part("tel:+4930123;phone-context=x") == "+4930123"
    assert user_part("sips:alice@example.com:5061;transport=tls") == "alice"
    assert user_part("sip:example.com") == ""


def test_reason_texts():
    from softphone.sip.account import reg_reason
    from softphone.sip.call import end_reason
    assert reg_reason(403, "Forbidden") == "Wrong username or password"
    assert reg_reason(200, "OK") == "Registered"
    assert "SRTP" in end_reason(488, "Not Acceptable Here", srtp_mandatory=True)
    assert end_reason(486, "Busy Here", False) == "Busy"
