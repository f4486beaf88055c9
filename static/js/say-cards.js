/* "Say it for me" cards (issue 17). Showing a card needs nothing from here: each is an anchor target shown full
   screen by CSS, so it works offline and without JavaScript. This adds: Escape goes back, and, when the young
   person has switched it on (kept on this phone), showing a card also sends it as a live signal to the
   professionals' open meeting page. A signal that cannot be sent (offline) is simply not sent: the card shows. */
(function () {
  "use strict";
  var section = document.querySelector("[data-say-signal-url]");
  var send = section && section.querySelector("[data-say-send]");
  var KEY = "yv-say-send";

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && location.hash.indexOf("#say-") === 0) location.hash = "say";
  });
  if (!section || !send || !window.fetch) return;
  try { send.checked = localStorage.getItem(KEY) === "on"; } catch (e) { /* private mode: off */ }
  send.addEventListener("change", function () {
    try { localStorage.setItem(KEY, send.checked ? "on" : "off"); } catch (e) { /* not kept */ }
  });
  section.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-say-kind]");
    if (!pick || !send.checked) return;
    var url = section.getAttribute("data-say-signal-url").replace("KIND", pick.getAttribute("data-say-kind"));
    var body = new URLSearchParams();
    body.set("csrf_token", section.getAttribute("data-csrf"));
    fetch(url, { method: "POST", body: body, credentials: "same-origin",
                 headers: { "Accept": "application/json" } }).catch(function () { /* offline: the card still shows */ });
  });
})();
