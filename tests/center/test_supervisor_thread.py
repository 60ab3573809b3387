"""The thread between counselors and supervisors over HTTP: sign-in required, the long-poll, quick replies, acknowledgments, wellbeing alerts, and the live page in en/ko/ru."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.center.test_supervisor import raw
from tests.support.democenter import http, query, sign_in, supervisor_token

ROOT = Path(__file__).resolve().parents[2]


def agent(center, user: str) -> str:
    return sign_in(center, user)["token"]


def overview(center, token: str, lang: str = "en") -> dict:
    status, body, _ = http(center, "GET", f"/supervisor/overview?lang={lang}", token=token)
    assert status == 200, body
    return body


def last_id(center, token: str) -> int:
    return http(center, "GET", "/messages", token=token)[1]["last_id"]


# ---------------------------------------------------------------- sign-in

SUPERVISOR_ROUTES = [("GET", "/supervisor/overview", None),
                     ("POST", "/supervisor/messages", {"agent_id": "agent1", "text": "hi"}),
                     ("POST", "/supervisor/incidents/1/acknowledge", {"note": ""}),
                     ("POST", "/supervisor/alerts/1/acknowledge", {"note": ""})]


@pytest.mark.parametrize("method,path,body", SUPERVISOR_ROUTES)
def test_the_supervisor_routes_need_a_supervisors_sign_in(center, method, path, body):
    status, answer, _ = http(center, method, path, body)
    assert status == 401 and answer["error"]["code"] == "unauthorized"
    status, answer, _ = http(center, method, path, body, token=agent(center, "agent5"))
    assert status == 403 and answer["error"]["code"] == "forbidden"
    status, answer, _ = http(center, method, path, body, token="not-a-token")
    assert status == 401


def test_nothing_is_written_without_a_supervisor(center):
    before = query(center.data, "SELECT COUNT(*) FROM messages")[0][0]
    http(center, "POST", "/supervisor/messages", {"agent_id": "agent1", "text": "forged"})
    http(center, "POST", "/supervisor/messages", {"agent_id": "agent1", "text": "forged"},
         token=agent(center, "agent2"))
    assert query(center.data, "SELECT COUNT(*) FROM messages")[0][0] == before


def test_a_cookie_write_from_another_site_is_refused(center):
    token = supervisor_token(center)
    body = json.dumps({"agent_id": "agent1", "text": "from evil"}).encode()
    status, _, text = raw(center, "POST", "/api/v1/supervisor/messages", body, {
        "Content-Type": "application/json", "Cookie": f"supervisor_session={token}",
        "Origin": "http://evil.example"})
    assert status == 403 and "forbidden" in text
    status, _, _ = raw(center, "POST", "/api/v1/supervisor/messages", body, {
        "Content-Type": "application/json", "Cookie": f"supervisor_session={token}",
        "Origin": f"http://127.0.0.1:{center.port}"})
    assert status == 200
    assert query(center.data, "SELECT COUNT(*) FROM messages WHERE text = 'from evil'") == [(1,)]


def test_the_agent_side_refuses_a_supervisor_and_shows_each_counselor_only_their_thread(center):
    sup = supervisor_token(center)
    assert http(center, "GET", "/messages", token=sup)[0] == 401
    a2, a4 = agent(center, "agent2"), agent(center, "agent4")
    sent = http(center, "POST", "/messages", {"text": "only mine"}, token=a2)[1]
    assert sent["sender"] == "agent" and sent["agent_id"] == "agent2"
    assert sent["author"] == "Анна Смирнова" and sent["kind"] == "question"
    assert all(m["agent_id"] == "agent4" for m in http(center, "GET", "/messages",
                                                       token=a4)[1]["messages"])
    assert sent["id"] in [m["id"] for m in http(center, "GET", "/messages", token=a2)[1]["messages"]]
    # another counselor's call cannot be named
    status, body, _ = http(center, "POST", "/messages",
                           {"text": "x", "interaction_id": "IX-NOT-MINE"}, token=a2)
    assert status == 404 and body["error"]["code"] == "not_found"
    assert http(center, "POST", "/messages", {"text": "   "}, token=a2)[0] == 422


# ---------------------------------------------------------------- the long-poll

def test_a_held_read_answers_as_soon_as_the_supervisor_replies(center):
    token, sup = agent(center, "agent3"), supervisor_token(center)
    after = last_id(center, token)
    got: dict = {}

    def listen():
        started = time.monotonic()
        got["answer"] = http(center, "GET", f"/messages?after={after}", token=token,
                             headers={"Prefer": "wait=10"})
        got["took"] = time.monotonic() - started

    listener = threading.Thread(target=listen)
    listener.start()
    time.sleep(1.0)
    assert listener.is_alive()                      # held: nothing to say yet
    sent_at = time.monotonic()
    status, reply, _ = http(center, "POST", "/supervisor/messages",
                            {"agent_id": "agent3", "text": "I'm listening in now."}, token=sup)
    assert status == 200
    listener.join(10)
    answered = time.monotonic() - sent_at
    status, page, headers = got["answer"]
    assert status == 200 and answered < 1.0, answered
    assert [m["id"] for m in page["messages"]] == [reply["id"]]
    assert page["messages"][0]["text"] == "I'm listening in now."
    assert page["messages"][0]["sender"] == "supervisor"
    assert page["messages"][0]["author"] == "Shift lead" and page["last_id"] == reply["id"]
    assert headers["preference-applied"] == "wait=10"


def test_a_read_without_the_preference_is_not_held_and_a_held_one_ends_empty(center):
    token = agent(center, "agent3")
    after = last_id(center, token)
    started = time.monotonic()
    status, page, headers = http(center, "GET", f"/messages?after={after}", token=token)
    assert status == 200 and page == {"messages": [], "last_id": after}
    assert time.monotonic() - started < 1.0 and "preference-applied" not in headers
    started = time.monotonic()
    status, page, headers = http(center, "GET", f"/messages?after={after}", token=token,
                                 headers={"Prefer": "respond-async, wait=1"})
    assert status == 200 and page["messages"] == [] and 0.9 < time.monotonic() - started < 3
    assert headers["preference-applied"] == "wait=1"


def test_a_held_read_ends_when_the_session_ends(center):
    token = agent(center, "agent5")
    after = last_id(center, token)
    got: dict = {}
    listener = threading.Thread(target=lambda: got.setdefault("a", http(
        center, "GET", f"/messages?after={after}", token=token, headers={"Prefer": "wait=15"})))
    started = time.monotonic()
    listener.start()
    time.sleep(0.6)
    assert http(center, "DELETE", "/sessions/current", token=token)[0] == 200
    listener.join(15)
    assert got["a"][0] == 401 and time.monotonic() - started < 3


# ---------------------------------------------------------------- replies and acknowledgments

def test_quick_replies_go_in_the_counselors_language(center):
    sup = supervisor_token(center)
    ko = overview(center, sup, "ko")["quick_replies"]
    assert {"code": "coming", "label": "지금 자리로 가겠습니다."} in ko
    assert len(ko) >= 5
    ru = {q["code"]: q["label"] for q in overview(center, sup, "ru")["quick_replies"]}
    assert ru["take_break"] == "После этого звонка сделайте перерыв."
    # agent1 speaks Korean, agent3 English: each gets the quick reply in their language
    for who, expected in (("agent1", "고객 전화를 저에게 연결해 주세요."),
                          ("agent3", "Transfer the caller to me.")):
        status, sent, _ = http(center, "POST", "/supervisor/messages",
                               {"agent_id": who, "quick_reply": "transfer"}, token=sup)
        assert status == 200 and sent["text"] == expected and sent["kind"] == "reply"
    for bad in ({"agent_id": "agent1", "quick_reply": "nope"},
                {"agent_id": "agent1", "text": "both", "quick_reply": "coming"},
                {"agent_id": "agent1", "text": "  "}):
        assert http(center, "POST", "/supervisor/messages", bad, token=sup)[0] == 422, bad
    assert http(center, "POST", "/supervisor/messages", {"agent_id": "nobody", "text": "x"},
                token=sup)[0] == 404


def test_a_reply_answers_the_counselors_open_messages(center):
    token, sup = agent(center, "agent4"), supervisor_token(center)
    http(center, "POST", "/messages", {"text": "Need counseling after that call",
                                       "kind": "counseling"}, token=token)
    row = next(a for a in overview(center, sup)["agents"] if a["id"] == "agent4")
    assert row["waiting_messages"] >= 1
    request = next(c for c in overview(center, sup)["counseling"] if c["agent_id"] == "agent4")
    assert request["answered_at"] is None and request["text"] == "Need counseling after that call"
    http(center, "POST", "/supervisor/messages", {"agent_id": "agent4", "quick_reply": "coming"},
         token=sup)
    o = overview(center, sup)
    assert next(a for a in o["agents"] if a["id"] == "agent4")["waiting_messages"] == 0
    assert next(c for c in o["counseling"] if c["id"] == request["id"])["answered_at"]
    thread = next(t for t in o["threads"] if t["agent_id"] == "agent4")
    assert thread["waiting"] == 0 and thread["messages"][-1]["sender"] == "supervisor"


def test_an_incident_acknowledged_by_the_supervisor_reaches_the_counselors_thread(center):
    token, sup = agent(center, "agent2"), supervisor_token(center)
    after = last_id(center, token)
    incident = http(center, "POST", "/incidents", {"severity": "high",
                                                   "description": "Threats to the counselor"},
                    token=token)[1]["id"]
    row = next(i for i in overview(center, sup)["incidents"] if i["id"] == incident)
    assert row["acknowledged_at"] is None and row["agent_id"] == "agent2"
    status, ack, _ = http(center, "POST", f"/supervisor/incidents/{incident}/acknowledge",
                          {"note": "Take ten minutes; I will call you."}, token=sup)
    assert status == 200 and ack["kind"] == "incident_ack" and ack["incident_id"] == incident
    page = http(center, "GET", f"/messages?after={after}", token=token)[1]
    assert [(m["kind"], m["incident_id"], m["text"]) for m in page["messages"]] == \
        [("incident_ack", incident, "Take ten minutes; I will call you.")]
    row = next(i for i in overview(center, sup)["incidents"] if i["id"] == incident)
    assert row["acknowledged_by"] == "Shift lead" and row["acknowledged_at"]
    status, body, _ = http(center, "POST", f"/supervisor/incidents/{incident}/acknowledge",
                           {"note": ""}, token=sup)
    assert status == 409 and body["error"]["code"] == "already_acknowledged"
    assert http(center, "POST", "/supervisor/incidents/999999/acknowledge", {},
                token=sup)[0] == 404


def test_the_wellbeing_policy_and_an_alert_the_supervisor_acknowledges(center):
    token, sup = agent(center, "agent5"), supervisor_token(center)
    assert http(center, "GET", "/wellbeing-policy", token=token)[1] == {
        "talk_without_break_s": 5400, "min_break_s": 300, "incidents_per_shift": 2,
        "break_reason": "short_break"}
    assert http(center, "GET", "/wellbeing-policy")[0] == 401
    status, made, _ = http(center, "POST", "/wellbeing-alerts",
                           {"reason": "talk_time", "talk_s": 5460, "incidents": 0}, token=token)
    assert status == 200
    o = overview(center, sup)
    alert = next(a for a in o["alerts"] if a["id"] == made["id"])
    assert (alert["agent_id"], alert["reason"], alert["talk_s"]) == ("agent5", "talk_time", 5460)
    assert next(a for a in o["agents"] if a["id"] == "agent5")["open_alerts"] == 1
    after = last_id(center, token)
    status, ack, _ = http(center, "POST", f"/supervisor/alerts/{made['id']}/acknowledge",
                          {"note": ""}, token=sup)
    assert status == 200 and ack["kind"] == "alert_ack"
    assert [m["kind"] for m in http(center, "GET", f"/messages?after={after}",
                                    token=token)[1]["messages"]] == ["alert_ack"]
    assert next(a for a in overview(center, sup)["agents"]
                if a["id"] == "agent5")["open_alerts"] == 0


# ---------------------------------------------------------------- the page

def page(center, token: str, query_string: str = "", **headers) -> tuple[int, dict, str]:
    return raw(center, "GET", f"/supervisor{query_string}",
               headers={"Cookie": f"supervisor_session={token}", **headers})


@pytest.mark.parametrize("lang,title,state,reply", [
    ("en", "Practice center — supervisor view", "Not Ready", "Quick replies"),
    ("ko", "연습 센터 — 관리자 화면", "상담 불가", "빠른 답장"),
    ("ru", "Учебный центр — экран руководителя", "Не готов", "Быстрые ответы")])
def test_the_page_speaks_english_korean_and_russian(center, lang, title, state, reply):
    sign_in(center, "agent1")                                   # agent1 is Not Ready
    status, headers, html = page(center, supervisor_token(center), f"?lang={lang}")
    assert status == 200 and f'<html lang="{lang}">' in html and title in html
    assert f"<td>{state}</td>" in html and reply in html
    data = json.loads(re.search(r'<script id="page-data" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    assert data["lang"] == lang and data["states"]["not_ready"] == state
    # the browser's language when the page is not told
    status, _, html = page(center, supervisor_token(center), **{"Accept-Language": f"{lang},en;q=0.5"})
    assert f'<html lang="{lang}">' in html and title in html


def test_the_sign_in_form_speaks_the_asked_language(center):
    status, _, html = raw(center, "GET", "/supervisor?lang=ru")
    assert status == 401 and "Учебный центр — вход для руководителя" in html
    assert 'name="lang" value="ru"' in html


def test_the_page_runs_only_its_own_script_and_shows_counselors_words_as_text(center):
    token = agent(center, "agent2")
    http(center, "POST", "/messages", {"text": "<script>alert(1)</script> help",
                                       "kind": "counseling"}, token=token)
    status, headers, html = page(center, supervisor_token(center))
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "unsafe-inline" not in \
        csp.split("style-src")[0]
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html
    assert '<script src="/supervisor/app.js"></script>' in html
    status, headers, script = raw(center, "GET", "/supervisor/app.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in script and "textContent" in script   # words never become markup


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")
def test_the_pages_script_keeps_the_page_live_and_answers(center, tmp_path):
    """The page's own script (supervisor.js) against this center over HTTP, in node with a
    small document: it renders the overview, shows a counselor's new message without a
    reload (its poll), sends a quick reply and acknowledges an incident."""
    token = agent(center, "agent3")
    incident = http(center, "POST", "/incidents", {"severity": "medium",
                                                   "description": "Shouting caller"},
                    token=token)[1]["id"]
    sup = supervisor_token(center)
    status, _, html = page(center, sup, "?lang=ko")
    data = re.search(r'<script id="page-data" type="application/json">(.*?)</script>',
                     html, re.S).group(1)
    (tmp_path / "page-data.json").write_text(data, encoding="utf-8")
    proc = subprocess.Popen(
        ["node", str(ROOT / "tests" / "center" / "supervisor_page_harness.js"),
         center.root_url, sup, str(tmp_path / "page-data.json"), str(incident)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "rendered", proc.stderr.read()
        posted = time.monotonic()
        http(center, "POST", "/messages", {"text": "Caller keeps swearing, what now?"},
             token=token)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["state_cell"] == "상담 불가"                    # rendered in Korean
    assert result["saw_message_after_s"] < 4.5, result          # live: one or two polls
    assert time.monotonic() - posted < 30
    assert result["thread_text"].endswith("Caller keeps swearing, what now?")
    assert result["incident_cell"].startswith("Shift lead 확인")
    reply = query(center.data, "SELECT text, supervisor_id FROM messages WHERE agent_id ="
                               " 'agent3' AND kind = 'reply' ORDER BY id DESC LIMIT 1")
    assert reply == [("Transfer the caller to me.", "supervisor1")]  # in agent3's English
    assert query(center.data, "SELECT acknowledged_by FROM incidents WHERE id = ?",
                 (incident,)) == [("supervisor1",)]
