"""Sign-in throttling over HTTP (per user, per address, supervisors) and no tell of who exists."""

from __future__ import annotations

import statistics
import time

import pytest

from tests.support.democenter import http, start_democenter


def attempt(center, user: str, password: str, path: str = "/sessions"):
    return http(center, "POST", path, {"username": user, "password": password})


def retry_after(answer) -> int:
    status, body, headers = answer
    assert status == 429 and body["error"]["code"] == "too_many_attempts", answer
    return int(headers["retry-after"])


@pytest.fixture
def strict(tmp_path):
    """A center that locks a user after 3 failures (2 s, then doubling)."""
    c = start_democenter(tmp_path, "--login-max-failures", "3", "--login-lockout", "2",
                         "--login-max-failures-per-address", "100")
    yield c
    c.stop()


def test_wrong_passwords_lock_the_user_until_the_lockout_ends(strict):
    for _ in range(3):
        assert attempt(strict, "agent1", "wrong")[0] == 401
    wait = retry_after(attempt(strict, "agent1", "practice"))   # the right one: refused too
    assert 1 <= wait <= 2
    assert attempt(strict, "agent2", "practice")[0] == 200      # per user: others sign in
    time.sleep(wait + 0.3)
    assert attempt(strict, "agent1", "practice")[0] == 200
    for _ in range(2):                                          # a success forgets them
        assert attempt(strict, "agent1", "wrong")[0] == 401
    assert attempt(strict, "agent1", "practice")[0] == 200


def test_each_further_failure_doubles_the_lockout(strict):
    for _ in range(3):
        attempt(strict, "agent3", "wrong")
    time.sleep(retry_after(attempt(strict, "agent3", "wrong")) + 0.3)
    assert attempt(strict, "agent3", "wrong")[0] == 401         # the 4th failure
    assert retry_after(attempt(strict, "agent3", "practice")) >= 3   # 4 s now


def test_unknown_user_names_lock_the_same_way(strict):
    for _ in range(3):
        status, body, _ = attempt(strict, "nobody-here", "wrong")
        assert status == 401 and body["error"]["code"] == "invalid_credentials"
    assert 1 <= retry_after(attempt(strict, "nobody-here", "wrong")) <= 2


def test_supervisor_sign_in_is_throttled_too(strict):
    for _ in range(3):
        assert attempt(strict, "supervisor1", "wrong", "/supervisor/sessions")[0] == 401
    retry_after(attempt(strict, "supervisor1", "practice", "/supervisor/sessions"))
    from urllib.parse import urlencode
    status, page, headers = http(strict, "POST", "/supervisor/login",
                                 raw=urlencode({"username": "supervisor1",
                                                "password": "practice"}).encode(),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"},
                                 root=True)
    assert status == 429 and "Too many failed sign-ins" in page and "retry-after" in headers


def test_many_names_from_one_address_lock_the_address(tmp_path):
    c = start_democenter(tmp_path, "--login-max-failures-per-address", "4",
                         "--login-lockout", "2")
    try:
        for n in range(4):
            assert attempt(c, f"guess{n}", "practice")[0] == 401
        wait = retry_after(attempt(c, "agent1", "practice"))
        time.sleep(wait + 0.3)
        assert attempt(c, "agent1", "practice")[0] == 200
    finally:
        c.stop()


def test_unknown_and_known_users_take_as_long(tmp_path):
    """Medians of several tries, with a generous factor: before, an unknown user answered in
    about a tenth of the time of a known one (no password hash ran)."""
    c = start_democenter(tmp_path, "--login-max-failures", "1000",
                         "--login-max-failures-per-address", "1000")
    try:
        def timed(user: str) -> float:
            t0 = time.perf_counter()
            assert attempt(c, user, "not-the-password")[0] == 401
            return time.perf_counter() - t0

        timed("agent1"), timed("nobody")                        # warm up
        known, unknown = [], []
        for n in range(9):
            known.append(timed(f"agent{n % 5 + 1}"))
            unknown.append(timed(f"ghost{n}"))
        ratio = statistics.median(unknown) / statistics.median(known)
        assert 0.5 < ratio < 2.0, (known, unknown)
    finally:
        c.stop()


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_the_password_hash_runs_for_unknown_users(tmp_path):
    """Counted in-process (no wall time): one hash per attempt, known user or not; none
    while locked."""
    from fastapi.testclient import TestClient

    from democenter import auth, db
    from democenter.api import CenterConfig, create_app
    db.init(tmp_path / "c.sqlite")
    cfg = CenterConfig(db_path=str(tmp_path / "c.sqlite"),
                       throttle=auth.Throttle(user_failures=2, lockout_s=60))
    with TestClient(create_app(cfg)) as client:
        def runs(user: str, password: str) -> tuple[int, int]:
            before = auth.hash_runs
            r = client.post("/api/v1/sessions", json={"username": user, "password": password})
            return r.status_code, auth.hash_runs - before

        assert runs("nobody", "x") == (401, 1)
        assert runs("agent1", "x") == (401, 1)
        assert runs("agent1", "practice") == (200, 1)
        assert runs("nobody", "x") == (401, 1)                  # nobody: the 2nd failure
        assert runs("nobody", "x") == (429, 0)                  # locked: no hash at all


def test_the_app_shows_the_centers_lockout_message(strict):
    from softphone.center.client import CenterApi, CenterError
    api = CenterApi(strict.url)
    try:
        for _ in range(3):
            with pytest.raises(CenterError):
                api.login("agent4", "wrong")
        with pytest.raises(CenterError) as ei:
            api.login("agent4", "practice")
        assert ei.value.status == 429 and "Too many failed sign-ins" in ei.value.user_message
        assert "practice" not in ei.value.detail
    finally:
        api.close()
