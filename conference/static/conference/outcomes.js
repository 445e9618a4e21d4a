// Live recording of table-talk outcomes on a phone. The page works without this script;
// with it, an outcome is sent in the background and what was typed is never lost:
// - it is kept across a reload (localStorage) and while the network is down;
// - one retry loop sends what is in the box, with the same key as long as the text is the same,
//   so the server stores it once; changed text gets a new key, so it is not taken for the old one;
// - only the outcome list the server answers with counts as success: a login page (expired
//   session) or a 401/403 (expired form) keeps the text and says to sign in again;
// - on success the box is only cleared if it still holds what was sent.
// Its texts come from data- attributes on the form (translated; no inline script under the CSP).
(function () {
  "use strict";

  var RETRY_MAX = 30000;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
    });
  }

  // The element the server sent if it is exactly one element with this id, else null.
  function fragment(html, id) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var element = holder.content.firstElementChild;
    if (!element || element.id !== id || holder.content.childElementCount !== 1) {
      return null;
    }
    return element;
  }

  function setup(form) {
    var storageKey = "outcome-draft:" + form.action;
    var text = form.querySelector("textarea[name=text]");
    var key = form.querySelector("input[name=client_key]");
    var status = form.querySelector(".portal-send-status");
    var button = form.querySelector("button[type=submit]");
    var data = form.dataset;
    var timer = null; // the one pending retry
    var inFlight = false;
    var keyFor = null; // what the current key was sent with: text and kind

    function kind() {
      var checked = form.querySelector("[name=kind]:checked");
      if (checked) { return checked.value; }
      var select = form.querySelector("select[name=kind]");
      return select ? select.value : "";
    }
    function snapshot() { return kind() + "\n" + text.value; }

    function remember() {
      try {
        window.localStorage.setItem(
          storageKey, JSON.stringify({ text: text.value, key: key.value, sent: keyFor })
        );
      } catch (e) { /* no storage: the text stays in the box only */ }
    }
    function forget() {
      try { window.localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
    }

    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      if (saved && text && !text.value && saved.text) {
        text.value = saved.text;
        key.value = saved.key || "";
        keyFor = saved.sent || null;
      }
    } catch (e) { /* no storage: nothing to restore */ }

    // The same key only for the same outcome: once the text or kind changes it is a new one.
    function changed() {
      if (keyFor !== null && snapshot() !== keyFor) {
        key.value = newKey();
        keyFor = null;
      }
      remember();
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);

    function say(message, link) {
      status.textContent = message || "";
      if (link) {
        status.appendChild(document.createTextNode(" "));
        var anchor = document.createElement("a");
        anchor.href = link.href;
        anchor.textContent = link.label;
        status.appendChild(anchor);
      }
    }

    function stopRetrying() {
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
    }

    function signedOut() {
      stopRetrying();
      remember();
      say(data.signedOut, { href: data.loginUrl, label: data.loginLabel });
    }

    function retryLater(attempt) {
      stopRetrying();
      say(data.retry);
      var wait = Math.min(RETRY_MAX, 2000 * Math.pow(2, attempt));
      timer = window.setTimeout(function () {
        timer = null;
        send(attempt + 1);
      }, wait);
    }

    function send(attempt) {
      stopRetrying();
      if (inFlight) { return; }
      if (!text.value.trim()) { say(""); return; } // emptied while waiting: nothing left to send
      if (!key.value) { key.value = newKey(); }
      keyFor = snapshot();
      remember();
      var sentText = text.value;
      var body = new FormData(form);
      inFlight = true;
      button.disabled = true;
      say(data.sending);
      fetch(form.action, {
        method: "POST",
        body: body,
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
        redirect: "follow"
      })
        .then(function (response) {
          return response.text().then(function (html) {
            return { response: response, html: html };
          });
        })
        .then(function (result) {
          inFlight = false;
          button.disabled = false;
          var response = result.response;
          // Only a 200 with the outcome list is success; a redirect means the login page answered.
          if (response.redirected || response.status === 401 || response.status === 403) {
            signedOut();
            return;
          }
          if (response.status === 400) {
            var fresh = fragment(result.html, "outcome-form");
            if (!fresh) { signedOut(); return; }
            var typed = text.value;
            form.replaceWith(fresh);
            fresh.querySelector("textarea[name=text]").value = typed;
            setup(fresh);
            return;
          }
          var list = response.ok ? fragment(result.html, "outcome-list") : null;
          if (!list) {
            if (response.ok) { signedOut(); } else { retryLater(attempt); }
            return;
          }
          document.getElementById("outcome-list").replaceWith(list);
          if (text.value === sentText) {
            text.value = "";
            key.value = newKey();
            keyFor = null;
            forget();
            text.focus();
          } else {
            remember(); // typed on while it was sent: kept, under its own new key
          }
          say(data.saved);
        })
        .catch(function () {
          inFlight = false;
          button.disabled = false;
          retryLater(attempt);
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(0); // also "try now" while a retry waits: still one loop
    });
  }

  var form = document.getElementById("outcome-form");
  if (form) { setup(form); }
})();
