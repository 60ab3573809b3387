"""What the counselor typed into the dial field -> something the phone may dial, or why not.

Pure rules (the ``phonenumbers`` library, no Qt): an internal extension (the center's pattern),
or a phone number in the center's region's formats ("010-1234-5678", "8 (495) 123-45-67",
"(202) 555-0124", "+82 2 555 0108"), normalised to E.164 and shown in the usual format of
its country. The center's dial policy decides what is allowed: international numbers,
blocked prefixes (premium lines). ``problem`` is a stable code; the desk translates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROBLEMS = ("empty", "not_a_number", "international", "blocked")
_JUNK = re.compile(r"[\s\-().·/]+")


@dataclass(frozen=True)
class DialPolicy:
    default_region: str = "KR"
    internal: str = r"^2\d{3}$"                 # extensions inside the center
    allow_international: bool = False
    blocked_prefixes: tuple[str, ...] = ()      # national prefixes nobody may dial (060...)


@dataclass(frozen=True)
class Dialable:
    target: str = ""            # an extension ("2001") or E.164 ("+821012345678")
    display: str = ""           # as people write it (national format at home)
    internal: bool = False
    problem: str = ""           # '' | one of PROBLEMS

    @property
    def ok(self) -> bool:
        return not self.problem and bool(self.target)


def normalize(text: str, policy: DialPolicy = DialPolicy()) -> Dialable:
    raw = str(text or "").strip()[:64]
    compact = _JUNK.sub("", raw)
    if not compact:
        return Dialable(problem="empty")
    try:
        if re.fullmatch(policy.internal, compact):
            return Dialable(compact, compact, internal=True)
    except re.error:
        pass                    # a broken pattern from the center: no extensions
    if not re.fullmatch(r"\+?[0-9]{3,20}", compact):
        return Dialable(problem="not_a_number")
    import phonenumbers
    region = (policy.default_region or "KR").upper()
    try:
        number = phonenumbers.parse(compact, region)
    except phonenumbers.NumberParseException:
        return Dialable(problem="not_a_number")
    if not phonenumbers.is_valid_number(number):
        return Dialable(problem="not_a_number")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    home = phonenumbers.region_code_for_number(number) == region or \
        number.country_code == phonenumbers.country_code_for_region(region)
    if not home and not policy.allow_international:
        return Dialable(e164, _display(number, False), problem="international")
    national = phonenumbers.national_significant_number(number)
    for blocked in policy.blocked_prefixes:
        digits = blocked.lstrip("0")
        if home and blocked and (national.startswith(digits) or compact.startswith(blocked)):
            return Dialable(e164, _display(number, home), problem="blocked")
    return Dialable(e164, _display(number, home))


def _display(number, home: bool) -> str:
    import phonenumbers
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if home
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, fmt)
