// Small enhancements only: every page works without this file.
(function () {
  "use strict";
  // Ask before a form marked data-confirm is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // A new session's "registration needed" box follows the kind (on for a choice session) until
  // the coordinator sets the box themselves. Without this script the server applies the same rule.
  var box = document.querySelector("input[data-follows-kind]");
  var kind = box && box.form && box.form.elements.kind;
  if (kind) {
    var shown = box.form.elements.kind_when_shown;
    var touched = false;
    box.addEventListener("change", function () {
      touched = true;
    });
    kind.addEventListener("change", function () {
      if (!touched) {
        box.checked = kind.value === box.getAttribute("data-follows-kind");
        if (shown) {
          shown.value = kind.value;
        }
      }
    });
  }
})();
