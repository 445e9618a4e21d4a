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
})();
