// rec's chat page: one conversation (a server-side thread) over the OpenAI-compatible API.
// The thread id, the messages shown and the settings live in localStorage, so a reload resumes.
// Everything from the server is shown with textContent, never as HTML.
"use strict";

(() => {
  const KEYS = { apiKey: "rec.apiKey", userId: "rec.userId", thread: "rec.threadId", messages: "rec.messages" };
  const KEEP = 200; // messages kept across reloads
  const $ = (id) => document.getElementById(id);
  const state = { messages: load(KEYS.messages, []), model: "rec", busy: false };

  // --- storage ----------------------------------------------------------------------------------
  function load(key, fallback) {
    try {
      const raw = localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (_) {
      return fallback;
    }
  }

  function keep(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch (_) {
      /* storage full or disabled: the page still works, it just forgets on reload */
    }
  }

  function saveMessages() {
    state.messages = state.messages.slice(-KEEP);
    keep(KEYS.messages, state.messages);
  }

  function randomId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // works on plain http too (randomUUID needs a secure context)
    return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function threadId() {
    let id = load(KEYS.thread, null);
    if (!id) {
      id = randomId();
      keep(KEYS.thread, id);
    }
    return id;
  }

  // --- talking to the server --------------------------------------------------------------------
  class Problem extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  function headers(extra) {
    const h = { "Content-Type": "application/json", ...extra };
    const key = load(KEYS.apiKey, "");
    if (key) h.Authorization = "Bearer " + key;
    return h;
  }

  async function problemOf(res) {
    let message = res.status + " " + res.statusText;
    try {
      message = (await res.json()).error.message || message;
    } catch (_) {
      /* not OpenAI's error shape: keep the status line */
    }
    const wait = res.headers.get("Retry-After");
    if (res.status === 429 && wait) message += ` (retry in ${wait} s)`;
    return new Problem(message, res.status);
  }

  async function call(path, init) {
    let res;
    try {
      res = await fetch(path, init);
    } catch (_) {
      throw new Problem("the server did not answer (is `rec serve` running?)", 0);
    }
    if (!res.ok) throw await problemOf(res);
    return res;
  }

  // Server-sent events: `data: {json}` blocks separated by a blank line, ending with `data: [DONE]`.
  async function readEvents(body, onEvent) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
        if (data === "[DONE]") return;
        if (data) onEvent(JSON.parse(data));
      }
      if (done) return;
    }
  }

  function onChunk(reply, chunk) {
    if (chunk.error) throw new Problem(chunk.error.message, 500);
    reply.id = chunk.id || reply.id;
    const delta = (chunk.choices && chunk.choices[0] && chunk.choices[0].delta) || {};
    if (delta.content) reply.text += delta.content;
    // the list arrives first (titles, no explanations yet); each explanation follows as it is written,
    // and the final chunk carries the list again with scores and explanations
    if (chunk.recommendations) reply.items = chunk.recommendations;
    if (chunk.explanation && reply.items) {
      const item = reply.items.find((i) => i.item_id === chunk.explanation.item_id);
      if (item) item.explanation = chunk.explanation.text;
    }
    if (chunk.note) reply.note = chunk.note;
    if (chunk.thread_id) keep(KEYS.thread, chunk.thread_id);
    render();
  }

  function requestBody(text) {
    const body = { model: state.model, stream: true, thread_id: threadId(), messages: [{ role: "user", content: text }] };
    const user = load(KEYS.userId, "");
    if (user) body.user_id = user;
    return JSON.stringify(body);
  }

  async function send(text) {
    const reply = { role: "assistant", text: "", items: null, id: null, feedback: {}, pending: true };
    state.messages.push({ role: "user", content: text }, reply);
    setBusy(true);
    render();
    try {
      const res = await call("v1/chat/completions", { method: "POST", headers: headers(), body: requestBody(text) });
      await readEvents(res.body, (chunk) => onChunk(reply, chunk));
    } catch (e) {
      reply.error = e.message;
      if (e.status === 401) openSettings("This server needs an API key.");
    } finally {
      reply.pending = false;
      saveMessages();
      setBusy(false);
      render();
    }
  }

  async function feedback(reply, index, event) {
    const item = reply.items[index];
    const init = {
      method: "POST",
      headers: headers({ "Idempotency-Key": `web:${reply.id}:${index}:${event}` }),
      body: JSON.stringify({ response_id: reply.id, item_id: item.item_id, event }),
    };
    try {
      await call("v1/feedback", init);
      reply.feedback[item.item_id] = event;
      saveMessages();
      say(event === "like" ? `Liked “${item.title}”.` : `Disliked “${item.title}”: it will not come back here.`);
    } catch (e) {
      say("Feedback not recorded: " + e.message);
      if (e.status === 401) openSettings("This server needs an API key.");
    }
    render();
  }

  async function connect() {
    try {
      const res = await call("v1/models", { headers: headers() });
      const models = (await res.json()).data || [];
      if (models.length) state.model = models[0].id;
      say("Connected.");
    } catch (e) {
      say(e.message);
      if (e.status === 401) openSettings("This server needs an API key.");
    }
  }

  // --- rendering --------------------------------------------------------------------------------
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function say(text) {
    $("status").textContent = text;
  }

  function itemNode(reply, item, index) {
    const li = el("li", "item");
    li.dataset.itemId = item.item_id;
    li.append(el("span", "title", item.label || item.title));
    if (item.explanation) li.append(el("p", "why", item.explanation));
    const chosen = reply.feedback[item.item_id];
    for (const [event, label] of [["like", "Like"], ["dislike", "Dislike"]]) {
      const button = el("button", event, label);
      button.type = "button";
      button.setAttribute("aria-pressed", String(chosen === event));
      button.disabled = !reply.id;
      button.addEventListener("click", () => feedback(reply, index, event));
      li.append(button);
    }
    return li;
  }

  function replyNode(reply) {
    const node = el("div", "message assistant");
    if (reply.items && reply.items.length) {
      const list = el("ol", "items");
      reply.items.forEach((item, n) => list.append(itemNode(reply, item, n)));
      node.append(list);
      if (reply.note) node.append(el("p", "note", reply.note));
    } else if (reply.text) {
      node.append(el("pre", "streamed", reply.text));
    }
    if (reply.pending) node.append(el("p", "pending", (reply.items || []).length ? "Explaining…" : "Thinking…"));
    if (reply.error) node.append(el("p", "error", reply.error));
    if (!reply.pending && !reply.error && !reply.text && !(reply.items || []).length) {
      node.append(el("p", "note", "The stream ended before an answer arrived (the server was interrupted)."));
    }
    return node;
  }

  function render() {
    const nodes = state.messages.map((m) =>
      m.role === "user" ? el("div", "message user", m.content) : replyNode(m));
    $("thread").replaceChildren(...nodes);
    $("empty").hidden = state.messages.length > 0;
    window.scrollTo(0, document.body.scrollHeight);
  }

  function setBusy(busy) {
    state.busy = busy;
    $("send").disabled = busy;
  }

  // --- controls ---------------------------------------------------------------------------------
  function openSettings(why) {
    $("settings").hidden = false;
    $("settings-toggle").setAttribute("aria-expanded", "true");
    $("settings-why").textContent = why || "";
    $("api-key").value = load(KEYS.apiKey, "");
    $("user-id").value = load(KEYS.userId, "");
    if (why) $("api-key").focus();
  }

  function wire() {
    $("ask").addEventListener("submit", (e) => {
      e.preventDefault();
      const text = $("message").value.trim();
      if (!text || state.busy) return;
      $("message").value = "";
      send(text);
    });
    $("message").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        $("ask").requestSubmit();
      }
    });
    $("settings-toggle").addEventListener("click", () => {
      if ($("settings").hidden) openSettings("");
      else closeSettings();
    });
    $("settings").addEventListener("submit", (e) => {
      e.preventDefault();
      keep(KEYS.apiKey, $("api-key").value.trim());
      keep(KEYS.userId, $("user-id").value.trim());
      closeSettings();
      connect();
    });
    $("new-thread").addEventListener("click", () => {
      state.messages = [];
      keep(KEYS.thread, randomId());
      saveMessages();
      say("New conversation.");
      render();
    });
  }

  function closeSettings() {
    $("settings").hidden = true;
    $("settings-toggle").setAttribute("aria-expanded", "false");
  }

  // A reply left pending by a reload never finishes: mark it so.
  state.messages.forEach((m) => {
    if (m.pending) {
      m.pending = false;
      m.error = m.error || "interrupted by a reload";
    }
  });
  wire();
  render();
  connect();
})();
