/* Push notifications on this phone ([data-push] on the account page). Progressive enhancement: the section stays
   hidden unless the browser has a service worker, PushManager and notifications. Turning it on asks for
   permission, subscribes through the service worker with the server's public key and sends the subscription to
   the server; turning it off removes it on the server and in the browser. Messages come from data-msg-*
   attributes so they are translated on the server. */
(function () {
  "use strict";

  var root = document.querySelector("[data-push]");
  if (!root) return;
  if (!window.isSecureContext || !("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window)) return;

  var csrfToken = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var toggle = root.querySelector("[data-push-toggle]");
  var status = root.querySelector("[data-push-status]");
  var busy = false;

  function say(name, isError) {
    status.textContent = root.getAttribute("data-msg-" + name) || "";
    status.classList.toggle("is-error", !!isError);
  }

  function show(on) {
    toggle.setAttribute("aria-checked", on ? "true" : "false");
  }

  function keyBytes(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary = atob(base64), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function request(url, body) {
    var options = { credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body !== undefined) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrfToken;
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { var error = new Error(data.error || ""); error.fromServer = !!data.error; throw error; }
        return data;
      });
    });
  }

  function registration() {
    // app.js registers the worker on load; registering again is harmless and means we need not wait for load.
    return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function current() {
    return registration().then(function (reg) { return reg.pushManager.getSubscription(); });
  }

  function turnOn() {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { var error = new Error("denied"); error.denied = true; throw error; }
      return Promise.all([request(root.getAttribute("data-key-url")), registration()]);
    }).then(function (both) {
      var key = both[0], reg = both[1];
      if (!key.enabled || !key.publicKey) throw new Error("off");
      var wanted = keyBytes(key.publicKey);
      return reg.pushManager.getSubscription().then(function (existing) {
        // A subscription made with another key (the server's key changed) cannot be reused.
        if (existing && existing.options && existing.options.applicationServerKey) {
          var had = new Uint8Array(existing.options.applicationServerKey);
          var same = had.length === wanted.length && had.every(function (b, i) { return b === wanted[i]; });
          if (!same) return existing.unsubscribe().then(function () { return null; });
        }
        return existing;
      }).then(function (existing) {
        return existing || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: wanted });
      });
    }).then(function (subscription) {
      return request(root.getAttribute("data-subscribe-url"), subscription.toJSON());
    });
  }

  function turnOff() {
    return current().then(function (subscription) {
      if (!subscription) return null;
      return request(root.getAttribute("data-unsubscribe-url"), { endpoint: subscription.endpoint })
        .then(function () { return subscription.unsubscribe(); });
    });
  }

  toggle.addEventListener("click", function () {
    if (busy) return;
    busy = true;
    toggle.disabled = true;
    var wantOn = toggle.getAttribute("aria-checked") !== "true";
    say("working");
    (wantOn ? turnOn() : turnOff()).then(function () {
      show(wantOn);
      say(wantOn ? "on" : "off");
    }, function (error) {
      show(!wantOn);
      if (error && error.denied) say("denied", true);
      else if (error && error.fromServer) { status.textContent = error.message; status.classList.add("is-error"); }
      else say(wantOn ? "failed" : "off-failed", true);
    }).then(function () {
      busy = false;
      toggle.disabled = Notification.permission === "denied" && toggle.getAttribute("aria-checked") !== "true";
    });
  });

  // The state on load: on only if this browser has a subscription and the server has it for this person.
  root.hidden = false;
  current().then(function (subscription) {
    if (!subscription) return false;
    return request(root.getAttribute("data-state-url"), { endpoint: subscription.endpoint })
      .then(function (data) { return !!data.on; });
  }).then(function (on) {
    show(on);
    if (!on && Notification.permission === "denied") { say("denied", true); return; }
    toggle.disabled = false;
  }, function () {
    show(false);
    toggle.disabled = false;
  });
})();
