// site.js: progressive enhancement only. Every page works without it (the
// server checks everything); the Content-Security-Policy allows no inline
// script, so page behaviour lives here, keyed on classes and data-
// attributes.
(function () {
  "use strict";

  // The information-request form shows both applicant blocks without
  // script. With it, only the chosen kind's block shows; the other is
  // hidden and disabled, so its fields are neither checked nor sent.
  function applicantBlocks(form) {
    var blocks = form.querySelectorAll("fieldset[data-foi-kind]");
    var radios = form.querySelectorAll('input[name="kind"]');
    if (blocks.length === 0 || radios.length === 0) {
      return;
    }
    function update() {
      var chosen = form.querySelector('input[name="kind"]:checked');
      for (var i = 0; i < blocks.length; i++) {
        var off = chosen !== null && blocks[i].getAttribute("data-foi-kind") !== chosen.value;
        blocks[i].hidden = off;
        blocks[i].disabled = off;
      }
    }
    for (var i = 0; i < radios.length; i++) {
      radios[i].addEventListener("change", update);
    }
    update();
  }

  function init() {
    var forms = document.querySelectorAll("form.foi-form");
    for (var i = 0; i < forms.length; i++) {
      applicantBlocks(forms[i]);
    }
    // A failed submission's summary of problems takes the focus, so a
    // screen reader reads it first and Tab goes through its links.
    var summary = document.querySelector(".error-summary");
    if (summary !== null && document.activeElement !== summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
