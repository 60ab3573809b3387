// Runs democenter/supervisor.js (the supervisor page's script) in node against a running
// practice center, with a small stand-in for the browser's document: only what the script
// touches. Used by tests/center/test_supervisor_thread.py.
// argv: <center root url> <supervisor token> <page-data.json> <incident id to acknowledge>
// stdout: "rendered" once the first overview is on the page, then one JSON line of results.
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [base, token, dataPath, incidentId] = process.argv.slice(2);
const SCRIPT = path.join(__dirname, "..", "..", "democenter", "supervisor.js");

class Element {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.parentNode = null;
    this.dataset = {};
    this.attributes = {};
    this.listeners = {};
    this.ownText = "";
    this.className = "";
    this.value = "";
    this.hidden = false;
    this.disabled = false;
    this.title = "";
    this.scrollTop = 0;
    this.scrollHeight = 0;
  }
  get textContent() { return this.ownText + this.children.map(c => c.textContent).join(""); }
  set textContent(v) { this.ownText = String(v); this.replaceChildren(); }
  appendChild(child) {
    if (child.parentNode) child.parentNode.children = child.parentNode.children.filter(c => c !== child);
    child.parentNode = this;
    this.children.push(child);
    return child;
  }
  replaceChildren(...nodes) {
    for (const c of this.children) c.parentNode = null;
    this.children = [];
    for (const n of nodes) this.appendChild(n);
  }
  setAttribute(k, v) { this.attributes[k] = String(v); }
  getAttribute(k) { return this.attributes[k]; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  fire(type) { for (const fn of this.listeners[type] || []) fn({ target: this, preventDefault() {} }); }
  focus() {}
  find(test) {
    for (const c of this.children) {
      if (test(c)) return c;
      const deeper = c.find ? c.find(test) : null;
      if (deeper) return deeper;
    }
    return null;
  }
}

class TextNode extends Element {
  constructor(text) { super("#text"); this.ownText = String(text); }
}

const ids = {};
for (const [id, tag] of [["page-data", "script"], ["live", "span"], ["agents", "tbody"],
  ["incidents", "tbody"], ["alerts", "tbody"], ["counseling", "tbody"], ["queues", "tbody"],
  ["notices", "tbody"], ["reply-agent", "select"], ["thread", "ul"], ["quick", "div"],
  ["reply-text", "textarea"], ["reply-status", "span"], ["reply-form", "form"]]) {
  ids[id] = new Element(tag);
}
ids["page-data"].ownText = fs.readFileSync(dataPath, "utf-8");
ids["reply-form"].hidden = true;

const document = {
  getElementById: id => ids[id] || null,
  createElement: tag => new Element(tag),
  createTextNode: text => new TextNode(text),
};

// the browser's fetch on this page: same origin, the session cookie, nothing else
function pageFetch(url, options) {
  const o = options || {};
  return fetch(base + url, {
    method: o.method || "GET", body: o.body,
    headers: Object.assign({}, o.headers || {}, { Cookie: "supervisor_session=" + token, Origin: base }),
  });
}

const sandbox = { document, fetch: pageFetch, setTimeout, clearTimeout, JSON, Date, Math, Map,
  String, Object, Array, Error, encodeURIComponent, console };
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(SCRIPT, "utf-8"), sandbox, { filename: SCRIPT });

const sleep = ms => new Promise(r => setTimeout(r, ms));
async function until(what, test, seconds) {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const got = test();
    if (got) return got;
    await sleep(50);
  }
  throw new Error("timed out waiting for " + what);
}
const row = (tbody, key) => ids[tbody].children.find(tr => tr.dataset.key === String(key));

(async function () {
  await until("the first render", () => row("agents", "agent3"), 10);
  process.stdout.write("rendered\n");
  const shown = Date.now();
  ids["reply-agent"].value = "agent3";
  ids["reply-agent"].fire("change");
  await until("the counselor's message", () => {
    const items = ids["thread"].children;
    return items.length && items[items.length - 1].textContent.includes("Caller keeps swearing");
  }, 15);
  const sawAfter = (Date.now() - shown) / 1000;
  const items = ids["thread"].children;
  const threadText = items[items.length - 1].children.slice(1).map(c => c.textContent).join("");

  const quick = ids["quick"].children.find(b => b.attributes["data-code"] === "transfer");
  quick.fire("click");
  const page = JSON.parse(ids["page-data"].ownText);
  await until("the quick reply sent", () => ids["reply-status"].textContent === page.texts.sent, 10);

  const incident = await until("the incident", () => row("incidents", incidentId), 10);
  const cell = incident.children[incident.children.length - 1];
  const note = cell.find(c => c.tagName === "INPUT");
  note.value = "I will call you in five minutes.";
  note.fire("input");
  cell.find(c => c.tagName === "BUTTON").fire("click");
  const done = await until("the acknowledgment shown", () => {
    const r = row("incidents", incidentId);
    const last = r && r.children[r.children.length - 1];
    return last && last.className === "done" ? last : null;
  }, 10);
  const agent = row("agents", "agent3");
  process.stdout.write(JSON.stringify({
    saw_message_after_s: sawAfter, thread_text: threadText,
    state_cell: agent.children[2].textContent, incident_cell: done.textContent,
    live: ids["live"].textContent,
  }) + "\n");
  process.exit(0);
})().catch(e => { process.stderr.write(String(e && e.stack || e) + "\n"); process.exit(1); });
