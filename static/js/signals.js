/* On the professional's open meeting page: shows "I need a break" / "I don't understand" the moment the young
   person sends it, where the professional is looking: a banner fixed to the top of the screen, the tab's title
   changed (a tab in the background shows it too), each signal with its time, and a sound for those who turn it
   on. "Seen" takes a signal away. Polls a small JSON endpoint every second (a signal shows within two seconds of the tap); without JavaScript, reloading the page shows
   recent signals. */
(function () {
  "use strict";
  var box = document.querySelector("[data-signals-url]");
  if (!box || !window.fetch) return;
  var list = box.querySelector("[data-signals-list]") || box;
  var soundBox = document.querySelector("[data-signals-sound]");
  var title = document.title;
  var since = new Date(Date.now() - 10 * 60 * 1000).toISOString();
  var SOUND_KEY = "yv-signal-sound";

  function msg(name) { return box.getAttribute("data-msg-" + name) || ""; }
  function soundOn() { try { return localStorage.getItem(SOUND_KEY) === "on"; } catch (e) { return false; } }

  function clock(iso) {
    try {
      return new Date(iso).toLocaleTimeString(document.documentElement.lang || undefined,
        { hour: "2-digit", minute: "2-digit", hour12: false });
    } catch (e) { return ""; }
  }

  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context || !soundOn()) return;
    try {
      var context = new Context(), tone = context.createOscillator(), gain = context.createGain();
      tone.frequency.value = 660;
      gain.gain.setValueAtTime(0.15, context.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.6);
      tone.connect(gain); gain.connect(context.destination);
      tone.start(); tone.stop(context.currentTime + 0.6);
    } catch (e) { /* no sound: the banner and the title still show it */ }
  }

  function retitle() {
    var newest = list.querySelector(".signal-alert:not(.is-old)");
    document.title = newest ? "(!) " + newest.getAttribute("data-text") + " · " + title : title;
    box.classList.toggle("has-signals", !!list.querySelector(".signal-alert"));
  }

  function seenKey(signal) { return "yv-signal-seen:" + signal.kind + "@" + signal.at; }
  function wasSeen(signal) { try { return sessionStorage.getItem(seenKey(signal)) === "1"; } catch (e) { return false; } }

  function show(signal) {
    if (wasSeen(signal)) return;  // taken away with "Seen" before a reload
    var item = document.createElement("div");
    item.className = "signal-alert signal-" + signal.kind;
    item.setAttribute("data-testid", "signal-alert");
    var text = msg(signal.kind) || signal.kind;
    item.setAttribute("data-text", text);
    var words = document.createElement("p");
    words.textContent = text + " ";
    var time = document.createElement("time");
    time.dateTime = signal.at;
    time.textContent = clock(signal.at);
    time.className = "signal-time";
    words.appendChild(time);
    var seen = document.createElement("button");
    seen.type = "button";
    seen.className = "btn btn-quiet signal-seen";
    seen.textContent = msg("seen");
    seen.setAttribute("data-testid", "signal-seen");
    seen.addEventListener("click", function () {
      try { sessionStorage.setItem(seenKey(signal), "1"); } catch (e) {}
      item.remove();
      retitle();
    });
    item.appendChild(words);
    item.appendChild(seen);
    list.insertBefore(item, list.firstChild);
    // Older than two minutes: still there (with its time) but quieter, and no longer in the tab's title.
    var age = Date.now() - new Date(signal.at).getTime();
    setTimeout(function () { item.classList.add("is-old"); retitle(); }, Math.max(0, 120000 - age));
    retitle();
  }

  if (soundBox) {
    var toggle = soundBox.querySelector("input");
    soundBox.hidden = !(window.AudioContext || window.webkitAudioContext);
    toggle.checked = soundOn();
    toggle.addEventListener("change", function () {
      try { localStorage.setItem(SOUND_KEY, toggle.checked ? "on" : "off"); } catch (e) {}
      if (toggle.checked) beep();
    });
  }

  var first = true;
  function poll() {
    fetch(box.dataset.signalsUrl + "?since=" + encodeURIComponent(since), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data) return;
      since = data.now;
      data.signals.forEach(show);
      if (data.signals.length && !first) beep();  // not for the ones already there when the page opened
      first = false;
    }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
