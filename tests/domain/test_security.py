"""The line's security policy, row by row: the stricter of the center's answer and the local floor."""

from __future__ import annotations

import itertools

import pytest

from softphone.domain.security import (
    SRTP_ORDER, TRANSPORT_ORDER, LinePolicy, LocalSecurity, Refusal, Verification, line_policy,
    secure_signaling, server_address, stricter, tls_verification,
)

LOCKS = (frozenset(), frozenset({"transport"}), frozenset({"srtp"}),
         frozenset({"transport", "srtp"}))

# center transport, center srtp, local transport, local srtp, TLS available
#   -> transport, srtp, srtpSecureSignaling, refusal
TABLE = [
    ("udp", "off", "", "", True, "udp", "off", 0, Refusal.NONE),
    ("tcp", "optional", "", "", True, "tcp", "optional", 0, Refusal.NONE),
    ("tls", "optional", "", "", True, "tls", "optional", 1, Refusal.NONE),
    ("tls", "off", "", "", True, "tls", "off", 0, Refusal.NONE),
    # the center cannot lower the floor
    ("udp", "off", "tls", "mandatory", True, "tls", "mandatory", 1, Refusal.NONE),
    ("udp", "off", "tcp", "", True, "tcp", "off", 0, Refusal.NONE),
    ("udp", "off", "", "optional", True, "udp", "optional", 0, Refusal.NONE),
    # the floor cannot lower the center
    ("tls", "mandatory", "udp", "off", True, "tls", "mandatory", 1, Refusal.NONE),
    ("tcp", "optional", "udp", "off", True, "tcp", "optional", 0, Refusal.NONE),
    # SRTP mandatory needs TLS: it raises the transport, whoever asked for it
    ("udp", "mandatory", "", "", True, "tls", "mandatory", 1, Refusal.NONE),
    ("udp", "off", "udp", "mandatory", True, "tls", "mandatory", 1, Refusal.NONE),
    ("tcp", "off", "", "mandatory", True, "tls", "mandatory", 1, Refusal.NONE),
    # ... and without TLS the line is refused, never weakened
    ("udp", "off", "", "mandatory", False, "tls", "mandatory", 1, Refusal.SRTP_NEEDS_TLS),
    ("udp", "mandatory", "", "", False, "tls", "mandatory", 1, Refusal.SRTP_NEEDS_TLS),
    ("udp", "off", "tls", "", False, "tls", "off", 0, Refusal.TLS_UNAVAILABLE),
    ("tls", "optional", "", "", False, "tls", "optional", 1, Refusal.TLS_UNAVAILABLE),
    ("tcp", "optional", "", "optional", False, "tcp", "optional", 0, Refusal.NONE),
]


@pytest.mark.parametrize("row", TABLE, ids=lambda r: "-".join(map(str, r[:5])))
@pytest.mark.parametrize("locked", LOCKS, ids=lambda s: "+".join(sorted(s)) or "unlocked")
def test_policy_table(row, locked):
    ct, cs, lt, ls, tls, transport, srtp, sig, refusal = row
    p = line_policy(ct, cs, LocalSecurity(transport=lt, srtp=ls, locked=locked,
                                          tls_available=tls))
    assert (p.transport, p.srtp, p.secure_signaling, p.refusal) == (transport, srtp, sig, refusal)
    assert set(p.raised) == {k for k, eff, asked in (("transport", transport, ct),
                                                      ("srtp", srtp, cs)) if eff != asked}


def test_every_combination_is_never_weaker_than_either_side():
    """All 1152 combinations (center x local x locks x TLS available)."""
    for ct, cs, lt, ls, locked, tls in itertools.product(
            TRANSPORT_ORDER, SRTP_ORDER, ("", *TRANSPORT_ORDER), ("", *SRTP_ORDER), LOCKS,
            (True, False)):
        case = (ct, cs, lt, ls, sorted(locked), tls)
        p = line_policy(ct, cs, LocalSecurity(transport=lt, srtp=ls, locked=locked,
                                              tls_available=tls))
        t_rank, s_rank = TRANSPORT_ORDER.index(p.transport), SRTP_ORDER.index(p.srtp)
        assert t_rank >= TRANSPORT_ORDER.index(ct) and s_rank >= SRTP_ORDER.index(cs), case
        # the local value (locked or not) is a floor the center cannot lower
        assert not lt or t_rank >= TRANSPORT_ORDER.index(lt), case
        assert not ls or s_rank >= SRTP_ORDER.index(ls), case
        # exactly the stricter of the two (plus TLS for mandatory SRTP), nothing stricter
        assert p.srtp == stricter(SRTP_ORDER, cs, ls), case
        assert p.transport == stricter(TRANSPORT_ORDER, ct, lt,
                                       "tls" if p.srtp == "mandatory" else ""), case
        if p.srtp == "mandatory":
            assert p.transport == "tls" and p.secure_signaling == 1, case
        assert p.secure_signaling == secure_signaling(p.transport, p.srtp), case
        assert (p.refusal is not Refusal.NONE) == (p.transport == "tls" and not tls), case


def test_values_are_case_insensitive_and_unknown_values_raise():
    assert line_policy("UDP", "Off", LocalSecurity(srtp="MANDATORY")).transport == "tls"
    for bad in (("sctp", "off"), ("udp", "required"), ("", "off")):
        with pytest.raises(ValueError):
            line_policy(*bad, LocalSecurity())
    with pytest.raises(ValueError):
        line_policy("udp", "off", LocalSecurity(transport="ws"))


@pytest.mark.parametrize("verify,locked,source,want", [
    (True, False, "default", Verification(True, False)),
    (True, True, "provisioning", Verification(True, False)),
    # the counselor cannot turn it off, nor can IT without locking the key
    (False, False, "user", Verification(True, False, ignored="user")),
    (False, False, "provisioning", Verification(True, False, ignored="provisioning")),
    # IT's locked 'off': honoured, with a permanent warning
    (False, True, "provisioning", Verification(False, True)),
])
def test_verification_table(verify, locked, source, want):
    local = LocalSecurity(verify_server=verify, verify_source=source,
                          locked=frozenset({"tls_verify_server"} if locked else ()))
    assert tls_verification(local) == want


def _p(transport: str) -> LinePolicy:
    return LinePolicy(transport, "off", 0)


@pytest.mark.parametrize("hostport,asked,eff,tls_port,want", [
    ("pbx.example:5060", "udp", "udp", 0, "pbx.example:5060"),       # not raised: unchanged
    ("pbx.example:5061", "tls", "tls", 7000, "pbx.example:5061"),    # the center's own TLS port
    ("pbx.example:5060", "udp", "tls", 0, "pbx.example"),            # raised: standard 5061
    ("pbx.example:5060", "tcp", "tls", 5071, "pbx.example:5071"),    # raised: IT's TLS port
    ("pbx.example", "udp", "tls", 5071, "pbx.example:5071"),
    ("[2001:db8::1]:5060", "udp", "tls", 0, "[2001:db8::1]"),
    ("[2001:db8::1]:5060", "udp", "tls", 5071, "[2001:db8::1]:5071"),
    ("10.0.0.1:5060", "udp", "tcp", 5071, "10.0.0.1:5060"),          # tcp shares the port
    ("", "udp", "tls", 5071, ""),                                    # no proxy stays none
])
def test_server_address_for_a_raised_transport(hostport, asked, eff, tls_port, want):
    assert server_address(hostport, asked, _p(eff), tls_port) == want
