// The supervisor page's script: polls the overview every 2 s, renders it with textContent
// only (counselors' words are never markup), answers counselors and acknowledges incidents
// (with an abusive call's timeline and evidence) and wellbeing alerts, lists protective
// breaks. Served by democenter/supervisor.py; texts come from the page.
"use strict";

(function () {
  const API = "/api/v1/supervisor";
  const POLL_MS = 2000;
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const LANG = page.lang;
  const notes = new Map();          // "incident:7" -> the note being typed
  let overview = null;
  let selected = "";
  let stopped = false;

  function t(key, values) {
    let s = page.texts[key] || key;
    for (const [k, v] of Object.entries(values || {})) s = s.split("{" + k + "}").join(String(v));
    return s;
  }

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c) node.appendChild(c);
    return node;
  }

  function td(text, cls) { return el("td", { text: String(text == null ? "" : text), class: cls || "" }); }

  function clock(iso) {
    return iso ? new Date(iso).toLocaleTimeString(LANG, { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "";
  }

  function duration(seconds) {
    const s = Math.max(0, Math.floor(seconds)), h = Math.floor(s / 3600);
    const m = String(Math.floor((s % 3600) / 60)).padStart(2, "0"), r = String(s % 60).padStart(2, "0");
    return h ? h + ":" + m + ":" + r : m + ":" + r;
  }

  // rows keyed by id: an unchanged row stays in place, so a note being typed survives updates
  function sync(tbodyId, items, keyOf, build, cols) {
    const body = document.getElementById(tbodyId);
    if (!body) return;                // a page from before this table existed
    const old = new Map();
    for (const tr of Array.from(body.children)) if (tr.dataset.key) old.set(tr.dataset.key, tr);
    const rows = items.map(function (item) {
      const key = String(keyOf(item)), sig = JSON.stringify(item), tr = old.get(key);
      if (tr && tr.dataset.sig === sig) return tr;
      const fresh = build(item);
      fresh.dataset.key = key;
      fresh.dataset.sig = sig;
      return fresh;
    });
    if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: String(cols), class: "none", text: t("none") })));
    const same = rows.length === body.children.length && rows.every((r, i) => body.children[i] === r);
    if (!same) body.replaceChildren(...rows);
  }

  function status(text, cls) { document.getElementById("live").textContent = text; document.getElementById("live").className = cls || ""; }

  async function call(path, body) {
    const r = await fetch(API + path, {
      method: body === undefined ? "GET" : "POST", credentials: "same-origin", cache: "no-store",
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    if (r.status === 401 || r.status === 403) {
      stopped = true;
      status(t("session_ended"), "offline");
    }
    if (!r.ok) throw new Error((data && data.error && data.error.message) || ("HTTP " + r.status));
    return data;
  }

  function ackCell(kind, item) {
    if (item.acknowledged_at) return td(t("acknowledged", { who: item.acknowledged_by || "", time: clock(item.acknowledged_at) }), "done");
    const key = kind + ":" + item.id;
    const note = el("input", { type: "text", maxlength: "2000", placeholder: t("ack_note"), "aria-label": t("ack_note") });
    note.value = notes.get(key) || "";
    note.addEventListener("input", () => notes.set(key, note.value));
    const button = el("button", {
      type: "button", text: t("acknowledge"), onclick: async function () {
        button.disabled = true;
        try {
          await call("/" + kind + "s/" + item.id + "/acknowledge", { note: note.value });
          notes.delete(key);
          refresh();
        } catch (e) { button.disabled = false; button.title = e.message; }
      },
    });
    return el("td", { class: "open" }, el("span", { text: t("to_acknowledge") + " " }), note, button);
  }

  function agentRow(a) {
    const health = { cleared: ["health_cleared", "cleared"], not_cleared: ["health_not_cleared", "not-cleared"], not_submitted: ["health_not_submitted", "none"] }[a.health];
    const state = (page.states[a.state] || a.state) + (a.reason_code ? " · " + a.reason_code : "");
    return el("tr", {}, td(a.id), td(a.display_name), td(state), td(clock(a.since)),
      td(t(health[0]), health[1]), td(a.calls), td(duration(a.talk_s)), td(a.incidents),
      a.open_alerts ? td(t("needs_break"), "alert") : td(t("ok"), "ok"),
      a.waiting_messages ? td(t("waiting_n", { n: a.waiting_messages }), "open") : td(""));
  }

  // an abusive call's category, timeline and evidence in one line (supervisor.py's details)
  function details(i) {
    const parts = i.category ? [t("category_" + i.category)] : [];
    const tl = i.timeline || {};
    if (tl.answered_at) parts.push(t("tl_answered", { time: clock(tl.answered_at) }));
    if (tl.warnings_at && tl.warnings_at.length) parts.push(t("tl_warnings", { times: tl.warnings_at.map(clock).join(", ") }));
    if (tl.ended_at) parts.push(t("tl_ended", { time: clock(tl.ended_at) }));
    if (i.evidence_held) parts.push(t("evidence_held"));
    else if (parts.length) parts.push(t("no_evidence"));
    if (i.clips) parts.push(t("clips_n", { n: i.clips }));
    return parts.join(" · ");
  }

  function incidentRow(i) {
    const sev = ["low", "medium", "high"].includes(i.severity) ? t("severity_" + i.severity) : i.severity;
    const text = i.description.slice(0, 300) + (i.note ? "\n" + i.note.slice(0, 300) : "");
    return el("tr", {}, td(clock(i.at)), td(i.agent_id), td(i.interaction_id || ""), td(sev),
      td(text), td(details(i)), ackCell("incident", i));
  }

  function breakRow(b) {
    const what = t("break_" + b.event, { min: Math.floor(b.minimum_s / 60), taken: duration(b.taken_s) });
    return el("tr", {}, td(clock(b.at)), td(b.agent_id), td(b.interaction_id || ""), td(what));
  }

  function alertRow(a) {
    const what = a.reason === "talk_time" ? t("alert_talk_time", { minutes: Math.floor(a.talk_s / 60) }) : t("alert_incidents", { count: a.incidents });
    return el("tr", {}, td(clock(a.at)), td(a.agent_id), td(what), ackCell("alert", a));
  }

  function counselingRow(c) {
    const answer = el("button", { type: "button", text: t("reply"), onclick: () => choose(c.agent_id, true) });
    return el("tr", {}, td(clock(c.at)), td(c.agent_id), td(c.text),
      c.answered_at ? td(t("answered"), "done") : el("td", { class: "open" }, el("span", { text: t("open") + " " }), answer));
  }

  function choose(agentId, focus) {
    selected = agentId;
    document.getElementById("reply-agent").value = agentId;
    renderThread();
    if (focus) document.getElementById("reply-text").focus();
  }

  function renderThread() {
    const select = document.getElementById("reply-agent");
    const agents = overview ? overview.agents : [];
    if (!selected || !agents.some(a => a.id === selected)) {
      const waiting = (overview ? overview.threads : []).find(th => th.waiting > 0);
      selected = waiting ? waiting.agent_id : (agents[0] ? agents[0].id : "");
    }
    const options = agents.map(a => el("option", { value: a.id, text: a.display_name + " (" + a.id + ")" + (a.waiting_messages ? " — " + t("waiting_n", { n: a.waiting_messages }) : "") }));
    const labels = options.map(o => o.value + "|" + o.textContent).join("\n");
    if (select.dataset.labels !== labels) {
      select.replaceChildren(...options);
      select.dataset.labels = labels;
    }
    select.value = selected;
    const thread = (overview ? overview.threads : []).find(th => th.agent_id === selected);
    const list = document.getElementById("thread");
    const sig = JSON.stringify(thread ? thread.messages : []) + selected;
    if (list.dataset.sig === sig) return;
    list.dataset.sig = sig;
    const items = (thread ? thread.messages : []).map(function (m) {
      const kind = t("kind_" + m.kind);
      return el("li", { class: m.sender }, el("span", { class: "who", text: clock(m.at) + " · " + m.author + " · " + kind }),
        document.createTextNode(m.text));
    });
    if (!items.length) items.push(el("li", { class: "none", text: t("no_messages") }));
    list.replaceChildren(...items);
    list.scrollTop = list.scrollHeight;
  }

  function renderQuick() {
    const box = document.getElementById("quick");
    if (box.children.length || !overview) return;
    for (const q of overview.quick_replies) {
      box.appendChild(el("button", { type: "button", text: q.label, "data-code": q.code, onclick: () => send({ quick_reply: q.code }) }));
    }
  }

  async function send(what) {
    const info = document.getElementById("reply-status");
    if (!selected) return;
    try {
      await call("/messages", Object.assign({ agent_id: selected }, what));
      info.textContent = t("sent");
      if (what.text !== undefined) document.getElementById("reply-text").value = "";
      refresh();
    } catch (e) {
      info.textContent = t("not_sent", { reason: e.message });
    }
  }

  function render(o) {
    overview = o;
    sync("agents", o.agents, a => a.id, agentRow, 10);
    sync("incidents", o.incidents, i => i.id, incidentRow, 7);
    sync("breaks", o.protective_breaks || [], b => b.id, breakRow, 4);
    sync("alerts", o.alerts, a => a.id, alertRow, 4);
    sync("counseling", o.counseling, c => c.id, counselingRow, 4);
    sync("queues", o.queues, q => q.id, q => el("tr", {}, td(q.name), td(q.waiting), td(q.longest_wait_s), td(q.agents_ready), td(q.agents_on_call)), 5);
    sync("notices", o.notices, n => n.at + n.agent_id + n.kind + n.message, n => el("tr", {}, td(clock(n.at)), td(n.agent_id), td(n.kind), td(n.message)), 4);
    renderQuick();
    renderThread();
    document.getElementById("reply-form").hidden = false;
    status(t("live") + " " + t("updated", { time: clock(o.updated) }), "");
  }

  let timer = null, busy = false, again = false;
  async function refresh() {       // one poll at a time; asked during one, it runs right after
    if (stopped) return;
    if (busy) { again = true; return; }
    busy = true;
    clearTimeout(timer);
    try {
      render(await call("/overview?lang=" + encodeURIComponent(LANG)));
    } catch (e) {
      if (!stopped) status(t("offline"), "offline");
    }
    busy = false;
    if (stopped) return;
    if (again) { again = false; refresh(); } else timer = setTimeout(refresh, POLL_MS);
  }

  document.getElementById("reply-agent").addEventListener("change", e => choose(e.target.value, false));
  document.getElementById("reply-form").addEventListener("submit", function (e) {
    e.preventDefault();
    const text = document.getElementById("reply-text").value.trim();
    if (text) send({ text: text });
  });
  refresh();
})();
