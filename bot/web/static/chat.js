// The customer's chat page: sends to /api/chat and shows the conversation from the store,
// polling so that replies arriving later (an agent, a pending message) show up too.
(() => {
  const HOTLINES = {
    psych: { zh: "心理咨询", en: "Psychological support" },
    legal: { zh: "法律咨询", en: "Legal advice" },
    tax_business: { zh: "财税工商", en: "Tax & business registration" },
    hr: { zh: "人力资源", en: "Human resources" },
    hightech_ip: { zh: "高企认定及知识产权", en: "High-tech certification & IP" },
  };
  const UI = {
    zh: { title: "企业服务热线", subtitle: "心理 · 法律 · 财税工商 · 人力资源 · 高企与知识产权",
      send: "发送", placeholder: "请输入您的问题…", footer: "紧急情况请拨打 110 / 120；心理援助热线 12356。",
      agent: "人工客服", urgent: "紧急", failed: "发送失败，请稍后重试。", tooLong: "消息过长，最多 4000 字。" },
    en: { title: "Enterprise Service Hotline", subtitle: "Psych · Legal · Tax & registration · HR · High-tech & IP",
      send: "Send", placeholder: "Type your question…", footer: "Emergency: call 110 / 120. Psychological assistance: 12356.",
      agent: "Agent", urgent: "Urgent", failed: "Could not send; please try again.", tooLong: "Message too long (max 4000 characters)." },
  };
  const $ = (id) => document.getElementById(id);
  const log = $("log"), form = $("composer"), input = $("message"), langSel = $("lang");
  const payloadTitles = JSON.parse(sessionStorage.getItem("payloadTitles") || "{}");
  let lastId = 0;

  function senderId() {
    let id = localStorage.getItem("hotlineSender");
    if (!id) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      localStorage.setItem("hotlineSender", id);
    }
    return id;
  }
  const sender = senderId();
  const uiLang = () => langSel.value || (navigator.language.startsWith("zh") ? "zh" : "en");

  function applyUi() {
    const t = UI[uiLang()];
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t[el.dataset.i18n]; });
    input.placeholder = t.placeholder;
    document.documentElement.lang = uiLang() === "zh" ? "zh-CN" : "en";
  }
  langSel.value = localStorage.getItem("hotlineLang") || "";
  langSel.addEventListener("change", () => { localStorage.setItem("hotlineLang", langSel.value); applyUi(); });
  applyUi();

  function render(m) {
    const el = document.createElement("div");
    el.className = `msg ${m.role}`;
    el.dataset.id = m.id;
    const route = m.route || {};
    if (m.role === "bot" && route.hotline) {
      const badge = document.createElement("span");
      badge.className = route.kind === "crisis" ? "badge crisis" : "badge";
      const name = HOTLINES[route.hotline][route.kind === "crisis" ? "zh" : uiLang()];
      badge.textContent = route.kind === "crisis" ? `${UI[uiLang()].urgent} · ${name}` : name;
      badge.dataset.hotline = route.hotline;
      el.append(badge, document.createElement("br"));
    }
    if (m.role === "agent") {
      const who = document.createElement("div");
      who.className = "who";
      who.textContent = UI[uiLang()].agent;
      el.append(who);
    }
    const text = m.role === "customer" && m.text.startsWith("/") ? (payloadTitles[m.text] || m.text) : m.text;
    el.append(document.createTextNode(text));
    if (m.buttons && m.buttons.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      for (const b of m.buttons) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", () => {
          payloadTitles[b.payload] = b.title;
          sessionStorage.setItem("payloadTitles", JSON.stringify(payloadTitles));
          send(b.payload);
        });
        row.append(btn);
      }
      el.append(row);
    }
    log.append(el);
    log.scrollTop = log.scrollHeight;
  }

  async function refresh() {
    try {
      const res = await fetch(`/api/chat/${sender}/messages?after=${lastId}`);
      if (!res.ok) return;
      const data = await res.json();
      for (const m of data.messages) {
        if (m.id > lastId) { render(m); lastId = m.id; }
      }
    } catch (_) { /* offline for a moment: the next poll catches up */ }
  }

  async function send(text) {
    $("status").textContent = "";
    $("send").disabled = true;
    try {
      const body = { sender, message: text };
      if (langSel.value) body.lang = langSel.value;
      const res = await fetch("/api/chat", { method: "POST",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      if (res.status === 413) $("status").textContent = UI[uiLang()].tooLong;
      else if (!res.ok && res.status !== 503) $("status").textContent = (await res.json()).error || UI[uiLang()].failed;
    } catch (_) {
      $("status").textContent = UI[uiLang()].failed;
    } finally {
      $("send").disabled = false;
      await refresh();
    }
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  refresh();
  setInterval(refresh, 3000);
})();
