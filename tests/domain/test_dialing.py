"""The dial field's rules: extensions, numbers written the way people in Korea, Russia and
the US write them, and the center's policy (international, blocked prefixes)."""

import pytest

from softphone.domain.dialing import DialPolicy, normalize

KR = DialPolicy("KR", blocked_prefixes=("060", "0700"))


@pytest.mark.parametrize("typed,target,shown", [
    ("010-1234-5678", "+821012345678", "010-1234-5678"),
    ("010 1234 5678", "+821012345678", "010-1234-5678"),
    ("(02) 555-0108", "+8225550108", "02-555-0108"),
    ("+82 2 555 0108", "+8225550108", "02-555-0108"),
    ("1588-0000", "+8215880000", "1588-0000"),
])
def test_korean_numbers(typed, target, shown):
    d = normalize(typed, KR)
    assert d.ok and (d.target, d.display, d.internal) == (target, shown, False)


def test_russian_and_us_formats_in_their_regions():
    ru = normalize("8 (495) 123-45-67", DialPolicy("RU"))
    assert ru.ok and ru.target == "+74951234567" and ru.display == "8 (495) 123-45-67"
    us = normalize("(202) 555-0124", DialPolicy("US"))
    assert us.ok and us.target == "+12025550124" and us.display == "(202) 555-0124"


def test_extensions_and_policy():
    assert normalize("2001", KR) == normalize(" 2001 ", KR)
    assert normalize("2001", KR).internal and normalize("2001", KR).target == "2001"
    assert normalize("+7 495 123-45-67", KR).problem == "international"
    assert normalize("+7 495 123-45-67", DialPolicy("KR", allow_international=True)).ok
    assert normalize("060-700-1234", KR).problem == "blocked"
    assert normalize("", KR).problem == "empty"
    for junk in ("abc", "12", "+82 abc", "1" * 40, "2001; drop", "\u202e010-1234-5678"):
        assert not normalize(junk, KR).ok
    assert normalize("2001", DialPolicy(internal="(")).problem == "not_a_number"   # bad pattern
