"""Read the caller's identity and X- headers out of a raw SIP INVITE (pure text parsing)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMPACT = {"f": "from", "t": "to", "m": "contact", "i": "call-id", "v": "via"}
_NAME_ADDR = re.compile(r'^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<([^>]*)>')


@dataclass(frozen=True)
class Caller:
    number: str
    display_name: str
    uri: str
    headers: tuple[tuple[str, str], ...]
    interaction_id: str
    queue: str
    from_uri: str = ""


def parse_headers(message: str) -> list[tuple[str, str]]:
    """Header (name, value) pairs of a SIP message, unfolded, in order; names as sent."""
    head = message.replace("\r\n", "\n").split("\n\n", 1)[0]
    lines = head.split("\n")[1:]
    out: list[tuple[str, str]] = []
    for line in lines:
        if line[:1] in (" ", "\t") and out:
            name, value = out[-1]
            out[-1] = (name, value + " " + line.strip())
            continue
        if ":" not in line:
            continue
        name, value = line.split(":", 1)
        out.append((name.strip(), value.strip()))
    return out


def parse_name_addr(value: str) -> tuple[str, str]:
    """(display name, uri) of a From / P-Asserted-Identity value."""
    m = _NAME_ADDR.match(value)
    if m:
        name = m.group(1) if m.group(1) is not None else (m.group(2) or "")
        name = re.sub(r"\\(.)", r"\1", name).strip()
        return name, m.group(3).strip()
    return "", value.split(";", 1)[0].strip()


def user_part(uri: str) -> str:
    """The user (number) of a sip:/sips:/tel: URI, without parameters."""
    u = uri.strip()
    for scheme in ("sips:", "sip:", "tel:"):
        if u.lower().startswith(scheme):
            u = u[len(scheme):]
            break
    if "@" in u:
        u = u.split("@", 1)[0]
    else:
        u = u.split(";", 1)[0] if uri.lower().startswith("tel:") else ""
    return u.split(";", 1)[0]


def parse_caller(message: str, fallback_uri: str = "") -> Caller:
    """Who is calling: P-Asserted-Identity preferred, else From; plus every X- header."""
    headers = parse_headers(message)
    lower = [(_COMPACT.get(n.lower(), n.lower()), v) for n, v in headers]
    pai = [v for n, v in lower if n == "p-asserted-identity"]
    frm = [v for n, v in lower if n == "from"]
    name, uri = "", fallback_uri
    if pai:
        # several PAIs (sip + tel) may come comma-separated or in separate headers
        candidates = [p.strip() for v in pai for p in v.split(",") if p.strip()]
        parsed = [parse_name_addr(c) for c in candidates]
        name, uri = parsed[0]
        if not name and frm:
            name = parse_name_addr(frm[0])[0]
    elif frm:
        name, uri = parse_name_addr(frm[0])
    x = tuple((n, v) for n, v in headers if n.lower().startswith("x-"))
    get = {n.lower(): v for n, v in reversed(x)}
    from_uri = parse_name_addr(frm[0])[1] if frm else fallback_uri
    return Caller(number=user_part(uri), display_name=name, uri=uri, headers=x,
                  interaction_id=get.get("x-interaction-id", ""), queue=get.get("x-queue", ""),
                  from_uri=from_uri)
