"""The supervisor page's words in English, Korean and Russian, and the quick replies a supervisor sends.

``text(lang, key, **values)`` gives one text; ``page_texts(lang)`` the table the page's script
renders with. Quick replies are sent in the counselor's language, whatever the supervisor's.
"""

from __future__ import annotations

LANGS = ("en", "ko", "ru")

TEXTS: dict[str, tuple[str, str, str]] = {     # key: (en, ko, ru)
    "title": ("Practice center — supervisor view", "연습 센터 — 관리자 화면",
              "Учебный центр — экран руководителя"),
    "signin_title": ("Practice center — supervisor sign-in", "연습 센터 — 관리자 로그인",
                     "Учебный центр — вход для руководителя"),
    "user_name": ("User name", "사용자 이름", "Имя пользователя"),
    "password": ("Password", "비밀번호", "Пароль"),
    "sign_in": ("Sign in", "로그인", "Войти"),
    "signin_about": ("The supervisor view shows counselors' states, health-check outcomes, "
                     "incidents, counseling requests and messages.",
                     "관리자 화면에는 상담사 상태, 건강 확인 결과, 사건, 상담 지원 요청과 메시지가 "
                     "표시됩니다.",
                     "На экране руководителя видны состояния консультантов, итоги проверки "
                     "здоровья, инциденты, запросы о поддержке и сообщения."),
    "wrong_password": ("Wrong user name or password.", "사용자 이름 또는 비밀번호가 틀렸습니다.",
                       "Неверное имя пользователя или пароль."),
    "enter_both": ("Enter your user name and password.", "사용자 이름과 비밀번호를 입력하세요.",
                   "Введите имя пользователя и пароль."),
    "too_many": ("Too many failed sign-ins: try again in {secs} s.",
                 "로그인 실패가 너무 많습니다. {secs}초 후에 다시 시도하세요.",
                 "Слишком много неудачных попыток входа: повторите через {secs} с."),
    "not_supervisor": ("Supervisors only: sign in as a supervisor.",
                       "관리자만 사용할 수 있습니다. 관리자 계정으로 로그인하세요.",
                       "Только для руководителей: войдите как руководитель."),
    "other_site": ("Sign in from this center's own page.", "이 센터의 페이지에서 로그인하세요.",
                   "Входите со страницы этого центра."),
    "signed_in_as": ("Signed in as {who}.", "{who}(으)로 로그인했습니다.", "Вы вошли как {who}."),
    "live": ("Live: updates every 2 seconds.", "실시간: 2초마다 새로 고칩니다.",
             "Обновляется каждые 2 секунды."),
    "updated": ("Updated {time}", "{time} 기준", "Обновлено: {time}"),
    "offline": ("The center does not answer — trying again…",
                "센터가 응답하지 않습니다 — 다시 시도하는 중…",
                "Центр не отвечает — пробуем снова…"),
    "session_ended": ("Your sign-in has ended: sign in again.",
                      "로그인이 끝났습니다. 다시 로그인하세요.",
                      "Сеанс входа завершён: войдите снова."),
    "sign_out": ("Sign out", "로그아웃", "Выйти"),
    "language": ("Language", "언어", "Язык"),
    "noscript": ("Turn on JavaScript for live updates and replies; without it this page "
                 "reloads every 10 seconds.",
                 "실시간 업데이트와 답장을 쓰려면 JavaScript를 켜세요. 꺼져 있으면 이 페이지는 "
                 "10초마다 다시 불러옵니다.",
                 "Включите JavaScript, чтобы видеть обновления сразу и отвечать; без него "
                 "страница перезагружается каждые 10 секунд."),
    "counselors": ("Counselors", "상담사", "Консультанты"),
    "col_counselor": ("Counselor", "상담사", "Консультант"),
    "col_state": ("State", "상태", "Состояние"),
    "col_since": ("Since", "시작 시각", "С"),
    "col_health": ("Health check", "건강 확인", "Проверка здоровья"),
    "col_calls": ("Calls", "통화", "Звонки"),
    "col_talk": ("Talk time", "통화 시간", "Время разговоров"),
    "col_incidents": ("Incidents", "사건", "Инциденты"),
    "col_wellbeing": ("Wellbeing", "상담사 보호", "Самочувствие"),
    "col_messages": ("Messages", "메시지", "Сообщения"),
    "health_cleared": ("cleared", "통과", "пройдена"),
    "health_not_cleared": ("not cleared", "통과 못 함", "не пройдена"),
    "health_not_submitted": ("not submitted", "제출 안 함", "не отправлена"),
    "needs_break": ("needs a break", "휴식 필요", "нужен перерыв"),
    "ok": ("ok", "양호", "в норме"),
    "waiting_n": ("{n} waiting", "답장 대기 {n}건", "ждут ответа: {n}"),
    "queues": ("Queues", "대기열", "Очереди"),
    "col_queue": ("Queue", "대기열", "Очередь"),
    "col_waiting": ("Waiting", "대기 중", "Ожидают"),
    "col_longest": ("Longest wait (s)", "최장 대기(초)", "Дольше всех ждёт (с)"),
    "col_ready": ("Ready", "상담 가능", "Готовы"),
    "col_on_call": ("On call", "통화 중", "На линии"),
    "incidents": ("Incidents to acknowledge", "확인할 사건", "Инциденты: подтвердите"),
    "col_when": ("When", "시각", "Когда"),
    "col_interaction": ("Interaction", "통화 ID", "Обращение"),
    "col_severity": ("Severity", "심각도", "Серьёзность"),
    "col_description": ("Description", "내용", "Описание"),
    "col_status": ("Status", "처리", "Статус"),
    "severity_low": ("low", "낮음", "низкая"),
    "severity_medium": ("medium", "중간", "средняя"),
    "severity_high": ("high", "높음", "высокая"),
    "acknowledge": ("Acknowledge", "확인", "Подтвердить"),
    "acknowledged": ("acknowledged by {who}, {time}", "{who} 확인, {time}",
                     "подтвердил(а) {who}, {time}"),
    "ack_note": ("Note for the counselor (optional)", "상담사에게 남길 말 (선택)",
                 "Слова для консультанта (необязательно)"),
    "counseling": ("Counseling requests", "상담 지원 요청", "Запросы о поддержке"),
    "alerts": ("Wellbeing alerts", "상담사 보호 알림", "Сигналы о самочувствии"),
    "alert_talk_time": ("{minutes} min of talk without a break",
                        "휴식 없이 {minutes}분 통화", "{minutes} мин разговоров без перерыва"),
    "alert_incidents": ("{count} incidents this shift", "이번 근무 중 사건 {count}건",
                        "Инцидентов за смену: {count}"),
    "messages": ("Messages", "메시지", "Сообщения"),
    "reply_to": ("Reply to", "받는 상담사", "Кому"),
    "reply_placeholder": ("Write a reply…", "답장을 입력하세요…", "Напишите ответ…"),
    "send": ("Send", "보내기", "Отправить"),
    "quick_replies": ("Quick replies", "빠른 답장", "Быстрые ответы"),
    "reply": ("Reply", "답장하기", "Ответить"),
    "kind_question": ("Question", "질문", "Вопрос"),
    "kind_counseling": ("Counseling request", "상담 지원 요청", "Запрос о поддержке"),
    "kind_reply": ("Reply", "답장", "Ответ"),
    "kind_incident_ack": ("Incident acknowledged", "사건 확인", "Инцидент подтверждён"),
    "kind_alert_ack": ("Alert acknowledged", "알림 확인", "Сигнал подтверждён"),
    "open": ("waiting for a reply", "답장 대기", "ждёт ответа"),
    "to_acknowledge": ("to acknowledge", "확인 필요", "ждёт подтверждения"),
    "answered": ("answered", "답장함", "отвечено"),
    "none": ("none", "없음", "нет"),
    "no_messages": ("No messages yet.", "아직 메시지가 없습니다.", "Сообщений пока нет."),
    "sent": ("Sent.", "보냈습니다.", "Отправлено."),
    "not_sent": ("Not sent: {reason}", "보내지 못했습니다: {reason}", "Не отправлено: {reason}"),
    "recent_notices": ("Recent notices", "최근 알림", "Последние уведомления"),
    "col_kind": ("Kind", "종류", "Вид"),
    "col_message": ("Message", "내용", "Сообщение"),
    # protecting the counselor (democenter/protection.py)
    "col_details": ("Abusive call", "폭언 통화", "Оскорбительный звонок"),
    "category_verbal_abuse": ("verbal abuse", "폭언", "словесные оскорбления"),
    "category_sexual_harassment": ("sexual harassment", "성희롱", "сексуальные домогательства"),
    "category_threat": ("threat", "위협", "угрозы"),
    "category_other": ("other", "기타", "другое"),
    "tl_answered": ("answered {time}", "{time} 응답", "принят в {time}"),
    "tl_warnings": ("warned {times}", "{times} 경고 안내", "предупреждение: {times}"),
    "tl_ended": ("ended {time}", "{time} 종료", "завершён в {time}"),
    "evidence_held": ("evidence held", "증거 보존됨", "доказательства сохранены"),
    "clips_n": ("{n} sealed clip(s) received", "암호화된 녹음 {n}건 받음",
                "получено зашифрованных записей: {n}"),
    "no_evidence": ("no evidence hold", "증거 보존 없음", "доказательства не сохранены"),
    "breaks": ("Protective breaks", "보호 휴식", "Защитные перерывы"),
    "col_event": ("Event", "내용", "Событие"),
    "break_started": ("started (at least {min} min)", "시작 (최소 {min}분)",
                      "начат (не меньше {min} мин)"),
    "break_ended": ("ended after {taken}", "{taken} 후 종료", "окончен через {taken}"),
    "break_early_return": ("returned early after {taken} of {min} min",
                           "최소 {min}분 중 {taken} 만에 조기 복귀",
                           "досрочное возвращение: {taken} из {min} мин"),
}

STATES: dict[str, tuple[str, str, str]] = {
    "logged_out": ("Logged out", "로그아웃됨", "Не в системе"),
    "not_ready": ("Not Ready", "상담 불가", "Не готов"),
    "ready": ("Ready", "상담 가능", "Готов"),
    "break": ("Break", "휴식", "Перерыв"),
    "ringing": ("Ringing", "벨 울림", "Входящий вызов"),
    "on_call": ("On call", "통화 중", "На линии"),
    "wrap_up": ("Wrap-up", "후처리", "Обработка"),
}

# code: (en, ko, ru). The page lists them in the supervisor's language; the counselor gets
# the text in the counselor's own language.
QUICK_REPLIES: dict[str, tuple[str, str, str]] = {
    "coming": ("I'm coming to your desk now.", "지금 자리로 가겠습니다.",
               "Сейчас подойду к вашему месту."),
    "transfer": ("Transfer the caller to me.", "고객 전화를 저에게 연결해 주세요.",
                 "Переведите звонок на меня."),
    "end_call": ("You may end the call politely.", "정중하게 통화를 끝내셔도 됩니다.",
                 "Можете вежливо завершить разговор."),
    "callback": ("Offer the caller a callback.", "고객에게 콜백을 안내해 주세요.",
                 "Предложите клиенту обратный звонок."),
    "take_break": ("Please take a break after this call.", "이 통화가 끝나면 쉬세요.",
                   "После этого звонка сделайте перерыв."),
    "well_done": ("Well handled — thank you.", "잘 대응하셨어요. 고맙습니다.",
                  "Вы хорошо справились, спасибо."),
}


def lang_or_en(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def _pick(row: tuple[str, str, str], lang: str) -> str:
    return row[LANGS.index(lang_or_en(lang))]


def text(lang: str | None, key: str, **values: object) -> str:
    out = _pick(TEXTS[key], lang or "en")
    return out.format(**values) if values else out


def state_name(lang: str | None, state: str) -> str:
    return _pick(STATES[state], lang or "en") if state in STATES else state


def quick_reply(code: str, lang: str | None) -> str | None:
    row = QUICK_REPLIES.get(code)
    return None if row is None else _pick(row, lang or "en")


def quick_replies(lang: str | None) -> list[dict[str, str]]:
    return [{"code": c, "label": _pick(row, lang or "en")} for c, row in QUICK_REPLIES.items()]


def page_texts(lang: str | None) -> dict[str, object]:
    """Everything the page's script shows, in ``lang``."""
    return {"texts": {k: _pick(v, lang or "en") for k, v in TEXTS.items()},
            "states": {k: _pick(v, lang or "en") for k, v in STATES.items()}}


def accepted(header: str) -> str:
    """The first of ko/ru/en in an Accept-Language header ('en' when none)."""
    for part in header.split(","):
        tag = part.split(";", 1)[0].strip().lower()[:2]
        if tag in LANGS:
            return tag
    return "en"


ERROR_KEYS = {"invalid_credentials": "wrong_password", "forbidden": "not_supervisor"}
