"""The supervisor's sign-in: accounts, sessions (cookie or bearer), the sign-in form, sign-out."""

from __future__ import annotations

import html
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Optional
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials

from democenter import api_models as m
from democenter import auth, db, vault
from democenter import supervisor_texts as st
from democenter.api import (ERRORS, PREFIX, ApiError, CenterConfig, _bearer, answers,
                            client_addr, get_conn)

COOKIE = "supervisor_session"
PAGE = "/supervisor"
# same-origin, not no-referrer: with no-referrer a browser posts the sign-in form with
# "Origin: null", which same_origin() must refuse (tests/center/test_supervisor_browser.py)
HTML_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline';"
                                           " form-action 'self'; frame-ancestors 'none'",
                "Cache-Control": "no-store", "Referrer-Policy": "same-origin",
                "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"}
# the signed-in page runs its own script (supervisor.js) and reads the overview from here
PAGE_HEADERS = {**HTML_HEADERS, "Content-Security-Policy": (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline';"
    " form-action 'self'; frame-ancestors 'none'; base-uri 'none'")}
LOGIN_TEMPLATE = Template(Path(__file__).with_name("supervisor_login.html")
                          .read_text(encoding="utf-8"))
_cookie = APIKeyCookie(name=COOKIE, auto_error=False, scheme_name="SupervisorCookie",
                       description="Set by POST /supervisor/sessions or the sign-in form")
router = APIRouter()


@dataclass(frozen=True)
class Supervisor:
    id: str
    display_name: str
    token: str


def find_supervisor(conn, tokens: list[str]) -> Supervisor:
    """The supervisor of the first valid session token; 401, or 403 for an agent's token."""
    now = time.time()
    for token in tokens:
        row = conn.execute(
            "SELECT s.supervisor_id, s.expires_at, v.display_name FROM supervisor_sessions s"
            " JOIN supervisors v ON v.id = s.supervisor_id WHERE s.token = ?",
            (vault.token_digest(token),)).fetchone()
        if row is not None and row["expires_at"] >= now:
            return Supervisor(row["supervisor_id"], row["display_name"], token)
    for token in tokens:
        if conn.execute("SELECT 1 FROM sessions WHERE token = ? AND expires_at >= ?",
                        (vault.token_digest(token), now)).fetchone():
            raise ApiError(403, "forbidden", "Supervisors only: sign in as a supervisor.")
    raise ApiError(401, "unauthorized", "Supervisor sign-in required.")


def current_supervisor(cookie: Optional[str] = Depends(_cookie),
                       creds: Optional[HTTPAuthorizationCredentials] = Depends(_bearer),
                       conn=Depends(get_conn)) -> Supervisor:
    tokens = [t for t in (creds.credentials if creds and creds.scheme.lower() == "bearer"
                          else None, cookie) if t]
    return find_supervisor(conn, tokens)


def supervisor_from(request: Request, conn) -> Supervisor:
    """``current_supervisor`` for a plain route (the HTML page)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    tokens = [value.strip()] if scheme.lower() == "bearer" and value.strip() else []
    if request.cookies.get(COOKIE):
        tokens.append(request.cookies[COOKIE])
    return find_supervisor(conn, tokens)


def _sign_in(request: Request, conn, username: str, password: str) -> tuple[str, dict]:
    cfg: CenterConfig = request.app.state.config
    row = auth.sign_in(conn, cfg.throttle, "supervisor", "supervisors", username, password,
                       client_addr(request))
    token, now = secrets.token_urlsafe(32), time.time()
    with db.transaction(conn):
        conn.execute("DELETE FROM supervisor_sessions WHERE expires_at < ?", (now,))
        conn.execute("INSERT INTO supervisor_sessions (token, supervisor_id, expires_at)"
                     " VALUES (?,?,?)", (vault.token_digest(token), row["id"],
                                         now + cfg.supervisor_ttl_s))
    return token, {"id": row["id"], "display_name": row["display_name"]}


def _set_cookie(response, request: Request, token: str) -> None:
    response.set_cookie(COOKIE, token, max_age=request.app.state.config.supervisor_ttl_s,
                        path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def _end(conn, token: str) -> None:
    with db.transaction(conn):
        conn.execute("DELETE FROM supervisor_sessions WHERE token = ?",
                     (vault.token_digest(token),))


# ---------------------------------------------------------------- the API (JSON)

@router.post(f"{PREFIX}/supervisor/sessions", response_model=m.SupervisorSession,
             tags=["supervisor"], responses={**ERRORS, **answers(401, 429)})
def supervisor_login(body: m.SupervisorLoginRequest, request: Request, conn=Depends(get_conn)):
    """Sign a supervisor in: the token comes back and as the supervisor_session cookie."""
    token, who = _sign_in(request, conn, body.username, body.password)
    ttl = request.app.state.config.supervisor_ttl_s
    response = JSONResponse({"token": token, "expires_in": ttl, "supervisor": who})
    _set_cookie(response, request, token)
    return response


@router.delete(f"{PREFIX}/supervisor/sessions/current", response_model=m.Ok,
               tags=["supervisor"], responses={**ERRORS, **answers(401, 403)})
def supervisor_logout(who: Supervisor = Depends(current_supervisor), conn=Depends(get_conn)):
    _end(conn, who.token)
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE, path="/")
    return response


# ---------------------------------------------------------------- the page's form

def page_lang(request: Request) -> str:
    """The page's language: ?lang=ko|ru|en, else the browser's Accept-Language."""
    asked = request.query_params.get("lang", "")
    return asked if asked in st.LANGS else st.accepted(request.headers.get("accept-language", ""))


def error_text(lang: str, exc: ApiError) -> str:
    """A sign-in refusal in the page's language."""
    if exc.code == "too_many_attempts":
        return st.text(lang, "too_many", secs=(exc.headers or {}).get("Retry-After", "?"))
    key = st.ERROR_KEYS.get(exc.code)
    return st.text(lang, key) if key else exc.message


def login_page(status: int, message: str = "", headers: dict | None = None,
               lang: str = "en") -> HTMLResponse:
    t = {k: html.escape(st.text(lang, k)) for k in
         ("signin_title", "user_name", "password", "sign_in", "signin_about")}
    body = LOGIN_TEMPLATE.substitute(
        lang=lang, **t,
        message=f'<p class="error" role="alert">{html.escape(message)}</p>' if message else "")
    return HTMLResponse(body, status_code=status, headers={**HTML_HEADERS, **(headers or {})})


async def _form(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (no multipart, at most 4 KiB)."""
    if not request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"):
        return {}
    raw = await request.body()
    fields = parse_qs(raw[:4096].decode("utf-8", "replace"), max_num_fields=10)
    return {k: v[0] for k, v in fields.items()}


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host", "")


@router.post(f"{PAGE}/login", include_in_schema=False)
def form_login(request: Request, form: dict = Depends(_form), conn=Depends(get_conn)):
    lang = form.get("lang", "") if form.get("lang", "") in st.LANGS else page_lang(request)
    if not same_origin(request):
        return login_page(403, st.text(lang, "other_site"), lang=lang)
    user, password = form.get("username", "")[:100], form.get("password", "")[:200]
    if not user or not password:
        return login_page(401, st.text(lang, "enter_both"), lang=lang)
    try:
        token, _who = _sign_in(request, conn, user, password)
    except ApiError as exc:
        return login_page(exc.status, error_text(lang, exc), exc.headers, lang=lang)
    chosen = form.get("lang", "") in st.LANGS       # picked on the form: kept on the page
    response = RedirectResponse(f"{PAGE}?lang={lang}" if chosen else PAGE, status_code=303,
                                headers={"Cache-Control": "no-store"})
    _set_cookie(response, request, token)
    return response


@router.post(f"{PAGE}/logout", include_in_schema=False)
def form_logout(request: Request, conn=Depends(get_conn)):
    token = request.cookies.get(COOKIE)
    if token and same_origin(request):
        _end(conn, token)
    response = RedirectResponse(PAGE, status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
