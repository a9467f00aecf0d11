// A background import's page (references.tasks): while the worker reads or saves the file, the
// progress region is fetched again every two seconds and replaced, its status line announcing
// the counts to screen readers; once the import stops running the region shows what it came to
// (the preview, or what was saved) and the page stops asking. No page refresh (axe's
// meta-refresh rule, WCAG 2.2.1): what the reader does elsewhere on the page is left alone.
// Without this script the region offers a link that shows the latest progress.
(function () {
  "use strict";
  var SECONDS = 2;

  function region(root) {
    return root.querySelector("[data-import-progress]");
  }

  function hideLinks(root) {
    root.querySelectorAll(".import-refresh-link").forEach(function (link) { link.hidden = true; });
  }

  function poll() {
    var current = region(document);
    if (!current || !current.hasAttribute("data-refresh")) { return; }
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
        .then(function (html) {
          var fresh = region(new DOMParser().parseFromString(html, "text/html"));
          if (!fresh) { return; }
          fresh = document.importNode(fresh, true);
          hideLinks(fresh);
          current.replaceWith(fresh);
          poll();
        })
        .catch(poll);
    }, SECONDS * 1000);
  }

  hideLinks(document);
  poll();
})();
