"""The practice center's outside world: what a dialed number does (answer, ring, refuse), as pure rules.

The colleagues process (democenter/colleagues.py) registers the SIP user ``gateway``; the
registrar sends it every call to a number nobody registered, with the dialed number in
``X-Dialed`` (democenter/kamailio.cfg.tmpl). :func:`outcome` decides what happens:

- the special test numbers of ``SPECIAL`` give fixed answers (contract/center-api.yaml);
- numbers of the practice customers answer or not by a seeded pattern,
  :func:`customer_answers` (callbacks practise a customer who does not pick up);
- any other number answers after ``ANSWER_S`` with a voice.

Numbers are compared in E.164 form (:func:`normalize`: a national 0... number of the default
region KR, 00... international prefix, spaces and dashes dropped).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

ANSWER_S = 2.0              # an ordinary outside number rings this long, then answers
CUSTOMER_ANSWER_S = 3.0     # a practice customer who picks up
NO_ANSWER_S = 20.0          # a practice customer who does not: rings, then 480
NEVER = math.inf


@dataclass(frozen=True)
class Outcome:
    """What the outside world does with one call: ring ``ring_s`` seconds (``NEVER``: until
    the caller gives up), then answer (``code`` 200) or refuse with ``code``."""
    code: int
    ring_s: float
    language: str = "en"            # the voice that answers (caller_<language>.wav)
    reason: str = ""

    @property
    def answers(self) -> bool:
        return self.code == 200


SPECIAL = {
    "+8225550486": Outcome(486, 0.5, reason="Busy Here"),
    "+8225550603": Outcome(603, 1.0, reason="Decline"),
    "+8225550404": Outcome(404, 0.0, reason="Not Found"),
    "+8225550480": Outcome(480, 8.0, reason="Temporarily Unavailable"),   # no answer
    "+8225550408": Outcome(480, NEVER, reason="Temporarily Unavailable"),  # rings for ever
}
_COUNTRY = {"82": "ko", "7": "ru", "1": "en"}


def normalize(number: str, country_code: str = "82") -> str:
    """``number`` in E.164 form: ``+`` kept, ``00`` -> ``+``, a national ``0`` -> ``+82``
    (``country_code``), separators dropped. Anything else (an extension) stays digits."""
    text = number.strip()
    plus = text.startswith("+")
    digits = "".join(ch for ch in text if ch.isdigit())
    if plus:
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0") and len(digits) > 5:
        return f"+{country_code}{digits[1:]}"
    return digits


def language_of(number: str) -> str:
    """The voice for a number: by its country code (Korea ko, Russia ru, else en)."""
    number = normalize(number)
    for code, lang in _COUNTRY.items():
        if number.startswith("+" + code):
            return lang
    return "en"


def customer_answers(number: str, attempt: int = 1, seed: int = 0) -> bool:
    """Whether the practice customer at ``number`` picks up on the ``attempt``-th call (1 is
    the first) made to the number since the gateway started, for ``seed``. The pattern: about
    60 % of customers answer every call, 25 % miss the first call and answer from the second
    on, 15 % never answer."""
    digest = hashlib.sha256(f"{int(seed)}:{normalize(number)}".encode()).digest()
    draw = int.from_bytes(digest[:4], "big") / 2 ** 32
    if draw < 0.60:
        return True
    if draw < 0.85:
        return attempt >= 2
    return False


def outcome(number: str, *, customers: dict[str, str], attempt: int = 1, seed: int = 0,
            no_answer_s: float = NO_ANSWER_S) -> Outcome:
    """What calling ``number`` does. ``customers``: the practice customers' numbers (E.164)
    -> their language; ``attempt``: calls to this number so far, this one included;
    ``no_answer_s``: how long a customer who does not pick up lets it ring."""
    number = normalize(number)
    if number in SPECIAL:
        return SPECIAL[number]
    if number in customers:
        lang = customers[number] if customers[number] in ("en", "ko", "ru") else "en"
        if customer_answers(number, attempt, seed):
            return Outcome(200, CUSTOMER_ANSWER_S, lang)
        return Outcome(480, no_answer_s, lang, "Temporarily Unavailable")
    return Outcome(200, ANSWER_S, language_of(number))
