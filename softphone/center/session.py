"""The center session on this computer: its tokens, whose they are, the one place a lost session is noticed, and signing the same counselor in again.

``CenterApi`` keeps one ``Session``. A 401 on a signed-in call that a token refresh cannot
mend (the center revoked the session, or it outlived its refresh token) ends it in one place,
``Session.lost(token)``: the tokens are forgotten and the listeners
(``CenterApi.on_session_lost``) are told once per token with a ``SessionExpired``, on
whichever worker thread saw the 401 (the task pool, the outbox's sender); a listener must
hand the news to its own thread. Later calls fail with "not signed in" without asking the
center, so the outbox keeps its items and retries them with backoff, as for an outage.
``sign_in_again(api, password)`` signs the same counselor in again: the center must answer
with the same agent id, and only then are the new tokens used; an answer for another agent
is refused (and that session is ended at once, never used). The outbox carries on with the
new token: its owner did not change, so its items are still current.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Callable

from softphone.center.models import (USER_MESSAGES, CenterError, LoginResult, SessionExpired,
                                     TokenPair, parse)

if TYPE_CHECKING:
    from softphone.center.client import CenterApi

__all__ = ["Session", "SessionExpired", "SpeaksLanguage", "refresh", "sign_in_again"]

log = logging.getLogger("softphone.center.client")
Listener = Callable[[SessionExpired], None]


class Session:
    """The bearer and refresh tokens and who they belong to (thread-safe)."""

    def __init__(self, on_tokens: Callable[[str, str], None] | None = None) -> None:
        self._lock = threading.Lock()
        self.refresh_lock = threading.Lock()    # one refresh at a time
        self.on_tokens = on_tokens              # new tokens (to keep them in the keyring)
        self.token = ""
        self.refresh_token = ""
        self.username = ""                      # as typed at login
        self.agent_id = ""                      # as the center answered
        self.sip_contact = ""
        self.language = ""                      # the counselor's interface language (en|ko|ru)
        self._listeners: list[Listener] = []

    def set(self, token: str, refresh_token: str) -> None:
        """Use tokens saved earlier (e.g. from the keyring)."""
        with self._lock:
            self.token, self.refresh_token = token, refresh_token

    def store(self, token: str, refresh_token: str) -> None:
        """New tokens from the center (a refresh): used from now on, and handed to the hook."""
        self.set(token, refresh_token)
        self._tell_tokens(token, refresh_token)

    def started(self, username: str, sip_contact: str, result: LoginResult) -> None:
        """A login: the tokens and whose they are."""
        with self._lock:
            self.token, self.refresh_token = result.token, result.refresh_token
            self.username, self.agent_id = username, result.agent.id
            self.sip_contact = sip_contact
        self._tell_tokens(result.token, result.refresh_token)

    def resumed(self, result: LoginResult, agent_id: str) -> bool:
        """Signed in again: the new tokens replace the lost ones, if the session is still
        ``agent_id``'s (False: another login or a logout came first; nothing changed)."""
        with self._lock:
            if not agent_id or self.agent_id != agent_id or result.agent.id != agent_id:
                return False
            self.token, self.refresh_token = result.token, result.refresh_token
        self._tell_tokens(result.token, result.refresh_token)
        return True

    def clear(self) -> str:
        """Logout: forget the tokens and whose they were; returns the token that was in use."""
        with self._lock:
            token = self.token
            self.token = self.refresh_token = ""
            self.username = self.agent_id = self.sip_contact = ""
        return token

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def lost(self, token_used: str | None, detail: str = "", code: str = "",
             status: int | None = 401) -> SessionExpired:
        """The center refused ``token_used`` (None: the token in use) and no refresh mends it.
        Forgets it if it is still the one in use, and then (once per token) tells the
        listeners; returns the error to raise. A late 401 for an older token changes nothing."""
        with self._lock:
            if token_used is None:
                token_used = self.token
            current = token_used == self.token
            if current:
                self.token = self.refresh_token = ""
            err = SessionExpired(detail, username=self.username, agent_id=self.agent_id,
                                 code=code, status=status)
            listeners = list(self._listeners) if current and token_used else []
        if listeners:
            log.warning("the center ended the session (%s)", code or status)
        for listener in listeners:
            try:
                listener(err)
            except Exception:   # a listener's bug must not break the call that noticed
                log.exception("session listener failed")
        return err

    def _tell_tokens(self, token: str, refresh_token: str) -> None:
        if self.on_tokens:
            try:
                self.on_tokens(token, refresh_token)
            except Exception:  # the hook must not break the call
                log.exception("token hook failed")


class SpeaksLanguage:
    """``CenterApi.set_language``: every request then says ``Accept-Language: <lang>``, so the
    center words its labels (reason codes, dispositions, queue names, the directory, caller
    context) in the counselor's current interface language; a query's ``lang`` still wins."""

    session: Session

    def set_language(self, lang: str) -> None:
        self.session.language = lang if lang.isalpha() and len(lang) <= 8 else ""

    def language_headers(self) -> dict[str, str]:
        return {"Accept-Language": self.session.language} if self.session.language else {}


def refresh(api: CenterApi) -> TokenPair:
    """New tokens for the refresh token (``CenterApi.refresh``); when the center refuses it,
    the session is over: ``Session.lost`` (the counselor signs in again)."""
    s = api.session
    token, refresh_token = s.token, s.refresh_token
    if not refresh_token:
        raise CenterError("auth", detail="refresh: no refresh token")
    try:
        data = api._request("POST", "/sessions/refresh", {"refresh_token": refresh_token},
                            auth=False)[1]
    except CenterError as exc:
        if exc.kind in ("auth", "client"):
            raise s.lost(token, exc.detail, exc.code, exc.status) from None
        raise
    pair = parse(TokenPair, data)
    s.store(pair.token, pair.refresh_token)
    return pair


def sign_in_again(api: CenterApi, password: str, username: str | None = None) -> LoginResult:
    """The counselor whose session ended signs in again (``username``: default the one who
    logged in). Raises CenterError: ``auth`` for a wrong password (asked again),
    ``different_agent`` when the center answers for another agent, ``no_session`` when
    nobody logged in on this client (or a logout came first)."""
    s = api.session
    agent, user = s.agent_id, (username or s.username).strip()
    if not agent or not user:
        raise CenterError("auth", USER_MESSAGES["no_session"], "sign in again: no session",
                          code="no_session")
    data = api._request("POST", "/sessions", {"username": user, "password": password,
                                              "sip_contact": s.sip_contact}, auth=False)[1]
    result = parse(LoginResult, data)
    if s.resumed(result, agent):
        log.info("signed in again as the same agent")
        return result
    try:        # a session we will not use: end it now rather than leave it open
        api._request("DELETE", "/sessions/current", retry_auth=False, token=result.token)
    except CenterError as exc:
        log.warning("could not end the unused session: %s", exc.detail)
    if result.agent.id != agent:
        log.warning("signing in again: the center answered for another agent; refused")
        raise CenterError("auth", USER_MESSAGES["different_agent"],
                          "sign in again: the center answered for another agent",
                          code="different_agent")
    raise CenterError("auth", USER_MESSAGES["no_session"],
                      "sign in again: logged out meanwhile", code="no_session")
