-- The practice center's database (SQLite, WAL). Shared by the API server (democenter/api*)
-- and the queue process (democenter/acd*), each in its own process.
-- Times are UNIX seconds (REAL). Text is UTF-8.
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS agents (
    id            TEXT PRIMARY KEY,           -- login name, e.g. 'agent1'
    password_hash TEXT NOT NULL,              -- pbkdf2_sha256$iterations$salt$hash
    display_name  TEXT NOT NULL,
    language      TEXT NOT NULL DEFAULT 'en',
    sip_username  TEXT NOT NULL,
    sip_secret    TEXT NOT NULL DEFAULT '',   -- SIP password sealed with <db>.key (vault.py)
    state         TEXT NOT NULL DEFAULT 'logged_out',
        -- logged_out | not_ready | ready | break | ringing | on_call | wrap_up
    reason_code   TEXT NOT NULL DEFAULT '',
    state_since   REAL NOT NULL DEFAULT 0,
    last_call_end REAL NOT NULL DEFAULT 0,    -- for longest-idle distribution
    contact_uri   TEXT NOT NULL DEFAULT '',   -- where the ACD sends INVITEs when no proxy
    health_cleared INTEGER,                   -- NULL = not submitted this shift, 0/1
    health_at     REAL
);

CREATE TABLE IF NOT EXISTS sessions (     -- tokens kept as SHA-256 (hex) digests only
    token         TEXT PRIMARY KEY,
    refresh_token TEXT NOT NULL UNIQUE,
    agent_id      TEXT NOT NULL REFERENCES agents(id),
    expires_at    REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS queues (
    id            TEXT PRIMARY KEY,           -- e.g. 'procurement'
    name_en       TEXT NOT NULL,
    name_ko       TEXT NOT NULL,
    name_ru       TEXT NOT NULL,
    acw_limit_s   INTEGER NOT NULL DEFAULT 60,
    ring_timeout_s INTEGER NOT NULL DEFAULT 15,
    may_sign_out  INTEGER NOT NULL DEFAULT 1,   -- counselors may sign out of it (0: why below)
    keep_reason_en TEXT NOT NULL DEFAULT '',
    keep_reason_ko TEXT NOT NULL DEFAULT '',
    keep_reason_ru TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS agent_queues (   -- the queues assigned to an agent (api_queues.py)
    agent_id TEXT NOT NULL REFERENCES agents(id),
    queue_id TEXT NOT NULL REFERENCES queues(id),
    signed_in INTEGER NOT NULL DEFAULT 1,      -- 0: signed out, the ACD offers nothing from it
    may_sign_out INTEGER,                      -- this agent's rule; NULL: the queue's
    changed_at REAL NOT NULL DEFAULT 0,        -- last sign-in or sign-out
    PRIMARY KEY (agent_id, queue_id)
);

CREATE TABLE IF NOT EXISTS skills (
    id      TEXT PRIMARY KEY,
    name_en TEXT NOT NULL, name_ko TEXT NOT NULL, name_ru TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS agent_skills (
    agent_id TEXT NOT NULL REFERENCES agents(id),
    skill_id TEXT NOT NULL REFERENCES skills(id),
    level    INTEGER NOT NULL DEFAULT 1,      -- 1 (learning) .. 5 (expert)
    PRIMARY KEY (agent_id, skill_id)
);

CREATE TABLE IF NOT EXISTS reason_codes (
    code     TEXT PRIMARY KEY,                -- e.g. 'lunch', 'missed', 'training'
    kind     TEXT NOT NULL,                   -- 'not_ready' | 'break'
    label_en TEXT NOT NULL, label_ko TEXT NOT NULL, label_ru TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS dispositions (
    code     TEXT PRIMARY KEY,
    queue_id TEXT REFERENCES queues(id),      -- NULL = global
    label_en TEXT NOT NULL, label_ko TEXT NOT NULL, label_ru TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS customers (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    number   TEXT NOT NULL UNIQUE,            -- E.164-ish caller number
    segment  TEXT NOT NULL DEFAULT 'standard',
    language TEXT NOT NULL DEFAULT 'en',
    notes    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS cases (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    title       TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',
    opened_at   REAL NOT NULL
);

-- One row per simulated (or real) caller that entered a queue.
CREATE TABLE IF NOT EXISTS interactions (
    id           TEXT PRIMARY KEY,            -- sent as X-Interaction-Id
    queue_id     TEXT NOT NULL REFERENCES queues(id),
    customer_id  TEXT REFERENCES customers(id),
    caller_number TEXT NOT NULL,
    ivr_path     TEXT NOT NULL DEFAULT '[]',  -- JSON list of IVR selections
    state        TEXT NOT NULL DEFAULT 'waiting',
        -- waiting | offered | connected | ended | abandoned
    agent_id     TEXT REFERENCES agents(id),
    entered_at   REAL NOT NULL,
    offered_at   REAL,
    answered_at  REAL,
    ended_at     REAL,
    offers       INTEGER NOT NULL DEFAULT 0,  -- how many agents it was offered to
    disposition  TEXT,
    notes        TEXT,
    wrapup_at    REAL
);

-- Health checks: the outcome only. Answers are not stored by the practice center.
CREATE TABLE IF NOT EXISTS health_checks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id     TEXT NOT NULL REFERENCES agents(id),
    form_version INTEGER NOT NULL,
    cleared      INTEGER NOT NULL,
    submitted_at REAL NOT NULL
);

-- Supervisor notices (health not cleared, help requests, incidents).
CREATE TABLE IF NOT EXISTS notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,                 -- 'health_not_cleared' | 'help' | 'incident'
    message    TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS incidents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id       TEXT NOT NULL,
    interaction_id TEXT,
    severity       TEXT NOT NULL,
    description    TEXT NOT NULL,
    created_at     REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS agent_state_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id    TEXT NOT NULL,
    state       TEXT NOT NULL,
    reason_code TEXT NOT NULL DEFAULT '',
    at          REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS callbacks (
    id          TEXT PRIMARY KEY,
    number      TEXT NOT NULL,
    name        TEXT NOT NULL,
    queue_id    TEXT NOT NULL REFERENCES queues(id),
    requested_at REAL NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open', -- open | claimed | done
    agent_id    TEXT,
    outcome     TEXT,
    done_at     REAL
);

CREATE TABLE IF NOT EXISTS quick_connects (
    id     TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    uri    TEXT NOT NULL                       -- SIP URI or number to transfer to
);

-- Idempotency: every write the app's outbox sends carries Idempotency-Key; the first
-- response is remembered and replayed for repeats, so each item is recorded exactly once.
-- Rows expire (24 h by default) and are purged by the next keyed write.
CREATE TABLE IF NOT EXISTS idempotency (
    key        TEXT PRIMARY KEY,
    agent_id   TEXT NOT NULL,
    status     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at REAL NOT NULL
);

-- Commands to the queue process (inserted by the API server or tests, done by the ACD).
CREATE TABLE IF NOT EXISTS acd_commands (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,                  -- 'call' | 'hangup'
    args       TEXT NOT NULL DEFAULT '{}',     -- JSON object
    created_at REAL NOT NULL,
    done_at    REAL,
    result     TEXT                            -- e.g. the interaction id, or 'error: ...'
);
