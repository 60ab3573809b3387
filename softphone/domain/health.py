"""The shift-start health self-check: the form's model, answer validation and its rules.

Pure Python (no Qt, no pjsua2). The center sends the form as JSON; both the app (to show
the outcome at once) and the practice center (authoritative, on submission) evaluate it
with ``evaluate``. Answers are medical data: they live in memory and go to the center, and
nothing in this module writes or logs them.

Form JSON (``GET /api/v1/health-check/form?lang=ko``)::

    {"form_id": "shift-check", "version": 3, "language": "ko",
     "title": "...", "intro": "...", "guidance": "who to call when not cleared",
     "questions": [
       {"id": "temperature", "kind": "number", "label": "...", "unit": "°C",
        "min": 34.0, "max": 42.5, "step": 0.1, "required": true},
       {"id": "cough", "kind": "yes_no", "label": "...", "required": true},
       {"id": "stress", "kind": "scale", "label": "...", "min": 1, "max": 5,
        "low_label": "...", "high_label": "...", "required": true}],
     "rules": [
       {"question": "temperature", "op": ">=", "value": 37.5},
       {"question": "cough", "op": "==", "value": true}]}

A rule names a condition that means **not cleared**; the counselor is cleared when no rule
matches. Unknown operators or rules about unknown questions make the form invalid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

KINDS = ("number", "yes_no", "scale")
OPS = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}


class FormError(ValueError):
    """The form the center sent cannot be used."""


class AnswerError(ValueError):
    """An answer is missing or out of bounds; ``question_id`` says which."""

    def __init__(self, question_id: str, message: str) -> None:
        super().__init__(message)
        self.question_id = question_id


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str
    required: bool = True
    unit: str = ""
    min: float | None = None
    max: float | None = None
    step: float | None = None
    low_label: str = ""
    high_label: str = ""


@dataclass(frozen=True)
class Rule:
    question: str
    op: str
    value: Any


@dataclass(frozen=True)
class HealthForm:
    form_id: str
    version: int
    language: str
    title: str
    intro: str
    guidance: str
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...] = field(default=())

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


@dataclass(frozen=True)
class Outcome:
    cleared: bool
    failed_questions: tuple[str, ...] = ()   # ids whose rule matched (never logged)


def _str(d: dict, key: str, default: str | None = None) -> str:
    v = d.get(key, default)
    if not isinstance(v, str):
        raise FormError(f"field '{key}' must be text")
    return v


def _num(d: dict, key: str) -> float | None:
    v = d.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise FormError(f"field '{key}' must be a number")
    return float(v)


def parse_form(data: Any) -> HealthForm:
    """Validate the center's JSON into a ``HealthForm``; raise ``FormError`` when unusable."""
    if not isinstance(data, dict):
        raise FormError("the health form is not an object")
    raw_qs = data.get("questions")
    if not isinstance(raw_qs, list) or not raw_qs:
        raise FormError("the health form has no questions")
    questions: list[Question] = []
    seen: set[str] = set()
    for raw in raw_qs:
        if not isinstance(raw, dict):
            raise FormError("a question is not an object")
        qid, kind = _str(raw, "id"), _str(raw, "kind")
        if kind not in KINDS:
            raise FormError(f"question '{qid}' has an unknown kind '{kind}'")
        if qid in seen:
            raise FormError(f"question '{qid}' appears twice")
        seen.add(qid)
        lo, hi = _num(raw, "min"), _num(raw, "max")
        if kind in ("number", "scale") and (lo is None or hi is None or lo > hi):
            raise FormError(f"question '{qid}' needs min <= max")
        questions.append(Question(
            id=qid, kind=kind, label=_str(raw, "label"),
            required=bool(raw.get("required", True)), unit=_str(raw, "unit", ""),
            min=lo, max=hi, step=_num(raw, "step"),
            low_label=_str(raw, "low_label", ""), high_label=_str(raw, "high_label", "")))
    rules: list[Rule] = []
    for raw in data.get("rules", []) or []:
        if not isinstance(raw, dict):
            raise FormError("a rule is not an object")
        qid, op = _str(raw, "question"), _str(raw, "op")
        if qid not in seen:
            raise FormError(f"a rule names an unknown question '{qid}'")
        if op not in OPS:
            raise FormError(f"a rule uses an unknown operator '{op}'")
        value = raw.get("value")
        kind = next(q.kind for q in questions if q.id == qid)
        if kind == "yes_no":
            if not isinstance(value, bool) or op not in ("==", "!="):
                raise FormError(f"the rule on '{qid}' must compare with yes or no")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FormError(f"the rule on '{qid}' must compare with a number")
        rules.append(Rule(qid, op, value))
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise FormError("field 'version' must be an integer")
    return HealthForm(
        form_id=_str(data, "form_id"), version=version,
        language=_str(data, "language", "en"), title=_str(data, "title", ""),
        intro=_str(data, "intro", ""), guidance=_str(data, "guidance", ""),
        questions=tuple(questions), rules=tuple(rules))


def validate_answers(form: HealthForm, answers: dict[str, Any]) -> dict[str, Any]:
    """Check every answer against its question; return the cleaned answers.

    Raises ``AnswerError`` for the first missing or out-of-bounds answer.
    """
    clean: dict[str, Any] = {}
    for q in form.questions:
        v = answers.get(q.id)
        if v is None:
            if q.required:
                raise AnswerError(q.id, "answer required")
            continue
        if q.kind == "yes_no":
            if not isinstance(v, bool):
                raise AnswerError(q.id, "answer yes or no")
        else:
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise AnswerError(q.id, "enter a number")
            if (q.min is not None and v < q.min) or (q.max is not None and v > q.max):
                raise AnswerError(q.id, f"must be between {q.min:g} and {q.max:g}")
            if q.kind == "scale" and int(v) != v:
                raise AnswerError(q.id, "choose a whole number")
            v = int(v) if q.kind == "scale" else float(v)
        clean[q.id] = v
    return clean


def evaluate(form: HealthForm, answers: dict[str, Any]) -> Outcome:
    """Apply the form's rules to validated answers. A rule that matches means not cleared."""
    clean = validate_answers(form, answers)
    failed: list[str] = []
    for rule in form.rules:
        if rule.question not in clean:
            continue
        hit = OPS[rule.op](clean[rule.question], rule.value)
        if hit and rule.question not in failed:
            failed.append(rule.question)
    return Outcome(cleared=not failed, failed_questions=tuple(failed))
