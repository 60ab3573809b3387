"""Simulated callers: Poisson arrivals, who calls (a known customer or an unknown number), IVR path, who is abusive.

Pure logic (no SIP, no database): the ACD feeds it the customer list and queue ids and a
clock; a fixed seed makes the sequence of callers repeatable. An abusive practice caller
(``abusive_share`` of arrivals, or asked for) looks like any other to the counselor: only its
voice (``abusive_<lang>.wav``) and ``interactions.caller_kind`` differ.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field

from democenter.acd_store import Customer

LANGUAGES = ("en", "ko", "ru")
UNKNOWN_SHARE = 0.2          # share of callers whose number is not in `customers`
UNKNOWN_NAMES = {"en": "Unknown caller", "ko": "미등록 발신자", "ru": "Неизвестный абонент"}
_UNKNOWN_PREFIX = {"en": "+1202555", "ko": "+8221555", "ru": "+7495555"}


@dataclass
class Caller:
    """One simulated caller waiting in (or served from) a queue. Times are monotonic seconds."""
    interaction_id: str
    queue_id: str
    customer: Customer
    ivr_path: list[str]
    entered: float
    patience_s: float
    declined: dict[str, float] = field(default_factory=dict)   # agent id -> excluded until
    offer: object | None = None          # the current acd_sip.Offer while ringing / talking
    connected: bool = False
    abusive: bool = False                # practice for the protection protocol
    while_busy: bool = False             # may be offered to an agent on a call (call waiting)

    @property
    def language(self) -> str:
        return self.customer.language if self.customer.language in LANGUAGES else "en"

    @property
    def caller_kind(self) -> str:
        return "abusive" if self.abusive else ""

    def voices(self) -> tuple[str, ...]:
        """The sound files (package data) that may speak for this caller, best first."""
        ordinary = f"caller_{self.language}.wav"
        return (f"abusive_{self.language}.wav", ordinary) if self.abusive else (ordinary,)

    def gives_up_at(self) -> float:
        return self.entered + self.patience_s


def new_interaction_id() -> str:
    """A fresh id (unique across ACD runs, independent of the seed): ``IX-`` + 10 hex digits."""
    return "IX-" + secrets.token_hex(5).upper()


class Arrivals:
    """A Poisson arrival process at ``rate_per_min``; ``due(now)`` counts arrivals up to now."""

    def __init__(self, rate_per_min: float, rng: random.Random, start: float) -> None:
        self.rate_per_s = max(0.0, rate_per_min) / 60.0
        self.rng = rng
        self.next_at = self._after(start)

    def _after(self, t: float) -> float:
        if self.rate_per_s <= 0:
            return float("inf")
        return t + self.rng.expovariate(self.rate_per_s)

    def due(self, now: float) -> int:
        n = 0
        while self.next_at <= now:
            n += 1
            self.next_at = self._after(self.next_at)
        return n


class CallerFactory:
    """Draws callers: queue, customer (or an unknown number), IVR path, all from one RNG."""

    def __init__(self, rng: random.Random, default_patience_s: float,
                 abusive_share: float = 0.0) -> None:
        self.rng = rng
        self.default_patience_s = default_patience_s
        self.abusive_share = min(1.0, max(0.0, abusive_share))

    def make(self, *, queues: list[str], customers: list[Customer], now: float,
             queue_id: str | None = None, customer: Customer | None = None,
             patience_s: float | None = None, abusive: bool | None = None) -> Caller:
        """A new caller; ``abusive`` None: drawn with ``abusive_share`` (no draw at 0, so the
        sequence of a seed without abusive callers stays as it was)."""
        if not queues:
            raise ValueError("the database has no queues: start `python -m democenter` "
                             "once on this file to create and seed it")
        rng = self.rng
        if queue_id is None:
            queue_id = rng.choice(queues)
        if customer is None:
            customer = self.pick_customer(customers)
        # IVR menu choices, as digits: language (1 en, 2 ko, 3 ru), queue, topic
        lang = customer.language if customer.language in LANGUAGES else "en"
        branch = str(queues.index(queue_id) + 1) if queue_id in queues else "0"
        ivr_path = [str(LANGUAGES.index(lang) + 1), branch, str(rng.randint(1, 4))]
        if abusive is None:
            abusive = self.abusive_share > 0 and rng.random() < self.abusive_share
        return Caller(interaction_id=new_interaction_id(), queue_id=queue_id,
                      customer=customer, ivr_path=ivr_path, entered=now,
                      patience_s=self.default_patience_s if patience_s is None
                      else float(patience_s), abusive=bool(abusive))

    def pick_customer(self, customers: list[Customer]) -> Customer:
        rng = self.rng
        if customers and rng.random() >= UNKNOWN_SHARE:
            return rng.choice(customers)
        return self.unknown(rng.choice(LANGUAGES), known={c.number for c in customers})

    def unknown(self, language: str, number: str | None = None, name: str | None = None,
                known: set[str] = frozenset()) -> Customer:
        language = language if language in LANGUAGES else "en"
        while number is None:
            drawn = _UNKNOWN_PREFIX[language] + f"{self.rng.randrange(10_000):04d}"
            number = None if drawn in known else drawn
        return Customer(None, name or UNKNOWN_NAMES[language], number, language)
