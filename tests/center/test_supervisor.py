"""The supervisor's sign-in over HTTP: the page and its data refused without it, shown with it."""

from __future__ import annotations

import hashlib
import http.client as httplib
from urllib.parse import urlencode

import pytest

from tests.support.democenter import (SUPERVISOR, http, query, sign_in, supervisor_page,
                                      supervisor_token)


def raw(center, method: str, path: str, body: bytes | None = None,
        headers: dict | None = None) -> tuple[int, dict, str]:
    """One exchange without following redirects: (status, lower-case headers, text)."""
    conn = httplib.HTTPConnection("127.0.0.1", center.port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
    finally:
        conn.close()


def form_login(center, user=SUPERVISOR[0], password=SUPERVISOR[1], **headers):
    body = urlencode({"username": user, "password": password}).encode()
    return raw(center, "POST", "/supervisor/login", body,
               {"Content-Type": "application/x-www-form-urlencoded", **headers})


def cookie_of(headers: dict) -> str:
    return headers["set-cookie"].split(";", 1)[0].split("=", 1)[1]


def test_the_page_is_refused_without_sign_in(center):
    sign_in(center, "agent1")                           # so there is something to leak
    status, headers, page = raw(center, "GET", "/supervisor")
    assert status == 401 and headers["content-type"].startswith("text/html")
    assert 'action="/supervisor/login"' in page and 'type="password"' in page
    assert "agent1" not in page and "Incidents" not in page
    assert "form-action 'self'" in headers["content-security-policy"]
    status, body, _ = http(center, "GET", "/supervisor")          # the API's HTML route
    assert status == 401 and body["error"]["code"] == "unauthorized"


def test_an_agents_token_is_not_a_supervisors(center):
    token = sign_in(center, "agent2")["token"]
    status, body, _ = http(center, "GET", "/supervisor", token=token)
    assert status == 403 and body["error"]["code"] == "forbidden"
    status, _, page = raw(center, "GET", "/supervisor",
                          headers={"Cookie": f"supervisor_session={token}"})
    assert status == 403 and "agent2" not in page and "<form" in page
    status, body, _ = http(center, "DELETE", "/supervisor/sessions/current", token=token)
    assert status == 403


def test_a_supervisors_token_is_not_an_agents(center):
    token = supervisor_token(center)
    assert http(center, "GET", "/queues", token=token)[0] == 401
    assert http(center, "PUT", "/agents/me/state", {"state": "break"}, token=token)[0] == 401


@pytest.mark.parametrize("user,password", [("supervisor1", "wrong"), ("agent1", "practice"),
                                           ("nobody", "practice")])
def test_wrong_credentials_are_refused(center, user, password):
    status, body, _ = http(center, "POST", "/supervisor/sessions",
                           {"username": user, "password": password})
    assert status == 401 and body["error"]["code"] == "invalid_credentials"
    status, headers, page = form_login(center, user, password)
    assert status == 401 and "set-cookie" not in headers
    assert "Wrong user name or password" in page


def test_the_form_signs_in_with_a_private_cookie(center):
    status, headers, _ = form_login(center)
    assert status == 303 and headers["location"] == "/supervisor"
    cookie = headers["set-cookie"]
    assert cookie.startswith("supervisor_session=")
    flags = {f.strip().lower() for f in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= flags
    token = cookie_of(headers)
    status, headers, page = raw(center, "GET", "/supervisor",
                                headers={"Cookie": f"supervisor_session={token}"})
    assert status == 200 and "Signed in as Shift lead (supervisor1)" in page
    assert "<td>agent1</td>" in page and headers["cache-control"] == "no-store"


def test_the_json_sign_in_gives_a_bearer_token_and_sign_out_ends_it(center):
    status, body, headers = http(center, "POST", "/supervisor/sessions",
                                 {"username": "supervisor1", "password": "practice"})
    assert status == 200 and body["supervisor"] == {"id": "supervisor1",
                                                    "display_name": "Shift lead"}
    token = body["token"]
    assert body["expires_in"] > 0 and f"supervisor_session={token}" in headers["set-cookie"]
    status, page, headers = http(center, "GET", "/supervisor", token=token)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "<td>agent1</td>" in page
    assert http(center, "DELETE", "/supervisor/sessions/current", token=token)[0] == 200
    assert http(center, "GET", "/supervisor", token=token)[0] == 401


def test_the_forms_sign_out_ends_the_session(center):
    token = cookie_of(form_login(center)[1])
    status, headers, _ = raw(center, "POST", "/supervisor/logout",
                             headers={"Cookie": f"supervisor_session={token}"})
    assert status == 303 and headers["set-cookie"].startswith('supervisor_session=""')
    assert raw(center, "GET", "/supervisor",
               headers={"Cookie": f"supervisor_session={token}"})[0] == 401


def test_a_sign_in_from_another_site_is_refused(center):
    status, headers, _ = form_login(center, Origin="http://evil.example")
    assert status == 403 and "set-cookie" not in headers


def test_supervisor_sessions_are_stored_as_digests(center):
    token = supervisor_token(center)
    stored = [r[0] for r in query(center.data, "SELECT token FROM supervisor_sessions")]
    assert token not in stored and hashlib.sha256(token.encode()).hexdigest() in stored
    assert query(center.data, "SELECT password_hash LIKE 'pbkdf2_sha256$%' FROM supervisors"
                 " WHERE id = 'supervisor1'") == [(1,)]


def test_the_page_shows_what_the_shared_helper_reads(center):
    assert "Practice center — supervisor view" in supervisor_page(center)
