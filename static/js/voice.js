/* Voice answers: a big record button, a timer, play back, record again, keep. The recording goes to the server
   with its own idempotency key; without a connection it waits in the outbox (outbox.js) and is sent once. A refusal
   (not audio, too long, too big, broken) is shown beside the button and nothing else on the page changes.
   Without a microphone or MediaRecorder the recorder stays hidden: the text box beside it works as ever. */
(function () {
  "use strict";
  var LIMIT = 120;  // seconds: the server refuses a clearly longer one
  var TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4", "audio/webm"];
  if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.fetch) return;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');

  function chosenType() {
    for (var i = 0; i < TYPES.length; i++) {
      if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(TYPES[i])) return TYPES[i];
    }
    return "";
  }
  function clock(seconds) {
    seconds = Math.floor(seconds);
    return Math.floor(seconds / 60) + ":" + ("0" + (seconds % 60)).slice(-2);
  }
  function newKey() {
    if (window.yvOutbox) return window.yvOutbox.newKey();
    var bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function setUp(box) {
    var msg = function (name) { return box.getAttribute("data-msg-" + name) || ""; };
    var q = function (name) { return box.querySelector("[data-voice-" + name + "]"); };
    var recordButton = q("record"), recordLabel = q("record-label"), timer = q("timer"), review = q("review");
    var preview = q("preview"), keepButton = q("keep"), status = q("status"), saved = q("saved");
    var savedAudio = saved.querySelector("audio"), deleteButton = q("delete"), deleteYes = q("delete-yes");
    var recorder = null, chunks = [], started = 0, ticking = null, blob = null, previewUrl = "";
    var timerLabel = timer.querySelector(".visually-hidden");
    q("recorder").hidden = false;
    var hint = box.previousElementSibling;
    if (hint && hint.hasAttribute("data-voice-or")) hint.hidden = false;

    function say(text, isError) {
      status.textContent = text;
      status.className = "small" + (isError ? " error" : "");
    }
    function showTime(seconds) {
      timer.textContent = "";
      if (timerLabel) timer.appendChild(timerLabel);
      timer.appendChild(document.createTextNode(clock(seconds) + " / " + clock(LIMIT)));
    }
    function stop() {
      if (recorder && recorder.state !== "inactive") recorder.stop();
    }
    function start() {
      say("");
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var type = chosenType();
        var options = { audioBitsPerSecond: 32000 };
        if (type) options.mimeType = type;
        recorder = new MediaRecorder(stream, options);
        chunks = [];
        recorder.ondataavailable = function (event) { if (event.data && event.data.size) chunks.push(event.data); };
        recorder.onstop = function () {
          clearInterval(ticking);
          stream.getTracks().forEach(function (track) { track.stop(); });
          box.classList.remove("is-recording");
          recordButton.setAttribute("aria-pressed", "false");
          recordLabel.textContent = msg("again");
          blob = new Blob(chunks, { type: (recorder.mimeType || type || "audio/webm").split(";")[0] });
          if (previewUrl) URL.revokeObjectURL(previewUrl);
          previewUrl = URL.createObjectURL(blob);
          preview.src = previewUrl;
          review.hidden = false;
          box.classList.add("has-take");
          keepButton.disabled = false;
          keepButton.focus();
        };
        recorder.start(1000);
        box.classList.remove("has-take");
        started = Date.now();
        showTime(0);
        box.classList.add("is-recording");
        recordButton.setAttribute("aria-pressed", "true");
        recordLabel.textContent = msg("stop");
        review.hidden = true;
        ticking = setInterval(function () {
          var seconds = (Date.now() - started) / 1000;
          showTime(Math.min(seconds, LIMIT));
          if (seconds >= LIMIT) { stop(); say(msg("limit")); }
        }, 250);
      }, function () { say(msg("no-mic"), true); });
    }
    recordButton.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") stop(); else start();
    });

    function showSaved(body) {
      saved.hidden = false;
      savedAudio.src = body.url;
      deleteButton.setAttribute("data-delete-url", body.delete_url);
      review.hidden = true;
      box.classList.remove("has-take");
      say(msg("kept"));
    }
    keepButton.addEventListener("click", function () {
      if (!blob) return;
      keepButton.disabled = true;
      say(msg("sending"));
      var key = newKey(), url = box.getAttribute("data-upload-url"), kept = blob;
      var headers = { "Content-Type": kept.type || "application/octet-stream", "Accept": "application/json",
                      "X-CSRFToken": csrfMeta ? csrfMeta.content : "", "Idempotency-Key": key };
      fetch(url, { method: "POST", credentials: "same-origin", redirect: "manual", headers: headers, body: kept })
        .then(function (response) {
          if (response.ok) return response.json().then(function (body) { blob = null; showSaved(body); });
          if (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 429) {
            // Refused: what is wrong with it, beside the button; she can record again or write instead.
            return response.json().catch(function () { return {}; }).then(function (body) {
              say(body.error || "", true);
              keepButton.disabled = false;
            });
          }
          throw new Error("later");
        })
        .catch(function () {
          // No connection (or the server is busy): into the outbox under the same key, so it is sent once.
          if (!window.yvOutbox) { say(msg("error"), true); keepButton.disabled = false; return; }
          window.yvOutbox.enqueue({ id: key, method: "POST", url: url, label: box.getAttribute("data-label"),
                                   blob: kept, body: {} })
            .then(function () {
              blob = null;
              review.hidden = true;
              box.classList.remove("has-take");
              say(msg("queued"));
              window.yvOutbox.render("offline");
            });
        });
    });

    deleteButton.addEventListener("click", function () {
      deleteYes.hidden = false;
      deleteYes.focus();
    });
    deleteYes.addEventListener("click", function () {
      var url = deleteButton.getAttribute("data-delete-url");
      if (!url) return;
      fetch(url, { method: "POST", credentials: "same-origin",
                   headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
                              "X-CSRFToken": csrfMeta ? csrfMeta.content : "" }, body: "confirm=yes" })
        .then(function (response) {
          if (!response.ok) throw new Error("refused");
          deleteYes.hidden = true;
          saved.hidden = true;
          savedAudio.removeAttribute("src");
          recordLabel.textContent = msg("record");
          say(msg("deleted"));
        })
        .catch(function () { say(msg("error"), true); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-voice]"), setUp);
})();
