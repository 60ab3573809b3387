"""The house rules that import-linter cannot state, checked on the source: sizes, rooms, no mixins, no string dispatch."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "softphone"
MAX_LINES = 400
GENERATED = {"i18n_catalog.py"}     # written by scripts/i18n_update.py


def modules(base: Path = PACKAGE):
    return sorted(p for p in base.rglob("*.py") if "__pycache__" not in p.parts)


def imported_names(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_module_over_400_lines():
    big = {str(p.relative_to(ROOT)): n for p in [*modules(), *modules(ROOT / "democenter")]
           if p.name not in GENERATED and (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not big, f"split these modules (over {MAX_LINES} lines): {big}"


def test_every_module_names_its_job():
    missing = [str(p.relative_to(ROOT)) for p in modules()
               if not ast.get_docstring(ast.parse(p.read_text()))]
    assert not missing, f"modules without a docstring: {missing}"


def test_qtwidgets_only_under_ui():
    ui = PACKAGE / "ui"
    offenders = [str(p.relative_to(ROOT)) for p in modules()
                 if ui not in p.parents and any(n.startswith("PySide6.QtWidgets")
                                                for n in imported_names(ast.parse(p.read_text())))]
    assert not offenders, f"QtWidgets imported outside softphone/ui: {offenders}"


def test_the_desk_is_built_by_delegation_not_mixins():
    for p in modules(PACKAGE / "desk"):
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b) for b in node.bases]
                assert not any("Mixin" in b for b in bases), f"{p.name}: {node.name}{bases}"
                plain = [b for b in bases if not b.startswith("enum.") and b != "str"]
                assert len(plain) <= 1, f"{p.name}: {node.name} inherits {bases}"


def test_widgets_and_desktop_never_read_the_state_machine():
    offenders = [str(p.relative_to(ROOT)) for p in modules(PACKAGE / "ui")
                 if ".machine" in p.read_text()]
    assert not offenders, f"widgets deciding from the state machine: {offenders}"


def test_sip_commands_are_not_dispatched_by_name():
    for p in modules(PACKAGE / "sip"):
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "getattr" and \
                    len(node.args) >= 2 and isinstance(node.args[1], ast.JoinedStr):
                raise AssertionError(f"{p.name}:{node.lineno}: getattr dispatch {ast.unparse(node)}")
