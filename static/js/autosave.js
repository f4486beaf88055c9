/* Saves preparation answers while they are typed. Each change goes into the outbox on the phone first
   (outbox.js), then to the server: a lost connection, a closed tab or an expired session loses nothing, and
   what is still waiting is put back into the form when the page opens again. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-sync-url]");
  var outbox = window.yvOutbox;
  if (!form || !outbox) return;
  var url = form.dataset.syncUrl;
  var coalesce = "preparation:" + url;
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && ["csrf_token", "go", "request_key", "mood"].indexOf(el.name) < 0 &&
        (el.type !== "radio" || el.checked);
    });
  }
  function values() {
    var out = {};
    fields().forEach(function (el) { out[el.name] = el.value; });
    return out;
  }
  function say(text) { if (status) status.textContent = text || ""; }
  function ours(rows) { return rows.filter(function (row) { return row.coalesce === coalesce; })[0]; }

  function report(result) {
    return outbox.pending().then(function (rows) {
      var entry = ours(rows);
      if (!entry) say(form.dataset.msgSaved);
      else if (entry.failed) say(entry.error || form.dataset.msgOffline);
      else if (result && result.stopped === "login") say(form.dataset.msgLogin);
      else say(form.dataset.msgOffline);
      return entry;
    });
  }

  function save() {
    say(form.dataset.msgSaving);
    return outbox.enqueue({ coalesce: coalesce, method: "PUT", url: url, label: form.dataset.syncLabel,
                            body: { answers: values() } })
      .then(function () { return outbox.flush(); })
      .then(report);
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(save, 700); }

  // Answers still waiting from an earlier visit go back into the form (the server does not have them yet).
  outbox.pending().then(function (rows) {
    var entry = ours(rows);
    if (!entry || !entry.body || !entry.body.answers) return;
    Object.keys(entry.body.answers).forEach(function (name) {
      var el = form.elements[name];
      if (!el) return;
      if (el.length && el[0] && el[0].type === "radio") {
        Array.prototype.forEach.call(el, function (r) { r.checked = r.value === entry.body.answers[name]; });
      } else if (el.value !== undefined) { el.value = entry.body.answers[name]; }
    });
    return outbox.flush().then(report);
  }).catch(function () { /* storage off: the form still posts as usual */ });

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);

  // Next/Back/Done: send what is waiting first. Without a connection, stay here and say it is kept.
  form.addEventListener("submit", function (event) {
    if (form.dataset.sending) return;
    event.preventDefault();
    clearTimeout(timer);
    var submitter = event.submitter;
    save().then(function (entry) {
      if (entry && !entry.failed) return;  // not sent: kept on the phone, and the page stays
      form.dataset.sending = "1";
      if (submitter && submitter.name) {
        var go = document.createElement("input");
        go.type = "hidden";
        go.name = submitter.name;
        go.value = submitter.value;
        form.appendChild(go);
      }
      form.submit();
    });
  });
})();
