"""IT's provisioning file fails closed: real files on disk, every template key proven.

Each key of the template is set by IT to a value that is not its default, and locked: the
effective settings must carry that value from the provisioning layer, and the user's file must
not change it. Malformed, unreadable, typo'd and invalid files give fatal problems with file,
line and key; command-line and environment overrides of locked keys are refused.
"""

from __future__ import annotations

import configparser
import os

import pytest

from softphone.platform import settings as config
from softphone.platform.provisioning import ca_environment, refuse_overrides
from softphone.platform.settings import Problem, all_keys, load_settings, spec


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def other_value(key: str, tmp_path) -> tuple[str, object]:
    """A valid value for ``key`` that is not its default: (as written, as read)."""
    s = spec(key)
    kind, default = s["kind"], s["default"]
    if kind == "bool":
        return str(not default).lower(), (not default)
    if kind == "choice":
        choice = next(c for c in reversed(s["choices"]) if c != default)
        return choice, choice
    if key.endswith(("_amber", "_red")):        # stay in order: amber before red
        worse = key.endswith("_red") != key.startswith("network.mos")
        value = round(default * 1.1, 2) if worse else round(default * 0.9, 2)
        return str(value), value
    if kind in ("int", "float"):
        value = s.get("max", default + 7)
        value = value if value != default else s.get("min", 0)
        value = int(value) if kind == "int" else float(value)
        return str(value), value
    if kind == "url":
        return "https://center.example.org/api/v1", "https://center.example.org/api/v1"
    if kind == "file":
        pem = write(tmp_path / "ca.pem", "-----BEGIN CERTIFICATE-----\n")
        return str(pem), str(pem)
    if kind == "ip":
        return "127.0.0.2", "127.0.0.2"
    return "Value 1 ÄÖ 한국어", "Value 1 ÄÖ 한국어"


def test_the_template_is_the_schema():
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(config.TEMPLATE, encoding="utf-8")
    assert {f"{s}.{k}" for s in cp.sections() for k in cp[s]} == set(all_keys())
    for key in all_keys():
        assert spec(key)["kind"] in ("bool", "int", "float", "choice", "url", "file", "ip", "text")
        assert spec(key)["doc"], key


@pytest.mark.parametrize("key", all_keys())
def test_every_key_set_and_locked_by_it_takes_effect(key, tmp_path):
    written, expected = other_value(key, tmp_path)
    assert expected != spec(key)["default"], key            # the test could otherwise pass idle
    section, name = key.split(".")
    prov = write(tmp_path / "p.ini", f"[{section}]\n{name} = {written}\n[lock]\nkeys = {key}\n")
    user_value = str(spec(key)["default"]).lower() if spec(key)["kind"] == "bool" \
        else str(spec(key)["default"])
    usr = write(tmp_path / "u.ini", f"[{section}]\n{name} = {user_value}\n")
    s = load_settings(provisioning=prov, user=usr)
    assert s.fatal == (), [str(p) for p in s.fatal]
    assert s.get(key) == expected and type(s.get(key)) is type(spec(key)["default"])
    assert s.sources[key] == "provisioning" and s.locked == {key}
    assert s.origins[key] == f"{prov}:2"
    if not spec(key).get("it_only"):            # IT-only keys ignore the user's file anyway
        assert any(p.key == key and "locked" in p.message and not p.fatal for p in s.issues)
    with pytest.raises(config.LockedError):
        config.save_user_setting(s, key, user_value, user=usr, provisioning=prov)


@pytest.mark.parametrize("key", [k for k in all_keys() if spec(k).get("it_only")])
def test_it_only_keys_do_not_count_from_the_user_file(key, tmp_path):
    written, _ = other_value(key, tmp_path)
    section, name = key.split(".")
    usr = write(tmp_path / "u.ini", f"[{section}]\n{name} = {written}\n")
    s = load_settings(provisioning=tmp_path / "none.ini", user=usr)
    assert s.get(key) == spec(key)["default"] and s.sources[key] == "default"
    assert any(p.key == key and "only IT" in p.message for p in s.issues)


def fatal(tmp_path, text, **kw) -> list[Problem]:
    prov = write(tmp_path / "p.ini", text, **kw)
    return list(load_settings(provisioning=prov, user=tmp_path / "none.ini").fatal)


def one(problems: list[Problem], line: int, key: str, words: str) -> None:
    assert any(p.line == line and p.key == key and words in p.message for p in problems), \
        [str(p) for p in problems]


def test_a_bom_is_fine_but_garbage_duplicates_and_unknowns_are_fatal(tmp_path):
    s = load_settings(provisioning=write(tmp_path / "bom.ini", "\ufeff[ui]\ntheme = dark\n"),
                      user=tmp_path / "none.ini")
    assert s.ui.theme == "dark" and s.issues == ()
    problems = fatal(tmp_path, "[ui]\ntheme = dark\ntheme = light\nthis is garbage\n"
                               "[colours]\nx = 1\n[sip]\ntransprot = tls\nkeys: a\n"
                               "[sip]\n")
    one(problems, 3, "ui.theme", "set twice (first on line 2)")
    one(problems, 4, "", "not 'key = value'")
    one(problems, 5, "", "unknown section [colours]")
    one(problems, 8, "sip.transprot", "did you mean 'transport'")
    one(problems, 9, "", "not 'key = value'")
    one(problems, 10, "", "section [sip] again")
    assert all(str(p).startswith(str(tmp_path / "p.ini")) for p in problems)


def test_a_file_that_is_not_text_or_not_a_file_is_fatal(tmp_path):
    one(fatal(tmp_path, b"[ui]\ntheme = dark\nlanguage = \xff\xfe\n"), 3, "", "not UTF-8")
    one(fatal(tmp_path, "[ui]\ntheme = da\x00rk\n"), 2, "", "NUL")
    (tmp_path / "dir.ini").mkdir()
    s = load_settings(provisioning=tmp_path / "dir.ini", user=tmp_path / "none.ini")
    assert [p.message for p in s.fatal] == ["is not a regular file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_fatal_not_ignored(tmp_path):
    prov = write(tmp_path / "p.ini", "[lock]\nkeys = sip.srtp\n")
    prov.chmod(0)
    s = load_settings(provisioning=prov, user=tmp_path / "none.ini")
    assert s.fatal and "cannot be read" in s.fatal[0].message


def test_an_unreadable_file_is_fatal_even_for_root(tmp_path, monkeypatch):
    prov = write(tmp_path / "p.ini", "[lock]\nkeys = sip.srtp\n")
    real = type(prov).read_bytes

    def denied(self):
        if self == prov:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(type(prov), "read_bytes", denied)
    s = load_settings(provisioning=prov, user=tmp_path / "none.ini")
    assert [p.message for p in s.fatal] == ["cannot be read (Permission denied)"]


def test_lock_names_are_checked_and_a_capital_lock_section_still_locks(tmp_path):
    one(fatal(tmp_path, "[lock]\nkeys = center.base_url,\n  sip.srpt\n"), 2, "lock.keys",
        "'sip.srpt' (did you mean 'sip.srtp'?)")
    one(fatal(tmp_path, "[lock]\nkey = sip.srtp\n"), 2, "lock.key", "only 'keys")
    prov = write(tmp_path / "p.ini", "[Lock]\nKeys = sip.srtp\n[SIP]\nsrtp = mandatory\n")
    s = load_settings(provisioning=prov, user=write(tmp_path / "u.ini", "[sip]\nsrtp = off\n"))
    assert s.locked == {"sip.srtp"} and s.sip.srtp == "mandatory" and not s.fatal


@pytest.mark.parametrize("line, words", [
    ("[ui]\ntheme = purple", "not one of system|light|dark"),
    ("[sip]\ntransport = carrier-pigeon", "not one of udp|tcp|tls"),
    ("[ui]\nidle_lock_min = -1", "outside 0..1440"),
    ("[ui]\nidle_lock_min = ten", "not an integer"),
    ("[sip]\nsip_port = 70000", "outside 0..65535"),
    ("[network]\nloss_pct_red = nan", "not a number"),
    ("[ui]\nmask_numbers = maybe", "not true/false"),
    ("[center]\nbase_url = http://center.example/api/v1", "must start with https://"),
    ("[center]\nbase_url = https://it:hunter2@center.example/api/v1", "user name or password"),
    ("[center]\nbase_url = center.example", "not an https:// address"),
    ("[center]\nca_bundle = /no/such/ca.pem", "not a readable file"),
    ("[sip]\nbind_address = my-laptop", "not an IP address"),
    ("[network]\nmos_amber = 3.0\nmos_red = 3.6", "less severe than mos_amber"),
])
def test_invalid_values_are_fatal_in_the_it_file(tmp_path, line, words):
    problems = fatal(tmp_path, line + "\n")
    assert any(words in p.message and p.line >= 2 for p in problems), [str(p) for p in problems]


def test_http_counts_only_when_it_allows_it_and_loopback_always(tmp_path):
    prov = write(tmp_path / "p.ini", "[center]\nbase_url = http://center.lan/api/v1\n"
                                     "allow_http = true\n")
    assert load_settings(provisioning=prov, user=tmp_path / "none").center.base_url == \
        "http://center.lan/api/v1"
    usr = write(tmp_path / "u.ini", "[center]\nbase_url = http://127.0.0.1:8080/api/v1\n")
    assert load_settings(provisioning=tmp_path / "none", user=usr).center.base_url.startswith(
        "http://127.0.0.1")


def test_a_bad_user_file_is_not_fatal_and_keeps_the_lower_layer(tmp_path):
    prov = write(tmp_path / "p.ini", "[ui]\nidle_lock_min = 5\n")
    usr = write(tmp_path / "u.ini", "[ui]\nidle_lock_min = forever\ngarbage\n"
                                    "[center]\nbase_url = http://evil.example/api/v1\n")
    s = load_settings(provisioning=prov, user=usr)
    assert s.fatal == () and s.ui.idle_lock_min == 5 and s.center.base_url == ""
    assert {p.line for p in s.issues} == {2, 3, 5}


def test_the_environment_cannot_replace_its_file(tmp_path, monkeypatch):
    machine = write(tmp_path / "machine.ini", "[lock]\nkeys = center.base_url\n")
    mine = write(tmp_path / "mine.ini", "[center]\nbase_url = https://mine.example\n")
    monkeypatch.setattr(config, "machine_provisioning_path", lambda: machine)
    monkeypatch.setenv("SOFTPHONE_PROVISIONING", str(mine))
    s = load_settings(user=tmp_path / "none.ini")
    assert s.locked == {"center.base_url"} and s.center.base_url == ""
    assert [p.file for p in s.fatal] == ["SOFTPHONE_PROVISIONING"]
    monkeypatch.setenv("SOFTPHONE_PROVISIONING", str(machine))       # naming it is fine
    assert load_settings(user=tmp_path / "none.ini").fatal == ()
    machine.unlink()                                  # no machine-wide file: the variable counts
    monkeypatch.setenv("SOFTPHONE_PROVISIONING", str(mine))
    assert load_settings(user=tmp_path / "none.ini").center.base_url == "https://mine.example"


def test_machine_wide_locations_per_os(monkeypatch):
    for plat, part in (("linux", "/etc/agent-softphone/"), ("darwin",
                       "/Library/Application Support/Agent Softphone/")):
        monkeypatch.setattr(config.sys, "platform", plat)
        assert str(config.machine_provisioning_path()).startswith(part)


def test_command_line_values_for_locked_keys_are_refused(tmp_path):
    prov = write(tmp_path / "p.ini", "[center]\nbase_url = https://center.example/api/v1\n"
                                     "[lock]\nkeys = center.base_url, ui.language\n")
    s = load_settings(provisioning=prov, user=tmp_path / "none.ini")
    refused = refuse_overrides(s, {"center.base_url": ("--center", "https://other.example"),
                                   "ui.language": ("--lang", "ru"),
                                   "sip.bind_address": ("--bind", "127.0.0.1")})
    assert sorted((p.file, p.key) for p in refused) == [("--center", "center.base_url"),
                                                       ("--lang", "ui.language")]
    assert all(p.fatal and "locked" in p.message for p in refused)
    free = load_settings(provisioning=tmp_path / "none.ini", user=tmp_path / "none.ini")
    assert refuse_overrides(free, {"center.base_url": ("--center", "https://x.example")}) == []
    bad = refuse_overrides(free, {"center.base_url": ("--center", "http://x.example"),
                                  "sip.bind_address": ("--bind", "eth0")})
    assert len(bad) == 2


def test_ca_variables_are_refused_unless_it_allows_them(tmp_path):
    env = {"REQUESTS_CA_BUNDLE": "/tmp/mitm.pem", "SSL_CERT_DIR": "/tmp/certs", "HOME": "/x"}
    s = load_settings(provisioning=tmp_path / "none.ini", user=tmp_path / "none.ini")
    assert sorted(p.file for p in ca_environment(s, env)) == ["REQUESTS_CA_BUNDLE",
                                                              "SSL_CERT_DIR"]
    allowed = load_settings(provisioning=write(tmp_path / "p.ini",
                                               "[center]\ntrust_env_ca = true\n"),
                            user=tmp_path / "none.ini")
    assert ca_environment(allowed, env) == []
