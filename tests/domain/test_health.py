"""Health self-check form parsing, answer validation and rules: the edge cases."""

import copy

import pytest

from softphone.domain.health import AnswerError, FormError, evaluate, parse_form, validate_answers

FORM = {
    "form_id": "shift-check", "version": 3, "language": "en",
    "title": "Before your shift", "intro": "", "guidance": "Call your supervisor at 1234.",
    "questions": [
        {"id": "temperature", "kind": "number", "label": "Temperature", "unit": "°C",
         "min": 34.0, "max": 42.5, "step": 0.1},
        {"id": "cough", "kind": "yes_no", "label": "Cough?"},
        {"id": "contact", "kind": "yes_no", "label": "Contact?", "required": False},
        {"id": "stress", "kind": "scale", "label": "Stress", "min": 1, "max": 5},
    ],
    "rules": [
        {"question": "temperature", "op": ">=", "value": 37.5},
        {"question": "cough", "op": "==", "value": True},
        {"question": "contact", "op": "==", "value": True},
        {"question": "stress", "op": ">=", "value": 5},
    ],
}

OK = {"temperature": 36.6, "cough": False, "contact": False, "stress": 2}


@pytest.fixture
def form():
    return parse_form(copy.deepcopy(FORM))


def test_cleared_when_no_rule_matches(form):
    out = evaluate(form, OK)
    assert out.cleared and out.failed_questions == ()


@pytest.mark.parametrize("temp,cleared", [(37.4, True), (37.5, False), (39.0, False), (34.0, True)])
def test_temperature_threshold_is_inclusive(form, temp, cleared):
    assert evaluate(form, {**OK, "temperature": temp}).cleared is cleared


@pytest.mark.parametrize("key,value", [("cough", True), ("contact", True), ("stress", 5)])
def test_each_rule_alone_blocks(form, key, value):
    out = evaluate(form, {**OK, key: value})
    assert not out.cleared and out.failed_questions == (key,)


def test_several_failures_are_all_named_once(form):
    out = evaluate(form, {**OK, "cough": True, "temperature": 38.0})
    assert set(out.failed_questions) == {"cough", "temperature"}


def test_optional_question_may_be_skipped(form):
    answers = dict(OK)
    del answers["contact"]
    assert evaluate(form, answers).cleared


@pytest.mark.parametrize("key,value", [
    ("temperature", 33.9), ("temperature", 42.6), ("temperature", float("nan")),
    ("temperature", "36.6"), ("temperature", True), ("cough", "no"), ("cough", 0),
    ("stress", 0), ("stress", 6), ("stress", 2.5),
])
def test_out_of_bounds_or_wrong_type_is_rejected(form, key, value):
    with pytest.raises(AnswerError) as err:
        validate_answers(form, {**OK, key: value})
    assert err.value.question_id == key


def test_missing_required_answer(form):
    answers = dict(OK)
    del answers["cough"]
    with pytest.raises(AnswerError) as err:
        evaluate(form, answers)
    assert err.value.question_id == "cough"


@pytest.mark.parametrize("mutate", [
    lambda f: f.update(questions=[]),
    lambda f: f["questions"].append(dict(f["questions"][0])),           # duplicate id
    lambda f: f["questions"][0].update(kind="slider"),
    lambda f: f["questions"][0].update(min=50),                          # min > max
    lambda f: f["questions"][3].pop("max"),
    lambda f: f["rules"].append({"question": "ghost", "op": "==", "value": 1}),
    lambda f: f["rules"].append({"question": "cough", "op": "~=", "value": 1}),
    lambda f: f.update(version="3"),
    lambda f: f["questions"][0].update(label=None),
    lambda f: f.update(rules=["x"]),
])
def test_broken_forms_are_refused_clearly(mutate):
    data = copy.deepcopy(FORM)
    mutate(data)
    with pytest.raises(FormError):
        parse_form(data)


def test_not_an_object():
    with pytest.raises(FormError):
        parse_form(["questions"])


@pytest.mark.parametrize("rule", [
    {"question": "cough", "op": ">=", "value": True},
    {"question": "cough", "op": "==", "value": 1},
    {"question": "temperature", "op": ">=", "value": "37.5"},
    {"question": "stress", "op": "==", "value": True},
])
def test_rule_comparing_incompatible_values_is_a_form_error(rule):
    data = copy.deepcopy(FORM)
    data["rules"] = [rule]
    with pytest.raises(FormError):
        parse_form(data)
