"""The center REST API client: typed calls, timeouts, TLS, token refresh, masked logging.

Tokens, whose they are, a session the center ended, signing in again: softphone.center.session.

Synchronous: call it from a worker pool, never from the GUI thread. Writes that must not
be lost go through ``softphone.center.outbox.Outbox`` (the ``*_item`` helpers of
softphone.center.items and .evidence, re-exported here), which delivers them with
``CenterApi.deliver`` and an Idempotency-Key.
``requests`` (with urllib3, ~70 ms) is imported on the first request, on that worker, not
when the app starts: importing this module and building a ``CenterApi`` cost nothing.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote

from softphone.domain import health
from softphone.center import directory, evidence
from softphone.center.directory import DialPolicy, DirectoryEntry, PresencePage
from softphone.center.evidence import (evidence_clip_item, evidence_hold_item,  # noqa: F401
                                       incident_item, protective_break_item)
from softphone.center.items import callback_complete_item, new_key, wrapup_item  # noqa: F401
from softphone.center.models import (AgentStateInfo, Announcement, CallbackRequest,
                                     CallerContext, CenterError, Disposition,
                                     HealthCheckResult, LoginResult, NetworkTestInfo,
                                     ProtectionPolicy, QueueStats, QuickConnect, ReasonCode,
                                     SessionExpired, TokenPair, parse, parse_list)
from softphone.center.session import Listener, Session, SpeaksLanguage, refresh, sign_in_again
from softphone.center.callback_api import CallbackEndpoints
from softphone.center.queue_api import QueueEndpoints

if TYPE_CHECKING:
    import requests

__all__ = ["CenterApi", "CenterError", "SessionExpired", "mask_numbers"]

log = logging.getLogger("softphone.center.client")
MAX_BODY = 2 * 1024 * 1024
# the whole exchange (connect, headers, body, retries) ends by then; never shorter than the
# read timeout (settings: center.read_timeout_s), so IT can allow a slow center more time
DEADLINE_S = 10.0
# a phone number: 7+ digits, maybe with "+" (or %2B) and single spaces or dashes, and not inside
# an id such as IX-431706EF32 (it starts after a separator, not after a letter or "-")
_NUMBER = re.compile(r"(?<![A-Za-z0-9\-])(?:\+|%2[Bb])?\d(?:[\- ]?\d)*(?![A-Za-z0-9])")


def mask_numbers(text: str) -> str:
    """Mask anything that looks like a phone number (7+ digits): keep the last two digits.
    For error details shown to people; log lines pass softphone.platform.redact as well."""
    def _mask(m: re.Match) -> str:
        s = m.group(0)
        if sum(c.isdigit() for c in s) < 7:       # a status, a size, a port
            return s
        return "#" * (len(s) - 2) + s[-2:]
    return _NUMBER.sub(_mask, text)


class _MaskNumbers(logging.Filter):
    """urllib3 logs request lines at DEBUG (``"GET /customers/by-number/+8210..."``): masked here
    too, for a client used without the app's redaction (softphone.platform.redact)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg = mask_numbers(record.getMessage())
            record.args = ()
        except Exception:  # never lose a log line over masking
            pass
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_MaskNumbers())


def _classify(exc: requests.RequestException, where: str) -> CenterError:
    """Turn a requests/urllib3 failure into a CenterError (softphone.center.transport)."""
    from softphone.center.transport import classify
    return classify(exc, where)


class CenterApi(CallbackEndpoints, QueueEndpoints, SpeaksLanguage):
    """One counselor's connection to the center API (thread-safe enough for a worker pool)."""

    def __init__(self, base_url: str, ca_bundle: str | None = None,
                 timeout: tuple[float, float] = (3.05, 10), *, deadline_s: float | None = None,
                 max_body: int = MAX_BODY,
                 on_tokens: Callable[[str, str], None] | None = None) -> None:
        base = base_url.rstrip("/")
        if not base.endswith("/api/v1"):
            base += "/api/v1"
        self.base_url = base
        self._verify: bool | str = ca_bundle or True   # never False
        self._timeout = timeout
        self._deadline_s = deadline_s or max(DEADLINE_S, timeout[1])
        self._max_body = max_body
        self._sessions: dict[bool, requests.Session] = {}   # idempotent? -> made on first use
        self._lock = threading.Lock()
        self.session = Session(on_tokens)

    # ------------------------------------------------------------ tokens (center/session.py)
    _token = property(lambda self: self.session.token)
    _refresh_token = property(lambda self: self.session.refresh_token)
    _on_tokens = property(lambda self: self.session.on_tokens,
                          lambda self, hook: setattr(self.session, "on_tokens", hook))

    def set_tokens(self, token: str, refresh_token: str) -> None:
        """Use tokens saved earlier (e.g. from the keyring)."""
        self.session.set(token, refresh_token)

    @property
    def signed_in(self) -> bool:
        return bool(self.session.token)

    def on_session_lost(self, listener: Listener) -> None:
        """``listener(SessionExpired)`` once per token the center ends (on a worker thread)."""
        self.session.add_listener(listener)

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = list(self._sessions.values()), {}
        for s in sessions:
            s.close()

    def _session_for(self, idempotent: bool) -> requests.Session:
        with self._lock:
            if idempotent not in self._sessions:
                from softphone.center.transport import make_session
                self._sessions[idempotent] = make_session(idempotent, self._deadline_s)
            return self._sessions[idempotent]

    # ------------------------------------------------------------ transport
    def _request(self, method: str, path: str, *args: Any, **kwargs: Any) -> tuple[int, Any]:
        """``_exchange`` under one total deadline (softphone.center.deadline): connect, headers,
        body, retries, and a token refresh with the retry after it all end by then."""
        from softphone.center.deadline import deadline_at
        with deadline_at(time.monotonic() + self._deadline_s):
            return self._exchange(method, path, *args, **kwargs)

    def _exchange(self, method: str, path: str, body: Any = None, *, auth: bool = True,
                 idem_key: str | None = None, params: dict | None = None,
                 retry_auth: bool = True, parse_body: bool = True,
                 token: str = "", headers: dict | None = None,
                 raw_limit: int = 0) -> tuple[int, Any]:
        """One HTTP exchange; returns (status, decoded JSON or None) for 2xx, raises otherwise.
        ``token``: this one instead of the session's (never refreshed); ``headers``: extra ones;
        ``raw_limit``: the body's bytes instead (at most that many; e.g. a WAV)."""
        import requests
        where = mask_numbers(f"{method} {path}")
        extra, headers = headers, {**self.language_headers(), **(headers or {})}
        token_used = token or self.session.token
        if auth:
            if not token_used:
                raise CenterError("auth", detail=f"{where}: not signed in")
            headers["Authorization"] = f"Bearer {token_used}"
        if idem_key:
            headers["Idempotency-Key"] = idem_key
        session = self._session_for(method in ("GET", "PUT", "DELETE"))
        started = time.monotonic()
        deadline = started + self._deadline_s
        try:
            resp = session.request(method, self.base_url + path, json=body, params=params,
                                   headers=headers, timeout=self._timeout, stream=True,
                                   verify=self._verify, allow_redirects=False)
        except requests.RequestException as exc:
            err = _classify(exc, where)
            log.warning("center call failed: %s", err.detail)
            raise err from None
        status = resp.status_code
        ok = 200 <= status < 300
        try:
            if ok and parse_body:
                raw = self._read_body(resp, deadline, where, raw_limit or self._max_body)
            else:   # an error answer, or a write's receipt: never fail on its body
                try:
                    raw = self._read_body(resp, deadline, where, 64 * 1024, strict=False)
                except CenterError:
                    raw = b""
        except BaseException:
            resp.close()           # drop a connection left mid-body
            raise
        resp.raw.release_conn()    # read to the end: back to the pool (keep-alive)
        log.info("%s -> %d in %.0f ms", where, status, (time.monotonic() - started) * 1000)
        if status == 401 and auth and retry_auth and not token and self.session.refresh_token:
            self._refresh_after_401(token_used)
            return self._exchange(method, path, body, auth=auth, idem_key=idem_key,
                                  params=params, retry_auth=False, parse_body=parse_body,
                                  headers=extra, raw_limit=raw_limit)
        if ok:
            return status, (raw if raw_limit else self._decode(raw, where)
                            if raw and parse_body else None)
        raise self._http_error(status, raw, where, auth, token_used)

    def _read_body(self, resp: requests.Response, deadline: float, where: str, limit: int,
                   strict: bool = True) -> bytes:
        """The body, read as it arrives, cut at ``deadline`` (its socket shut down then);
        over ``limit`` bytes: an error (strict) or cut. On an error the connection is closed."""
        from softphone.center.deadline import deadline_at
        from softphone.center.transport import read_chunks, watch_body
        with deadline_at(deadline) as d:
            watch_body(resp, d)
            try:
                return read_chunks(resp, d, where, limit, strict)
            except CenterError:
                resp.close()       # never back to the pool mid-body
                raise

    @staticmethod
    def _decode(raw: bytes, where: str) -> Any:
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise CenterError("invalid_response", detail=f"{where}: not JSON") from None

    def _http_error(self, status: int, raw: bytes, where: str, auth: bool,
                    token_used: str | None = None) -> CenterError:
        code, message = "", ""
        try:
            err = json.loads(raw.decode("utf-8")).get("error", {})
            code = err.get("code", "") if isinstance(err.get("code"), str) else ""
            message = err.get("message", "") if isinstance(err.get("message"), str) else ""
        except (UnicodeDecodeError, ValueError, AttributeError):
            pass
        message = message[:300]
        detail = mask_numbers(f"{where}: HTTP {status} {code}")
        if status == 401:
            if not auth:  # signing in: the center says why (wrong password)
                return CenterError("auth", message or "Wrong user name or password.", detail,
                                   code=code, status=status)
            return self.session.lost(token_used, detail, code, status)   # None: the current
        if status == 403:
            return CenterError("auth", message or "You are not allowed to do this.", detail,
                               code=code, status=status)
        if status == 409:
            return CenterError("conflict", message, detail, code=code, status=status)
        if status == 408:
            return CenterError("timeout", detail=detail, code=code, status=status)
        if status == 429 and not auth:   # sign-in throttled: the center says when to retry
            return CenterError("server", message, detail, code=code, status=status)
        if 400 <= status < 500 and status != 429:
            text = f"The center refused the request: {message}" if message else ""
            return CenterError("client", text, detail, code=code, status=status)
        return CenterError("server", detail=detail, code=code, status=status)

    def _refresh_after_401(self, token_used: str) -> None:
        with self.session.refresh_lock:
            if self.session.token and self.session.token != token_used:
                return  # another thread refreshed already
            self.refresh()

    def _get(self, path: str, params: dict | None = None) -> Any:
        return self._request("GET", path, params=params)[1]

    # ------------------------------------------------------------ sessions
    def login(self, username: str, password: str, sip_contact: str = "") -> LoginResult:
        data = self._request("POST", "/sessions", {"username": username, "password": password,
                                                   "sip_contact": sip_contact}, auth=False)[1]
        result = parse(LoginResult, data)
        self.session.started(username, sip_contact, result)
        return result

    def sign_in_again(self, password: str, username: str | None = None) -> LoginResult:
        """After a ``SessionExpired``: the same agent signs in again and the tokens are
        swapped (another agent's answer is refused); see softphone.center.session."""
        return sign_in_again(self, password, username)

    def refresh(self) -> TokenPair:
        """New tokens for the refresh token; a refusal ends the session (SessionExpired)."""
        return refresh(self)

    def logout(self) -> None:
        token = self.session.clear()
        if token:       # a 401 here (a session already ended) tells nobody
            self._request("DELETE", "/sessions/current", retry_auth=False, token=token)

    # ------------------------------------------------------------ reads
    def health_form(self, lang: str) -> health.HealthForm:
        data = self._get("/health-check/form", {"lang": lang})
        try:
            return health.parse_form(data)
        except health.FormError as exc:
            raise CenterError("invalid_response", detail=f"health form: {exc}") from None

    def reason_codes(self, lang: str | None = None) -> list[ReasonCode]:
        return parse_list(ReasonCode, self._get("/reason-codes", {"lang": lang} if lang else None))

    def interaction(self, iid: str) -> CallerContext:
        return parse(CallerContext, self._get(f"/interactions/{quote(iid, safe='')}"))

    def customer_by_number(self, number: str) -> CallerContext:
        return parse(CallerContext, self._get(f"/customers/by-number/{quote(number, safe='+')}"))

    # the screen pop never waits behind other calls: a lane of its own (platform/tasks.py)
    interaction.task_lane = customer_by_number.task_lane = "screen-pop"    # type: ignore

    def dispositions(self, queue_id: str | None) -> list[Disposition]:
        return parse_list(Disposition,
                          self._get("/dispositions", {"queue_id": queue_id} if queue_id else None))

    def callbacks(self) -> list[CallbackRequest]:
        return parse_list(CallbackRequest, self._get("/callbacks"))

    def quick_connects(self) -> list[QuickConnect]:
        return parse_list(QuickConnect, self._get("/quick-connects"))

    # the supervisor thread and the wellbeing policy: softphone.center.messages
    def messages(self, after: int = 0, wait_s: float = 0) -> Any:
        from softphone.center import messages
        return messages.fetch(self, after, wait_s)

    def send_message(self, text: str, kind: str = "question", interaction_id: str | None = None,
                     key: str | None = None) -> Any:
        from softphone.center import messages
        return messages.send(self, text, kind, interaction_id, key)

    def wellbeing_policy(self) -> Any:
        from softphone.center import messages
        return messages.policy(self)

    def wellbeing_alert(self, reason: str, talk_s: int, incidents: int,
                        key: str | None = None) -> int:
        from softphone.center import messages
        return messages.alert(self, reason, talk_s, incidents, key)

    def protection_policy(self) -> ProtectionPolicy:    # abusive callers: center/evidence.py
        return evidence.policy(self)

    def announcements(self) -> list[Announcement]:
        return evidence.announcements(self)

    def announcement_audio(self, announcement: Announcement) -> bytes:   # WAV, <= 5 MB
        return evidence.announcement_audio(self, announcement)

    def send_evidence_clip(self, body: dict) -> int:    # sealed by evidence.seal_clip
        return evidence.send_clip(self, body)

    def network_test(self) -> NetworkTestInfo:     # the echo service and registrar (readiness)
        return parse(NetworkTestInfo, self._get("/network-test"))

    # colleagues, presence (a long-poll: run it on a poll lane) and the dial policy
    def directory(self) -> list[DirectoryEntry]:
        return directory.entries(self)

    def presence(self, after: int = 0, wait_s: float = 0) -> PresencePage:
        return directory.presence(self, after, wait_s)

    def dial_policy(self) -> DialPolicy:
        return directory.dial_policy(self)

    # ------------------------------------------------------------ direct writes
    def agent_state(self) -> AgentStateInfo:
        """The agent's state as the center has it (re-read after an outage)."""
        return parse(AgentStateInfo, self._request("GET", "/agents/me/state")[1])

    def set_state(self, state: str, reason_code: str = "") -> AgentStateInfo:
        data = self._request("PUT", "/agents/me/state",
                             {"state": state, "reason_code": reason_code})[1]
        return parse(AgentStateInfo, data)

    def claim_callback(self, callback_id: str) -> CallbackRequest:
        data = self._request("POST", f"/callbacks/{quote(callback_id, safe='')}/claim")[1]
        return parse(CallbackRequest, data)

    def help(self, message: str, interaction_id: str | None = None) -> None:
        self._request("POST", "/help", {"message": message, "interaction_id": interaction_id})

    def submit_health_check(self, form_id: str, form_version: int, answers: dict,
                            idempotency_key: str) -> HealthCheckResult:
        """Direct submission (the answer is shown at once); the outbox item shares the key."""
        data = self._request("POST", "/health-checks",
                             {"form_id": form_id, "form_version": form_version,
                              "answers": answers}, idem_key=idempotency_key)[1]
        return parse(HealthCheckResult, data)

    def deliver(self, method: str, path: str, payload: Any, idempotency_key: str,
                still_current: Callable[[], bool] | None = None) -> Any:
        """The outbox's sender: one write with its key; returns the contract's receipt, raises
        otherwise (an HTML or empty 2xx too); see softphone.center.delivery. Never under
        another agent's session: someone else signing in on this client meanwhile (another
        thread) makes it wait; the outbox is told who is signed in with ``set_owner``."""
        from softphone.center.delivery import deliver
        agent = self.session.agent_id

        def current() -> bool:
            return (still_current is None or still_current()) and self.session.agent_id == agent
        return deliver(self, method, path, payload, idempotency_key, current)
