/* Installs the service worker, offers to share or copy an invite link, and to copy all recovery codes (progressive enhancement: everything
   works without it; the link stays readable and selectable in its field). */
(function () {
  "use strict";
  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-invite-link]"), function (card) {
    var field = card.querySelector("input[readonly]");
    var share = card.querySelector("[data-share-link]");
    var copy = card.querySelector("[data-copy-link]");
    var status = card.querySelector("[data-copy-status]");
    var url = field.value;
    var shown = false;
    if (navigator.share && (!navigator.canShare || navigator.canShare({ url: url }))) {
      share.hidden = false;
      shown = true;
      share.addEventListener("click", function () {
        navigator.share({ title: share.getAttribute("data-share-title"), url: url }).catch(function () {});
      });
    }
    if (navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      shown = true;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = status.getAttribute("data-msg-copied");
        }, function () {
          field.select();  // the phone refused: select it, so a long press copies it
        });
      });
    }
    card.querySelector("[data-link-actions]").hidden = !shown;
  });

  /* Recovery codes: copy them all at once, one code a line. */
  Array.prototype.forEach.call(document.querySelectorAll("[data-recovery-codes]"), function (card) {
    var copy = card.querySelector("[data-copy-codes]");
    var status = card.querySelector("[data-copy-status]");
    if (!copy || !navigator.clipboard || !window.isSecureContext) { return; }
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-codes")).then(function () {
        status.textContent = status.getAttribute("data-msg-copied");
      }, function () {});
    });
  });

  // A "print" button (a page made to be printed or saved as PDF): shown only where it can work.
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    if (typeof window.print !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
