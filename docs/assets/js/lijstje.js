/* Mijn lijstje: diensten a visitor bookmarks on the sociale kaart.
   Stored in this browser only (localStorage), never sent anywhere, as entries
   "<gemeente>/<org>--<dienst>": the Bewaar button says which gemeente page holds
   the card. The list page has no cards of its own: it fetches each needed gemeente
   page once (same site), shows the saved cards from it in the saved order and says
   so when a card is no longer there. A list is shared as a link whose
   #diensten=… part never reaches a server. */
(function () {
  "use strict";

  var STORAGE_KEY = "kb-lijstje";
  var SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
  var ENTRY = new RegExp("^" + SLUG + "/" + SLUG + "--" + SLUG + "$");
  var memory = [];

  function gemeenteOf(entry) {
    return entry.split("/")[0];
  }

  function dienstOf(entry) {
    return entry.split("/")[1];
  }

  /* One entry per dienst, whichever gemeente page it was saved on. */
  function unique(entries) {
    var seen = Object.create(null);
    return entries.filter(function (entry) {
      if (typeof entry !== "string" || !ENTRY.test(entry) || seen[dienstOf(entry)]) return false;
      seen[dienstOf(entry)] = true;
      return true;
    });
  }

  function find(entries, dienst) {
    for (var i = 0; i < entries.length; i += 1) {
      if (dienstOf(entries[i]) === dienst) return i;
    }
    return -1;
  }

  function read() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "[]");
      return Array.isArray(stored) ? unique(stored) : [];
    } catch (error) {
      return memory.slice();
    }
  }

  function write(entries) {
    memory = unique(entries);
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(memory));
    } catch (error) {
      /* Storage off (private mode): the list lasts as long as the page. */
    }
  }

  function count(n) {
    return n + (n === 1 ? " dienst" : " diensten");
  }

  function announce(text) {
    var region = document.getElementById("kb-lijstje-melding");
    if (region) region.textContent = text;
  }

  function markButtons() {
    var entries = read();
    document.querySelectorAll("button.kb-bewaar[data-dienst]").forEach(function (button) {
      var saved = find(entries, button.getAttribute("data-dienst")) >= 0;
      button.setAttribute("aria-pressed", saved ? "true" : "false");
    });
  }

  function refresh() {
    var entries = read();
    markButtons();
    document.querySelectorAll(".kb-lijstje-aantal").forEach(function (el) {
      el.textContent = String(entries.length);
    });
    if (listPage) listPage.show();
  }

  function toggle(button) {
    var entries = read();
    var at = find(entries, button.getAttribute("data-dienst"));
    if (at >= 0) {
      entries.splice(at, 1);
      write(entries);
      announce("Uit je lijstje gehaald. Er staan nu " + count(entries.length) + " in je lijstje.");
    } else {
      entries.push(button.getAttribute("data-gemeente") + "/" + button.getAttribute("data-dienst"));
      write(entries);
      announce("Bewaard in je lijstje. Er staan nu " + count(entries.length) + " in je lijstje.");
    }
    refresh();
  }

  function sharedEntries() {
    var match = /(?:^#|&)diensten=([^&]*)/.exec(window.location.hash);
    if (!match) return null;
    return unique(decodeURIComponent(match[1]).split(","));
  }

  function shareUrl(entries) {
    var url = window.location.href.split("#")[0];
    return url + "#diensten=" + entries.join(",");
  }

  /* The cards of one fetched gemeente page, by dienst, ready to show on this page. */
  function cardsIn(html, pageUrl) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var cards = Object.create(null);
    doc.querySelectorAll("article.kb-dienst[data-dienst]").forEach(function (article) {
      var card = document.importNode(article, true);
      card.querySelectorAll("a[href]").forEach(function (link) {
        var href = link.getAttribute("href");
        if (href.charAt(0) !== "#") link.setAttribute("href", new URL(href, pageUrl).href);
      });
      card.querySelectorAll(".kb-dienst__acties").forEach(function (el) {
        el.hidden = false;
      });
      cards[card.getAttribute("data-dienst")] = card;
    });
    return cards;
  }

  /* The cards of a gemeente page; {} when the page is gone, null when it could not be loaded. */
  function fetchCards(url) {
    return window.fetch(url).then(
      function (response) {
        if (response.status === 404 || response.status === 410) return Object.create(null);
        if (!response.ok) return null;
        return response.text().then(function (html) {
          return cardsIn(html, url);
        });
      },
      function () {
        return null;
      }
    );
  }

  /* The list page: shows the saved (or shared) cards, prints and shares them. */
  function ListPage(root) {
    var container = document.getElementById("kb-lijstje-diensten");
    var counter = document.getElementById("kb-lijstje-teller");
    var empty = document.getElementById("kb-lijstje-leeg");
    var shared = document.getElementById("kb-lijstje-gedeeld");
    var cleanUp = document.getElementById("kb-lijstje-opruimen");
    var shareBox = document.getElementById("kb-deel");
    var shareField = document.getElementById("kb-deel-link");
    var shareStatus = document.getElementById("kb-deel-status");
    var printButton = document.getElementById("kb-afdrukken");
    var shareButton = document.getElementById("kb-delen");
    var folder = new URL(root.getAttribute("data-basis"), window.location.href);
    var pages = Object.create(null); /* gemeente -> its cards by dienst, once loaded */
    var shown = []; /* the entries whose card is on the page */
    var gone = []; /* the entries whose card is no longer on the sociale kaart */
    var round = 0;
    root.hidden = false;

    function focusCounter() {
      counter.setAttribute("tabindex", "-1");
      counter.focus();
    }

    function render(entries, fromLink, failed) {
      var focused = document.activeElement;
      var focusedCard = focused && focused.closest ? focused.closest("article.kb-dienst") : null;
      var notLoaded = 0;
      shown = [];
      gone = [];
      container.textContent = "";
      entries.forEach(function (entry) {
        var cards = pages[gemeenteOf(entry)];
        var card = cards && cards[dienstOf(entry)];
        if (card) {
          shown.push(entry);
          container.appendChild(card);
        } else if (failed[gemeenteOf(entry)]) {
          notLoaded += 1;
        } else {
          gone.push(entry);
        }
      });
      var text = [(fromLink ? "In het gedeelde lijstje: " : "In je lijstje: ") + count(shown.length)];
      if (gone.length) {
        text.push(
          gone.length + (fromLink ? " gedeelde " : " bewaarde ") +
            (gone.length === 1 ? "dienst staat" : "diensten staan") +
            " niet meer op de sociale kaart"
        );
      }
      if (notLoaded) {
        text.push(
          count(notLoaded) + (notLoaded === 1 ? " kon" : " konden") +
            " niet worden geladen. Probeer het later opnieuw"
        );
      }
      counter.textContent = text.join(". ") + (text.length > 1 ? "." : "");
      markButtons();
      empty.hidden = entries.length > 0;
      cleanUp.hidden = fromLink || gone.length === 0;
      printButton.disabled = shown.length === 0;
      shareButton.disabled = shown.length === 0;
      /* A card removed from the list disappears: keep the keyboard focus on the page. */
      if (focusedCard && !container.contains(focusedCard)) focusCounter();
    }

    this.show = function () {
      var fromLink = sharedEntries();
      var entries = fromLink === null ? read() : fromLink;
      var failed = Object.create(null);
      var needed = entries.map(gemeenteOf).filter(function (gemeente, i, all) {
        return !pages[gemeente] && all.indexOf(gemeente) === i;
      });
      var mine = (round += 1);
      shared.hidden = fromLink === null;
      if (!needed.length) return render(entries, fromLink !== null, failed);
      counter.textContent =
        fromLink === null ? "Je lijstje wordt geladen." : "Het gedeelde lijstje wordt geladen.";
      printButton.disabled = true;
      shareButton.disabled = true;
      Promise.all(
        needed.map(function (gemeente) {
          return fetchCards(new URL(gemeente + "/", folder).href).then(function (cards) {
            if (cards) pages[gemeente] = cards;
            else failed[gemeente] = true;
          });
        })
      ).then(function () {
        /* A newer change (another tab, the address) started its own round. */
        if (mine === round) render(entries, fromLink !== null, failed);
      });
    };

    printButton.addEventListener("click", function () {
      window.print();
    });

    shareButton.addEventListener("click", function () {
      var url = shareUrl(shown);
      shareField.value = url;
      shareBox.hidden = false;
      shareField.focus();
      shareField.select();
      shareStatus.textContent = "Kopieer deze link en stuur hem door.";
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(
          function () {
            shareStatus.textContent = "De link is gekopieerd. Plak hem in een bericht of mail.";
          },
          function () {
            /* No clipboard permission: the selected field is there to copy by hand. */
          }
        );
      }
    });

    document.getElementById("kb-lijstje-overnemen").addEventListener("click", function () {
      write(read().concat(sharedEntries() || []));
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      announce("De diensten staan nu in je lijstje.");
      refresh();
    });

    document.getElementById("kb-lijstje-weghalen").addEventListener("click", function () {
      write(
        read().filter(function (entry) {
          return gone.indexOf(entry) < 0;
        })
      );
      announce("De ontbrekende diensten zijn uit je lijstje gehaald.");
      focusCounter();
      refresh();
    });

    window.addEventListener("hashchange", refresh);
  }

  var listRoot = document.getElementById("kb-lijstje");
  var listPage = listRoot ? new ListPage(listRoot) : null;

  if (!document.getElementById("kb-lijstje-melding")) {
    var region = document.createElement("p");
    region.id = "kb-lijstje-melding";
    region.className = "kb-sr-only";
    region.setAttribute("role", "status");
    document.body.appendChild(region);
  }

  /* One listener for every Bewaar button, also those of cards the list page loads later. */
  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target.closest ? target.closest("button.kb-bewaar[data-gemeente]") : null;
    if (button) toggle(button);
  });
  document.querySelectorAll(".kb-dienst__acties, .kb-lijstje-link").forEach(function (el) {
    el.hidden = false;
  });
  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY) refresh();
  });
  refresh();
})();
