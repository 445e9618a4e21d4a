// Small enhancements only: every page works without this file.
(function () {
  "use strict";
  // htmx swaps (static/django_htmx/htmx-2.min.js): when the swap took away the focused control,
  // focus moves to the first [data-swap-focus] of the new content (its message, else its heading).
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.target;
    var active = document.activeElement;
    if (!root || !root.querySelector || (active && active !== document.body && document.contains(active))) {
      return;
    }
    var spot = root.matches("[data-swap-focus]") ? root : root.querySelector("[data-swap-focus]");
    if (spot) {
      spot.setAttribute("tabindex", "-1");
      spot.focus();
    }
  });
  // When htmx cannot do it (an error answer, no connection), the form is sent the plain way.
  function sendPlainly(event) {
    var form = event.detail && event.detail.elt;
    if (form && form.tagName === "FORM" && form.method.toLowerCase() === "post") {
      form.submit();
    }
  }
  document.addEventListener("htmx:responseError", sendPlainly);
  document.addEventListener("htmx:sendError", sendPlainly);
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
