"""The center API's sessions: sign-in (throttled, SIP provisioning), token refresh, sign-out."""

from __future__ import annotations

import ipaddress
import logging
import re
import secrets
import time

from fastapi import APIRouter, Depends, Request

from democenter import api_models as m
from democenter import auth, db, vault
from democenter.api import (ERRORS, PREFIX, Agent, ApiError, CenterConfig, answers, client_addr,
                            current_agent, get_conn, lang_of, set_agent_state, vault_of)

log = logging.getLogger("democenter.api")
router = APIRouter(prefix=PREFIX, responses=ERRORS)
_CONTACT = re.compile(r"sips?:(?:([^@;?\s]+)@)?(\[[0-9A-Fa-f:.]+\]|[^:;?\s\[\]]+)"
                      r"(?::\d{1,5})?(?:[;?][^\s]*)?", re.ASCII)


def _ip(text: str):
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    return ip.ipv4_mapped or ip if isinstance(ip, ipaddress.IPv6Address) else ip


def contact_allowed(contact: str, sip_username: str, addr: str) -> bool:
    """A SIP contact may only name the agent's own SIP user at the address the sign-in came
    from (loopback for loopback: the practice center on one computer)."""
    match = _CONTACT.fullmatch(contact)
    if match is None or (match.group(1) is not None and match.group(1) != sip_username):
        return False
    host, peer = match.group(2).strip("[]"), _ip(addr)
    if peer is None:
        return False
    ip = _ip(host)
    if ip is None:
        return host.lower() == "localhost" and peer.is_loopback
    return ip == peer or (ip.is_loopback and peer.is_loopback)


def new_tokens(conn, agent_id: str, cfg: CenterConfig) -> dict:
    """A fresh access and refresh token; the database keeps their digests only."""
    token, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = time.time()
    conn.execute("INSERT INTO sessions (token, refresh_token, agent_id, expires_at,"
                 " refresh_expires_at) VALUES (?,?,?,?,?)",
                 (vault.token_digest(token), vault.token_digest(refresh), agent_id,
                  now + cfg.token_ttl_s, now + cfg.refresh_ttl_s))
    conn.execute("DELETE FROM sessions WHERE refresh_expires_at < ?", (now,))
    return {"token": token, "refresh_token": refresh, "expires_in": cfg.token_ttl_s}


def _sip_password(request: Request, row) -> str:
    if not row["sip_secret"]:
        return ""
    try:
        return vault_of(request).open(row["sip_secret"])
    except vault.SealError:
        log.error("agent %s: the SIP password does not open with %s", row["id"],
                  vault.key_path(request.app.state.config.db_path))
        raise ApiError(503, "sip_unavailable", "The center cannot provide your phone line's "
                       "credentials now; ask your administrator.") from None


@router.post("/sessions", response_model=m.LoginResponse, tags=["sessions"],
             responses=answers(401, 429))
def login(body: m.LoginRequest, request: Request, conn=Depends(get_conn)):
    cfg: CenterConfig = request.app.state.config
    addr = client_addr(request)
    row = auth.sign_in(conn, cfg.throttle, "agent", "agents", body.username, body.password,
                       addr)
    sip_password = _sip_password(request, row)
    lang = lang_of(row["language"])
    with db.transaction(conn):
        tokens = new_tokens(conn, row["id"], cfg)
        if body.sip_contact and contact_allowed(body.sip_contact, row["sip_username"], addr):
            conn.execute("UPDATE agents SET contact_uri = ? WHERE id = ?",
                         (body.sip_contact, row["id"]))
        elif body.sip_contact:
            log.warning("agent %s: sip_contact ignored (not its SIP user at %s)", row["id"],
                        addr)
        if row["state"] == "logged_out":
            set_agent_state(conn, row["id"], "not_ready", "")
    queues = conn.execute(
        f"SELECT q.id, q.name_{lang} AS name, q.acw_limit_s, q.ring_timeout_s, q.call_waiting"
        f" FROM queues q"
        " JOIN agent_queues aq ON aq.queue_id = q.id WHERE aq.agent_id = ? ORDER BY q.id",
        (row["id"],)).fetchall()
    return {
        **tokens,
        "agent": {"id": row["id"], "display_name": row["display_name"], "language": lang},
        "sip": {"registrar": cfg.sip_registrar, "domain": cfg.sip_domain,
                "username": row["sip_username"], "password": sip_password,
                "transport": cfg.sip_transport, "outbound_proxy": cfg.sip_outbound_proxy,
                "srtp": cfg.srtp, "register_expiry_s": cfg.register_expiry_s},
        "queues": [{"id": q["id"], "name": q["name"], "acw_limit_s": q["acw_limit_s"],
                    "call_waiting": bool(q["call_waiting"])}
                   for q in queues],
        "settings": {"ring_timeout_s": max([q["ring_timeout_s"] for q in queues] or [15]),
                     "acw_limit_s": max([q["acw_limit_s"] for q in queues] or [60])},
    }


@router.post("/sessions/refresh", response_model=m.TokenPair, tags=["sessions"],
             responses=answers(401))
def refresh(body: m.RefreshRequest, request: Request, conn=Depends(get_conn)):
    with db.transaction(conn):
        row = conn.execute("SELECT * FROM sessions WHERE refresh_token = ?",
                           (vault.token_digest(body.refresh_token),)).fetchone()
        if row is None or row["refresh_expires_at"] < time.time():
            raise ApiError(401, "invalid_refresh_token", "The session has ended: sign in again.")
        conn.execute("DELETE FROM sessions WHERE token = ?", (row["token"],))
        return new_tokens(conn, row["agent_id"], request.app.state.config)


@router.delete("/sessions/current", response_model=m.Ok, tags=["sessions"],
               responses=answers(401))
def logout(agent: Agent = Depends(current_agent), conn=Depends(get_conn)):
    with db.transaction(conn):
        conn.execute("DELETE FROM sessions WHERE token = ?", (vault.token_digest(agent.token),))
        left = conn.execute("SELECT COUNT(*) FROM sessions WHERE agent_id = ?",
                            (agent.id,)).fetchone()[0]
        if not left:
            set_agent_state(conn, agent.id, "logged_out", "")
    return {"ok": True}
