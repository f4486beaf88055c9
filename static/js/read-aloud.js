/* Read aloud: a small button beside each marked text (heading, question, an answer to her wish), using the browser's own speech synthesis in the page's
   language. Only shown where the device has a voice for that language (progressive enhancement). */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var targets = document.querySelectorAll("[data-read-aloud]");
  if (!synth || !window.SpeechSynthesisUtterance || !targets.length) return;
  var lang = (document.documentElement.lang || "da").toLowerCase();
  var label = document.body.getAttribute("data-msg-read-aloud") || "Read aloud";

  function voiceFor() {
    return synth.getVoices().filter(function (v) { return v.lang && v.lang.toLowerCase().indexOf(lang) === 0; })[0];
  }

  function addButtons(voice) {
    if (document.querySelector(".read-aloud")) return;
    Array.prototype.forEach.call(targets, function (element) {
      var text = element.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "read-aloud";
      button.setAttribute("aria-label", label + ": " + text.slice(0, 80));
      // A drawn speaker, not an emoji: every phone shows it, with or without an emoji font.
      button.innerHTML = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">' +
        '<path d="M4 9v6h4l5 4V5L8 9H4z" fill="currentColor"/>' +
        '<path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" ' +
        'stroke-width="2" stroke-linecap="round"/></svg>';
      button.addEventListener("click", function () {
        synth.cancel();
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = voice.lang;
        utterance.voice = voice;
        synth.speak(utterance);
      });
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
})();
