// The search page: Pagefind's own interface (Dutch labels come with it, chosen by
// <html lang="nl">), started from the query in the address (?q=…) so the header
// search box and shared links work. The address follows the query, so the back
// button and a copied link give the same results.
"use strict";

(function () {
  const element = document.getElementById("kb-zoekvak");
  if (!element || typeof PagefindUI === "undefined") return;

  const params = new URLSearchParams(window.location.search);
  const ui = new PagefindUI({
    element: "#kb-zoekvak",
    bundlePath: element.dataset.bundle,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    pageSize: 10,
    autofocus: !params.get("q"),
    translations: {
      placeholder: "Zoek op een woord, bijvoorbeeld logopedie of peuteropvang",
      filters_label: "Filters",
    },
    processTerm: function (term) {
      const url = new URL(window.location.href);
      if (term) url.searchParams.set("q", term);
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
      return term;
    },
  });

  const filters = {};
  for (const [name, value] of params) {
    if (name !== "q") (filters[name] = filters[name] || []).push(value);
  }
  if (Object.keys(filters).length) ui.triggerFilters(filters);
  if (params.get("q")) ui.triggerSearch(params.get("q"));
})();
