// The search page, on Pagefind's JavaScript API (pagefind.js) rather than its default UI:
// - A first search loads only what that query needs: the index chunks of its words and
//   the fragments of the results shown. The filter lists (hundreds of gemeenten and wijken
//   at national scale) are loaded when the visitor opens "Filters", or when the address
//   already holds a filter.
// - Pagefind runs in the page, not in a web worker: one script fewer, and a search is
//   milliseconds of work.
// - The address follows the search (?q=…&gemeente=…), so the back button and a copied
//   link give the same results; the header's search box sends its query here.
// - Result text is put on the page as text, never as HTML.
// - A rebuild may have indexed its changed pages into a supplement (kennisbank/search.py):
//   it is merged in, and the old entries of the pages it replaces are left out of the
//   results and the counts, so the visitor sees one up-to-date entry per page.
"use strict";

(function () {
  const root = document.getElementById("kb-zoeken");
  if (!root) return;

  const PAGE_SIZE = 10;
  const SUB_RESULTS = 3;
  const DEBOUNCE_MS = 250;
  const bundle = new URL(root.dataset.bundle, document.baseURI);
  const order = root.dataset.filters.split(" ");
  const form = root.querySelector("form");
  const input = document.getElementById("kb-zoekterm");
  const panel = document.getElementById("kb-zoekfilters");
  const groups = document.getElementById("kb-zoekfilters-groepen");
  const message = document.getElementById("kb-zoekmelding");
  const list = document.getElementById("kb-zoekresultaten");
  const more = document.getElementById("kb-zoekmeer");
  const number = new Intl.NumberFormat("nl-NL");

  const state = {
    engine: null,
    replaced: new Map(), // page id in the full index → its filter values there
    selected: {}, // filter name → Set of chosen values
    filtersLoaded: null, // a promise once the filter lists are asked for
    all: null, // every filter value with its count on the whole site, once loaded
    results: [],
    shown: 0,
    search: 0, // the newest search; an older one that finishes later is dropped
    timer: 0,
  };

  function engine() {
    if (!state.engine) {
      const loading = [import(new URL("pagefind.js", bundle).href), supplement()];
      state.engine = Promise.all(loading).then(async ([pagefind, extra]) => {
        const options = { baseUrl: new URL("../", bundle).pathname, excerptLength: 30 };
        await pagefind.options({ ...options, noWorker: true });
        if (extra.bundel) {
          await pagefind.mergeIndex(new URL(extra.bundel, bundle).pathname, options);
        }
        state.replaced = new Map(Object.entries(extra.vervangen || {}));
        return pagefind;
      });
    }
    return state.engine;
  }

  function supplement() {
    return fetch(new URL("aanvulling.json", bundle))
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));
  }

  // A search without the replaced pages: they leave the results and, as far as they
  // matched, the counts of their filter values.
  async function find(term, filters) {
    const pagefind = await engine();
    const response = await pagefind.search(term || null, { filters });
    const results = [];
    for (const result of response.results) {
      const old = state.replaced.get(result.id);
      if (old) subtract(response.filters, old);
      else results.push(result);
    }
    return { results, filters: response.filters };
  }

  function subtract(counts, values) {
    for (const [name, list] of Object.entries(values)) {
      for (const value of list) {
        if (counts[name]?.[value]) counts[name][value] -= 1;
        if (counts[name]?.[value] === 0) delete counts[name][value];
      }
    }
  }

  // --- The address --------------------------------------------------------------

  function readAddress() {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    for (const [name, value] of params) {
      if (order.includes(name)) chosen(name).add(value);
    }
  }

  function writeAddress() {
    const url = new URL(window.location.href);
    url.search = "";
    const term = input.value.trim();
    if (term) url.searchParams.set("q", term);
    for (const name of order) {
      for (const value of chosen(name)) url.searchParams.append(name, value);
    }
    window.history.replaceState(null, "", url);
  }

  function chosen(name) {
    return (state.selected[name] = state.selected[name] || new Set());
  }

  function activeFilters() {
    const filters = {};
    for (const name of order) {
      if (chosen(name).size) filters[name] = { any: [...chosen(name)] };
    }
    return filters;
  }

  // --- Searching ----------------------------------------------------------------

  async function search() {
    const id = ++state.search;
    writeAddress();
    const term = input.value.trim();
    const filters = activeFilters();
    if (!term && !Object.keys(filters).length) {
      show(id, term, null);
      return;
    }
    try {
      await show(id, term, await find(term, filters));
    } catch (error) {
      if (id !== state.search) return;
      console.error(error);
      clear();
      message.textContent = "Zoeken lukt nu niet: de zoekindex kon niet worden geladen.";
    }
  }

  function clear() {
    state.results = [];
    state.shown = 0;
    list.replaceChildren();
    more.hidden = true;
  }

  async function show(id, term, response) {
    if (id !== state.search) return;
    if (response === null) {
      clear();
      message.textContent = "";
      return;
    }
    const first = await Promise.all(response.results.slice(0, PAGE_SIZE).map((r) => r.data()));
    if (id !== state.search) return;
    clear();
    state.results = response.results;
    append(first);
    message.textContent = summary(response.results.length, term);
    if (!state.all) return;
    const found = await counts(term, response);
    if (id === state.search) updateCounts(found);
  }

  // Values of one filter add up (Arnhem or Nijmegen), so a value's count is what the
  // search finds with the other filters only: choosing Arnhem keeps Nijmegen's count.
  async function counts(term, response) {
    const found = { ...response.filters };
    for (const name of order) {
      if (!chosen(name).size) continue;
      const others = activeFilters();
      delete others[name];
      if (!term && !Object.keys(others).length) {
        found[name] = state.all[name];
        continue;
      }
      found[name] = (await find(term, others)).filters[name];
    }
    return found;
  }

  function summary(count, term) {
    const found =
      count === 0
        ? "Geen resultaten"
        : `${number.format(count)} ${count === 1 ? "resultaat" : "resultaten"}`;
    return term ? `${found} voor ${term}` : found;
  }

  async function showMore() {
    const id = state.search;
    const next = state.results.slice(state.shown, state.shown + PAGE_SIZE);
    const data = await Promise.all(next.map((r) => r.data()));
    if (id !== state.search) return;
    const before = state.shown;
    append(data);
    list.children[before]?.querySelector("a")?.focus();
  }

  function append(pages) {
    list.append(...pages.map(resultItem));
    state.shown += pages.length;
    more.hidden = state.shown >= state.results.length;
  }

  // --- One result ---------------------------------------------------------------

  function resultItem(data) {
    const item = element("li", "kb-zoekresultaat");
    const title = element("p", "kb-zoekresultaat__titel");
    title.append(link(data.url, data.meta.title || data.url));
    const kind = data.filters?.soort?.[0];
    if (kind) title.append(" ", element("span", "kb-zoekresultaat__soort", kind));
    item.append(title, excerpt(data.excerpt));
    const parts = (data.sub_results || []).filter(
      (s) => s.url !== data.url && s.title !== data.meta.title,
    );
    if (parts.length) {
      const sub = element("ul", "kb-zoekresultaat__delen");
      for (const part of parts.slice(0, SUB_RESULTS)) {
        const entry = element("li");
        entry.append(link(part.url, part.title), excerpt(part.excerpt));
        sub.append(entry);
      }
      item.append(sub);
    }
    return item;
  }

  function link(href, text) {
    const a = element("a", "", text);
    a.href = href;
    return a;
  }

  // Pagefind's excerpt is the page's text with "<" and ">" escaped and the matched words
  // in <mark>: rebuilt here from text nodes, so nothing in it can become markup.
  function excerpt(html) {
    const paragraph = element("p", "kb-zoekresultaat__tekst");
    let marked = false;
    for (const part of (html || "").split(/(<\/?mark>)/)) {
      if (part === "<mark>" || part === "</mark>") {
        marked = part === "<mark>";
        continue;
      }
      const text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (text) paragraph.append(marked ? element("mark", "", text) : text);
    }
    return paragraph;
  }

  function element(tag, className = "", text = "") {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // --- Filters ------------------------------------------------------------------

  function loadFilters() {
    if (!state.filtersLoaded) {
      state.filtersLoaded = engine()
        .then((pagefind) => pagefind.filters())
        .then((all) => {
          for (const old of state.replaced.values()) subtract(all, old);
          state.all = all;
          drawFilters(all);
          return search();
        })
        .catch((error) => {
          console.error(error);
          groups.replaceChildren(element("p", "", "De filters konden niet worden geladen."));
        });
    }
    return state.filtersLoaded;
  }

  function drawFilters(all) {
    const names = order.filter((name) => all[name] && Object.keys(all[name]).length);
    groups.replaceChildren(...names.map((name) => filterGroup(name, Object.keys(all[name]))));
  }

  function filterGroup(name, values) {
    const group = element("details", "kb-zoekfilter");
    group.open = chosen(name).size > 0;
    const label = name.charAt(0).toUpperCase() + name.slice(1);
    const fieldset = element("fieldset");
    fieldset.append(element("legend", "kb-sr-only", label));
    values.sort((a, b) => a.localeCompare(b, "nl"));
    for (const value of values) fieldset.append(checkbox(name, value));
    group.append(element("summary", "", label), fieldset);
    return group;
  }

  function checkbox(name, value) {
    const label = element("label", "kb-zoekfilter__keuze");
    const box = element("input");
    box.type = "checkbox";
    box.name = name;
    box.value = value;
    box.checked = chosen(name).has(value);
    box.addEventListener("change", () => {
      if (box.checked) chosen(name).add(value);
      else chosen(name).delete(value);
      search();
    });
    const count = element("span", "kb-zoekfilter__aantal");
    count.dataset.filter = name;
    count.dataset.value = value;
    label.append(box, element("span", "", value), " ", count);
    return label;
  }

  function updateCounts(found) {
    for (const span of groups.querySelectorAll(".kb-zoekfilter__aantal")) {
      const count = found[span.dataset.filter]?.[span.dataset.value] ?? 0;
      span.textContent = `(${number.format(count)})`;
    }
  }

  // --- Start --------------------------------------------------------------------

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(state.timer);
    search();
  });
  input.addEventListener("input", () => {
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(search, DEBOUNCE_MS);
  });
  panel.addEventListener("toggle", () => {
    if (panel.open) loadFilters();
  });
  more.addEventListener("click", showMore);

  readAddress();
  root.hidden = false;
  if (Object.keys(activeFilters()).length) panel.open = true; // its toggle loads the lists
  if (input.value || panel.open) search();
  else input.focus();
})();
