"""Fixtures for SIP engine tests: Kamailio, TLS certs, a running SipEngine and its event log."""

from __future__ import annotations

import os

import pytest

from softphone.sip.events import (
    EngineSettings, EngineStarted, RegistrationChanged, SipAccountSettings, Transport,
)
from tests.support.certs import make_certs
from tests.support.kamailio import Kamailio



USERS = {"agent1": "secret1", "agent2": "secret2", "agent3": "secret3"}


class Events:
    """Every event the engine emitted, in order, with waiting helpers built on qtbot."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.items: list[object] = []

    def __call__(self, ev: object) -> None:
        self.items.append(ev)

    def of(self, kind, **match) -> list:
        return [e for e in self.items if isinstance(e, kind)
                and all(getattr(e, k) == v for k, v in match.items())]

    def wait(self, kind, timeout: float = 10.0, after: int = 0, pred=None, **match):
        """The first event of ``kind`` (index >= after) matching fields and ``pred``."""
        found: list = []

        def check() -> bool:
            for e in self.items[after:]:
                if isinstance(e, kind) and all(getattr(e, k) == v for k, v in match.items()) \
                        and (pred is None or pred(e)):
                    found.append(e)
                    return True
            return False

        try:
            self.qtbot.waitUntil(check, timeout=int(timeout * 1000))
        except Exception:  # pytest-qt raises its own TimeoutError
            tail = "\n  ".join(repr(e) for e in self.items[-15:])
            raise AssertionError(f"no {kind.__name__} {match} within {timeout}s; last events:"
                                 f"\n  {tail}") from None
        return found[0]

    def mark(self) -> int:
        return len(self.items)


class Phone:
    """A started SipEngine plus its events; ``register()`` puts a line on a Kamailio."""

    def __init__(self, engine, events: Events) -> None:
        self.engine = engine
        self.events = events

    def register(self, kam: Kamailio, user: str = "agent1", transport: Transport = Transport.UDP,
                 password: str | None = None, timeout: float = 10.0, **kw) -> RegistrationChanged:
        acc = self.account(kam, user, transport, password, **kw)
        mark = self.events.mark()
        self.engine.set_account(acc, random_retry_s=0)
        return self.events.wait(RegistrationChanged, timeout=timeout, after=mark)

    @staticmethod
    def account(kam: Kamailio, user: str = "agent1", transport: Transport = Transport.UDP,
                password: str | None = None, **kw) -> SipAccountSettings:
        return SipAccountSettings(registrar=kam.registrar(transport.value), domain=kam.domain,
                                  username=user, display_name="Agent One",
                                  password=USERS.get(user, "") if password is None else password,
                                  transport=transport, **kw)


@pytest.fixture(scope="session")
def certs(tmp_path_factory):
    return make_certs(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def kamailio(tmp_path):
    kam = Kamailio(tmp_path, users=dict(USERS)).start()
    yield kam
    kam.stop()


@pytest.fixture
def kamailio_tls(tmp_path, certs):
    kam = Kamailio(tmp_path, users=dict(USERS), tls=True, cert_file=certs.cert_file,
                   key_file=certs.key_file).start()
    yield kam
    kam.stop()


@pytest.fixture
def make_phone(qtbot):
    """make_phone(**EngineSettings fields) -> a started Phone; all stopped after the test."""
    from softphone.sip.engine import SipEngine

    phones: list[Phone] = []

    def make(media_factory=None, **settings) -> Phone:
        settings.setdefault("stats_interval_s", 1.0)
        settings.setdefault("log_level", 0)
        settings.setdefault("transports", (Transport.UDP, Transport.TCP))
        engine = SipEngine(media_factory=media_factory)
        events = Events(qtbot)
        engine.event.connect(events)
        engine.start(EngineSettings(**settings))
        events.wait(EngineStarted, timeout=10)
        phone = Phone(engine, events)
        phones.append(phone)
        return phone

    yield make
    for p in phones:
        assert p.engine.stop(timeout_s=8), "the SIP thread did not stop within 8 s"


@pytest.fixture
def phone(make_phone):
    return make_phone()

