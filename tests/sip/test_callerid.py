"""Caller-ID parsing is linear in what the caller sends, and reads names as it always did."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from softphone.sip.sipmsg import parse_caller, parse_name_addr

# the pattern main used until now: cubic on runs of spaces (4,000 spaces took ~50 s)
_OLD = re.compile(r'^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<([^>]*)>')


def _old_parse_name_addr(value: str) -> tuple[str, str]:
    m = _OLD.match(value)
    if m:
        name = m.group(1) if m.group(1) is not None else (m.group(2) or "")
        return re.sub(r"\\(.)", r"\1", name).strip(), m.group(3).strip()
    return "", value.split(";", 1)[0].strip()


def _invite(frm: str, extra: str = "") -> str:
    return ("INVITE sip:agent1@center.local SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
            f"From: {frm}\r\n{extra}Content-Length: 0\r\n\r\n")


@pytest.mark.timeout(3)           # the old pattern would not finish within hours
@pytest.mark.parametrize("value", [
    " " * 100_000 + "x",
    " " * 100_000 + "<" + " " * 100_000,
    '"' + "\\a" * 50_000,
    '"' + '\\"' * 50_000 + '" <sip:x@y>',
    '"' + " " * 100_000 + "\\",
    "\t \t" * 30_000 + "sip:+1555@h;tag=1",
    "<" * 100_000,
])
def test_huge_values_parse_in_linear_time(value):
    name, uri = parse_name_addr(value)
    assert len(name) <= len(value) and len(uri) <= len(value)


@pytest.mark.timeout(3)
def test_huge_invite_headers_parse_in_linear_time():
    spaces = " " * 100_000
    c = parse_caller(_invite(spaces + "Bob" + spaces + "<sip:+1555@h>;tag=1",
                             "P-Asserted-Identity: " + spaces + "\r\n"
                             + "X-Fold: a\r\n" + " b\r\n" * 50_000))
    # the blank PAI counts as none: the name and number come from From
    assert c.display_name == "Bob" and c.number == "+1555"
    assert c.headers[0][0] == "X-Fold" and len(c.headers[0][1]) == 1 + 2 * 50_000


def test_a_blank_pai_falls_back_to_from_instead_of_failing_the_offer():
    c = parse_caller(_invite('"Ann" <sip:+1777@h>;tag=1', "P-Asserted-Identity: , \r\n"))
    assert (c.display_name, c.number) == ("Ann", "+1777")


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.text(alphabet=' "\\<>a;:@\n\t\u00a0', max_size=14))
def test_same_answers_as_the_old_pattern(value):
    assert parse_name_addr(value) == _old_parse_name_addr(value)


@pytest.mark.parametrize("value,want", [
    ('"Mal \\"lory\\"" <sip:+1555@10.0.0.1>;tag=1', ('Mal "lory"', "sip:+1555@10.0.0.1")),
    ("  Bob  <sip:100@h>", ("Bob", "sip:100@h")),
    ('"unterminated <sip:1@h>', ("", '"unterminated <sip:1@h>')),
    ("Na\u00efve K\u00f6nig <sip:1@h>", ("Na\u00efve K\u00f6nig", "sip:1@h")),
    ("<sip:1@h>", ("", "sip:1@h")),
    ('"" <sip:1@h>', ("", "sip:1@h")),
    ("sip:1@h;tag=x", ("", "sip:1@h")),
])
def test_known_shapes(value, want):
    assert parse_name_addr(value) == want == _old_parse_name_addr(value)
