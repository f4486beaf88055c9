/* The outbox: what the young person writes is first put on the phone (IndexedDB), then sent to /api/v1.
   Without a connection it waits and goes when the phone is online again; each entry carries its own
   idempotency key, so sending it twice (a lost answer, two tabs) never makes a second one. The list of what
   is waiting is shown on every page. Log-out sends what it can first and warns before anything is dropped;
   the log-out answer then clears the whole site's storage (Clear-Site-Data). */
(function () {
  "use strict";
  if (!window.indexedDB || !window.fetch || !window.Promise) return;

  var DB_NAME = "yv-outbox", STORE = "entries", META = "meta";
  var panel = document.querySelector("[data-outbox]");
  var userMeta = document.querySelector('meta[name="yv-user"]');
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var user = userMeta ? userMeta.content : "";
  var token = csrfMeta ? csrfMeta.content : "";
  var flushing = null, again = null, listeners = [];

  function msg(name) { return panel ? panel.getAttribute("data-msg-" + name) || "" : ""; }

  function newKey() {
    var bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var opening = null;
  function db() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
        request.result.createObjectStore(META);
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opening;
  }
  function run(mode, store, work) {
    return db().then(function (base) {
      return new Promise(function (resolve, reject) {
        var tx = base.transaction(store, mode), result;
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
        result = work(tx.objectStore(store));
        if (result && "onsuccess" in result) {
          var request = result;
          request.onsuccess = function () { result = request.result; };
        }
      });
    });
  }
  function all() {
    return run("readonly", STORE, function (store) { return store.getAll(); }).then(function (rows) {
      return (rows || []).sort(function (a, b) { return a.created - b.created; });
    });
  }
  function mine(rows) { return rows.filter(function (row) { return !user || row.owner === user; }); }
  function save(entry) { return run("readwrite", STORE, function (store) { store.put(entry); }); }
  function drop(id) { return run("readwrite", STORE, function (store) { store.delete(id); }); }

  /* Put an entry in the outbox. `coalesce` names entries that replace each other (the answers of one
     meeting's preparation: the newest answers win, merged into what was still waiting). */
  function enqueue(entry) {
    entry.owner = entry.owner || user;
    entry.created = entry.created || Date.now();
    entry.id = entry.id || newKey();
    var ready = Promise.resolve();
    if (entry.coalesce) {
      ready = all().then(function (rows) {
        var earlier = rows.filter(function (row) { return row.coalesce === entry.coalesce && row.owner === entry.owner; });
        earlier.forEach(function (row) {
          if (row.body && row.body.answers && entry.body && entry.body.answers) {
            entry.body.answers = Object.assign({}, row.body.answers, entry.body.answers);
          }
          entry.created = Math.min(entry.created, row.created);
        });
        return Promise.all(earlier.map(function (row) { return drop(row.id); }));
      });
    }
    // Online, a flush follows and shows what is left after it: the panel never says "sent when you are online"
    // about an entry that is on its way.
    return ready.then(function () { return save(entry); }).then(function () {
      if (!navigator.onLine) render();
      return entry;
    });
  }

  /* Send what is waiting, oldest first. Stops at the first sign of no connection or of being logged out.
     Asked while a round is already under way (an autosave in flight when "Next" is tapped), it waits for that
     round and then sends again: what was put in the outbox meanwhile is not in the running round's list. */
  function flush() {
    if (!user) return Promise.resolve({ sent: 0, left: 0 });
    if (flushing) {
      if (!again) again = flushing.then(function () { again = null; return flush(); });
      return again;
    }
    var sent = 0, stopped = "";
    flushing = all().then(function (rows) {
      var queue = mine(rows).filter(function (row) { return !row.failed; });
      function next() {
        var entry = queue.shift();
        if (!entry || stopped) return null;
        return send(entry, true)
          .then(function (response) {
            if (response.ok) { sent += 1; tell(entry, "sent"); return drop(entry.id); }
            if (response.status === 401 || response.type === "opaqueredirect") { stopped = "login"; return null; }
            if (response.status >= 500 || response.status === 429) { stopped = "later"; return null; }
            // Refused for good (a rule, or the meeting is gone): kept and shown, never silently dropped.
            return response.json().catch(function () { return {}; }).then(function (body) {
              entry.failed = true;
              entry.error = body.error || "";
              tell(entry, "failed");
              return save(entry);
            });
          }, function () { stopped = "offline"; tell(entry, "offline"); })
          .then(next);
      }
      return next();
    }).then(function () {
      return all();
    }).then(function (rows) {
      flushing = null;
      if (!again) render(stopped);  // another round follows at once: it shows what is left after it
      return { sent: sent, left: mine(rows).length, stopped: stopped };
    }, function () {
      flushing = null;
      return { sent: sent, left: -1, stopped: "error" };
    });
    return flushing;
  }

  function send(entry, retryToken) {
    // A voice answer is its recording's bytes (a Blob kept in IndexedDB); everything else is JSON.
    var binary = window.Blob && entry.blob instanceof Blob;
    var headers = { "Content-Type": binary ? (entry.blob.type || "application/octet-stream") : "application/json",
                    "Accept": "application/json", "X-CSRFToken": token };
    if (entry.method === "POST") headers["Idempotency-Key"] = entry.id;
    return fetch(entry.url, { method: entry.method, credentials: "same-origin", redirect: "manual",
                              headers: headers, body: binary ? entry.blob : JSON.stringify(entry.body) })
      .then(function (response) {
        if (response.status !== 400 || !retryToken) return response;
        // A page open since before a new log-in has an old CSRF token: fetch the session's, then try once more.
        return response.clone().json().catch(function () { return {}; }).then(function (body) {
          if (body.reason !== "csrf") return response;
          return fetch("/api/v1/me", { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (me) { return me.ok ? me.json() : {}; })
            .then(function (me) {
              if (!me.csrf_token || me.id !== user) return response;
              token = me.csrf_token;
              return send(entry, false);
            });
        });
      });
  }

  function tell(entry, what) { listeners.forEach(function (listener) { listener(entry, what); }); }

  function when(date) {
    try {
      return new Date(date).toLocaleString(document.documentElement.lang || undefined,
        { weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    } catch (e) { return ""; }
  }
  function snippet(entry) {
    var body = entry.body || {};
    var text = body.text || Object.keys(body.answers || {}).map(function (k) { return body.answers[k]; }).join(" · ");
    text = String(text || "");
    return text.length > 60 ? text.slice(0, 59) + "…" : text;
  }

  function render(stopped) {
    if (!panel) return;
    all().then(function (rows) {
      rows = mine(rows);
      panel.hidden = rows.length === 0;
      if (!rows.length) { panel.textContent = ""; return; }
      var waiting = rows.filter(function (row) { return !row.failed; }).length;
      var heading = document.createElement("h2");
      heading.textContent = msg("title").replace("%(count)s", String(rows.length));
      var note = document.createElement("p");
      note.className = "small";
      note.textContent = stopped === "login" ? msg("login") : waiting ? msg("waiting") : msg("failed");
      var list = document.createElement("ul");
      list.className = "outbox-list";
      rows.forEach(function (row) {
        var item = document.createElement("li");
        item.setAttribute("data-testid", "outbox-entry");
        var label = document.createElement("strong");
        label.textContent = row.label || "";
        item.appendChild(label);
        item.appendChild(document.createTextNode(" " + snippet(row) + " "));
        var time = document.createElement("span");
        time.className = "muted small";
        time.textContent = when(row.created);
        item.appendChild(time);
        if (row.failed) {
          var error = document.createElement("p");
          error.className = "error small";
          error.textContent = msg("refused") + (row.error ? " " + row.error : "");
          item.appendChild(error);
          var retry = document.createElement("button");
          retry.type = "button";
          retry.className = "link-button small";
          retry.textContent = msg("retry");
          retry.setAttribute("data-testid", "outbox-retry");
          retry.addEventListener("click", function () {
            row.failed = false;
            row.error = "";
            save(row).then(function () { return flush(); });
          });
          item.appendChild(retry);
          item.appendChild(document.createTextNode(" "));
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "link-button small";
          remove.textContent = msg("remove");
          remove.addEventListener("click", function () {
            if (window.confirm(msg("confirm-remove"))) drop(row.id).then(function () { render(); });
          });
          item.appendChild(remove);
        }
        list.appendChild(item);
      });
      panel.textContent = "";
      panel.appendChild(heading);
      panel.appendChild(note);
      panel.appendChild(list);
      if (waiting && user) {
        var send = document.createElement("button");
        send.type = "button";
        send.className = "btn btn-quiet";
        send.textContent = msg("send");
        send.setAttribute("data-testid", "outbox-send");
        send.addEventListener("click", function () { flush(); });
        panel.appendChild(send);
      }
    }).catch(function () { /* storage off: nothing to show */ });
  }

  // Remember whose phone session this is, for the offline page (an id, never content).
  if (user && userMeta.getAttribute("data-role") === "young_person") {
    run("readwrite", META, function (store) { store.put(user, "user"); }).catch(function () {});
  }

  // Log-out: send what is waiting first; if something cannot be sent, ask before it is dropped.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-logout]"), function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.confirmed) return;
      event.preventDefault();
      flush().then(function (result) {
        if (result.left > 0 && !window.confirm(msg("logout").replace("%(count)s", String(result.left)))) return;
        form.dataset.confirmed = "1";
        form.submit();
      });
    });
  });

  /* A form with data-outbox-url is sent as usual when the server can be reached; without a connection the
     entry goes into the outbox instead (under the form's own idempotency key) and the form is emptied. */
  function reachable() {
    if (!navigator.onLine) return Promise.resolve(false);
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, 4000);
    return fetch("/healthz", { cache: "no-store", credentials: "omit", signal: controller ? controller.signal : undefined })
      .then(function (response) { return response.ok; }, function () { return false; })
      .then(function (ok) { clearTimeout(timer); return ok; });
  }
  /* What an outbox form sends to the API; null when nothing is typed (the form then goes as usual). */
  var builders = {
    step: function (form) {
      var notYet = form.elements.not_yet && form.elements.not_yet.checked;
      var day = form.elements.day && form.elements.day.value;
      return { area: form.elements.area.value, text: form.elements.text.value, done: !notYet,
               day: notYet ? null : (day || localDay()) };
    },
    note: function (form) {
      var text = form.elements.note.value;
      return text.trim() ? { text: text } : null;
    }
  };
  /* Send a form as usual, with the button that was tapped (form.submit() would leave out its name and value). */
  function submitWith(form, submitter) {
    if (submitter && form.requestSubmit) { form.requestSubmit(submitter); return; }
    if (submitter && submitter.name) {
      var field = form.querySelector('input[type="hidden"][data-submitter]') || document.createElement("input");
      field.type = "hidden";
      field.setAttribute("data-submitter", "");
      field.name = submitter.name;
      field.value = submitter.value;
      form.appendChild(field);
    }
    form.submit();
  }
  function localDay() {
    var now = new Date();
    return now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-outbox-url]"), function (form) {
    var status = form.querySelector("[data-outbox-status]");
    form.addEventListener("submit", function (event) {
      if (form.dataset.online) return;
      var body = builders[form.dataset.outboxKind](form);
      if (!body) return;
      event.preventDefault();
      var submitter = event.submitter;
      var keyField = form.elements.request_key;
      var owner = user ? Promise.resolve(user) : window.yvOutbox.storedUser();
      Promise.all([reachable(), owner]).then(function (answers) {
        if (answers[0] && user) { form.dataset.online = "1"; submitWith(form, submitter); return; }
        if (!answers[1]) { if (status) status.textContent = msg("no-user"); return; }
        return enqueue({ id: keyField && keyField.value || newKey(), owner: answers[1], method: "POST",
                         url: form.dataset.outboxUrl, label: form.dataset.outboxLabel,
                         body: body }).then(function () {
          render("offline");
          form.reset();
          if (keyField) keyField.value = newKey();
          if (status) status.textContent = msg("queued");
          if (panel) panel.scrollIntoView({ block: "nearest" });
        });
      });
    });
  });

  // A page brought back from the back-forward cache: its forms are to be handled again, not sent as they were.
  // Its request keys may have been used already (the page was left by sending it): what is typed on it now is
  // a new entry, and a used key would make it a repeat of the old one.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-outbox-url]"), function (form) {
      delete form.dataset.online;
    });
    Array.prototype.forEach.call(document.querySelectorAll("input[name=request_key]"), function (field) {
      field.value = newKey();
    });
  });

  window.yvOutbox = {
    enqueue: enqueue, flush: flush, render: render, newKey: newKey, user: user, submitWith: submitWith,
    remove: function (id) { return drop(id).then(function () { render(); }); },
    pending: function () { return all().then(mine); },
    storedUser: function () { return run("readonly", META, function (store) { return store.get("user"); }); },
    listen: function (listener) { listeners.push(listener); }
  };

  // The offline page's small-step form: only where a young person has used the app on this phone.
  var offlineForm = document.querySelector("form[data-offline-step]");
  if (offlineForm) {
    window.yvOutbox.storedUser().then(function (stored) { if (stored) offlineForm.hidden = false; }).catch(function () {});
  }

  window.addEventListener("online", function () { flush(); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) flush(); });
  setInterval(function () { if (navigator.onLine) flush(); }, 30000);
  render();
  flush();
})();
