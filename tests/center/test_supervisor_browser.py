"""The supervisor page in a real browser: headless Chromium driven over its DevTools Protocol.

Without signing in the page is only the sign-in form; signed in on that form (its own
language links, typed user name and password), the live page shows the counselor's question
and the abusive call's category in en/ko/ru; a reply typed into the page's reply box reaches
the counselor's thread, and an incident acknowledged on the page comes to the counselor as
an incident_ack. The browser and its DevTools client are scripts/supervisor_shots.py's.
Chromium comes from scripts/system-packages.txt (bash scripts/dev.sh install).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from democenter import supervisor_texts as st
from tests.support.democenter import http
from tests.support.procs import wait_for

ROOT = Path(__file__).resolve().parents[2]


def _load_shots():
    spec = importlib.util.spec_from_file_location("supervisor_shots",
                                                  ROOT / "scripts" / "supervisor_shots.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("supervisor_shots", module)
    spec.loader.exec_module(module)
    return module


shots = _load_shots()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shots.find_chromium() is None,
                       reason="chromium is not installed (it is in scripts/system-packages.txt:"
                              " bash scripts/dev.sh install)"),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = shots.Chromium(log=tmp_path_factory.mktemp("chromium") / "chromium.log")
    chromium.start()
    try:
        yield chromium
    finally:
        chromium.stop()


@pytest.fixture(scope="module")
def shift(center):
    """agent1's question, incident (verbal abuse, timeline, evidence hold) and protective
    break, agent2's counseling request and wellbeing alert, through the center API."""
    return shots.populate(center.root_url, center.data)


@pytest.fixture
def page(browser):
    """A fresh tab with its own cookies (nobody signed in)."""
    tab = browser.page()
    try:
        yield tab
    finally:
        tab.close()


def js(value) -> str:
    return json.dumps(value)


def agent_thread(center, token: str) -> list[dict]:
    status, body, _ = http(center, "GET", "/messages", token=token)
    assert status == 200, body
    return body["messages"]


def choose_counselor(page, agent_id: str) -> None:
    """Pick the counselor in the page's "Reply to" list, as a supervisor would."""
    page.wait(f"!!document.querySelector('#reply-agent option[value={js(agent_id)}]')",
              what=f"{agent_id} in the reply list")
    page.evaluate(f"""(() => {{ const s = document.getElementById("reply-agent");
        s.focus(); s.value = {js(agent_id)}; s.dispatchEvent(new Event("change")); }})()""")
    page.wait(f"document.getElementById('reply-agent').value === {js(agent_id)}",
              what=f"{agent_id} chosen")


def assert_no_page_problems(page) -> None:
    page.cdp.pump(0.2)
    assert page.problems == [], page.problems


def test_without_signing_in_the_page_is_only_the_sign_in_form(center, shift, page):
    page.navigate(center.root_url + "/supervisor")
    page.wait("!!document.querySelector('form[action=\"/supervisor/login\"]')",
              what="the sign-in form")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("!!document.querySelector('input[name=username]')"
                         " && document.querySelector('input[name=password]').type") == "password"
    assert page.evaluate("!!(document.getElementById('page-data')"
                         " || document.getElementById('agents')"
                         " || document.getElementById('reply-form'))") is False
    body = page.text()
    assert st.text("en", "signin_title") in body
    for secret in (shots.QUESTION, shots.COUNSELING, shots.INCIDENT, "agent1", "IX-SHOTS"):
        assert secret not in body
    assert_no_page_problems(page)
    # nor does the data the signed-in page reads come to this browser
    page.navigate(center.root_url + "/api/v1/supervisor/overview")
    answer = json.loads(page.text())
    assert answer["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("lang", st.LANGS)
def test_signed_in_on_the_form_the_page_shows_the_shift_in_its_language(center, shift, page,
                                                                        lang):
    try:
        shots.sign_in_on_page(page, center.root_url, lang)
    except shots.SignInRefused as exc:
        pytest.fail(f"the sign-in form refused supervisor1 in a real browser: {exc}")
    assert page.text("h1") == st.text(lang, "title")
    choose_counselor(page, "agent1")
    page.wait(f"document.getElementById('thread').innerText.includes({js(shots.QUESTION)})",
              what="agent1's question in the thread")
    incidents = page.wait(f"""(() => {{
        const row = document.querySelector('#incidents tr[data-key="{shift['incident']}"]');
        return row && row.innerText; }})()""", what="the incident's row")
    assert st.text(lang, "category_verbal_abuse") in incidents
    assert shots.INCIDENT in incidents and st.text(lang, "evidence_held") in incidents
    assert st.text(lang, "to_acknowledge") in incidents
    assert shots.COUNSELING in page.text("#counseling")
    assert st.text(lang, "break_started", min=10, taken="") in page.text("#breaks")
    assert page.text("#live").startswith(st.text(lang, "live"))
    assert_no_page_problems(page)


def test_a_reply_typed_on_the_page_reaches_the_counselor(center, shift, page):
    shots.sign_in_with_cookie(page, center.root_url, "ko")
    choose_counselor(page, "agent1")
    reply = "마감일 연장은 조달 담당자에게 문의하도록 안내해 주세요. (browser)"
    page.type("#reply-text", reply)
    page.click("#reply-form button[type=submit]")
    status = page.wait("document.getElementById('reply-status').textContent",
                       what="the reply's outcome on the page")
    assert status == st.text("ko", "sent"), status
    got = wait_for(lambda: [m for m in agent_thread(center, shift["agent1"])
                            if m["kind"] == "reply" and m["text"] == reply], 10, 0.2,
                   "the reply in agent1's thread")
    assert got[0]["sender"] == "supervisor" and got[0]["author"] == "Shift lead"
    page.wait(f"document.getElementById('thread').innerText.includes({js(reply)})",
              what="the reply in the page's thread")
    assert page.evaluate("document.getElementById('reply-text').value") == ""
    assert_no_page_problems(page)


def test_acknowledging_the_incident_on_the_page_reaches_the_counselor(center, shift, page):
    shots.sign_in_with_cookie(page, center.root_url, "en")
    incident = shift["incident"]
    row = f'#incidents tr[data-key="{incident}"]'
    note = "I saw it. Take your protective break; I'll call the caller back myself."
    page.type(f"{row} input", note)
    page.click(f"{row} button")
    done = page.wait(f"""(() => {{ const row = document.querySelector('{row}');
        return row && row.querySelector("td.done") && row.innerText; }})()""",
                     what="the incident acknowledged on the page")
    assert "Shift lead" in done
    got = wait_for(lambda: [m for m in agent_thread(center, shift["agent1"])
                            if m["kind"] == "incident_ack" and m["incident_id"] == incident],
                   10, 0.2, "the incident_ack in agent1's thread")
    assert got[0]["text"] == note and got[0]["sender"] == "supervisor"
    assert_no_page_problems(page)
