"""The practice center's API server (FastAPI): app factory, errors, auth, sessions, state.

The routes for calls, customers, callbacks and reports live in democenter/api_work.py.
Every error leaves as ``{"error": {"code", "message"}}``; writes that carry an
Idempotency-Key are recorded once and replayed for repeats (``idempotent``).
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Optional

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from democenter import db, seed
from democenter import api_models as m
from softphone.domain import health

log = logging.getLogger("democenter.api")
SHIFT_S = 12 * 3600          # a health check clears the agent for this long
PREFIX = "/api/v1"
ERRORS = {"4XX": {"model": m.ErrorBody, "description": "Client error"},
          "5XX": {"model": m.ErrorBody, "description": "Server error"}}


@dataclass(frozen=True)
class CenterConfig:
    db_path: str
    token_ttl_s: int = 3600
    refresh_ttl_s: int = 12 * 3600
    sip_registrar: str = "sip:127.0.0.1:5060"
    sip_domain: str = "127.0.0.1"
    sip_transport: str = "udp"
    sip_outbound_proxy: str = ""
    srtp: str = "off"
    register_expiry_s: int = 300


class ApiError(Exception):
    """An error answer: HTTP status, machine code, human message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str, headers=None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                        headers=headers)


def iso(ts: float | None) -> str:
    """UNIX seconds -> ISO 8601 UTC text (the API's time format)."""
    return datetime.fromtimestamp(ts or 0, tz=timezone.utc).isoformat(timespec="seconds")


def lang_of(value: str | None, default: str = "en") -> str:
    return value if value in seed.LANGS else default


# ---------------------------------------------------------------- dependencies

def get_conn(request: Request):
    conn = db.connect(request.app.state.config.db_path)
    try:
        yield conn
    finally:
        conn.close()


_bearer = HTTPBearer(auto_error=False, description="Token from POST /sessions")


@dataclass(frozen=True)
class Agent:
    id: str
    language: str
    token: str


def current_agent(creds: Optional[HTTPAuthorizationCredentials] = Depends(_bearer),
                  conn=Depends(get_conn)) -> Agent:
    if creds is None or creds.scheme.lower() != "bearer":
        raise ApiError(401, "unauthorized", "Sign in first: a bearer token is required.")
    row = conn.execute(
        "SELECT s.agent_id, s.expires_at, a.language FROM sessions s JOIN agents a"
        " ON a.id = s.agent_id WHERE s.token = ?", (creds.credentials,)).fetchone()
    if row is None:
        raise ApiError(401, "unauthorized", "The session is not valid: sign in again.")
    if row["expires_at"] < time.time():
        raise ApiError(401, "token_expired", "The session has expired: refresh or sign in.")
    return Agent(row["agent_id"], row["language"], creds.credentials)


def IdemKey():  # noqa: N802 (a fresh FieldInfo per route)
    return Header(None, alias="Idempotency-Key", min_length=1, max_length=200,
                  description="Repeats with the same key replay the first answer")


def idempotent(conn, key: str | None, agent: Agent, scope: str,
               work: Callable[[Any], tuple[int, Any]]) -> JSONResponse:
    """Run ``work(conn)`` once per key in one write transaction; replay it for repeats.

    ``scope`` names the operation and its target: a key reused for another operation or by
    another agent is refused (422) instead of replaying an unrelated answer.
    """
    with db.transaction(conn):
        if key:
            row = conn.execute("SELECT agent_id, scope, status, body FROM idempotency"
                               " WHERE key = ?", (key,)).fetchone()
            if row is not None:
                if row["agent_id"] != agent.id or row["scope"] != scope:
                    raise ApiError(422, "idempotency_key_reused",
                                   "This Idempotency-Key was already used for another "
                                   "request: send a new key.")
                return JSONResponse(json.loads(row["body"]), status_code=row["status"],
                                    headers={"Idempotent-Replayed": "true"})
        status, body = work(conn)
        if key:
            conn.execute("INSERT INTO idempotency (key, agent_id, status, body, created_at,"
                         " scope) VALUES (?,?,?,?,?,?)",
                         (key, agent.id, status, json.dumps(body), time.time(), scope))
    return JSONResponse(body, status_code=status)


def add_notice(conn, agent_id: str, kind: str, message: str) -> None:
    conn.execute("INSERT INTO notices (agent_id, kind, message, created_at) VALUES (?,?,?,?)",
                 (agent_id, kind, message, time.time()))


# ---------------------------------------------------------------- sessions

router = APIRouter(prefix=PREFIX, responses=ERRORS)


def _new_tokens(conn, agent_id: str, cfg: CenterConfig) -> dict:
    token, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = time.time()
    conn.execute("INSERT INTO sessions (token, refresh_token, agent_id, expires_at,"
                 " refresh_expires_at) VALUES (?,?,?,?,?)",
                 (token, refresh, agent_id, now + cfg.token_ttl_s, now + cfg.refresh_ttl_s))
    conn.execute("DELETE FROM sessions WHERE refresh_expires_at < ?", (now,))
    return {"token": token, "refresh_token": refresh, "expires_in": cfg.token_ttl_s}


def _set_state(conn, agent_id: str, state: str, reason: str) -> float:
    now = time.time()
    extra = ", last_call_end = ?" if state == "wrap_up" else ""
    args = [state, reason, now] + ([now] if extra else []) + [agent_id]
    conn.execute(f"UPDATE agents SET state = ?, reason_code = ?, state_since = ?{extra}"
                 " WHERE id = ?", args)
    conn.execute("INSERT INTO agent_state_log (agent_id, state, reason_code, at)"
                 " VALUES (?,?,?,?)", (agent_id, state, reason, now))
    return now


@router.post("/sessions", response_model=m.LoginResponse, tags=["sessions"])
def login(body: m.LoginRequest, request: Request, conn=Depends(get_conn)):
    cfg: CenterConfig = request.app.state.config
    row = conn.execute("SELECT * FROM agents WHERE id = ?", (body.username,)).fetchone()
    if row is None or not db.check_password(body.password, row["password_hash"]):
        raise ApiError(401, "invalid_credentials", "Wrong user name or password.")
    lang = lang_of(row["language"])
    with db.transaction(conn):
        tokens = _new_tokens(conn, row["id"], cfg)
        if body.sip_contact:
            conn.execute("UPDATE agents SET contact_uri = ? WHERE id = ?",
                         (body.sip_contact, row["id"]))
        if row["state"] == "logged_out":
            _set_state(conn, row["id"], "not_ready", "")
    queues = conn.execute(
        f"SELECT q.id, q.name_{lang} AS name, q.acw_limit_s, q.ring_timeout_s FROM queues q"
        " JOIN agent_queues aq ON aq.queue_id = q.id WHERE aq.agent_id = ? ORDER BY q.id",
        (row["id"],)).fetchall()
    return {
        **tokens,
        "agent": {"id": row["id"], "display_name": row["display_name"], "language": lang},
        "sip": {"registrar": cfg.sip_registrar, "domain": cfg.sip_domain,
                "username": row["sip_username"], "password": row["sip_password"],
                "transport": cfg.sip_transport, "outbound_proxy": cfg.sip_outbound_proxy,
                "srtp": cfg.srtp, "register_expiry_s": cfg.register_expiry_s},
        "queues": [{"id": q["id"], "name": q["name"], "acw_limit_s": q["acw_limit_s"]}
                   for q in queues],
        "settings": {"ring_timeout_s": max([q["ring_timeout_s"] for q in queues] or [15]),
                     "acw_limit_s": max([q["acw_limit_s"] for q in queues] or [60])},
    }


@router.post("/sessions/refresh", response_model=m.TokenPair, tags=["sessions"])
def refresh(body: m.RefreshRequest, request: Request, conn=Depends(get_conn)):
    with db.transaction(conn):
        row = conn.execute("SELECT * FROM sessions WHERE refresh_token = ?",
                           (body.refresh_token,)).fetchone()
        if row is None or row["refresh_expires_at"] < time.time():
            raise ApiError(401, "invalid_refresh_token", "The session has ended: sign in again.")
        conn.execute("DELETE FROM sessions WHERE token = ?", (row["token"],))
        return _new_tokens(conn, row["agent_id"], request.app.state.config)


@router.delete("/sessions/current", response_model=m.Ok, tags=["sessions"])
def logout(agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    with db.transaction(conn):
        conn.execute("DELETE FROM sessions WHERE token = ?", (agent.token,))
        left = conn.execute("SELECT COUNT(*) FROM sessions WHERE agent_id = ?",
                            (agent.id,)).fetchone()[0]
        if not left:
            _set_state(conn, agent.id, "logged_out", "")
    return {"ok": True}


# ---------------------------------------------------------------- health check

@router.get("/health-check/form", response_model=m.HealthFormBody, tags=["health"],
            response_model_exclude_none=True)
def health_form(lang: Optional[m.Lang] = Query(None), agent: Agent = Depends(current_agent)):
    return seed.health_form(lang or agent.language)


@router.post("/health-checks", response_model=m.HealthCheckResult, tags=["health"])
def submit_health_check(body: m.HealthCheckRequest, key: Optional[str] = IdemKey(),
                        agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    lang = lang_of(agent.language)
    form = health.parse_form(seed.health_form(lang))
    if body.form_id != form.form_id or body.form_version != form.version:
        raise ApiError(409, "form_outdated",
                       "The health form has changed: load it again and answer it.")
    try:
        outcome = health.evaluate(form, body.answers)
    except health.AnswerError as exc:
        raise ApiError(422, "invalid_answers",
                       f"Question '{exc.question_id}': {exc}.") from None
    except health.FormError as exc:
        raise ApiError(422, "invalid_answers", str(exc)) from None

    def work(conn):
        now = time.time()
        conn.execute("INSERT INTO health_checks (agent_id, form_version, cleared, submitted_at)"
                     " VALUES (?,?,?,?)", (agent.id, form.version, int(outcome.cleared), now))
        conn.execute("UPDATE agents SET health_cleared = ?, health_at = ? WHERE id = ?",
                     (int(outcome.cleared), now, agent.id))
        if outcome.cleared:
            return 200, {"cleared": True, "guidance": seed.form_text(lang, "cleared")}
        add_notice(conn, agent.id, "health_not_cleared",
                   "Shift health check not cleared: please contact the agent.")
        key_ = "stress_guidance" if outcome.failed_questions == ("stress",) else "guidance"
        return 200, {"cleared": False, "guidance": seed.form_text(lang, key_)}

    return idempotent(conn, key, agent, "health-check", work)


# ---------------------------------------------------------------- agent state

@router.get("/reason-codes", response_model=list[m.ReasonCode], tags=["agent"])
def reason_codes(lang: Optional[m.Lang] = Query(None), agent: Agent = Depends(current_agent),
                 conn=Depends(get_conn)):
    lg = lang_of(lang or agent.language)
    rows = conn.execute(f"SELECT code, kind, label_{lg} AS label FROM reason_codes"
                        " ORDER BY kind DESC, rowid").fetchall()
    return [dict(r) for r in rows]


@router.put("/agents/me/state", response_model=m.StateResponse, tags=["agent"])
def set_state(body: m.StateRequest, agent: Agent = Depends(current_agent),
              conn=Depends(get_conn)):
    if body.reason_code:
        row = conn.execute("SELECT kind FROM reason_codes WHERE code = ?",
                           (body.reason_code,)).fetchone()
        if row is None or row["kind"] != body.state:
            raise ApiError(422, "invalid_reason_code",
                           f"That reason code does not apply to the state '{body.state}'.")
    with db.transaction(conn):
        cur = conn.execute("SELECT state, reason_code, state_since, health_cleared, health_at"
                           " FROM agents WHERE id = ?", (agent.id,)).fetchone()
        if body.state == "ready" and not (
                cur["health_cleared"] == 1 and (cur["health_at"] or 0) > time.time() - SHIFT_S):
            raise ApiError(409, "health_check_required",
                           "Complete the shift health check (cleared) before going Ready.")
        if cur["state"] == body.state and cur["reason_code"] == body.reason_code:
            since = cur["state_since"]
        else:
            since = _set_state(conn, agent.id, body.state, body.reason_code)
    return {"state": body.state, "reason_code": body.reason_code, "since": iso(since)}


# ---------------------------------------------------------------- the app

def create_app(config: CenterConfig) -> FastAPI:
    """The ASGI app serving ``config.db_path`` (which ``db.init`` has prepared)."""
    from democenter import api_work, supervisor

    app = FastAPI(title="Center API", version="1.0.0",
                  description="The call center's REST API as the Agent Softphone uses it.",
                  openapi_url=f"{PREFIX}/openapi.json", docs_url=f"{PREFIX}/docs",
                  redoc_url=None)
    app.state.config = config
    app.include_router(router)
    app.include_router(api_work.router)
    app.include_router(supervisor.router)

    @app.exception_handler(ApiError)
    async def _api_error(_req, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_req, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
        msg = exc.detail if isinstance(exc.detail, str) else "Request failed."
        return error_response(exc.status_code, codes.get(exc.status_code, "http_error"), msg,
                              headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_req, exc: RequestValidationError):
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where or 'body'}: {err.get('msg', 'invalid')}")
        return error_response(422, "invalid_request", "; ".join(parts) or "Invalid request.")

    @app.exception_handler(UnicodeError)
    async def _bad_text(_req, exc: UnicodeError):
        return error_response(422, "invalid_request", "The text contains invalid characters.")

    @app.exception_handler(Exception)
    async def _internal(_req, exc: Exception):
        log.exception("unhandled error")
        return error_response(500, "internal", "The center failed; try again shortly.")

    return app
