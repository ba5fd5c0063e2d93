// Leerloket console: a sound and a browser notification when a handoff starts waiting in
// one of the adviser's regions (the queue stream shows only those). No user text is shown.
(function () {
  "use strict";
  var known = null; // ids of open handoffs seen so far; null until the first event
  var button = document.getElementById("meldingen-aan");
  function permission() {
    return typeof window.Notification === "function" ? window.Notification.permission : "denied";
  }
  function showButton() {
    if (button) button.hidden = permission() === "granted" || typeof window.Notification !== "function";
  }
  if (button) {
    button.addEventListener("click", function () {
      if (typeof window.Notification === "function") {
        Promise.resolve(window.Notification.requestPermission()).then(showButton);
      }
    });
    showButton();
  }
  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = new Ctx(), osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.15;
      osc.connect(gain); gain.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.35);
      window.leerloketBeeps = (window.leerloketBeeps || 0) + 1;
    } catch (e) { /* no sound: the notification still shows */ }
  }
  function announce(item) {
    beep();
    var title = "Nieuw gesprek wacht" + (item.region ? " (" + item.region + ")" : "");
    document.title = "(!) " + document.title.replace(/^\(!\) /, "");
    if (permission() === "granted") {
      var n = new window.Notification(title, { body: "Gesprek #" + item.id + " wacht op een adviseur.", tag: "handoff-" + item.id });
      n.onclick = function () { window.focus(); window.location.href = "/console/handoff/" + item.id; };
    }
  }
  var source = new EventSource("/console/events");
  source.addEventListener("queue", function (e) {
    var open = JSON.parse(e.data).filter(function (h) { return h.status === "open"; });
    var ids = open.map(function (h) { return h.id; });
    if (known !== null) {
      open.forEach(function (h) { if (known.indexOf(h.id) < 0) announce(h); });
    }
    known = ids;
  });
  source.addEventListener("ended", function () { source.close(); });
})();
