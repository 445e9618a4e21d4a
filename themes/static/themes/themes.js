// Enhancements of the theme pages; every page works without this file.
(function () {
  "use strict";

  // Proposal form: show similar themes while the title is typed.
  var box = document.getElementById("similar-themes");
  var title = document.getElementById("id_title");
  if (box && title) {
    var edition = document.getElementById("id_conference");
    var confirm = document.getElementById("id_confirm");
    var timer = null;
    var last = "";
    var lookup = function () {
      var value = title.value.trim();
      if (value.length < 4 || value === last) { return; }
      last = value;
      var url = box.getAttribute("data-similar-url") + "?title=" + encodeURIComponent(value) +
        (edition ? "&conference=" + encodeURIComponent(edition.value) : "");
      fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          box.innerHTML = html;
          // Whoever saw the suggestions while typing needs no extra confirmation step.
          if (confirm && html.trim()) { confirm.value = "True"; }
        })
        .catch(function () { /* the confirmation step on the server still works */ });
    };
    title.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, 400);
    });
  }

  // Ballot: cast and withdraw votes without reloading the page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var ballot = form.closest && form.closest("[data-ballot]");
    if (!ballot || !window.fetch || !window.FormData) { return; }
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("[data-ballot]");
      if (fresh) {
        ballot.replaceWith(fresh);
        var status = fresh.querySelector(".theme-votes-left");
        if (status) { status.focus && status.setAttribute("tabindex", "-1"); status.focus(); }
      }
    }).catch(function () { form.submit(); });
  });
})();
