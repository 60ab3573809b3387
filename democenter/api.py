"""The practice center's API (FastAPI): app factory, auth, idempotency, health check, agent state."""

# The routes for sessions live in democenter/api_sessions.py; calls, customers, callbacks and
# reports in democenter/api_work.py; the supervisor's sign-in, page and API in
# democenter/supervisor*; the counselor's thread with the supervisors in democenter/messages.py.
# Every error leaves as ``{"error": {"code", "message"}}``; writes that carry an
# Idempotency-Key are recorded once and replayed for repeats (``idempotent``). Every route
# answers for the signed-in agent's own objects only: another agent's object is "not found".

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Optional

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from democenter import auth, db, seed, vault
from democenter import api_models as m
from democenter.errors import ApiError, error_response
from softphone.domain import health

log = logging.getLogger("democenter.api")
SHIFT_S = 12 * 3600          # a health check clears the agent for this long
PREFIX = "/api/v1"
ERRORS = {"4XX": {"model": m.ErrorBody, "description": "Client error"},
          "5XX": {"model": m.ErrorBody, "description": "Server error"}}
SYSTEM_STATES = ("ringing", "on_call", "wrap_up")   # the center's to set, not the agent's


def answers(*statuses: int) -> dict:
    """Documented error answers of a route (besides the generic 4XX/5XX)."""
    return {s: m.ERROR_ANSWERS[s] for s in statuses}


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
    throttle: auth.Throttle = field(default_factory=auth.Throttle)
    idempotency_ttl_s: float = 24 * 3600
    supervisor_ttl_s: int = 8 * 3600
    echo_address: str = ""          # the UDP echo service, host:port ('' = none; democenter/echo.py)
    sip_tcp: str = ""               # the registrar's TCP address when the line uses UDP


def vault_of(request: Request) -> vault.Vault:
    """The key file beside the database, read once per app."""
    box = getattr(request.app.state, "vault", None)
    if box is None:
        box = request.app.state.vault = vault.Vault.for_db(request.app.state.config.db_path)
    return box


def client_addr(request: Request) -> str:
    """The caller's IP address as this server sees it (no forwarding headers are trusted)."""
    return request.client.host if request.client else "unknown"


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


_bearer = HTTPBearer(auto_error=False, description="Token from POST /sessions (agents) or "
                     "POST /supervisor/sessions (supervisors)")


@dataclass(frozen=True)
class Agent:
    id: str
    language: str
    token: str


def header_lang(request: Request) -> str:
    """The first supported language of the request's ``Accept-Language`` ('' for none): the
    counselor's interface language, which words the labels (an explicit ``?lang=`` wins).
    Read from the headers, not declared: no operation's parameters change."""
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower().replace("_", "-").split("-")[0]
        if tag in seed.LANGS:
            return tag
    return ""


def current_agent(request: Request, creds: Optional[HTTPAuthorizationCredentials] = Depends(_bearer),
                  conn=Depends(get_conn)) -> Agent:
    if creds is None or creds.scheme.lower() != "bearer":
        raise ApiError(401, "unauthorized", "Sign in first: a bearer token is required.")
    row = conn.execute(
        "SELECT s.agent_id, s.expires_at, a.language FROM sessions s JOIN agents a"
        " ON a.id = s.agent_id WHERE s.token = ?",
        (vault.token_digest(creds.credentials),)).fetchone()
    if row is None:
        raise ApiError(401, "unauthorized", "The session is not valid: sign in again.")
    if row["expires_at"] < time.time():
        raise ApiError(401, "token_expired", "The session has expired: refresh or sign in.")
    return Agent(row["agent_id"], header_lang(request) or row["language"], creds.credentials)


def IdemKey():  # noqa: N802 (a fresh FieldInfo per route)
    return Header(None, alias="Idempotency-Key", min_length=1, max_length=200,
                  description="Repeats with the same key replay the first answer (for 24 h)")


@dataclass(frozen=True)
class Idem:
    key: str | None
    ttl_s: float


def idem_key(request: Request, key: Optional[str] = IdemKey()) -> Idem:
    return Idem(key, request.app.state.config.idempotency_ttl_s)


def idempotent(conn, idem: Idem, agent: Agent, scope: str,
               work: Callable[[Any], tuple[int, Any]]) -> JSONResponse:
    """Run ``work(conn)`` once per key in one write transaction; replay it for repeats.

    ``scope`` names the operation and its target: a key reused for another operation or by
    another agent is refused (422) instead of replaying an unrelated answer. Keys expire
    after ``idem.ttl_s``; every keyed write purges the expired ones.
    """
    key = idem.key
    with db.transaction(conn):
        if key:
            conn.execute("DELETE FROM idempotency WHERE created_at < ?",
                         (time.time() - idem.ttl_s,))
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


def set_agent_state(conn, agent_id: str, state: str, reason: str) -> float:
    """Record the agent's new state (inside the caller's transaction); returns its time."""
    now = time.time()
    extra = ", last_call_end = ?" if state == "wrap_up" else ""
    args = [state, reason, now] + ([now] if extra else []) + [agent_id]
    conn.execute(f"UPDATE agents SET state = ?, reason_code = ?, state_since = ?{extra}"
                 " WHERE id = ?", args)
    conn.execute("INSERT INTO agent_state_log (agent_id, state, reason_code, at)"
                 " VALUES (?,?,?,?)", (agent_id, state, reason, now))
    return now


router = APIRouter(prefix=PREFIX, responses=ERRORS)


# ---------------------------------------------------------------- health check

@router.get("/health-check/form", response_model=m.HealthFormBody, tags=["health"],
            response_model_exclude_none=True)
def health_form(lang: Optional[m.Lang] = Query(None), agent: Agent = Depends(current_agent)):
    return seed.health_form(lang or agent.language)


@router.post("/health-checks", response_model=m.HealthCheckResult, tags=["health"],
             responses=answers(409, 422))
def submit_health_check(body: m.HealthCheckRequest, idem: Idem = Depends(idem_key),
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

    return idempotent(conn, idem, agent, "health-check", work)


# ---------------------------------------------------------------- agent state

@router.get("/reason-codes", response_model=list[m.ReasonCode], tags=["agent"])
def reason_codes(lang: Optional[m.Lang] = Query(None), agent: Agent = Depends(current_agent),
                 conn=Depends(get_conn)):
    lg = lang_of(lang or agent.language)
    rows = conn.execute(f"SELECT code, kind, label_{lg} AS label FROM reason_codes"
                        " ORDER BY kind DESC, rowid").fetchall()
    return [dict(r) for r in rows]


@router.get("/agents/me/state", response_model=m.StateResponse, tags=["agent"])
def get_state(agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    """The agent's state as the center has it (the app re-reads it after an outage)."""
    cur = conn.execute("SELECT state, reason_code, state_since FROM agents WHERE id = ?",
                       (agent.id,)).fetchone()
    return {"state": cur["state"], "reason_code": cur["reason_code"] or "",
            "since": iso(cur["state_since"])}


@router.put("/agents/me/state", response_model=m.StateResponse, tags=["agent"],
            responses=answers(409, 422))
def set_state(body: m.StateRequest, agent: Agent = Depends(current_agent),
              conn=Depends(get_conn)):
    """The agent's own state. ``ringing``, ``on_call`` and ``wrap_up`` are the center's: asked
    for, they change nothing (the answer is the center's state) unless the center knows the
    agent's own call behind them (wrap-up after on_call; on_call for a claimed callback)."""
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
        elif body.state in SYSTEM_STATES and not _backed(conn, agent.id, body.state,
                                                          cur["state"]):
            if cur["state"] not in SYSTEM_STATES + ("not_ready", "ready", "break"):
                raise ApiError(409, "state_refused", "The center has no such state for you.")
            return {"state": cur["state"], "reason_code": cur["reason_code"],
                    "since": iso(cur["state_since"])}
        else:
            since = set_agent_state(conn, agent.id, body.state, body.reason_code)
    return {"state": body.state, "reason_code": body.reason_code, "since": iso(since)}


def _backed(conn, agent_id: str, state: str, current: str) -> bool:
    """Whether the center knows of the agent's own call that makes ``state`` true."""
    if state == "wrap_up":
        return current == "on_call"            # the agent's call ended on the agent's side
    if state == "on_call" and current in ("ready", "not_ready"):   # dialling a callback
        return conn.execute("SELECT 1 FROM callbacks WHERE agent_id = ? AND status = 'claimed'",
                            (agent_id,)).fetchone() is not None
    return False                               # ringing: only the queue offers calls


# ---------------------------------------------------------------- the app

def create_app(config: CenterConfig) -> FastAPI:
    """The ASGI app serving ``config.db_path`` (which ``db.init`` has prepared)."""
    from democenter import (api_queues, api_sessions, api_work, directory, echo, messages,
                            practice_api, protection, supervisor, supervisor_api,
                            supervisor_auth)

    app = FastAPI(title="Center API", version="1.0.0",
                  description="The call center's REST API as the Agent Softphone uses it.",
                  openapi_url=f"{PREFIX}/openapi.json", docs_url=f"{PREFIX}/docs",
                  redoc_url=None)
    app.state.config = config
    app.state.vault = None                     # read on first use (vault_of)
    app.state.evidence_key = None              # read on first use (protection.py)
    app.include_router(api_sessions.router)
    app.include_router(router)
    app.include_router(api_work.router)
    from democenter import api_callbacks
    app.include_router(api_callbacks.router)     # the worklist: attempts, retry rules
    app.include_router(api_queues.router)        # figures, queue sign-in/out, skills
    app.include_router(echo.router)
    app.include_router(supervisor_auth.router)
    app.include_router(supervisor.router)
    app.include_router(messages.router)          # the counselor <-> supervisor thread
    app.include_router(directory.router)         # colleagues, presence, the dial policy
    app.include_router(supervisor_api.router)
    app.include_router(protection.router)        # warnings, evidence, protective breaks
    app.add_middleware(protection.ClipBodyLimit)
    app.include_router(practice_api.router)      # practice only: not in the contract
    auth.check_password("", None)              # the stand-in hash for unknown users, now

    @app.exception_handler(ApiError)
    async def _api_error(_req, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers)

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
