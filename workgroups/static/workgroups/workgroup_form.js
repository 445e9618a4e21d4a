// The new-workgroup form: a filter box for the list of themes (member rows are added by
// static/js/formset.js). Without JavaScript the theme list is an ordinary select.
(function () {
  "use strict";

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

  filterThemes();
})();
