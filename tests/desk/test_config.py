"""Settings layering: defaults < provisioning < user, locked keys, bad values, the template."""

import configparser

import pytest

from softphone.platform import settings as config
from softphone.platform.settings import LockedError, load_settings, save_user_setting


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_no_files(tmp_path):
    s = load_settings(provisioning=tmp_path / "none.ini", user=tmp_path / "none2.ini")
    assert s.center.base_url == "" and s.sip.tls_verify_server is True
    assert s.ui.idle_lock_min == 15 and s.locked == frozenset() and s.problems == ()
    assert set(s.sources.values()) == {"default"}


def test_user_overrides_provisioning_overrides_defaults(tmp_path):
    prov = write(tmp_path / "p.ini", "[center]\nbase_url = https://center.example/api/v1\n"
                                     "[ui]\nidle_lock_min = 5\nlanguage = ko\n")
    usr = write(tmp_path / "u.ini", "[ui]\nlanguage = ru\n[audio]\nring_device = Speakers\n")
    s = load_settings(provisioning=prov, user=usr)
    assert s.center.base_url == "https://center.example/api/v1"
    assert s.ui.idle_lock_min == 5 and isinstance(s.ui.idle_lock_min, int)
    assert s.ui.language == "ru" and s.audio.ring_device == "Speakers"
    assert s.sources["ui.language"] == "user" and s.sources["ui.idle_lock_min"] == "provisioning"
    assert s.sources["sip.srtp"] == "default"


def test_locked_keys_ignore_the_user_file(tmp_path):
    prov = write(tmp_path / "p.ini", "[sip]\nsrtp = mandatory\ntransport = tls\n"
                                     "[lock]\nkeys = sip.srtp, sip.transport\n")
    usr = write(tmp_path / "u.ini", "[sip]\nsrtp = off\ntransport = udp\nsip_port = 5070\n")
    s = load_settings(provisioning=prov, user=usr)
    assert (s.sip.srtp, s.sip.transport, s.sip.sip_port) == ("mandatory", "tls", 5070)
    assert s.locked == {"sip.srtp", "sip.transport"}
    assert any("sip.srtp" in p for p in s.problems)
    with pytest.raises(LockedError):
        save_user_setting(s, "sip.srtp", "off", user=usr, provisioning=prov)


def test_bad_values_and_unknown_keys_are_reported(tmp_path):
    prov = write(tmp_path / "p.ini", "[ui]\nidle_lock_min = 7\n[lock]\nkeys = ui.nope\n")
    usr = write(tmp_path / "u.ini", "[ui]\nidle_lock_min = soon\nremember_password = maybe\n"
                                    "[sip]\nwhat = 1\n")
    s = load_settings(provisioning=prov, user=usr)
    assert s.ui.idle_lock_min == 7 and s.ui.remember_password is True
    text = "\n".join(s.problems)
    assert "ui.idle_lock_min" in text and "ui.remember_password" in text
    assert "sip.what" in text and "ui.nope" in text


def test_save_user_setting_round_trip(tmp_path):
    usr = tmp_path / "cfg" / "settings.ini"
    prov = tmp_path / "missing.ini"
    s = load_settings(provisioning=prov, user=usr)
    s = save_user_setting(s, "ui.mask_numbers", False, user=usr, provisioning=prov)
    s = save_user_setting(s, "audio.input_device", "USB Headset", user=usr, provisioning=prov)
    assert s.ui.mask_numbers is False and s.audio.input_device == "USB Headset"
    assert load_settings(provisioning=prov, user=usr).ui.mask_numbers is False
    with pytest.raises(ValueError):
        save_user_setting(s, "ui.idle_lock_min", "ten", user=usr, provisioning=prov)
    with pytest.raises(KeyError):
        save_user_setting(s, "ui.colour", "red", user=usr, provisioning=prov)


def test_environment_names_the_provisioning_file(tmp_path, monkeypatch):
    prov = write(tmp_path / "p.ini", "[center]\nbase_url = https://x.example/api/v1\n")
    monkeypatch.setenv("SOFTPHONE_PROVISIONING", str(prov))
    assert load_settings(user=tmp_path / "u.ini").center.base_url == "https://x.example/api/v1"


def test_template_documents_every_key_with_its_default():
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(config.TEMPLATE, encoding="utf-8")
    defaults = config.Settings()
    documented = {f"{sec}.{k}" for sec in cp.sections() for k in cp[sec]}
    assert documented == set(config.all_keys())
    for key in config.all_keys():
        sec, name = key.split(".")
        assert config._convert(defaults.get(key), cp[sec][name], key) == defaults.get(key), key
