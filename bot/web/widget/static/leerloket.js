/*
 * Leerloket chat widget. Embed with one tag:
 *
 *   <script src="https://leerloket.example.nl/widget/leerloket.js"
 *           data-server="https://leerloket.example.nl:5005"
 *           data-municipality="zwolle" data-color="#1a5a96" data-position="right" defer></script>
 *
 * Talks to Rasa's socket.io channel. Messages are shown with textContent only (no HTML from a
 * message is ever executed); links are built as elements. The session id and the visible
 * history live in sessionStorage: they survive a reload and page changes on the site, and are
 * gone when the tab closes (a shared library computer keeps nothing).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__leerloketLoaded) return;
  window.__leerloketLoaded = true;

  var data = script.dataset;
  var base = script.src.replace(/[^/]*$/, "");
  var config = {
    server: (data.server || new URL(script.src).origin).replace(/\/$/, ""),
    municipality: (data.municipality || "").toLowerCase().replace(/[^a-z0-9-]/g, ""),
    color: /^#[0-9a-fA-F]{6}$/.test(data.color || "") ? data.color : "#1a5a96",
    position: data.position === "left" ? "left" : "right",
    title: data.title || "Leerloket",
  };
  var STORE = "leerloket:" + config.server;
  var MAX_HISTORY = 200;
  var MAX_CHARS = 2000;

  // ---- colours: pick the text colour with the better contrast (WCAG 1.4.3) ----
  function luminance(hex) {
    var rgb = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  var onColor = contrast(config.color, "#ffffff") >= contrast(config.color, "#000000") ? "#ffffff" : "#000000";
  // Text in the colour on white must be readable too; fall back to dark blue if it is not.
  var accentText = contrast(config.color, "#ffffff") >= 4.5 ? config.color : "#1a5a96";

  // ---- storage ----
  function load(key, fallback) {
    try {
      var raw = window.sessionStorage.getItem(STORE + ":" + key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function save(key, value) {
    try {
      window.sessionStorage.setItem(STORE + ":" + key, JSON.stringify(value));
    } catch (e) {
      /* storage full or blocked: the chat still works, without history */
    }
  }
  var state = {
    sessionId: load("session", null),
    history: load("history", []),
    open: load("open", false),
  };

  // ---- DOM (in a shadow root, so site styles and ours never clash) ----
  var host = document.createElement("div");
  host.id = "leerloket-widget";
  document.body.appendChild(host);
  var root = host.attachShadow({ mode: "open" });

  var style = document.createElement("style");
  style.textContent = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}",
    ".launcher{position:fixed;bottom:20px;" + config.position + ":20px;z-index:2147483000;border:0;border-radius:28px;padding:14px 20px;font-size:17px;font-weight:600;cursor:pointer;background:" + config.color + ";color:" + onColor + ";box-shadow:0 2px 8px rgba(0,0,0,.3)}",
    ".panel{position:fixed;bottom:20px;" + config.position + ":20px;z-index:2147483001;width:380px;max-width:calc(100vw - 24px);height:600px;max-height:calc(100vh - 40px);display:flex;flex-direction:column;background:#fff;color:#1b1b1b;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.35);overflow:hidden}",
    ".panel[hidden],.launcher[hidden]{display:none}",
    "header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:" + config.color + ";color:" + onColor + "}",
    "header h2{flex:1;margin:0;font-size:18px}",
    "header button{background:transparent;color:inherit;border:2px solid currentColor;border-radius:6px;padding:4px 10px;font-size:15px;cursor:pointer}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f6f6}",
    ".msg{max-width:85%;padding:10px 12px;border-radius:12px;font-size:16px;line-height:1.45;white-space:pre-line;overflow-wrap:anywhere}",
    ".bot{align-self:flex-start;background:#fff;border:1px solid #d0d0d0}",
    ".user{align-self:flex-end;background:" + config.color + ";color:" + onColor + "}",
    ".msg a{color:" + accentText + ";text-decoration:underline}",
    ".user a{color:inherit}",
    ".replies{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start}",
    ".replies button{background:#fff;color:" + accentText + ";border:2px solid " + accentText + ";border-radius:18px;padding:7px 12px;font-size:15px;cursor:pointer;text-align:left}",
    ".replies button:hover{background:#eef3f8}",
    ".replies button[disabled]{display:none}",
    ".typing{align-self:flex-start;color:#4a4a4a;font-size:15px;padding:4px 2px}",
    ".status{padding:6px 12px;font-size:14px;background:#fff4ce;color:#3d3000}",
    ".status:empty{display:none}",
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d0d0;background:#fff}",
    "label.sr,.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "textarea{flex:1;resize:none;font-size:16px;padding:8px;border:2px solid #6b6b6b;border-radius:8px;min-height:44px;max-height:120px;color:#1b1b1b}",
    "form button{border:0;border-radius:8px;padding:0 16px;font-size:16px;font-weight:600;cursor:pointer;background:" + config.color + ";color:" + onColor + "}",
    ":focus-visible{outline:3px solid #ffbf47;outline-offset:2px}",
    "@media (max-width:480px){.panel{inset:0;width:100vw;max-width:100vw;height:100%;max-height:100%;border-radius:0}}",
    "@media (prefers-reduced-motion:no-preference){.launcher{transition:transform .1s}.launcher:hover{transform:scale(1.04)}}",
  ].join("\n");
  root.appendChild(style);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text) node.textContent = text;
    return node;
  }

  var launcher = el("button", { class: "launcher", type: "button", "aria-haspopup": "dialog" }, "Chat met " + config.title);
  var panel = el("section", { class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "ll-title" });
  var header = el("header");
  header.appendChild(el("h2", { id: "ll-title" }, config.title));
  var restart = el("button", { type: "button", title: "Begin een nieuw gesprek. Je oude berichten worden gewist." }, "Nieuw gesprek");
  var close = el("button", { type: "button", "aria-label": "Chat sluiten" }, "Sluiten");
  header.appendChild(restart);
  header.appendChild(close);
  var status = el("div", { class: "status", role: "status" });
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Gesprek", tabindex: "0" });
  var typing = el("div", { class: "typing", hidden: "" }, "Leerloket typt…");
  var form = el("form", { "aria-label": "Bericht sturen" });
  var label = el("label", { for: "ll-input", class: "sr" }, "Typ je vraag");
  var input = el("textarea", { id: "ll-input", rows: "1", maxlength: String(MAX_CHARS), placeholder: "Typ je vraag…", autocomplete: "off" });
  var send = el("button", { type: "submit" }, "Stuur");
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(header);
  panel.appendChild(status);
  panel.appendChild(log);
  panel.appendChild(form);
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- rendering ----
  var LINK = /(https?:\/\/[^\s<>()"']+[^\s<>()"'.,;:!?])/g;

  function appendText(node, text) {
    var last = 0;
    String(text).replace(LINK, function (url, _m, offset) {
      node.appendChild(document.createTextNode(text.slice(last, offset)));
      var a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
      a.appendChild(el("span", { class: "sr" }, " (opent in nieuw venster)"));
      node.appendChild(a);
      last = offset + url.length;
      return url;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderMessage(item) {
    var bubble = el("div", { class: "msg " + item.from });
    bubble.appendChild(el("span", { class: "sr" }, item.from === "user" ? "Jij: " : "Leerloket: "));
    appendText(bubble, item.text || "");
    log.insertBefore(bubble, typing);
    if (item.replies && item.replies.length && !item.answered) {
      var group = el("div", { class: "replies", role: "group", "aria-label": "Kies een antwoord" });
      item.replies.forEach(function (reply) {
        var button = el("button", { type: "button" }, reply.title);
        button.addEventListener("click", function () {
          item.answered = true;
          save("history", state.history);
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) {
            b.disabled = true;
          });
          sendMessage(reply.payload, reply.title);
        });
        group.appendChild(button);
      });
      log.insertBefore(group, typing);
    }
    log.scrollTop = log.scrollHeight;
  }

  function remember(item) {
    state.history.push(item);
    if (state.history.length > MAX_HISTORY) state.history = state.history.slice(-MAX_HISTORY);
    save("history", state.history);
    renderMessage(item);
  }

  function repliesOf(message) {
    var list = message.quick_replies || message.buttons || [];
    return list
      .filter(function (b) {
        return b && typeof b.title === "string" && typeof b.payload === "string";
      })
      .map(function (b) {
        return { title: b.title, payload: b.payload };
      });
  }

  // ---- connection ----
  var socket = null;
  var typingTimer = null;

  function showTyping(on) {
    clearTimeout(typingTimer);
    if (on) {
      typing.hidden = false;
      typingTimer = setTimeout(function () {
        typing.hidden = true;
      }, 20000);
    } else {
      typing.hidden = true;
    }
    log.scrollTop = log.scrollHeight;
  }

  function connect() {
    if (socket || typeof window.io !== "function") return;
    socket = window.io(config.server, { path: "/socket.io", transports: ["websocket"], reconnectionDelayMax: 10000 });
    socket.on("connect", function () {
      status.textContent = "";
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      var fresh = state.sessionId !== sessionId;
      state.sessionId = sessionId;
      save("session", sessionId);
      if (fresh && state.history.length === 0) {
        // First visit: let the assistant say hello (and know which municipality this site is).
        var greet = config.municipality ? '/greet{"municipality":"' + config.municipality + '"}' : "/greet";
        emit(greet);
      }
    });
    socket.on("session_expired", function () {
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("bot_uttered", function (message) {
      if (!message || typeof message !== "object") return;
      var text = typeof message.text === "string" ? message.text : "";
      if (message.attachment && message.attachment.payload && typeof message.attachment.payload.src === "string") {
        text += (text ? "\n" : "") + message.attachment.payload.src;
      }
      if (!text) return;
      showTyping(false);
      remember({ from: "bot", text: text, replies: repliesOf(message) });
    });
    socket.on("connect_error", function () {
      status.textContent = "Geen verbinding met Leerloket. We proberen het opnieuw…";
    });
    socket.on("disconnect", function () {
      status.textContent = "Verbinding verbroken. We proberen het opnieuw…";
    });
  }

  function emit(text) {
    socket.emit("user_uttered", {
      message: text,
      session_id: state.sessionId,
      metadata: { municipality: config.municipality, page: window.location.pathname },
    });
    showTyping(true);
  }

  function sendMessage(text, shown) {
    text = String(text).trim().slice(0, MAX_CHARS);
    if (!text) return;
    // A new message answers every open question: their buttons go away.
    state.history.forEach(function (item) {
      item.answered = true;
    });
    Array.prototype.forEach.call(log.querySelectorAll(".replies"), function (group) {
      log.removeChild(group);
    });
    remember({ from: "user", text: shown || text });
    if (!socket || !socket.connected || !state.sessionId) {
      // socket.io buffers the message and sends it after (re)connecting.
      status.textContent = "Nog geen verbinding. Je bericht wordt verstuurd zodra het kan.";
    }
    if (socket) emit(text);
  }

  // ---- open and close ----
  function setOpen(open, moveFocus) {
    state.open = open;
    save("open", open);
    panel.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      ensureSocketIo(connect);
      if (moveFocus) input.focus();
    } else if (moveFocus) {
      launcher.focus();
    }
  }

  function ensureSocketIo(done) {
    if (typeof window.io === "function") return done();
    var tag = document.createElement("script");
    tag.src = base + "vendor/socket.io.min.js";
    tag.onload = done;
    tag.onerror = function () {
      status.textContent = "De chat kan nu niet laden. Probeer het later opnieuw.";
    };
    document.head.appendChild(tag);
  }

  launcher.addEventListener("click", function () {
    setOpen(true, true);
  });
  close.addEventListener("click", function () {
    setOpen(false, true);
  });
  restart.addEventListener("click", function () {
    state.history = [];
    state.sessionId = null;
    save("history", []);
    save("session", null);
    Array.prototype.slice.call(log.childNodes).forEach(function (node) {
      if (node !== typing) log.removeChild(node);
    });
    if (socket) socket.emit("session_request", { session_id: null });
    input.focus();
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setOpen(false, true);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    sendMessage(text);
    input.focus();
  });

  log.appendChild(typing);
  state.history.forEach(renderMessage);
  setOpen(state.open, false);
})();
