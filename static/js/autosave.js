/* The preparation's step form. Answers are saved while they are typed: each change goes into the outbox on the
   phone first (outbox.js), then to the server, so a lost connection, a closed tab or an expired session loses
   nothing, and what is still waiting is put back into the form when the page opens again. On the points and
   the wishes screens, what is typed in the add box goes through the outbox too when a button is tapped (under
   the form's own request key, so the form posted after it adds nothing more). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-step-form]");
  var outbox = window.yvOutbox;
  if (!form || !outbox) return;
  var url = form.dataset.syncUrl;  // only on screens with questions
  var coalesce = url ? "preparation:" + url : null;
  var status = form.querySelector("[data-autosave-status]");
  var add = form.querySelector("[data-add-url]");
  var keyField = form.elements.request_key;
  var sentUnder = {};  // request key -> the text the outbox sent under it
  var timer = null, waiting = null, submitter = null;

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
  function ours(rows) {
    return rows.filter(function (row) {
      return (coalesce && row.coalesce === coalesce) || (keyField && row.id === keyField.value);
    });
  }

  /* Say how it went. "Not sent yet" only when the phone could not reach the server; something typed after
     this round started is still on its way. */
  function report(result) {
    return outbox.pending().then(function (rows) {
      var left = ours(rows);
      var failed = left.filter(function (row) { return row.failed; })[0];
      var stopped = result && result.stopped;
      if (!left.length) say(form.dataset.msgSaved);
      else if (failed) say(failed.error || "");
      else if (stopped === "login") say(form.dataset.msgLogin);
      else if (stopped === "offline" || stopped === "later") say(form.dataset.msgOffline);
      else say(form.dataset.msgSaving);
      return { left: left, stopped: stopped || "" };
    });
  }

  /* The add box as an outbox entry, under the form's key; a new key when the text changed after the outbox
     already sent it (that is a new entry, not a retry of the one sent). */
  function addEntry() {
    if (!add || !keyField || !add.value.trim()) return null;
    if (sentUnder[keyField.value] !== undefined && sentUnder[keyField.value] !== add.value) {
      keyField.value = outbox.newKey();
    }
    var body = { text: add.value };
    var kind = form.querySelector('input[name="new_status"]:checked');
    if (kind) body.status = kind.value;
    return { id: keyField.value, method: "POST", url: add.dataset.addUrl, label: add.dataset.addLabel, body: body };
  }

  function save(withAdd) {
    var work = [];
    if (url) {
      work.push(outbox.enqueue({ coalesce: coalesce, method: "PUT", url: url, label: form.dataset.syncLabel,
                                 body: { answers: values() } }));
    }
    var entry = withAdd ? addEntry() : null;
    if (entry) work.push(outbox.enqueue(entry));
    if (!work.length) return Promise.resolve({ left: [], stopped: "" });
    say(form.dataset.msgSaving);
    return Promise.all(work).then(function () { return outbox.flush(); }).then(report);
  }
  function schedule() { if (url) { clearTimeout(timer); timer = setTimeout(function () { save(false); }, 700); } }

  /* Send what is ours, again while something typed meanwhile is still on its way (never "not sent" while
     the server answers). */
  function settle(tries) {
    return save(true).then(function (state) {
      var pending = state.left.filter(function (row) { return !row.failed; });
      if (pending.length && !state.stopped && tries > 1) return settle(tries - 1);
      return state;
    });
  }

  outbox.listen(function (entry, what) {
    if (what === "sent" && keyField && entry.id === keyField.value && entry.body) sentUnder[entry.id] = entry.body.text;
  });

  // Answers still waiting from an earlier visit go back into the form (the server does not have them yet).
  outbox.pending().then(function (rows) {
    var entry = rows.filter(function (row) { return coalesce && row.coalesce === coalesce; })[0];
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

  form.addEventListener("input", function (event) { if (event.target !== add) schedule(); });
  form.addEventListener("change", function (event) { if (event.target !== add) schedule(); });

  /* Next/Back/Done/Add: send what is ours first, waiting for a save already on its way, then go on. Without a
     connection, stay here and say it is kept on the phone: a new entry from the add box then waits in the
     outbox (listed at the top), and the box is free for the next one. */
  form.addEventListener("submit", function (event) {
    if (form.dataset.sending) return;
    submitter = event.submitter || submitter;
    if (!url && !(add && add.value.trim())) return;  // nothing for the outbox: the form goes as it is
    event.preventDefault();
    clearTimeout(timer);
    if (waiting) return;  // already on its way: the last button tapped is the one that counts
    function post() { form.dataset.sending = "1"; outbox.submitWith(form, submitter); }
    waiting = settle(3).then(function (state) {
      waiting = null;
      if (state.stopped === "error") return post();  // the phone's storage failed: the form carries it all
      var mine = keyField && state.left.filter(function (row) { return row.id === keyField.value; })[0];
      if (mine && !mine.failed) {
        add.value = "";
        keyField.value = outbox.newKey();
      }
      if (state.left.some(function (row) { return !row.failed; })) return;  // kept on the phone; the page stays
      // Refused by the server: the form shows why, next to the text (so the outbox need not keep it).
      return (mine ? outbox.remove(mine.id) : Promise.resolve()).then(post);
    }).catch(function () { waiting = null; post(); });
  });

  window.addEventListener("pageshow", function (event) { if (event.persisted) delete form.dataset.sending; });
})();
