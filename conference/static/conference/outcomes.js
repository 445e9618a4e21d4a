// Live recording of table-talk outcomes on a phone. The page works without this script;
// with it, an outcome is sent in the background, what was typed is kept when the network
// hiccups (and across a reload), and a retry reuses the same key, so the server stores it once.
(function () {
  "use strict";

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
    });
  }

  function setup(form) {
    var storageKey = "outcome-draft:" + form.action;
    var text = form.querySelector("textarea[name=text]");
    var key = form.querySelector("input[name=client_key]");
    var status = form.querySelector(".portal-send-status");
    var button = form.querySelector("button[type=submit]");
    var messages = { sending: form.dataset.sending, retry: form.dataset.retry, saved: form.dataset.saved };

    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      if (saved && text && !text.value) {
        text.value = saved.text;
        key.value = saved.key;
      }
    } catch (e) { /* no storage: nothing to restore */ }

    function remember() {
      try {
        window.localStorage.setItem(storageKey, JSON.stringify({ text: text.value, key: key.value }));
      } catch (e) { /* ignore */ }
    }
    if (text) { text.addEventListener("input", remember); }

    function send(data, attempt) {
      status.textContent = messages.sending;
      button.disabled = true;
      fetch(form.action, { method: "POST", body: data, headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (response) {
          return response.text().then(function (html) { return { ok: response.ok, status: response.status, html: html }; });
        })
        .then(function (result) {
          button.disabled = false;
          if (result.ok) {
            var list = document.getElementById("outcome-list");
            list.outerHTML = result.html;
            text.value = "";
            key.value = newKey();
            try { window.localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
            status.textContent = messages.saved;
            text.focus();
          } else if (result.status === 400) {
            var holder = document.createElement("div");
            holder.innerHTML = result.html;
            var fresh = holder.querySelector("form");
            if (fresh) {
              form.replaceWith(fresh);
              setup(fresh);
            }
          } else {
            throw new Error("status " + result.status);
          }
        })
        .catch(function () {
          button.disabled = false;
          status.textContent = messages.retry;
          var wait = Math.min(30000, 2000 * Math.pow(2, attempt));
          window.setTimeout(function () { send(data, attempt + 1); }, wait);
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!key.value) { key.value = newKey(); }
      remember();
      send(new FormData(form), 0);
    });
  }

  var form = document.getElementById("outcome-form");
  if (form) { setup(form); }
})();
