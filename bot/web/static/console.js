// The agents' console: queue, ticket, reply, notes, transfer, close. Polls for updates.
(() => {
  const HOTLINES = { psych: "心理咨询", legal: "法律咨询", tax_business: "财税工商", hr: "人力资源", hightech_ip: "高企认定及知识产权" };
  const $ = (id) => document.getElementById(id);
  let me = null, current = null, lastTranscript = "";

  async function api(path, options = {}) {
    const headers = { "Content-Type": "application/json", ...(options.headers || {}) };
    if (me && me.csrf_token && options.method && options.method !== "GET") headers["X-CSRF-Token"] = me.csrf_token;
    const res = await fetch(path, { ...options, headers, credentials: "same-origin" });
    const body = await res.json().catch(() => ({}));
    if (res.status === 401) { showLogin(); throw new Error(body.error || "unauthorized"); }
    if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
    return body;
  }
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const c of children) node.append(c);
    return node;
  };

  function showLogin() { $("app-view").hidden = true; $("login-view").hidden = false; me = null; }
  function showApp() {
    $("login-view").hidden = true; $("app-view").hidden = false;
    $("who").textContent = `${me.display_name} · ${me.role} · ${me.hotlines.map((h) => HOTLINES[h]).join("、")}`;
    const sel = $("filter-hotline");
    sel.length = 1;
    for (const [id, name] of Object.entries(HOTLINES)) if (me.role !== "agent" || me.hotlines.includes(id)) sel.append(new Option(name, id));
    loadQueue();
  }

  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("login-error").textContent = "";
    try {
      me = await api("/api/auth/login", { method: "POST", body: JSON.stringify({ username: $("username").value, password: $("password").value }) });
      showApp();
    } catch (err) { $("login-error").textContent = err.message; }
  });
  $("logout").addEventListener("click", async () => { await api("/api/auth/logout", { method: "POST" }).catch(() => {}); showLogin(); });
  $("filter-hotline").addEventListener("change", loadQueue);
  $("filter-status").addEventListener("change", loadQueue);

  function slaText(t) {
    if (!["new", "assigned", "waiting_customer"].includes(t.status)) return "";
    const s = t.sla_seconds_left, m = Math.round(Math.abs(s) / 60);
    return s < 0 ? `超时 ${m} 分钟` : `剩余 ${m} 分钟`;
  }

  async function loadQueue() {
    if (!me) return;
    const params = new URLSearchParams({ status: $("filter-status").value });
    if ($("filter-hotline").value) params.set("hotline", $("filter-hotline").value);
    const { tickets } = await api(`/api/tickets?${params}`);
    const list = $("queue");
    list.replaceChildren(...tickets.map((t) => {
      const sla = el("span", { className: `sla${t.sla_seconds_left < 0 ? " late" : ""}`, textContent: slaText(t) });
      const li = el("li", { className: current === t.id ? "active" : "" },
        el("span", { className: `tag ${t.priority}`, textContent: t.priority }),
        el("span", { className: "tag", textContent: HOTLINES[t.hotline] }),
        el("strong", { textContent: t.id }), el("br"),
        el("span", { textContent: t.subject }), el("br"),
        el("small", { className: "muted", textContent: `${t.status}${t.assignee ? " · " + t.assignee : ""} ` }), sla);
      li.dataset.ticket = t.id;
      li.addEventListener("click", () => openTicket(t.id));
      return li;
    }));
  }

  async function act(path, payload) {
    try {
      await api(`/api/tickets/${current}/${path}`, { method: "POST", body: payload ? JSON.stringify(payload) : undefined });
      lastTranscript = "";
      await openTicket(current);
      await loadQueue();
    } catch (err) { alert(err.message); }
  }

  async function openTicket(id) {
    current = id;
    const t = await api(`/api/tickets/${id}`);
    const signature = JSON.stringify([t.status, t.assignee, t.transcript.length, t.events.length, t.hotline]);
    if (signature === lastTranscript) return;
    lastTranscript = signature;
    const transcript = el("div", { className: "transcript" }, ...t.transcript.map((m) =>
      el("div", { className: `turn ${m.role}` }, el("small", { textContent: `${m.role} · ${new Date(m.created_at).toLocaleString()}` }), m.text)));
    const reply = el("textarea", { id: "reply-text", rows: 3, placeholder: "回复客户 Reply to the customer" });
    const canned = el("select", { id: "canned" }, new Option("常用回复 Canned replies", ""));
    api(`/api/canned?hotline=${t.hotline}`).then(({ replies }) => {
      for (const r of replies) canned.append(new Option(r.zh.slice(0, 40), t.customer.lang === "en" ? r.en : r.zh));
    });
    canned.addEventListener("change", () => { if (canned.value) reply.value = canned.value; canned.value = ""; });
    const note = el("input", { id: "note-text", placeholder: "内部备注 Internal note" });
    const target = el("select", { id: "transfer-to" }, ...Object.entries(HOTLINES).filter(([h]) => h !== t.hotline).map(([h, n]) => new Option(n, h)));
    const resolution = el("input", { id: "resolution", placeholder: "处理结果 Resolution" });
    const button = (text, id, handler, cls = "") => { const b = el("button", { type: "button", id, className: cls, textContent: text }); b.addEventListener("click", handler); return b; };
    const open = ["new", "assigned", "waiting_customer"].includes(t.status);
    const actions = el("div", { className: "actions" },
      el("div", { className: "row" }, reply),
      el("div", { className: "row" }, canned, button("发送 Send", "send-reply", () => reply.value.trim() && act("messages", { text: reply.value.trim() }))),
      el("div", { className: "row" }, note, button("备注 Note", "add-note", () => note.value.trim() && act("notes", { text: note.value.trim() }), "secondary")),
      el("div", { className: "row" }, target, button("转交 Transfer", "transfer", () => act("transfer", { hotline: target.value }), "secondary")),
      el("div", { className: "row" }, resolution, button("结单 Close", "close", () => resolution.value.trim() && act("close", { resolution: resolution.value.trim() }))));
    const head = el("div", {},
      el("h2", { textContent: `${t.id} · ${HOTLINES[t.hotline]}` }),
      el("p", {}, el("span", { className: `tag ${t.priority}`, textContent: t.priority }), `${t.status} · ${t.assignee || "未领取 unclaimed"} · ${slaText(t)}`),
      t.status === "new" ? button("领取 Claim", "claim", () => act("claim")) : "",
      ["closed", "resolved"].includes(t.status) ? button("重新打开 Reopen", "reopen", () => act("reopen"), "secondary") : "",
      el("pre", { className: "summary", textContent: t.summary }));
    const notes = t.events.filter((e) => e.kind === "note").map((e) => el("li", { textContent: `${e.agent}: ${e.data.text}` }));
    const earlier = t.earlier_tickets.map((e) => el("li", { textContent: `${e.id} · ${HOTLINES[e.hotline]} · ${e.status} · ${e.subject}` }));
    const typing = document.getElementById("reply-text");  // keep a half-written reply
    if (typing && typing.dataset.ticket === id) reply.value = typing.value;
    reply.dataset.ticket = id;
    $("detail").replaceChildren(head, transcript, open ? actions : "",
      el("h3", { textContent: "内部备注 Notes" }), el("ul", { id: "notes" }, ...notes),
      el("h3", { textContent: "客户的其他工单 Earlier tickets" }), el("ul", { id: "earlier" }, ...earlier));
    document.querySelectorAll("#queue li").forEach((li) => li.classList.toggle("active", li.dataset.ticket === id));
  }

  setInterval(() => { if (me) { loadQueue().catch(() => {}); if (current) openTicket(current).catch(() => {}); } }, 3000);
  api("/api/me").then((body) => { me = body; showApp(); }).catch(() => showLogin());
})();
