// The library's document form: a committee resolution is chosen from the resolutions, any other
// document has its number typed — show only the field that applies (without this script both
// are shown, each saying when it is used).
(function () {
  "use strict";
  var kind = document.querySelector("select[data-library-kind]");
  if (!kind) {
    return;
  }
  var resolutionKind = kind.getAttribute("data-library-kind");
  var resolution = document.getElementById("div_id_resolution");
  var number = document.getElementById("div_id_number");
  function update() {
    var isResolution = kind.value === resolutionKind;
    if (resolution) {
      resolution.hidden = !isResolution && !resolution.querySelector(".is-invalid");
    }
    if (number) {
      number.hidden = isResolution && !number.querySelector(".is-invalid");
    }
  }
  kind.addEventListener("change", update);
  update();
})();
