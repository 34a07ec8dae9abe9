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

  // A signage screen (定点公开 on a hall display) follows its 下一屏 link
  // after the seconds it names, and offers a button to pause and resume,
  // so a reader can stop the turning (WCAG 2.2.1). Without script the
  // link turns the page by hand.
  function signage(next) {
    var seconds = parseInt(next.getAttribute("data-advance"), 10);
    if (!(seconds > 0)) {
      return;
    }
    var timer = null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "signage-pause";
    function start() {
      timer = window.setTimeout(function () { window.location.assign(next.href); }, seconds * 1000);
      button.textContent = "暂停自动翻页";
      button.setAttribute("aria-pressed", "false");
    }
    button.addEventListener("click", function () {
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
        button.textContent = "继续自动翻页";
        button.setAttribute("aria-pressed", "true");
      } else {
        start();
      }
    });
    next.parentNode.appendChild(document.createTextNode(" "));
    next.parentNode.appendChild(button);
    start();
  }

  function init() {
    var next = document.querySelector("a.signage-next[data-advance]");
    if (next !== null) {
      signage(next);
    }
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
