/* Passkey ceremonies for youthvoice: registration ([data-passkey-register]) and usernameless log-in
   ([data-passkey-login], with the browser's passkey autofill where it has one). Messages come from
   data-msg-* attributes so they are translated on the server. */
(function () {
  "use strict";

  var csrfToken = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function b64urlToBuffer(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function bufferToB64url(buffer) {
    var bytes = new Uint8Array(buffer), binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(json) {
    if (PublicKeyCredential.parseCreationOptionsFromJSON) return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    var options = Object.assign({}, json);
    options.challenge = b64urlToBuffer(json.challenge);
    options.user = Object.assign({}, json.user, { id: b64urlToBuffer(json.user.id) });
    options.excludeCredentials = (json.excludeCredentials || []).map(function (c) {
      return Object.assign({}, c, { id: b64urlToBuffer(c.id) });
    });
    return options;
  }

  function requestOptions(json) {
    if (PublicKeyCredential.parseRequestOptionsFromJSON) return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    var options = Object.assign({}, json);
    options.challenge = b64urlToBuffer(json.challenge);
    options.allowCredentials = (json.allowCredentials || []).map(function (c) {
      return Object.assign({}, c, { id: b64urlToBuffer(c.id) });
    });
    return options;
  }

  function credentialJSON(credential) {
    if (typeof credential.toJSON === "function") return credential.toJSON();
    var response = credential.response, out = {
      id: credential.id, rawId: bufferToB64url(credential.rawId), type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment, response: {
        clientDataJSON: bufferToB64url(response.clientDataJSON)
      }
    };
    if (response.attestationObject) {
      out.response.attestationObject = bufferToB64url(response.attestationObject);
      out.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      out.response.authenticatorData = bufferToB64url(response.authenticatorData);
      out.response.signature = bufferToB64url(response.signature);
      if (response.userHandle) out.response.userHandle = bufferToB64url(response.userHandle);
    }
    return out;
  }

  function postJSON(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken, "Accept": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { var error = new Error(data.error || ""); error.fromServer = !!data.error; throw error; }
        return data;
      });
    });
  }

  function ui(root) {
    var status = root.querySelector("[data-passkey-status]");
    var button = root.querySelector("[data-passkey-start]");
    return {
      say: function (text, isError) {
        if (!status) return;
        status.textContent = text || "";
        status.classList.toggle("is-error", !!isError);
      },
      busy: function (on) { if (button) { button.disabled = on; button.setAttribute("aria-busy", on ? "true" : "false"); } },
      button: button
    };
  }

  function explain(root, view, error) {
    if (error && error.fromServer) return view.say(error.message, true);
    if (error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
      return view.say(root.dataset.msgCancelled, true);
    }
    view.say(root.dataset.msgFailed, true);
  }

  function supported() {
    return !!(window.PublicKeyCredential && navigator.credentials && navigator.credentials.create);
  }

  function setUpRegistration(root) {
    var view = ui(root);
    if (!view.button) return;
    if (!supported()) { view.say(root.dataset.msgUnsupported, true); view.busy(true); return; }
    view.busy(false);  // rendered disabled: a tap before this script ran would do nothing
    view.button.addEventListener("click", function () {
      var nameInput = root.querySelector("[data-passkey-name]");
      view.busy(true);
      view.say(root.dataset.msgWorking);
      postJSON(root.dataset.optionsUrl)
        .then(function (json) { return navigator.credentials.create({ publicKey: creationOptions(json) }); })
        .then(function (credential) {
          return postJSON(root.dataset.verifyUrl, {
            credential: credentialJSON(credential), name: nameInput ? nameInput.value : ""
          });
        })
        .then(function (result) { window.location.assign(result.redirect || "/"); })
        .catch(function (error) { view.busy(false); explain(root, view, error); });
    });
  }

  function setUpLogin(root) {
    var view = ui(root);
    if (!view.button) return;
    if (!supported()) { view.say(root.dataset.msgUnsupported, true); view.busy(true); return; }
    var pending = null;
    view.busy(false);  // rendered disabled until the script is ready

    function logIn(mediation) {
      if (pending) pending.abort();
      var controller = new AbortController();
      pending = controller;
      return postJSON(root.dataset.optionsUrl).then(function (json) {
        var request = { publicKey: requestOptions(json), signal: controller.signal };
        if (mediation) request.mediation = mediation;
        return navigator.credentials.get(request);
      }).then(function (credential) {
        view.busy(true);
        return postJSON(root.dataset.verifyUrl, { credential: credentialJSON(credential), next: root.dataset.next || "" });
      }).then(function (result) {
        window.location.assign(result.redirect || "/");
      }).catch(function (error) {
        if (controller.signal.aborted && mediation) return;  // autofill was replaced by the button
        view.busy(false);
        explain(root, view, error);
      });
    }

    view.button.addEventListener("click", function () { view.say(root.dataset.msgWorking); logIn(null); });
    if (PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
        if (available) logIn("conditional");
      }).catch(function () {});
    }
  }

  document.querySelectorAll("[data-passkey-register]").forEach(setUpRegistration);
  document.querySelectorAll("[data-passkey-login]").forEach(setUpLogin);
})();
