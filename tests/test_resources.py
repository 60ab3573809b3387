"""Package data is found through importlib.resources, never through the source tree's layout."""

from __future__ import annotations

import configparser
from importlib.resources import files
from pathlib import Path

import softphone

PACKAGE = Path(softphone.__file__).resolve().parent


def test_translation_sources_and_settings_template_are_package_data():
    res = files("softphone.resources")
    assert sorted(p.name for p in (res / "i18n").iterdir() if p.name.endswith(".ts")) == [
        "softphone_en.ts", "softphone_ko.ts", "softphone_ru.ts"]
    template = res / "settings-template.ini"
    assert template.is_file()
    cp = configparser.ConfigParser()
    cp.read_string(template.read_text(encoding="utf-8"))
    assert cp.has_section("center") and cp.has_section("ui")


def test_the_app_looks_resources_up_in_the_package():
    from softphone.platform.settings import TEMPLATE
    from softphone.ui.i18n import I18N_DIR, qm_path
    res = files("softphone.resources")
    assert TEMPLATE == res / "settings-template.ini"
    assert I18N_DIR == res / "i18n" and qm_path("ko") == res / "i18n" / "softphone_ko.qm"


def test_setup_cfg_ships_the_built_files():
    cfg = configparser.ConfigParser()
    cfg.read(PACKAGE.parent / "setup.cfg", encoding="utf-8")
    assert cfg["options"]["packages"].strip() == "find_namespace:"   # the data folders too
    data = cfg["options.package_data"]
    assert "settings-template.ini" in data["softphone.resources"]
    assert {"*.ts", "*.qm"} <= {p.strip() for p in data["softphone.resources.i18n"].split(",")}
    assert "*.wav" in data["softphone.resources.sounds"]


def test_no_module_finds_resources_through_the_source_tree():
    """``Path(__file__).parents[3] / "resources"`` breaks in a wheel and in the installer."""
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "parents[" in line or ("__file__" in line and any(
                    f'"{name}"' in line for name in ("resources", "i18n", "sounds"))):
                bad.append(f"{rel}:{n}: {line.strip()}")
    assert bad == []


def test_a_missing_catalog_is_a_warning_that_names_the_fix(qapp, monkeypatch, caplog, tmp_path):
    from softphone.ui import i18n
    monkeypatch.setattr(i18n, "I18N_DIR", tmp_path)
    translator = i18n.RecordingTranslator("ko")
    assert not translator.loaded
    assert "python -m softphone.resources_build" in caplog.text


def test_start_up_builds_nothing():
    """Translations are built by the install step; the app only loads them (no numpy, no
    lrelease at start)."""
    users = [p.relative_to(PACKAGE.parent) for p in PACKAGE.rglob("*.py")
             if p.name != "resources_build.py"
             and any(line.lstrip().startswith(("import ", "from ")) and "resources_build" in line
                     for line in p.read_text(encoding="utf-8").splitlines())]
    assert users == []
