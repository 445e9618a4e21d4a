// "Add a row" for Django formsets, without a page reload. Only an enhancement: without this
// file the same button sends the form and the server answers with one more empty row.
//
// The one add-row script of the portal (session hosts, report rows, workgroup members):
// <div data-formset="PREFIX" data-formset-added="Row __number__ added." data-formset-full="...">
//   <div data-formset-rows>...the rows...</div>
//   <template data-formset-template>...the empty form, with __prefix__ and __number__...</template>
//   <p class="visually-hidden" aria-live="polite" data-formset-status></p>
//   <button type="submit" name="..." data-formset-add data-formset-add-label="Add a row">More rows</button>
// </div>
// With this file the button becomes a plain button (Enter in a field then saves the form, it does
// not add rows), labelled data-formset-add-label when given. The new row gets the next index
// (TOTAL_FORMS goes up by one), focus moves to its first field and the live region says so.
(function () {
  "use strict";

  function setup(root) {
    var form = root.closest("form");
    var prefix = root.getAttribute("data-formset");
    var total = form && form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = form && form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var rows = root.querySelector("[data-formset-rows]");
    var template = root.querySelector("template[data-formset-template]");
    var status = root.querySelector("[data-formset-status]");
    var button = root.querySelector("[data-formset-add]");
    if (!total || !rows || !template || !button) {
      return;
    }
    button.type = "button";
    button.removeAttribute("name");
    if (button.hasAttribute("data-formset-add-label")) {
      button.textContent = button.getAttribute("data-formset-add-label");
    }

    function say(text) {
      // Empty first, so the same words are announced again for the next row.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var limit = max ? parseInt(max.value, 10) : NaN;
      if (isNaN(index)) {
        return;
      }
      if (!isNaN(limit) && index >= limit) {
        say(root.getAttribute("data-formset-full") || "");
        return;
      }
      var holder = document.createElement("template");
      holder.innerHTML = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      var row = holder.content.firstElementChild;
      rows.appendChild(holder.content);
      total.value = String(index + 1);
      var field = row && row.querySelector("input:not([type=hidden]), select, textarea");
      if (field) {
        field.focus();
      }
      say((root.getAttribute("data-formset-added") || "").replace("__number__", String(index + 1)));
    });
  }

  var roots = document.querySelectorAll("[data-formset]");
  for (var i = 0; i < roots.length; i += 1) {
    setup(roots[i]);
  }
})();
