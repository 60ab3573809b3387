"""The .ts sources: every message translated in ko and ru, placeholders and mnemonics kept,
and the texts the desk builds through helpers present in the catalog."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from softphone.ui.i18n import I18N_DIR

ROOT = Path(__file__).resolve().parents[2]


def messages(lang: str) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(I18N_DIR / f"softphone_{lang}.ts").getroot()
    out = []
    for ctx in root.findall("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.findall("message"):
            out.append((name, m.findtext("source") or "", m.find("translation")))
    return out


def _text(t) -> str:
    """A translation's text; for a plural message, its forms (each must be there)."""
    forms = t.findall("numerusform")
    if forms:
        return "" if any(not (f.text or "").strip() for f in forms) else forms[0].text
    return (t.text or "").strip()


@pytest.mark.parametrize("lang", ["ko", "ru"])
def test_every_message_is_translated(lang):
    bad = [(c, s) for c, s, t in messages(lang)
           if t is None or not _text(t) or t.get("type") in ("unfinished", "vanished",
                                                            "obsolete")]
    assert not bad, f"{len(bad)} untranslated in {lang}: {bad[:5]}"


@pytest.mark.parametrize("lang", ["ko", "ru"])
def test_placeholders_and_mnemonics_survive(lang):
    for ctx, src, t in messages(lang):
        text = _text(t)
        assert sorted(re.findall(r"\{\d[^}]*\}", src)) == sorted(re.findall(r"\{\d[^}]*\}", text)), src
        assert ("&" in src.replace("&&", "")) == ("&" in text.replace("&&", "")), src


def test_the_three_catalogs_hold_the_same_texts():
    keys = {lang: {(c, s) for c, s, _ in messages(lang)} for lang in ("en", "ko", "ru")}
    assert keys["en"] == keys["ko"] == keys["ru"]
    assert len(keys["en"]) > 150


def _literal_calls(path: Path, names: set[str]) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name in names:
                out.add(node.args[0].value)
    return out


def test_every_text_the_code_translates_is_in_the_catalog():
    """A new self.tr("...") without a re-run of scripts/i18n_update.py fails here."""
    sources = {s for _, s, _ in messages("ko")}
    missing = {}
    for path in (ROOT / "softphone").rglob("*.py"):
        if "sip" in path.parts:
            continue
        texts = _literal_calls(path, {"tr", "_tr"})
        lost = texts - sources
        if lost:
            missing[path.name] = sorted(lost)
    assert not missing, f"run scripts/i18n_update.py and translate: {missing}"


def test_center_messages_for_the_counselor_are_in_the_catalog():
    from softphone.center.models import USER_MESSAGES
    center = {s for c, s, _ in messages("ru") if c == "Center"}
    assert set(USER_MESSAGES.values()) <= center
