"""A counselor's shift in the center's records: calls, talk, wrap-up and break time from the state log; incidents and callbacks done.

The shift is the latest run of the agent's state log that began at a sign-in (the entry
after ``logged_out``) and ends at the next ``logged_out`` or now. Each state lasts until
the next entry. A call is an entry into ``on_call``; its handle time is its time on the
call plus the wrap-up after it. These are the figures the desk's "My shift" keeps too.
"""

from __future__ import annotations

import time

from democenter.api import SHIFT_S


def shift_figures(conn, agent_id: str, now: float | None = None) -> dict:
    now = time.time() if now is None else now
    rows = conn.execute("SELECT state, at FROM agent_state_log WHERE agent_id = ? AND at >= ?"
                        " ORDER BY id", (agent_id, now - SHIFT_S)).fetchall()
    shifts: list[list] = [[]]
    for r in rows:
        if r["state"] == "logged_out":
            if shifts[-1]:
                shifts[-1].append(r)
                shifts.append([])
        else:
            shifts[-1].append(r)
    shift = next((s for s in reversed(shifts) if s), [])
    out = {"started": None, "ended": None, "calls": 0, "talk_s": 0.0, "wrap_s": 0.0,
           "break_s": 0.0, "incidents": 0, "callbacks_done": 0}
    if not shift:
        return out
    start = shift[0]["at"]
    end = shift[-1]["at"] if shift[-1]["state"] == "logged_out" else now
    previous = ""
    for i, r in enumerate(shift):
        until = shift[i + 1]["at"] if i + 1 < len(shift) else end
        span = max(0.0, until - r["at"])
        if r["state"] == "on_call":
            out["talk_s"] += span
            out["calls"] += int(previous != "on_call")
        elif r["state"] == "wrap_up":
            out["wrap_s"] += span
        elif r["state"] == "break":
            out["break_s"] += span
        previous = r["state"]
    out["incidents"] = conn.execute(
        "SELECT COUNT(*) FROM incidents WHERE agent_id = ? AND created_at BETWEEN ? AND ?",
        (agent_id, start, end)).fetchone()[0]
    out["callbacks_done"] = conn.execute(
        "SELECT COUNT(*) FROM callbacks WHERE agent_id = ? AND status = 'done'"
        " AND done_at BETWEEN ? AND ?", (agent_id, start, end)).fetchone()[0]
    out["started"], out["ended"] = start, (end if end != now else None)
    return out
