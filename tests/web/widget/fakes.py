"""Page-side stand-ins for the widget tests: a socket.io client that plays the assistant, and
a speechSynthesis that records what it is asked to say. Both go in with add_init_script, so
the real widget script runs unchanged against them; the widget itself comes from the real
web front routes (bot.web.widget) on 127.0.0.1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web

from bot.web import widget
from tests.support.standins.base import Standin

DUTCH_VOICE = {"name": "Dutch (Netherlands)", "lang": "nl-NL", "voiceURI": "nl", "localService": True, "default": False}  # fmt: skip
FLEMISH_VOICE = {"name": "Dutch (Belgium)", "lang": "nl-BE", "voiceURI": "nl-be", "localService": True, "default": False}  # fmt: skip
ENGLISH_VOICE = {"name": "English (UK)", "lang": "en-GB", "voiceURI": "en", "localService": True, "default": True}  # fmt: skip
GREETING = {
    "text": "Hoi! Ik ben Leerloket. Ik help je met vragen over leren en werk. Waar wil je meer over weten?",
    "quick_replies": [
        {"content_type": "text", "title": "Wie betaalt mijn opleiding?", "payload": "/ask_funding"},
        {"content_type": "text", "title": "Advies over werk", "payload": "/ask_career"},
    ],
}  # fmt: skip

# window.io: connects at once, confirms the session, answers "/greet" with GREETING and every
# other message with what the test queued in window.__ll.next (a list of bot messages).
FAKE_SOCKET_IO = """
(() => {
  const ll = window.__ll = { emitted: [], next: [], greeting: GREETING };
  window.io = function () {
    const handlers = {};
    const fire = (event, data) => (handlers[event] || []).forEach((fn) => fn(data));
    const socket = {
      connected: false,
      on(event, fn) { (handlers[event] = handlers[event] || []).push(fn); return socket; },
      emit(event, data) {
        ll.emitted.push([event, JSON.parse(JSON.stringify(data || null))]);
        if (event === "session_request") {
          setTimeout(() => fire("session_confirm", (data && data.session_id) || "session-1"), 0);
        }
        if (event === "user_uttered") {
          const replies = data.message.startsWith("/greet") ? [ll.greeting] : ll.next.splice(0);
          replies.forEach((m, i) => setTimeout(() => fire("bot_uttered", m), 20 * (i + 1)));
        }
      },
    };
    ll.fire = fire;
    setTimeout(() => { socket.connected = true; fire("connect"); }, 0);
    return socket;
  };
})();
"""

# window.speechSynthesis: `voices` now; `__speech.setVoices(list)` later fires voiceschanged;
# `__speech.finish()` ends the utterance being spoken (as the end of the audio would).
FAKE_SPEECH = """
(() => {
  let voices = VOICES;
  const listeners = [];
  const speech = window.__speech = { spoken: [], cancels: 0, current: null };
  const synth = {
    speaking: false, pending: false, paused: false, onvoiceschanged: null,
    getVoices: () => voices.slice(),
    speak(u) {
      speech.spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name });
      speech.current = u; synth.speaking = true;
    },
    cancel() {
      speech.cancels += 1;
      const u = speech.current; speech.current = null; synth.speaking = false;
      if (u && u.onerror) u.onerror({ error: "interrupted" });
    },
    pause() {}, resume() {},
    addEventListener(event, fn) { if (event === "voiceschanged") listeners.push(fn); },
    removeEventListener() {},
  };
  speech.finish = () => {
    const u = speech.current; speech.current = null; synth.speaking = false;
    if (u && u.onend) u.onend({});
  };
  speech.setVoices = (list) => {
    voices = list;
    listeners.forEach((fn) => fn({}));
    if (synth.onvoiceschanged) synth.onvoiceschanged({});
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) {
    this.text = text; this.lang = ""; this.voice = null; this.onend = null; this.onerror = null;
  };
})();
"""

# A browser without speech synthesis at all.
NO_SPEECH = """
(() => {
  delete window.speechSynthesis;
  Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
  delete window.SpeechSynthesisUtterance;
})();
"""


def socket_script(greeting: dict | None = None) -> str:
    return FAKE_SOCKET_IO.replace("GREETING", json.dumps(greeting or GREETING))


def speech_script(voices: list[dict]) -> str:
    return FAKE_SPEECH.replace("VOICES", json.dumps(voices))


class WidgetServer(Standin):
    """The web front's widget routes (demo page and script) on 127.0.0.1."""

    def routes(self, app: web.Application) -> None:
        widget.add_routes(app)


@contextmanager
def widget_server() -> Iterator[WidgetServer]:
    server = WidgetServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
