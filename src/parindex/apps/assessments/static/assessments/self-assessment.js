/* ParIndex self-assessment page: save a criterion, upload or remove evidence without
   reloading, then refresh the running totals. The page works without this script: every
   form posts normally and the server answers with the whole page. */
(function () {
  "use strict";
  var tree = document.querySelector("[data-self-page]");
  if (!tree || !window.fetch || !window.FormData) {
    return;
  }
  var totalsUrl = tree.getAttribute("data-totals-url");
  var FRAGMENT = "X-ParIndex-Fragment";
  var headers = { "X-Requested-With": "fetch" };

  function refreshTotals() {
    return fetch(totalsUrl, { headers: headers, credentials: "same-origin" })
      .then(function (response) {
        return response.headers.get(FRAGMENT) === "totals" ? response.text() : null;
      })
      .then(function (html) {
        var box = document.getElementById("self-totals");
        if (html && box) {
          box.outerHTML = html;
        }
      });
  }

  function replaceLeaf(leaf, html) {
    var id = leaf.id;
    leaf.outerHTML = html;
    var fresh = document.getElementById(id);
    var notice = fresh && fresh.querySelector(".notice[tabindex]");
    if (notice) {
      notice.focus();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-fragment")) {
      return;
    }
    var leaf = form.closest("[data-leaf]");
    if (!leaf) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: headers,
      credentials: "same-origin"
    })
      .then(function (response) {
        if (response.headers.get(FRAGMENT) !== "leaf") {
          throw new Error("not a fragment: " + response.status);
        }
        return response.text();
      })
      .then(
        function (html) {
          replaceLeaf(leaf, html);
          refreshTotals().catch(function () {
            /* the totals stay as they were until the next save or reload */
          });
        },
        function () {
          // Nothing was saved through the script: let the browser post the form itself
          // and show the server's full answer.
          form.removeAttribute("data-fragment");
          form.submit();
        }
      );
  });
})();
