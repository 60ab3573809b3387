"""README's provisioning reference is the schema's: regenerated, it must be what README holds."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location("settings_reference",
                                                  ROOT / "scripts" / "settings_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_reference_matches_the_schema():
    script = load_script()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert script.updated(text) == text, "run: python scripts/settings_reference.py"
    from softphone.platform.settings import all_keys
    block = text[text.index(script.BEGIN):text.index(script.END)]
    assert all(f"| `{key}` |" in block for key in all_keys())


def test_the_check_notices_a_stale_reference():
    script = load_script()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = text.replace("| `ui.idle_lock_min` | int 0..1440 |", "| `ui.idle_lock_min` | int |")
    assert stale != text and script.updated(stale) == text
