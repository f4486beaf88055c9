/* Saves preparation answers while they are typed. A copy is kept on the device until the server has it,
   so a lost connection, a closed tab or an expired session loses nothing. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch) return;
  var url = form.dataset.autosaveUrl;
  var key = "yv-draft:" + url;
  var status = form.querySelector("[data-autosave-status]");
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var timer = null, inFlight = false, again = false;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.name !== "go" && (el.type !== "radio" || el.checked);
    });
  }
  function values() {
    var out = {};
    fields().forEach(function (el) { out[el.name] = el.value; });
    return out;
  }
  function say(text) { if (status) status.textContent = text || ""; }
  function keep(data) { try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full or off */ } }
  function forget() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }

  function save() {
    if (inFlight) { again = true; return; }
    var data = values();
    keep(data);
    inFlight = true;
    say(form.dataset.msgSaving);
    fetch(url, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(data)
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 400 && !response.headers.get("content-type")) {
        say(form.dataset.msgLogin);
        return;
      }
      return response.json().then(function (body) {
        if (response.ok) { forget(); say(form.dataset.msgSaved); }
        else { say(body.error || form.dataset.msgOffline); }
      });
    }).catch(function () {
      say(form.dataset.msgOffline);
    }).then(function () {
      inFlight = false;
      if (again) { again = false; save(); }
    });
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(save, 700); }

  // A copy left from an earlier visit (offline, or logged out) goes back into the form and is sent again.
  try {
    var kept = JSON.parse(localStorage.getItem(key) || "null");
    if (kept) {
      Object.keys(kept).forEach(function (name) {
        var el = form.elements[name];
        if (!el) return;
        if (el.length && el[0] && el[0].type === "radio") {
          Array.prototype.forEach.call(el, function (r) { r.checked = r.value === kept[name]; });
        } else if (el.value !== undefined) { el.value = kept[name]; }
      });
      save();
    }
  } catch (e) { /* ignore a broken copy */ }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  window.addEventListener("online", function () { if (localStorage.getItem(key)) save(); });
  form.addEventListener("submit", function () { forget(); });
})();
