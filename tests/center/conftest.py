"""Fixtures for the center tests: a running practice center and signed-in API clients."""

from __future__ import annotations

import pytest

from softphone.center.client import CenterApi
from tests.support.democenter import start_democenter


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    """``python -m democenter --no-acd`` on a free port with a fresh data file (per module)."""
    c = start_democenter(tmp_path_factory.mktemp("center"))
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture
def make_api(center):
    """``make_api("agent3")`` -> a signed-in CenterApi; all are closed after the test."""
    made: list[CenterApi] = []

    def _make(user: str = "agent3", password: str = "practice", **kw) -> CenterApi:
        api = CenterApi(center.url, **kw)
        api.login(user, password)
        made.append(api)
        return api

    yield _make
    for api in made:
        api.close()
