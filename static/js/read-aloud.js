/* Read aloud: a small button beside each marked text (heading, question, an answer to her wish, a card), using the
   browser's own speech synthesis in the page's language (<html lang>). Only shown where the device has a voice for
   that language (progressive enhancement): nothing leaves the phone. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var targets = document.querySelectorAll("[data-read-aloud]");
  if (!synth || !window.SpeechSynthesisUtterance || !targets.length) return;
  var lang = (document.documentElement.lang || "da").toLowerCase().replace("_", "-");
  var base = lang.split("-")[0];
  var label = document.body.getAttribute("data-msg-read-aloud") || "Read aloud";

  // A voice for the page's language: the exact tag first (da-dk), then the same language (da, da_DK), the phone's own
  // (local) voices before network ones. Voices of another language never read the page: that would mangle it.
  function voiceFor() {
    var best = null, bestScore = 0;
    synth.getVoices().forEach(function (v) {
      var tag = (v.lang || "").toLowerCase().replace("_", "-");
      if (tag.split("-")[0] !== base) return;
      var score = 1 + (tag === lang ? 4 : 0) + (v.localService ? 2 : 0) + (v["default"] ? 1 : 0);
      if (score > bestScore) { best = v; bestScore = score; }
    });
    return best;
  }

  function speak(text, voice) {
    synth.cancel();
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = voice.lang;
    utterance.voice = voice;
    synth.speak(utterance);
  }

  function addButtons(voice) {
    if (document.querySelector(".read-aloud")) return;
    Array.prototype.forEach.call(targets, function (element) {
      var text = element.textContent.replace(/\s+/g, " ").trim();
      if (!text) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "read-aloud";
      button.setAttribute("aria-label", label + ": " + text.slice(0, 80));
      // A drawn speaker, not an emoji: every phone shows it, with or without an emoji font.
      button.innerHTML = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">' +
        '<path d="M4 9v6h4l5 4V5L8 9H4z" fill="currentColor"/>' +
        '<path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" ' +
        'stroke-width="2" stroke-linecap="round"/></svg>';
      button.addEventListener("click", function (event) { event.stopPropagation(); speak(text, voice); });
      // Text inside a link or a label (a card, a picture card): the button goes right after it, never inside it, so
      // the link or the box keeps its own name and a tap on the speaker does not follow or tick it.
      var holder = element.parentNode.closest ? element.parentNode.closest("a, label, button, summary") : null;
      if (holder) {
        holder.parentNode.insertBefore(button, holder.nextSibling);
        return;
      }
      // Beside the text (on the same line), not inside it: a heading or label keeps its own accessible name.
      var row = document.createElement(element.parentNode.tagName === "LEGEND" ? "span" : "div");
      row.className = "read-aloud-row";
      element.parentNode.insertBefore(row, element);
      row.appendChild(element);
      row.appendChild(button);
    });
  }

  function tryNow() { var voice = voiceFor(); if (voice) addButtons(voice); }
  tryNow();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", tryNow);
  else synth.onvoiceschanged = tryNow;  // older Safari
})();
