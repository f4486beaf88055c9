/* On the professional's open meeting page: shows "I need a break" / "I don't understand" the moment the young
   person sends it. Polls a small JSON endpoint; without JavaScript, reloading the page shows recent signals. */
(function () {
  "use strict";
  var box = document.querySelector("[data-signals-url]");
  if (!box || !window.fetch) return;
  var since = new Date(Date.now() - 10 * 60 * 1000).toISOString();
  function show(kind) {
    var item = document.createElement("p");
    item.className = "signal-alert signal-" + kind;
    item.textContent = box.getAttribute("data-msg-" + kind) || kind;
    box.appendChild(item);
    setTimeout(function () { item.classList.add("is-old"); }, 60000);
  }
  function poll() {
    fetch(box.dataset.signalsUrl + "?since=" + encodeURIComponent(since), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data) return;
      since = data.now;
      data.signals.forEach(function (s) { show(s.kind); });
    }).catch(function () {}).then(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
