// chibo page behaviour. No inline scripts: data reaches scripts through json_script or data-*.
(function () {
  "use strict";
  // Buttons marked data-confirm ask before submitting their form.
  // Capture phase: runs before htmx's own listener on the form, so a "no" stops htmx too.
  document.addEventListener(
    "submit",
    function (event) {
      var submitter = event.submitter;
      var message = submitter && submitter.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();

// Buttons marked js-print open the browser's print dialog (login slips).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".js-print") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
