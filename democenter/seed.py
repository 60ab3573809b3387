"""Practice data for the practice center: agents, queues, codes, customers, callbacks, forms."""

from __future__ import annotations

import json
import sqlite3

from democenter.auth import hash_password
from democenter.vault import Vault

PRACTICE_PASSWORD = "practice"
LANGS = ("en", "ko", "ru")

SUPERVISORS = [  # id, display name (password: PRACTICE_PASSWORD)
    ("supervisor1", "Shift lead"),
]

AGENTS = [  # id, display name, language, queues
    ("agent1", "김민지", "ko", ("procurement", "hotline")),
    ("agent2", "Анна Смирнова", "ru", ("procurement", "hotline")),
    ("agent3", "Sam Taylor", "en", ("procurement",)),
    ("agent4", "박서준", "ko", ("hotline",)),
    ("agent5", "Дмитрий Ким", "ru", ("procurement", "hotline")),
]

QUEUES = [  # id, en, ko, ru, acw limit, ring timeout
    ("procurement", "Procurement help desk", "조달 지원 센터", "Справочная по закупкам", 60, 15),
    ("hotline", "Regional hotline", "지역 상담 전화", "Региональная горячая линия", 90, 20),
]

# queues that may not be left (the others may): id, why (en, ko, ru)
KEEP_QUEUES = [
    ("hotline", "Every counselor on shift answers the regional hotline.",
     "근무 중인 모든 상담사가 지역 상담 전화를 받습니다.",
     "Все консультанты смены отвечают на региональной горячей линии."),
]
AGENT_QUEUE_RULES = [  # agent, queue, may sign out (overrides the queue's rule)
    ("agent5", "hotline", 1),         # a senior counselor: may leave the hotline
    ("agent3", "procurement", 0),     # a trainee: stays in the one queue assigned
]

SKILLS = [  # id, en, ko, ru
    ("procurement_rules", "Public procurement rules", "공공 조달 규정", "Правила госзакупок"),
    ("e_bidding", "E-bidding system", "전자 입찰 시스템", "Система электронных торгов"),
    ("crisis", "Crisis counseling", "위기 상담", "Кризисное консультирование"),
    ("lang_ko", "Korean", "한국어", "Корейский язык"),
    ("lang_ru", "Russian", "러시아어", "Русский язык"),
    ("lang_en", "English", "영어", "Английский язык"),
]
AGENT_SKILLS = [  # agent, skill, level 1 (learning) .. 5 (expert)
    ("agent1", "procurement_rules", 4), ("agent1", "crisis", 3), ("agent1", "lang_ko", 5),
    ("agent1", "lang_en", 3),
    ("agent2", "procurement_rules", 3), ("agent2", "e_bidding", 4), ("agent2", "lang_ru", 5),
    ("agent2", "lang_ko", 2),
    ("agent3", "procurement_rules", 2), ("agent3", "lang_en", 5),
    ("agent4", "crisis", 5), ("agent4", "lang_ko", 5),
    ("agent5", "e_bidding", 3), ("agent5", "crisis", 4), ("agent5", "lang_ru", 5),
    ("agent5", "lang_ko", 4),
]

REASON_CODES = [  # code, kind, en, ko, ru
    ("missed", "not_ready", "Missed call", "부재중 전화", "Пропущенный вызов"),
    ("training", "not_ready", "Training", "교육", "Обучение"),
    ("meeting", "not_ready", "Meeting", "회의", "Совещание"),
    ("technical", "not_ready", "Technical problem", "기술 문제", "Техническая проблема"),
    ("lunch", "break", "Lunch", "점심", "Обед"),
    ("short_break", "break", "Short break", "짧은 휴식", "Короткий перерыв"),
    ("recovery", "break", "Protective break", "보호 휴식", "Защитный перерыв"),
]

DISPOSITIONS = [  # code, queue (None = global), en, ko, ru
    ("resolved", None, "Resolved", "해결됨", "Решено"),
    ("callback_needed", None, "Callback needed", "회신 필요", "Нужен обратный звонок"),
    ("transferred", None, "Transferred", "전환됨", "Переведён"),
    ("abusive", None, "Abusive caller", "폭언 통화", "Оскорбительный звонок"),
    ("wrong_number", None, "Wrong number", "잘못 걸린 전화", "Ошибочный номер"),
    ("tender_question", "procurement", "Tender question", "입찰 문의", "Вопрос по тендеру"),
    ("supplier_registration", "procurement", "Supplier registration", "공급업체 등록",
     "Регистрация поставщика"),
    ("payment_status", "procurement", "Payment status", "대금 지급 현황", "Статус оплаты"),
    ("local_service", "hotline", "Local service information", "지역 서비스 안내",
     "Информация о местных услугах"),
    ("complaint", "hotline", "Complaint recorded", "민원 접수", "Жалоба зарегистрирована"),
]

# id, name, number, segment, language, notes
CUSTOMERS = [
    ("c001", "이서연", "+82215550101", "supplier", "ko", "대형 공급업체 담당자. 오전 통화 선호."),
    ("c002", "정우진", "+82215550102", "standard", "ko", ""),
    ("c003", "최지아", "+82215550103", "vip", "ko", "Prefers e-mail confirmations."),
    ("c004", "강하준", "+82215550104", "supplier", "ko", "입찰 서류 재제출 진행 중."),
    ("c005", "윤도윤", "+82215550105", "standard", "ko", ""),
    ("c006", "장수아", "+82215550106", "standard", "ko", "청각 보조기기 사용: 천천히 말하기."),
    ("c007", "임예준", "+82215550107", "supplier", "ko", ""),
    ("c008", "한지우", "+82215550108", "standard", "ko", ""),
    ("c009", "오시우", "+82215550109", "vip", "ko", "Regional office manager."),
    ("c010", "서하은", "+82215550110", "standard", "ko", ""),
    ("c011", "Иван Петров", "+74955550111", "supplier", "ru", "Поставщик оборудования."),
    ("c012", "Мария Иванова", "+74955550112", "standard", "ru", ""),
    ("c013", "Алексей Соколов", "+74955550113", "vip", "ru", "Звонит по поводу оплаты."),
    ("c014", "Елена Кузнецова", "+74955550114", "standard", "ru", ""),
    ("c015", "Ольга Попова", "+74955550115", "supplier", "ru", "Просила перезвонить после 14:00."),
    ("c016", "Сергей Лебедев", "+74955550116", "standard", "ru", ""),
    ("c017", "Наталья Морозова", "+74955550117", "standard", "ru", ""),
    ("c018", "Виктор Цой", "+74955550118", "supplier", "ru", "Говорит по-корейски и по-русски."),
    ("c019", "Татьяна Волкова", "+74955550119", "standard", "ru", ""),
    ("c020", "Андрей Новиков", "+74955550120", "vip", "ru", ""),
    ("c021", "Emily Clark", "+12025550121", "supplier", "en", "Account in review."),
    ("c022", "James Wilson", "+12025550122", "standard", "en", ""),
    ("c023", "Olivia Brown", "+12025550123", "vip", "en", "Escalated twice last month."),
    ("c024", "Noah Davis", "+12025550124", "standard", "en", ""),
    ("c025", "Sophia Martinez", "+12025550125", "supplier", "en", ""),
    ("c026", "Liam Johnson", "+12025550126", "standard", "en", "Hard of hearing."),
    ("c027", "Ava Thompson", "+12025550127", "standard", "en", ""),
    ("c028", "Mason Lee", "+12025550128", "supplier", "en", ""),
    ("c029", "Isabella Garcia", "+12025550129", "standard", "en", ""),
    # hostile-looking data: the app must show this as plain text
    ("c030", "<b>Mallory</b> \u202eevil\u202c <img src=x onerror=alert(1)>", "+12025550130",
     "standard", "en", "<script>alert('notes')</script> & <i>not italic</i>"),
]

CASE_TITLES = ["Tender document resubmission", "Supplier registration pending",
               "Invoice payment delayed", "Local office complaint", "Contract amendment"]

# Night requests (22:00-07:00 "last night"): id, number, name, queue, minutes after 22:00,
# note, the caller's preferred window as hours from seeding (start, end; None: any time).
# The practice gateway answers them by its seeded pattern (democenter/gateway.py,
# customer_answers, seed 0): cb-001, cb-004 and cb-005 answer; cb-002 and cb-003 answer
# from the second try on; cb-006 never answers.
CALLBACKS = [
    ("cb-001", "+82215550105", "윤도윤", "procurement", 30, "야간 접수: 입찰 마감일 문의",
     (-1.0, 3.0)),
    ("cb-002", "+74955550114", "Елена Кузнецова", "hotline", 120,
     "Ночная заявка: вопрос о местных услугах", (-0.5, 4.0)),
    ("cb-003", "+12025550124", "Noah Davis", "procurement", 170, "Night request: payment status",
     (2.0, 5.0)),
    ("cb-004", "+82215550108", "한지우", "hotline", 220, "야간 접수: 민원 진행 상황", None),
    ("cb-005", "+74955550119", "Татьяна Волкова", "procurement", 300,
     "Ночная заявка: регистрация поставщика", (1.0, 6.0)),
    ("cb-006", "+82215550110", "서하은", "hotline", 410, "야간 접수: 지원금 신청 문의", (-2.0, 8.0)),
]


def _night_ids() -> tuple[list[str], str]:
    """The night's request ids and their SQL placeholders."""
    ids = [c[0] for c in CALLBACKS]
    return ids, ",".join("?" * len(ids))


def new_night(conn, now: float) -> bool:
    """The simulated callers leave their requests again when the stored night is over: a
    practice center started on a later day finds last night's requests open (their tries
    gone), as a counselor finds them each morning. True when it renewed them."""
    ids, marks = _night_ids()
    newest = conn.execute(f"SELECT MAX(requested_at) FROM callbacks WHERE id IN ({marks})",
                          ids).fetchone()[0]
    if newest is None or newest >= night_time(now, 0, 0) - 3600:
        return False
    renew_night(conn, now)
    return True


def renew_night(conn, now: float) -> int:
    """Last night's requests open again, their tries gone (a practice morning replayed: the
    practice route ``POST /practice/callbacks/renew``). Other requests stay. Returns how many."""
    ids, marks = _night_ids()
    conn.execute(f"DELETE FROM callback_attempts WHERE callback_id IN ({marks})", ids)
    conn.execute(f"DELETE FROM callbacks WHERE id IN ({marks})", ids)
    _insert_callbacks(conn, now)
    return len(ids)


# the note a past contact carries, in the customer's language (as a counselor would write it)
HISTORY_NOTE = {"en": "Practice history entry.", "ko": "연습용 상담 이력입니다.",
                "ru": "Учебная запись истории."}

def night_time(now: float, minutes: int, order: int) -> float:
    """Last night's 22:00 (local time) plus ``minutes``; never later than just before ``now``
    (a center seeded in the small hours), in the list's order."""
    import datetime as dt
    today = dt.datetime.fromtimestamp(now).replace(hour=22, minute=0, second=0, microsecond=0)
    start = (today - dt.timedelta(days=1)).timestamp()
    return min(start + minutes * 60, now - 60 * (len(CALLBACKS) + 1 - order))

# an extension (no "@") is handed out as a SIP URI in the center's domain (api_work.py): the
# simulated colleagues of democenter/colleagues.py answer 2001 and 2002
QUICK_CONNECTS = [
    ("supervisor", "Supervisor (shift lead)", "2001"),
    ("second_line", "Second-line support (senior counselor)", "2002"),
    ("hotline_queue", "Regional hotline queue", "sip:hotline@practice.center"),
]
_OLD_QUICK_CONNECTS = {"supervisor": "sip:supervisor@practice.center",
                       "second_line": "sip:second-line@practice.center"}

_FORM_TEXT = {
    "en": {
        "title": "Shift health self-check",
        "intro": "Answer honestly. Your answers go only to the center; only the outcome is kept.",
        "guidance": "Please do not start taking calls. Call your shift lead on 1001 for next steps.",
        "stress_guidance": "Please talk to your supervisor before taking calls (extension 1001).",
        "cleared": "You are cleared for this shift.",
        "temperature": "Body temperature", "cough": "Do you have a cough?",
        "fever": "Have you had a fever in the last 24 hours?",
        "sore_throat": "Do you have a sore throat?",
        "close_contact": "Close contact with a confirmed case in the last 7 days?",
        "stress": "Stress level today", "voice_strain": "Voice strain", "sleep": "Sleep quality",
        "low": "very low", "high": "very high", "sleep_low": "very poor",
        "sleep_high": "very good"},
    "ko": {
        "title": "근무 전 건강 자가 점검",
        "intro": "솔직하게 답해 주세요. 답변은 센터로만 전송되며 결과만 보관됩니다.",
        "guidance": "상담을 시작하지 마세요. 근무 책임자(내선 1001)에게 연락해 주세요.",
        "stress_guidance": "상담 전에 관리자와 이야기해 주세요 (내선 1001).",
        "cleared": "이번 근무를 시작할 수 있습니다.",
        "temperature": "체온", "cough": "기침이 있습니까?",
        "fever": "지난 24시간 동안 발열이 있었습니까?", "sore_throat": "목이 아픕니까?",
        "close_contact": "최근 7일 이내 확진자와 밀접 접촉이 있었습니까?",
        "stress": "오늘의 스트레스 정도", "voice_strain": "목소리 피로도", "sleep": "수면의 질",
        "low": "매우 낮음", "high": "매우 높음", "sleep_low": "매우 나쁨",
        "sleep_high": "매우 좋음"},
    "ru": {
        "title": "Самопроверка здоровья перед сменой",
        "intro": "Отвечайте честно. Ответы уходят только в центр; хранится лишь результат.",
        "guidance": "Пожалуйста, не принимайте звонки. Позвоните старшему смены (доб. 1001).",
        "stress_guidance": "Пожалуйста, поговорите с руководителем до начала работы (доб. 1001).",
        "cleared": "Вы допущены к смене.",
        "temperature": "Температура тела", "cough": "Есть ли у вас кашель?",
        "fever": "Была ли у вас температура за последние 24 часа?",
        "sore_throat": "Болит ли у вас горло?",
        "close_contact": "Был ли близкий контакт с заболевшим за последние 7 дней?",
        "stress": "Уровень стресса сегодня", "voice_strain": "Усталость голоса",
        "sleep": "Качество сна", "low": "очень низкий", "high": "очень высокий",
        "sleep_low": "очень плохое", "sleep_high": "очень хорошее"},
}
FORM_ID = "shift-check"
FORM_VERSION = 3


def health_form(lang: str) -> dict:
    """The health self-check form JSON (see softphone/health.py) in ``lang`` (en/ko/ru)."""
    t = _FORM_TEXT.get(lang, _FORM_TEXT["en"])
    lang = lang if lang in _FORM_TEXT else "en"
    yes_no = lambda qid: {"id": qid, "kind": "yes_no", "label": t[qid], "required": True}  # noqa: E731
    scale = lambda qid, lo, hi: {"id": qid, "kind": "scale", "label": t[qid], "min": 1,  # noqa: E731
                                 "max": 5, "low_label": t[lo], "high_label": t[hi],
                                 "required": True}
    return {
        "form_id": FORM_ID, "version": FORM_VERSION, "language": lang,
        "title": t["title"], "intro": t["intro"], "guidance": t["guidance"],
        "questions": [
            {"id": "temperature", "kind": "number", "label": t["temperature"], "unit": "°C",
             "min": 34.0, "max": 42.5, "step": 0.1, "required": True},
            yes_no("cough"), yes_no("fever"), yes_no("sore_throat"), yes_no("close_contact"),
            scale("stress", "low", "high"), scale("voice_strain", "low", "high"),
            scale("sleep", "sleep_low", "sleep_high"),
        ],
        "rules": [
            {"question": "temperature", "op": ">=", "value": 37.5},
            {"question": "cough", "op": "==", "value": True},
            {"question": "fever", "op": "==", "value": True},
            {"question": "sore_throat", "op": "==", "value": True},
            {"question": "close_contact", "op": "==", "value": True},
            {"question": "stress", "op": "==", "value": 5},
        ],
    }


def form_text(lang: str, key: str) -> str:
    """A localized message that belongs with the health form (guidance, cleared text)."""
    return _FORM_TEXT.get(lang, _FORM_TEXT["en"])[key]


def seed(conn: sqlite3.Connection, now: float) -> None:
    """Insert the practice data into an empty database (inside the caller's transaction)."""
    for qid, en, ko, ru, acw, ring in QUEUES:
        conn.execute("INSERT INTO queues (id, name_en, name_ko, name_ru, acw_limit_s, "
                     "ring_timeout_s) VALUES (?,?,?,?,?,?)", (qid, en, ko, ru, acw, ring))
    box = Vault.for_conn(conn)
    for aid, name, lang, queues in AGENTS:   # a salt (and a hash) of its own for each
        conn.execute(
            "INSERT INTO agents (id, password_hash, display_name, language, sip_username,"
            " sip_secret, state, state_since) VALUES (?,?,?,?,?,?, 'logged_out', ?)",
            (aid, hash_password(PRACTICE_PASSWORD), name, lang, aid, box.seal(f"sip-{aid}"),
             now))
        for q in queues:
            conn.execute("INSERT INTO agent_queues (agent_id, queue_id) VALUES (?,?)", (aid, q))
    for qid, en, ko, ru in KEEP_QUEUES:
        conn.execute("UPDATE queues SET may_sign_out = 0, keep_reason_en = ?, keep_reason_ko = ?,"
                     " keep_reason_ru = ? WHERE id = ?", (en, ko, ru, qid))
    conn.executemany("UPDATE agent_queues SET may_sign_out = ? WHERE agent_id = ? AND"
                     " queue_id = ?", [(may, a, q) for a, q, may in AGENT_QUEUE_RULES])
    conn.executemany("INSERT INTO reason_codes VALUES (?,?,?,?,?)", REASON_CODES)
    conn.executemany("INSERT INTO dispositions VALUES (?,?,?,?,?)", DISPOSITIONS)
    conn.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?)", CUSTOMERS)
    dispositions = [d[0] for d in DISPOSITIONS]
    for i, (cid, _name, number, *_rest) in enumerate(CUSTOMERS):   # _rest: tier, language, ...
        if i % 3 == 0:
            conn.execute("INSERT INTO cases VALUES (?,?,?,?,?)",
                         (f"case-{i + 1:03d}", cid, CASE_TITLES[i % len(CASE_TITLES)], "open",
                          now - 86400 * (3 + i)))
        for k in range(i % 3):  # 0-2 past contacts per customer
            queue = QUEUES[(i + k) % 2][0]
            ended = now - 86400 * (1 + k + i % 5)
            conn.execute(
                "INSERT INTO interactions (id, queue_id, customer_id, caller_number, ivr_path,"
                " state, agent_id, entered_at, offered_at, answered_at, ended_at, offers,"
                " disposition, notes, wrapup_at) VALUES (?,?,?,?,?,'ended',?,?,?,?,?,1,?,?,?)",
                (f"hist-{i + 1:03d}-{k + 1}", queue, cid, number,
                 json.dumps(["1", "2"] if queue == "procurement" else ["3"]),
                 AGENTS[(i + k) % len(AGENTS)][0], ended - 400, ended - 380, ended - 370,
                 ended, dispositions[(i + k) % len(dispositions)],
                 HISTORY_NOTE.get(_rest[1], HISTORY_NOTE["en"]),
                 ended + 30))
    _insert_callbacks(conn, now)
    conn.executemany("INSERT INTO quick_connects VALUES (?,?,?)", QUICK_CONNECTS)


def _insert_callbacks(conn, now: float) -> None:
    for i, (cbid, number, name, queue, minutes, note, window) in enumerate(CALLBACKS):
        start, end = (now + window[0] * 3600, now + window[1] * 3600) if window else (None, None)
        conn.execute("INSERT INTO callbacks (id, number, name, queue_id, requested_at, note,"
                     " window_start, window_end) VALUES (?,?,?,?,?,?,?,?)",
                     (cbid, number, name, queue, night_time(now, minutes, i), note, start, end))


def update_labels(conn: sqlite3.Connection) -> None:
    """Bring the reason codes' labels of an older file up to date (inside the caller's
    transaction; the codes themselves never change)."""
    conn.executemany("UPDATE reason_codes SET label_en = ?, label_ko = ?, label_ru = ?"
                     " WHERE code = ? AND kind = ?",
                     [(en, ko, ru, code, kind) for code, kind, en, ko, ru in REASON_CODES])
    update_skills(conn)


def update_skills(conn: sqlite3.Connection) -> None:
    """The practice skills and the practice agents' levels, also in an older file (inside the
    caller's transaction; a file whose agents already have skills is left alone)."""
    conn.executemany("INSERT OR IGNORE INTO skills VALUES (?,?,?,?)", SKILLS)
    if conn.execute("SELECT COUNT(*) FROM agent_skills").fetchone()[0] == 0:
        conn.executemany("INSERT INTO agent_skills SELECT ?, ?, ? WHERE EXISTS"
                         " (SELECT 1 FROM agents WHERE id = ?)",
                         [(a, sk, lv, a) for a, sk, lv in AGENT_SKILLS])


def update_quick_connects(conn: sqlite3.Connection) -> None:
    """Point an older file's practice quick connects at the simulated colleagues (inside the
    caller's transaction; a changed entry is left alone)."""
    for qid, name, uri in QUICK_CONNECTS:
        if qid in _OLD_QUICK_CONNECTS:
            conn.execute("UPDATE quick_connects SET name = ?, uri = ? WHERE id = ? AND uri = ?",
                         (name, uri, qid, _OLD_QUICK_CONNECTS[qid]))


def seed_supervisors(conn: sqlite3.Connection) -> None:
    """The practice supervisor accounts (inside the caller's transaction)."""
    for sid, name in SUPERVISORS:
        conn.execute("INSERT INTO supervisors (id, password_hash, display_name) VALUES (?,?,?)",
                     (sid, hash_password(PRACTICE_PASSWORD), name))
