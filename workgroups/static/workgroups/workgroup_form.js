// The new-workgroup form: add member rows without reloading, and filter the list of themes.
// Without JavaScript the "More rows" button sends the form back with extra rows (nothing lost)
// and the theme list is an ordinary select.
(function () {
  "use strict";

  function addRows() {
    const rows = document.querySelector("[data-wg-rows]");
    const template = document.getElementById("wg-member-template");
    const button = document.querySelector("[data-wg-add-row]");
    const total = document.querySelector('input[name="members-TOTAL_FORMS"]');
    const max = document.querySelector('input[name="members-MAX_NUM_FORMS"]');
    if (!rows || !template || !button || !total) {
      return;
    }
    // A plain button: pressing Enter in a field then submits the form, not "More rows".
    button.type = "button";
    button.removeAttribute("name");
    button.textContent = button.dataset.wgAddLabel;
    button.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) {
        button.disabled = true;
        return;
      }
      const holder = document.createElement("template");
      holder.innerHTML = template.innerHTML
        .replaceAll("__prefix__", String(index))
        .replaceAll("__num__", String(index + 1))
        .trim();
      const row = holder.content.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      const first = row.querySelector("input, select");
      if (first) {
        first.focus();
      }
    });
  }

  function filterThemes() {
    const select = document.getElementById("id_origin_theme");
    if (!select || select.options.length < 8) {
      return;
    }
    const input = document.createElement("input");
    input.type = "search";
    input.id = "id_origin_theme_filter";
    input.className = "form-control";
    input.setAttribute("aria-controls", select.id);
    const label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "form-label";
    label.textContent = select.dataset.wgFilterLabel || "";
    const box = document.createElement("div");
    box.className = "mb-2";
    box.append(label, input);
    const field = select.closest(".mb-3") || select;
    field.before(box);
    input.addEventListener("input", function () {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      for (const group of select.querySelectorAll("optgroup")) {
        let shown = 0;
        for (const option of group.querySelectorAll("option")) {
          const text = (option.textContent + " " + group.label).toLowerCase();
          const match = words.every(function (word) { return text.includes(word); });
          option.hidden = !match;
          shown += match ? 1 : 0;
        }
        group.hidden = shown === 0;
      }
    });
  }

  addRows();
  filterThemes();
})();
