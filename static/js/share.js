// The "Share" button of a meeting's notice (templates/meetings/_notice_card.html, issue 21):
// the phone's share sheet (Web Share API) so the text goes to the cell's chat group in two taps;
// where there is none (most desktop browsers), a copy to the clipboard — the Clipboard API, else
// the selected textarea and execCommand("copy") — with a visible, announced acknowledgement.
// A file, not an inline script: the Content Security Policy allows none.
(function () {
  "use strict";

  function say(status, text) {
    if (!status) return;
    status.textContent = "";
    // A fresh text each time, so that a screen reader announces a second copy too.
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function copyBySelection(source) {
    source.focus();
    source.select();
    source.setSelectionRange(0, source.value.length);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(button, source, status) {
    var copied = button.getAttribute("data-share-copied");
    var failed = button.getAttribute("data-share-failed");
    var fallback = function () {
      say(status, copyBySelection(source) ? copied : failed);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(source.value).then(function () {
        say(status, copied);
      }, fallback);
    } else {
      fallback();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".js-share") : null;
    if (!button) return;
    event.preventDefault();
    var source = document.getElementById(button.getAttribute("data-share-source"));
    var status = document.getElementById(button.getAttribute("data-share-status"));
    if (!source) return;
    var data = { title: button.getAttribute("data-share-title") || "", text: source.value };
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      navigator.share(data).catch(function (error) {
        // She closed the share sheet: nothing to do. Anything else: copy instead.
        if (!error || error.name !== "AbortError") copy(button, source, status);
      });
      return;
    }
    copy(button, source, status);
  });
})();
