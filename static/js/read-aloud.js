/* Read aloud: a small button beside each marked text, using the browser's own speech synthesis in the page's
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
      button.textContent = "🔊";
      button.addEventListener("click", function () {
        synth.cancel();
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = voice.lang;
        utterance.voice = voice;
        synth.speak(utterance);
      });
      // Beside the text, not inside it: a heading or label keeps its own accessible name.
      element.insertAdjacentElement("afterend", button);
    });
  }

  function tryNow() { var voice = voiceFor(); if (voice) addButtons(voice); }
  tryNow();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", tryNow);
})();
