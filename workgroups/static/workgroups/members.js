// Accept, decline and hand over without leaving the page. The server renders the members
// block from the page's own template (partial "members"); without JavaScript the forms post
// and redirect as usual.
(function () {
  "use strict";

  async function refresh(region) {
    const response = await fetch(region.dataset.wgPartial, {
      headers: { "X-Partial": "members" },
      credentials: "same-origin",
    });
    if (!response.ok) {
      window.location.reload();
      return;
    }
    const template = document.createElement("template");
    template.innerHTML = (await response.text()).trim();
    const fresh = template.content.querySelector("#wg-members");
    region.replaceWith(fresh);
    const heading = fresh.querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  document.addEventListener("submit", async function (event) {
    const form = event.target;
    const region = form.closest("[data-wg-partial]");
    if (!region || !form.hasAttribute("data-wg-inline")) {
      return;
    }
    event.preventDefault();
    for (const button of form.querySelectorAll("button")) {
      button.disabled = true;
    }
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.type !== "opaqueredirect" && !response.ok) {
        form.submit();
        return;
      }
      await refresh(region);
    } catch (error) {
      form.submit();
    }
  });
})();
