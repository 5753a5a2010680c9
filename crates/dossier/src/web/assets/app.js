// dossier's only script: conveniences on top of pages that work without it.
// - the as-of slider of the link graph submits its form when released;
// - a fact clicked beside a report highlights its sentence (the link's #anchor already scrolls).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.form) { input.form.submit(); }
    });
    input.addEventListener("input", function () {
      var out = document.getElementById(input.getAttribute("data-output") || "");
      if (out) { out.textContent = input.value; }
    });
  });
});
