"""Messages for the counselor, by id: what the lower layers (center client, reachability,
keyring, network probes, the SIP engine's events) carry instead of English prose.

A lower layer raises or sends a message id (``"keyring.locked"``) and its parameters; the
desk or the UI turns it into the counselor's language at display time
(``softphone.desk.common.render``), so a language switch re-renders it too. Technical details
(SIP status codes, errno names, exception class names) stay as parameters and are shown as
codes. Pure: no Qt here; the ``QT_TRANSLATE_NOOP`` below only marks the texts for lupdate
(one literal per call: lupdate does not join implicitly concatenated literals).
"""

from __future__ import annotations

from dataclasses import dataclass


def QT_TRANSLATE_NOOP(context: str, source: str) -> tuple[str, str]:  # noqa: N802 (lupdate's name)
    return context, source


MESSAGES: dict[str, tuple[str, str]] = {
    # a failed center call (softphone.center.models.CenterError): the "Center" context
    "center.unreachable": QT_TRANSLATE_NOOP("Center", "The center is not reachable — check your VPN connection."),
    "center.timeout": QT_TRANSLATE_NOOP("Center", "The center did not answer in time — try again in a moment."),
    "center.tls": QT_TRANSLATE_NOOP("Center", "The center's certificate could not be verified — do not continue; contact IT."),
    "center.auth": QT_TRANSLATE_NOOP("Center", "Your session has expired — please sign in again."),
    "center.conflict": QT_TRANSLATE_NOOP("Center", "Someone else changed this first — reload and try again."),
    "center.invalid_response": QT_TRANSLATE_NOOP("Center", "The center sent an answer the app does not understand — try again, and contact IT if it keeps happening."),
    "center.server": QT_TRANSLATE_NOOP("Center", "The center had a problem — try again in a moment."),
    "center.client": QT_TRANSLATE_NOOP("Center", "The center refused the request."),
    "center.different_agent": QT_TRANSLATE_NOOP("Center", "These are another counselor's sign-in details. Sign in again with your own password."),
    "center.no_session": QT_TRANSLATE_NOOP("Center", "There is no session to resume on this computer: log in again."),
    "center.wrong_password": QT_TRANSLATE_NOOP("Messages", "Wrong user name or password."),
    "center.forbidden": QT_TRANSLATE_NOOP("Messages", "You are not allowed to do this."),
    # the desk's own notices that may still show when the language changes
    "callbacks.due": QT_TRANSLATE_NOOP("Desk", "A scheduled callback is due now: {0}"),
    # is the center reachable before sign-in (softphone.center.reachability)
    "reach.address": QT_TRANSLATE_NOOP("Messages", "The center address is not valid. Ask IT."),
    "reach.dns": QT_TRANSLATE_NOOP("Messages", "The center's name cannot be found — check that your VPN is connected."),
    "reach.connect": QT_TRANSLATE_NOOP("Messages", "The center refused the connection — it may be down; try again shortly."),
    "reach.timeout": QT_TRANSLATE_NOOP("Messages", "The center does not answer — check your VPN connection."),
    "reach.proxy": QT_TRANSLATE_NOOP("Messages", "The proxy server did not let the connection through — ask IT."),
    "reach.tls": QT_TRANSLATE_NOOP("Center", "The center's certificate could not be verified — do not continue; contact IT."),
    "reach.http": QT_TRANSLATE_NOOP("Messages", "Something other than the center answered (a proxy or a sign-in page?) — check your VPN connection, or ask IT."),
    # the system keyring (softphone.platform.credentials); {0}: the error's class name
    "keyring.none": QT_TRANSLATE_NOOP("Messages", "No secure password storage (keyring) is available on this computer, so the app cannot keep your password or session safely. Ask IT to enable the system keyring (on Linux: GNOME Keyring or KWallet via Secret Service)."),
    "keyring.locked": QT_TRANSLATE_NOOP("Messages", "The system keyring is locked: unlock it (sign in to your desktop session again) and retry."),
    "keyring.failed": QT_TRANSLATE_NOOP("Messages", "The system keyring failed ({0}): try again; if it keeps failing, ask IT to check the keyring."),
    "keyring.not_kept": QT_TRANSLATE_NOOP("Messages", "The system keyring did not keep the outbox key: ask IT to check the keyring."),
    "outbox.unavailable": QT_TRANSLATE_NOOP("Messages", "Wrap-ups cannot be saved on this computer."),
    # the outbox's key (softphone.center.outbox_store); {0}: how many saved writes wait
    "outbox.key_unreadable": QT_TRANSLATE_NOOP("Messages", "{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is damaged. Nothing was deleted. Call IT."),
    "outbox.key_lost": QT_TRANSLATE_NOOP("Messages", "{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: the key that protects them is missing from this computer's keyring. Nothing was deleted. Call IT before signing in elsewhere."),
    "outbox.key_mismatch": QT_TRANSLATE_NOOP("Messages", "{0} saved write(s) (wrap-ups, incidents, callback outcomes) are kept on this computer but cannot be sent: this computer's keyring now holds another key than the one they were saved with (another program replaced it). Nothing was deleted. Call IT."),
    # the SIP line (softphone.sip events); {0}: the SIP status code
    "line.not_registered": QT_TRANSLATE_NOOP("Messages", "Line not registered (SIP {0})."),
    "line.wrong_password": QT_TRANSLATE_NOOP("Messages", "Line not registered: wrong user name or password (SIP {0})."),
    "line.unknown_user": QT_TRANSLATE_NOOP("Messages", "Line not registered: the phone line server does not know this user (SIP {0})."),
    "line.no_answer": QT_TRANSLATE_NOOP("Messages", "Line not registered: the phone line server does not answer. Check the network or VPN."),
    "line.unreachable": QT_TRANSLATE_NOOP("Messages", "Line not registered: the phone line server cannot be reached (SIP {0}). Check the network or VPN."),
    "line.tls_certificate": QT_TRANSLATE_NOOP("Messages", "Line not registered: the phone line server's certificate could not be verified. Ask IT for the right CA file or server name."),
    "line.no_transport": QT_TRANSLATE_NOOP("Messages", "Line not registered: this phone cannot use the line's transport. Ask IT."),
    # the network check (softphone.desk.readiness); the error's class name goes to the log
    "net.check_failed": QT_TRANSLATE_NOOP("Messages", "The network check could not run."),
    # the agent's state
    "reason.technical": QT_TRANSLATE_NOOP("Messages", "Technical problem"),
}


# a registration's SIP status code -> its message (the engine's reason text is for the log)
LINE_BY_CODE = {0: "line.no_transport", 401: "line.wrong_password", 403: "line.wrong_password",
                407: "line.wrong_password", 404: "line.unknown_user", 408: "line.no_answer",
                502: "line.unreachable", 503: "line.unreachable", 504: "line.no_answer"}


@dataclass(frozen=True)
class Message:
    """A message id and its parameters (each a value, or a Message itself)."""

    id: str
    params: tuple = ()

    def source(self) -> str:
        """The English text (logs, and a fallback where nothing translates)."""
        return source(self.id, self.params)


def id_of(text: str) -> str:
    """The id whose English text is ``text`` ('' for none): for texts a lower layer still
    passes as prose."""
    for mid, (_ctx, src) in MESSAGES.items():
        if src == text:
            return mid
    return ""


def lookup(message_id: str) -> tuple[str, str] | None:
    return MESSAGES.get(message_id)


def source(message_id: str, params: tuple = ()) -> str:
    found = MESSAGES.get(message_id)
    text = found[1] if found else message_id
    return text.format(*(p.source() if isinstance(p, Message) else p for p in params))
