// "More rows" in the report form: add one empty row in place instead of reloading the page.
// Without JavaScript the same button posts the form and the server shows it again, with all
// that was typed and empty rows added.
(function () {
  "use strict";

  function addRow(prefix) {
    const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    const max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    const template = document.querySelector('template[data-row-template="' + prefix + '"]');
    const list = document.querySelector('[data-rows="' + prefix + '"]');
    if (!total || !template || !list) {
      return false;
    }
    const index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) {
      return true;
    }
    const holder = document.createElement("template");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index)).trim();
    const row = holder.content.firstElementChild;
    const number = row.querySelector("[data-row-number]");
    if (number) {
      number.textContent = String(index + 1);
    }
    list.appendChild(row);
    total.value = String(index + 1);
    const field = row.querySelector("input, select, textarea");
    if (field) {
      field.focus();
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-add-row]");
    if (button && addRow(button.dataset.addRow)) {
      event.preventDefault();
    }
  });
})();
