"""The counselor's interface language reaches the center: ``CenterApi.set_language`` sends
``Accept-Language`` on every request and the practice center words its labels in it (over
real HTTP); an explicit ``?lang=`` still wins, and without the header the agent profile's
language is used (agent1's profile reads Korean)."""

from __future__ import annotations

import re

from tests.support.democenter import http

HANGUL = re.compile(r"[\uac00-\ud7a3]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _words(items, name: str) -> str:
    return " ".join(str(getattr(i, name)) for i in items)


def test_labels_follow_the_interface_language_mid_shift(make_api):
    api = make_api("agent1")
    assert HANGUL.search(_words(api.reason_codes(), "label"))       # the profile's language
    api.set_language("ru")
    for words in (_words(api.reason_codes(), "label"), _words(api.dispositions(None), "label"),
                  _words(api.queues(), "name"), _words(api.directory(), "team")):
        assert CYRILLIC.search(words) and not HANGUL.search(words), words
    api.set_language("en")
    labels = _words(api.reason_codes(), "label")
    assert not HANGUL.search(labels) and not CYRILLIC.search(labels), labels
    api.set_language("")                                             # no header: the profile's
    assert HANGUL.search(_words(api.reason_codes(), "label"))


def test_an_explicit_lang_query_wins_over_the_header(make_api):
    api = make_api("agent1")
    api.set_language("ru")
    labels = _words(api.reason_codes("en"), "label")
    assert not CYRILLIC.search(labels) and not HANGUL.search(labels), labels


def test_the_header_as_browsers_send_it_and_unknown_languages(center, make_api):
    token = make_api("agent1").session.token
    status, body, _ = http(center, "GET", "/reason-codes", token=token,
                           headers={"Accept-Language": "fr-FR, ru-RU;q=0.9, en;q=0.5"})
    assert status == 200 and CYRILLIC.search(" ".join(r["label"] for r in body))
    status, body, _ = http(center, "GET", "/reason-codes", token=token,
                           headers={"Accept-Language": "fr, de"})     # none we have: the profile
    assert status == 200 and HANGUL.search(" ".join(r["label"] for r in body))


def test_the_client_sends_the_header_on_every_request():
    from softphone.center.client import CenterApi
    api = CenterApi("http://127.0.0.1:9")
    assert api.language_headers() == {}
    api.set_language("ko")
    assert api.language_headers() == {"Accept-Language": "ko"}
    api.set_language("x; y")                   # never a header injection
    assert api.language_headers() == {}
