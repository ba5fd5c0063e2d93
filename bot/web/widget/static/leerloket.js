/*
 * Leerloket chat widget. Embed with one tag:
 *
 *   <script src="https://leerloket.example.nl/widget/leerloket.js"
 *           data-server="https://leerloket.example.nl:5005"
 *           data-municipality="zwolle" data-color="#1a5a96" data-position="right"
 *           data-lang="nl" defer></script>
 *
 * Talks to Rasa's socket.io channel. Messages are shown with textContent only (no HTML from a
 * message is ever executed); links are built as elements. The session id and the visible
 * history live in sessionStorage: they survive a reload and page changes on the site, and are
 * gone when the tab closes (a shared library computer keeps nothing).
 *
 * Languages: the widget's own texts come from LANGUAGES below (another language is another
 * table). A bot message says its language with a `lang` field (on the message, in `metadata`,
 * in `custom` or in `data`); a message with only `lang` and no text (what Rasa's socket.io
 * channel emits for a response with `custom: {data: {lang: "en"}}`) sets the conversation's
 * language and tags the bot messages of that turn. A bot message that says no language gets
 * one guessed from its common words, or the current one when that is not clear.
 *
 * Read aloud: every bot message gets a "Lees voor" button, and the setting "Lees alles voor"
 * reads each new bot message; both use the browser's own speech synthesis (nothing leaves the
 * browser) in a voice of the message's language. Without such a voice the button is hidden.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__leerloketLoaded) return;
  window.__leerloketLoaded = true;

  // ---- languages: the widget's texts, voices and common words, one table per language ----
  var LANGUAGES = {
    nl: {
      dir: "ltr",
      voices: ["nl-NL", "nl-BE", "nl"],
      // Common words, to guess the language of a bot message that does not say it.
      words: "de het een en van ik je jij jouw niet dat wat wie hoe waar kan kun kunt wil mijn op met voor naar er ook als maar om bij zijn heb hebt geen nog dit deze die wij jullie uw krijg krijgt moet mag dan ze zij hij wordt worden",
      labels: {
        launcher: "Chat met {title}",
        restart: "Nieuw gesprek",
        restartHint: "Begin een nieuw gesprek. Je oude berichten worden gewist.",
        close: "Sluiten",
        closeLabel: "Chat sluiten",
        log: "Gesprek",
        typing: "{title} typt…",
        waiting: "Je bericht is doorgestuurd naar de adviseur. Het antwoord komt hier in dit venster.",
        form: "Bericht sturen",
        input: "Typ je vraag",
        placeholder: "Typ je vraag…",
        send: "Stuur",
        you: "Jij: ",
        bot: "{title}: ",
        replies: "Kies een antwoord",
        newWindow: " (opent in nieuw venster)",
        speak: "Lees voor",
        stop: "Stop",
        readAll: "Lees alles voor",
        speaking: "Ik lees het bericht voor.",
        stopped: "Voorlezen is gestopt.",
        offline: "Geen verbinding met {title}. We proberen het opnieuw…",
        disconnected: "Verbinding verbroken. We proberen het opnieuw…",
        queued: "Nog geen verbinding. Je bericht wordt verstuurd zodra het kan.",
        loadFailed: "De chat kan nu niet laden. Probeer het later opnieuw.",
      },
    },
    en: {
      dir: "ltr",
      voices: ["en-GB", "en-US", "en"],
      words: "the a an and to you your i my it is not that what who how where can could want with for this are do does have has will be from if or at get need there they our please which when",
      labels: {
        launcher: "Chat with {title}",
        restart: "New chat",
        restartHint: "Start a new chat. Your old messages will be deleted.",
        close: "Close",
        closeLabel: "Close chat",
        log: "Chat",
        typing: "{title} is typing…",
        waiting: "Your message has been passed on to the adviser. The answer will appear here.",
        form: "Send a message",
        input: "Type your question",
        placeholder: "Type your question…",
        send: "Send",
        you: "You: ",
        bot: "{title}: ",
        replies: "Choose an answer",
        newWindow: " (opens in a new window)",
        speak: "Read aloud",
        stop: "Stop",
        readAll: "Read everything aloud",
        speaking: "Reading the message aloud.",
        stopped: "Stopped reading aloud.",
        offline: "No connection with {title}. We are trying again…",
        disconnected: "Connection lost. We are trying again…",
        queued: "No connection yet. Your message will be sent as soon as possible.",
        loadFailed: "The chat cannot load now. Please try again later.",
      },
    },
  };
  var DEFAULT_LANG = "nl";

  function known(code) {
    return typeof code === "string" && Object.prototype.hasOwnProperty.call(LANGUAGES, code);
  }
  function primary(tag) {
    return String(tag || "").toLowerCase().split(/[-_]/)[0];
  }

  var data = script.dataset;
  var base = script.src.replace(/[^/]*$/, "");
  var pageLang = primary(document.documentElement.getAttribute("lang"));
  var config = {
    server: (data.server || new URL(script.src).origin).replace(/\/$/, ""),
    municipality: (data.municipality || "").toLowerCase().replace(/[^a-z0-9-]/g, ""),
    color: /^#[0-9a-fA-F]{6}$/.test(data.color || "") ? data.color : "#1a5a96",
    position: data.position === "left" ? "left" : "right",
    title: data.title || "Leerloket",
    lang: known(primary(data.lang)) ? primary(data.lang) : known(pageLang) ? pageLang : DEFAULT_LANG,
  };
  var STORE = "leerloket:" + config.server;
  var MAX_HISTORY = 200;
  var MAX_CHARS = 2000;
  var AUTO_READ_DELAY_MS = 250; // wait for the rest of a turn (and its language) before reading

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
    lang: known(load("lang", null)) ? load("lang", null) : config.lang,
    turn: load("turn", 0), // counts the messages sent: the bot's answers to one are a turn
    readAll: load("readAll", false),
    waiting: load("waiting", false), // a handoff waits: no "typing" after each message
  };

  function t(key) {
    var labels = LANGUAGES[state.lang].labels;
    return String(labels[key] || LANGUAGES[DEFAULT_LANG].labels[key] || "").replace("{title}", config.title);
  }

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
    ".panel[hidden],.launcher[hidden],.tools[hidden],.speak[hidden]{display:none}",
    "header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:" + config.color + ";color:" + onColor + "}",
    "header h2{flex:1;margin:0;font-size:18px}",
    "header button{background:transparent;color:inherit;border:2px solid currentColor;border-radius:6px;padding:4px 10px;font-size:15px;cursor:pointer}",
    ".tools{display:flex;align-items:center;padding:6px 12px;border-bottom:1px solid #d0d0d0;background:#fff;font-size:15px}",
    ".tools label{display:flex;align-items:center;gap:8px;cursor:pointer;min-height:28px}",
    ".tools input{width:20px;height:20px;margin:0;accent-color:" + accentText + "}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f6f6}",
    ".msg{max-width:85%;padding:10px 12px;border-radius:12px;font-size:16px;line-height:1.45;white-space:pre-line;overflow-wrap:anywhere}",
    ".bot{align-self:flex-start;background:#fff;border:1px solid #d0d0d0}",
    ".user{align-self:flex-end;background:" + config.color + ";color:" + onColor + "}",
    ".msg a{color:" + accentText + ";text-decoration:underline}",
    ".user a{color:inherit}",
    ".speak{align-self:flex-start;display:inline-flex;align-items:center;gap:6px;margin-top:-4px;background:#fff;color:" + accentText + ";border:2px solid " + accentText + ";border-radius:16px;padding:3px 10px;font-size:14px;cursor:pointer}",
    ".speak[aria-pressed=true]{background:" + accentText + ";color:#fff}",
    ".speak svg{width:16px;height:16px;fill:currentColor}",
    ".replies{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start}",
    ".replies button{background:#fff;color:" + accentText + ";border:2px solid " + accentText + ";border-radius:18px;padding:7px 12px;font-size:15px;cursor:pointer;text-align:left}",
    ".replies button:hover,.speak[aria-pressed=false]:hover{background:#eef3f8}",
    ".replies button[disabled]{display:none}",
    ".typing{align-self:flex-start;color:#4a4a4a;font-size:15px;padding:4px 2px}",
    ".status{padding:6px 12px;font-size:14px;background:#fff4ce;color:#3d3000}",
    ".status:empty{display:none}",
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d0d0;background:#fff}",
    "label.sr,.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "textarea{flex:1;resize:none;font-size:16px;padding:8px;border:2px solid #6b6b6b;border-radius:8px;min-height:44px;max-height:120px;color:#1b1b1b}",
    "textarea::placeholder{color:#595959}",
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

  var LINK = /(https?:\/\/[^\s<>()"']+[^\s<>()"'.,;:!?])/g;
  var domNodes = typeof WeakMap === "function" ? new WeakMap() : null;
  var messageIds = 0;

  function nodesOf(item) {
    return domNodes ? domNodes.get(item) : null;
  }

  var SPEAKER_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.47 4.47 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z"/></svg>';

  var launcher = el("button", { class: "launcher", type: "button", "aria-haspopup": "dialog" });
  var panel = el("section", { class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "ll-title" });
  var header = el("header");
  header.appendChild(el("h2", { id: "ll-title" }, config.title));
  var restart = el("button", { type: "button" });
  var close = el("button", { type: "button" });
  header.appendChild(restart);
  header.appendChild(close);
  var status = el("div", { class: "status", role: "status" });
  var tools = el("div", { class: "tools", hidden: "" });
  var readAllLabel = el("label", { for: "ll-readall" });
  var readAll = el("input", { type: "checkbox", id: "ll-readall" });
  var readAllText = el("span");
  readAllLabel.appendChild(readAll);
  readAllLabel.appendChild(readAllText);
  tools.appendChild(readAllLabel);
  // What the reader is doing, for screen readers ("Ik lees het bericht voor.").
  var announcer = el("div", { class: "sr", role: "status", "aria-live": "polite" });
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" });
  var typing = el("div", { class: "typing", hidden: "" });
  var form = el("form");
  var label = el("label", { for: "ll-input", class: "sr" });
  var input = el("textarea", { id: "ll-input", rows: "1", maxlength: String(MAX_CHARS), autocomplete: "off" });
  var send = el("button", { type: "submit" });
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(header);
  panel.appendChild(status);
  panel.appendChild(tools);
  panel.appendChild(announcer);
  panel.appendChild(log);
  panel.appendChild(form);
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- the widget's texts in the conversation's language ----
  var statusKey = null; // the status shown, so it follows a language change

  function setStatus(key) {
    statusKey = key;
    status.textContent = key ? t(key) : "";
  }

  function applyLabels() {
    var lang = LANGUAGES[state.lang];
    host.setAttribute("lang", state.lang);
    panel.setAttribute("lang", state.lang);
    panel.setAttribute("dir", lang.dir);
    launcher.setAttribute("lang", state.lang);
    launcher.textContent = t("launcher");
    restart.textContent = t("restart");
    restart.title = t("restartHint");
    close.textContent = t("close");
    close.setAttribute("aria-label", t("closeLabel"));
    log.setAttribute("aria-label", t("log"));
    typing.textContent = t("typing");
    form.setAttribute("aria-label", t("form"));
    label.textContent = t("input");
    input.placeholder = t("placeholder");
    send.textContent = t("send");
    readAllText.textContent = t("readAll");
    Array.prototype.forEach.call(log.querySelectorAll(".who"), function (node) {
      node.textContent = node.getAttribute("data-from") === "user" ? t("you") : t("bot");
    });
    Array.prototype.forEach.call(log.querySelectorAll(".nw"), function (node) {
      node.textContent = t("newWindow");
    });
    Array.prototype.forEach.call(log.querySelectorAll(".replies"), function (node) {
      node.setAttribute("aria-label", t("replies"));
    });
    Array.prototype.forEach.call(log.querySelectorAll(".speak"), labelSpeaker);
    if (statusKey) status.textContent = t(statusKey);
  }

  function setLanguage(code) {
    if (!known(code) || code === state.lang) return;
    state.lang = code;
    save("lang", code);
    applyLabels();
  }

  // Guess a bot message's language from its common words; null when it is not clear.
  var WORD_SETS = {};
  Object.keys(LANGUAGES).forEach(function (code) {
    WORD_SETS[code] = {};
    LANGUAGES[code].words.split(" ").forEach(function (word) {
      WORD_SETS[code][word] = true;
    });
  });
  function guessLanguage(text) {
    var words;
    try {
      words = String(text).toLowerCase().replace(LINK, " ").match(/[\p{L}']+/gu) || [];
    } catch (e) {
      words = String(text).toLowerCase().match(/[a-z\u00c0-\u024f']+/g) || [];
    }
    var hits = Object.keys(WORD_SETS).map(function (code) {
      return { code: code, n: words.filter(function (w) { return WORD_SETS[code][w]; }).length };
    });
    hits.sort(function (a, b) { return b.n - a.n; });
    var best = hits[0], second = hits[1] || { n: 0 };
    return best && best.n >= 2 && best.n >= 2 * second.n ? best.code : null;
  }

  function languageOf(message) {
    var found = [message.lang, message.metadata && message.metadata.lang,
      message.custom && message.custom.lang, message.data && message.data.lang];
    for (var i = 0; i < found.length; i++) {
      if (known(primary(found[i]))) return primary(found[i]);
    }
    return null;
  }

  // ---- read aloud (the browser's speech synthesis; nothing leaves the browser) ----
  var synth = "speechSynthesis" in window ? window.speechSynthesis : null;
  var Utterance = typeof window.SpeechSynthesisUtterance === "function" ? window.SpeechSynthesisUtterance : null;
  var voices = [];
  var speaking = null; // {item, button, parts, index}
  var readQueue = [];
  var autoReadTimer = null;

  function loadVoices() {
    try {
      voices = (synth && synth.getVoices()) || [];
    } catch (e) {
      voices = [];
    }
    updateSpeakers();
  }

  function voiceFor(code) {
    if (!synth || !Utterance || !known(code)) return null;
    var tags = LANGUAGES[code].voices;
    var norm = function (tag) { return String(tag || "").toLowerCase().replace("_", "-"); };
    for (var i = 0; i < tags.length; i++) {
      var want = tags[i].toLowerCase();
      for (var j = 0; j < voices.length; j++) {
        var have = norm(voices[j].lang);
        if (have === want || (want.indexOf("-") < 0 && primary(have) === want)) return voices[j];
      }
    }
    return null;
  }

  function canReadAny() {
    return Object.keys(LANGUAGES).some(function (code) { return !!voiceFor(code); });
  }

  function labelSpeaker(button) {
    var on = button.getAttribute("aria-pressed") === "true";
    button.lastChild.textContent = on ? t("stop") : t("speak");
  }

  function updateSpeakers() {
    tools.hidden = !canReadAny();
    if (tools.hidden && speaking) stopSpeaking(false);
    state.history.forEach(function (item) {
      var nodes = nodesOf(item);
      if (nodes && nodes.speaker) nodes.speaker.hidden = !voiceFor(item.lang || state.lang);
    });
  }

  // What to say: web addresses become their site name ("duo.nl"), in short pieces (some
  // browsers stop a long utterance half-way).
  function spokenParts(text) {
    var plain = String(text).replace(LINK, function (url) {
      try {
        return new URL(url).hostname.replace(/^www\./, "");
      } catch (e) {
        return "";
      }
    });
    plain = plain.replace(/[•·]/g, " ").replace(/\s+/g, " ").trim();
    var sentences = plain.match(/[^.!?]+[.!?]*\s*/g) || [plain];
    var parts = [], current = "";
    sentences.forEach(function (sentence) {
      if (current && (current + sentence).length > 200) {
        parts.push(current.trim());
        current = "";
      }
      current += sentence;
    });
    if (current.trim()) parts.push(current.trim());
    return parts;
  }

  function announce(key) {
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = t(key); }, 50);
  }

  function setPressed(button, on) {
    if (!button) return;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    labelSpeaker(button);
  }

  function stopSpeaking(say) {
    clearTimeout(autoReadTimer);
    readQueue = [];
    var was = speaking;
    speaking = null;
    if (was) setPressed(was.button, false);
    if (synth && (was || synth.speaking || synth.pending)) synth.cancel();
    if (was && say) announce("stopped");
  }

  function speakPart() {
    var current = speaking;
    var voice = voiceFor(current.item.lang || state.lang);
    if (!voice || current.index >= current.parts.length) return finished(current);
    var utterance = new Utterance(current.parts[current.index]);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.onend = utterance.onerror = function () {
      if (speaking !== current) return; // stopped, or another message took over
      current.index += 1;
      speakPart();
    };
    synth.speak(utterance);
  }

  function finished(current) {
    if (speaking !== current) return;
    speaking = null;
    setPressed(current.button, false);
    readNext();
  }

  function speak(item, button) {
    var parts = spokenParts(item.text || "");
    if (!parts.length || !voiceFor(item.lang || state.lang)) return false;
    if (synth.speaking || synth.pending) synth.cancel();
    speaking = { item: item, button: button, parts: parts, index: 0 };
    setPressed(button, true);
    announce("speaking");
    speakPart();
    return true;
  }

  function toggleSpeaking(item, button) {
    if (speaking && speaking.button === button) return stopSpeaking(true);
    stopSpeaking(false);
    speak(item, button);
  }

  function readNext() {
    while (!speaking && readQueue.length) {
      var next = readQueue.shift();
      var nodes = nodesOf(next);
      speak(next, nodes && nodes.speaker);
    }
  }

  function queueAutoRead(item) {
    if (!state.readAll || !synth) return;
    readQueue.push(item);
    clearTimeout(autoReadTimer);
    autoReadTimer = setTimeout(readNext, AUTO_READ_DELAY_MS);
  }

  if (synth) {
    loadVoices();
    if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", loadVoices);
    else synth.onvoiceschanged = loadVoices;
  }

  // ---- rendering ----
  function appendText(node, text) {
    var last = 0;
    String(text).replace(LINK, function (url, _m, offset) {
      node.appendChild(document.createTextNode(text.slice(last, offset)));
      var a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
      a.appendChild(el("span", { class: "sr nw" }, t("newWindow")));
      node.appendChild(a);
      last = offset + url.length;
      return url;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderMessage(item) {
    var id = "ll-m" + (++messageIds);
    var bubble = el("div", { class: "msg " + item.from, id: id });
    if (item.lang) bubble.setAttribute("lang", item.lang);
    bubble.appendChild(el("span", { class: "sr who", "data-from": item.from }, item.from === "user" ? t("you") : t("bot")));
    appendText(bubble, item.text || "");
    log.insertBefore(bubble, typing);
    var nodes = { bubble: bubble, speaker: null };
    if (item.from === "bot") {
      var speaker = el("button", { type: "button", class: "speak", "aria-pressed": "false", "aria-describedby": id });
      speaker.innerHTML = SPEAKER_ICON;
      speaker.appendChild(el("span"));
      labelSpeaker(speaker);
      speaker.hidden = !voiceFor(item.lang || state.lang);
      speaker.addEventListener("click", function () {
        toggleSpeaking(item, speaker);
      });
      log.insertBefore(speaker, typing);
      nodes.speaker = speaker;
    }
    if (domNodes) domNodes.set(item, nodes);
    if (item.replies && item.replies.length && !item.answered) {
      var group = el("div", { class: "replies", role: "group", "aria-label": t("replies") });
      if (item.lang) group.setAttribute("lang", item.lang);
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

  // The bot said the conversation's language: it holds for the bot's messages of this turn
  // that did not say their own.
  function languageSaid(code) {
    for (var i = state.history.length - 1; i >= 0 && state.history[i].turn === state.turn; i--) {
      var item = state.history[i];
      if (item.from !== "bot" || item.langSaid) continue;
      item.lang = code;
      var nodes = nodesOf(item);
      if (nodes) {
        nodes.bubble.setAttribute("lang", code);
        if (nodes.speaker) nodes.speaker.hidden = !voiceFor(code);
      }
    }
    save("history", state.history);
    setLanguage(code);
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
    typing.textContent = t("typing");
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

  function onBotMessage(message) {
    if (!message || typeof message !== "object") return;
    if (message.handoff === "waiting" || message.handoff === "ended") {
      state.waiting = message.handoff === "waiting";
      save("waiting", state.waiting);
      if (typeof message.text !== "string") return;
    }
    var said = languageOf(message);
    var text = typeof message.text === "string" ? message.text : "";
    if (message.attachment && message.attachment.payload && typeof message.attachment.payload.src === "string") {
      text += (text ? "\n" : "") + message.attachment.payload.src;
    }
    if (!text) {
      if (said) languageSaid(said);
      return;
    }
    showTyping(false);
    var lang = said || guessLanguage(text) || state.lang;
    setLanguage(lang);
    var item = { from: "bot", text: text, replies: repliesOf(message), lang: lang, langSaid: !!said, turn: state.turn };
    remember(item);
    queueAutoRead(item);
  }

  function connect() {
    if (socket || typeof window.io !== "function") return;
    socket = window.io(config.server, { path: "/socket.io", transports: ["websocket"], reconnectionDelayMax: 10000 });
    socket.on("connect", function () {
      setStatus(null);
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
    socket.on("bot_uttered", onBotMessage);
    socket.on("connect_error", function () {
      setStatus("offline");
    });
    socket.on("disconnect", function () {
      setStatus("disconnected");
    });
  }

  function emit(text) {
    state.turn += 1;
    save("turn", state.turn);
    socket.emit("user_uttered", {
      message: text,
      session_id: state.sessionId,
      metadata: { municipality: config.municipality, page: window.location.pathname, lang: state.lang },
    });
    if (state.waiting) {
      // An adviser answers when they can: say so, instead of "typing" for 20 seconds.
      showTyping(false);
      typing.textContent = t("waiting");
      typing.hidden = false;
    } else {
      showTyping(true);
    }
  }

  function sendMessage(text, shown) {
    text = String(text).trim().slice(0, MAX_CHARS);
    if (!text) return;
    stopSpeaking(false); // a new question: stop reading the old answer
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
      setStatus("queued");
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
    } else {
      stopSpeaking(false);
      if (moveFocus) launcher.focus();
    }
  }

  function ensureSocketIo(done) {
    if (typeof window.io === "function") return done();
    var tag = document.createElement("script");
    tag.src = base + "vendor/socket.io.min.js";
    tag.onload = done;
    tag.onerror = function () {
      setStatus("loadFailed");
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
    stopSpeaking(false);
    state.history = [];
    state.sessionId = null;
    save("history", []);
    save("session", null);
    state.waiting = false;
    save("waiting", false);
    setLanguage(config.lang);
    Array.prototype.slice.call(log.childNodes).forEach(function (node) {
      if (node !== typing) log.removeChild(node);
    });
    if (socket) socket.emit("session_request", { session_id: null });
    input.focus();
  });
  readAll.addEventListener("change", function () {
    state.readAll = readAll.checked;
    save("readAll", state.readAll);
    if (!state.readAll) stopSpeaking(false);
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
  readAll.checked = !!state.readAll;
  applyLabels();
  state.history.forEach(renderMessage);
  updateSpeakers();
  setOpen(state.open, false);
})();
