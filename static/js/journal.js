/* The journal note: "copy as text" puts the note's plain text on the clipboard, "print" opens the browser's print
   dialog (where it can be saved as PDF). Progressive enhancement: without it the text stays selectable below. */
(function () {
  "use strict";
  var card = document.querySelector("[data-journal-actions]");
  if (!card) { return; }
  var field = document.getElementById(card.getAttribute("data-text-id"));
  var status = card.querySelector("[data-copy-status]");
  var copy = card.querySelector("[data-copy-note]");
  var print = card.querySelector("[data-print-note]");
  copy.hidden = false;
  copy.addEventListener("click", function () {
    var done = function () { status.textContent = status.getAttribute("data-msg-copied"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.closest("details").open = true;
      field.select();
      status.textContent = status.getAttribute("data-msg-select");
    }
  });
  if (typeof window.print === "function") {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
