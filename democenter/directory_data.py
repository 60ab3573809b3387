"""The practice center's phone book: simulated colleagues, teams, outside services, the dial policy, and the presence tables.

Shared by the API (democenter/directory.py) and the colleagues process
(democenter/colleagues.py), which registers the colleagues' extensions at the registrar and
writes their presence. Names are given in each counselor language (a colleague's own name as
a Korean, English or Russian reader writes it).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("en", "ko", "ru")
PRESENCES = ("available", "on_call", "break", "offline")


@dataclass(frozen=True)
class Colleague:
    """A simulated colleague: a SIP user (the extension) of the colleagues process."""
    extension: str
    names: dict[str, str]          # language -> the name as a reader of that language writes it
    team: str                      # a TEAMS key
    language: str                  # the voice they answer with (caller_<language>.wav)
    takes_breaks: bool = True
    goes_offline: bool = True

    @property
    def entry_id(self) -> str:
        return f"colleague:{self.extension}"


# the teams' names, also the ``team`` of each colleague
TEAM_NAMES = {
    "shift_leads": {"en": "Shift leads", "ko": "근무 책임자", "ru": "Старшие смены"},
    "counselors": {"en": "Counselors", "ko": "상담사", "ru": "Консультанты"},
    "legal": {"en": "Legal team", "ko": "법무팀", "ru": "Юридический отдел"},
    "it": {"en": "IT help desk", "ko": "IT 지원 데스크", "ru": "ИТ-поддержка"},
}

COLLEAGUES = (
    Colleague("2001", {"en": "Choi Eun-young", "ko": "최은영", "ru": "Чхве Ын Ён"},
              "shift_leads", "ko", goes_offline=False),
    Colleague("2002", {"en": "Han Sang-woo", "ko": "한상우", "ru": "Хан Сан У"},
              "counselors", "ko"),
    Colleague("2003", {"en": "Daniel Brooks", "ko": "대니얼 브룩스", "ru": "Дэниел Брукс"},
              "legal", "en"),
    Colleague("2004", {"en": "Olga Belova", "ko": "올가 벨로바", "ru": "Ольга Белова"},
              "it", "ru"),
)
BY_EXTENSION = {c.extension: c for c in COLLEAGUES}

# team entries: id, TEAMS key, the extension that answers for the team
TEAMS = (
    ("team:shift-leads", "shift_leads", "2001"),
    ("team:legal", "legal", "2003"),
    ("team:it", "it", "2004"),
)

# outside services: id, names, number (answered by the practice gateway), transfer allowed
EXTERNALS = (
    ("external:consumer-agency",
     {"en": "Consumer counseling center", "ko": "소비자상담센터",
      "ru": "Центр консультаций потребителей"}, "+8225551372", True),
    ("external:procurement-hq",
     {"en": "Public Procurement Service, head office", "ko": "조달청 본청",
      "ru": "Служба госзакупок, центральный офис"}, "+8225550120", True),
    ("external:interpreters",
     {"en": "Interpretation service", "ko": "통역 지원 서비스", "ru": "Служба переводчиков"},
     "+8225550133", True),
    ("external:legal-aid",
     {"en": "Legal aid information line (no transfers)", "ko": "법률구조 안내 전화 (전환 불가)",
      "ru": "Справочная юридической помощи (без перевода)"}, "+8225550132", False),
)

# What a counselor may dial (GET /dial-policy). ``internal``: a full-match regular expression
# for extensions (dialed as they are); other numbers are read in ``default_region``'s
# national form (0...) or as E.164 (+...); ``blocked_prefixes`` (both forms) may not be
# dialed: premium-rate (060) and personal numbers (0700). International numbers are allowed
# (practice customers live in Korea, Russia and the USA and ask for callbacks).
DIAL_POLICY = {
    "default_region": "KR",
    "internal": r"^2\d{3}$",
    "allow_international": True,
    "blocked_prefixes": ["060", "0700", "+8260", "+82700"],
}

# agent state -> presence, for real agents (in SQL for the trigger below):
# not_ready is "available": the counselor is at the desk and reachable directly, only not
# taking queue calls; ringing, on_call and wrap_up are "on_call" (busy with a caller).
AGENT_PRESENCE = {"ready": "available", "not_ready": "available", "break": "break",
                  "ringing": "on_call", "on_call": "on_call", "wrap_up": "on_call",
                  "logged_out": "offline"}


def _presence_sql(column: str) -> str:
    whens = " ".join(f"WHEN '{state}' THEN '{p}'" for state, p in AGENT_PRESENCE.items())
    return f"(CASE {column} {whens} ELSE 'offline' END)"


_NOW = "((julianday('now') - 2440587.5) * 86400.0)"
SCHEMA = f"""
-- presence of the simulated colleagues (written by democenter/colleagues.py)
CREATE TABLE IF NOT EXISTS colleague_presence (
    id       TEXT PRIMARY KEY,               -- directory id, e.g. 'colleague:2001'
    presence TEXT NOT NULL,                  -- available | on_call | break | offline
    since    REAL NOT NULL
);
-- every presence change (colleagues and agents); GET /directory/presence reads it
CREATE TABLE IF NOT EXISTS presence_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id TEXT NOT NULL,
    presence TEXT NOT NULL,
    at       REAL NOT NULL
);
-- versions are base + log id: a version of another data file (or of none) is never current
CREATE TABLE IF NOT EXISTS presence_meta (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    base INTEGER NOT NULL
);
INSERT OR IGNORE INTO presence_meta (id, base)
    VALUES (1, CAST({_NOW} * 1000 AS INTEGER));
CREATE TRIGGER IF NOT EXISTS agents_presence AFTER UPDATE OF state ON agents
WHEN {_presence_sql('OLD.state')} IS NOT {_presence_sql('NEW.state')}
BEGIN
    INSERT INTO presence_log (entry_id, presence, at)
        VALUES ('agent:' || NEW.id, {_presence_sql('NEW.state')}, {_NOW});
END;
"""
