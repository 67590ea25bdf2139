// Wegwijzer voor ouders: the three questions in one form. Without JavaScript the form
// stays hidden and the links on the page lead to the same static answer pages; with it,
// the form only jumps to such a page. No inline script: the site's CSP forbids it.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("form[data-wegwijzer]");
  if (!form || !script) {
    return;
  }
  // This file is assets/js/wegwijzer.js; the answer pages are under wegwijzer/.
  var base = new URL("../../wegwijzer/", script.src);
  // With use_directory_urls off the pages are index.html files, not folders.
  var index = /\.html$/.test(window.location.pathname) ? "index.html" : "";
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var parts = ["gemeente", "leeftijd", "zorg"].map(function (name) {
      return encodeURIComponent(form.elements[name].value);
    });
    window.location.assign(new URL(parts.join("/") + "/" + index, base).href);
  });
})();
