/* Youth council enhancements; every page works without them. A draft is saved as it is typed (the form
   buttons save it too), and the ballot shows how many votes are left. Messages come from data-msg-*
   attributes, so they are translated on the server. */
(function () {
  "use strict";

  var csrfToken = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var FIELDS = ["title", "change", "why", "who", "category"];

  function autosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var inFlight = false;
    var again = false;
    var submitter = null;

    function say(text, isError) {
      if (!status) return;
      status.textContent = text || "";
      status.classList.toggle("is-error", Boolean(isError));
    }

    function body() {
      var values = {};
      FIELDS.forEach(function (name) {
        var input = form.elements.namedItem(name);
        if (input && typeof input.value === "string") values[name] = input.value;
      });
      return JSON.stringify(values);
    }

    function finished() {
      inFlight = false;
      if (submitter !== null) {
        var button = submitter;
        submitter = null;
        if (form.requestSubmit) form.requestSubmit(button || undefined); else form.submit();
      } else if (again) {
        again = false;
        save();
      }
    }

    function save() {
      if (inFlight) { again = true; return; }
      inFlight = true;
      say(form.dataset.msgSaving);
      fetch(form.dataset.autosaveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken },
        body: body()
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data || {} }; });
      }).then(function (result) {
        if (!result.ok) { say(result.data.error || form.dataset.msgFailed, true); return; }
        if (!result.data.saved) { say(""); return; }
        if (result.data.autosave_url) {
          // The first save made the draft: from now on the form keeps that draft.
          form.dataset.autosaveUrl = result.data.autosave_url;
          form.action = result.data.form_action;
          if (window.history && window.history.replaceState) window.history.replaceState(null, "", result.data.form_action);
        }
        say(form.dataset.msgSaved);
      }).catch(function () {
        say(form.dataset.msgFailed, true);
      }).then(finished);
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(save, 800);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function (event) {
      clearTimeout(timer);
      if (inFlight) {
        // Wait for the save under way (it may be creating the draft), then send the form to the right place.
        event.preventDefault();
        submitter = event.submitter || false;
      }
    });
  }

  function ballot(form) {
    var budget = parseInt(form.dataset.budget, 10);
    var out = form.querySelector("[data-votes-left]");
    var inputs = Array.prototype.slice.call(form.querySelectorAll('input[type="number"]'));
    if (!out || isNaN(budget)) return;

    function update() {
      var used = inputs.reduce(function (sum, input) {
        var value = parseInt(input.value, 10);
        return sum + (value > 0 ? value : 0);
      }, 0);
      var left = budget - used;
      out.textContent = left >= 0 ? form.dataset.msgLeft.replace("{num}", left)
        : form.dataset.msgOver.replace("{num}", -left);
      out.classList.toggle("is-over", left < 0);
    }

    form.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("form[data-autosave-url]").forEach(autosave);
  document.querySelectorAll("form[data-budget]").forEach(ballot);
})();
