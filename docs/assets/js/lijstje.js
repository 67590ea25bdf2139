/* Mijn lijstje: diensten a visitor bookmarks on the sociale kaart.
   Stored in this browser only (localStorage), never sent anywhere. The list page
   shows the saved cards (all cards are on it, hidden) and shares a list as a link
   whose #diensten=… part never reaches a server. */
(function () {
  "use strict";

  var STORAGE_KEY = "kb-lijstje";
  var KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*--[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var memory = [];

  function unique(keys) {
    var seen = {};
    return keys.filter(function (key) {
      if (typeof key !== "string" || !KEY.test(key) || seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }

  function read() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "[]");
      return Array.isArray(stored) ? unique(stored) : [];
    } catch (error) {
      return memory.slice();
    }
  }

  function write(keys) {
    memory = unique(keys);
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(memory));
    } catch (error) {
      /* Storage off (private mode): the list lasts as long as the page. */
    }
  }

  function count(n) {
    return n + (n === 1 ? " dienst" : " diensten");
  }

  function buttons() {
    return Array.prototype.slice.call(document.querySelectorAll("button.kb-bewaar[data-dienst]"));
  }

  function announce(text) {
    var region = document.getElementById("kb-lijstje-melding");
    if (region) region.textContent = text;
  }

  function refresh() {
    var keys = read();
    buttons().forEach(function (button) {
      var saved = keys.indexOf(button.getAttribute("data-dienst")) >= 0;
      button.setAttribute("aria-pressed", saved ? "true" : "false");
    });
    document.querySelectorAll(".kb-lijstje-aantal").forEach(function (el) {
      el.textContent = String(keys.length);
    });
    if (listPage) {
      listPage.show();
      /* A card removed from the list disappears: keep the keyboard focus on the page. */
      var focused = document.activeElement;
      var card = focused && focused.closest ? focused.closest("article.kb-dienst") : null;
      if (card && card.hidden) listPage.focus();
    }
  }

  function toggle(button) {
    var key = button.getAttribute("data-dienst");
    var keys = read();
    var at = keys.indexOf(key);
    if (at >= 0) {
      keys.splice(at, 1);
      write(keys);
      announce("Uit je lijstje gehaald. Er staan nu " + count(keys.length) + " in je lijstje.");
    } else {
      keys.push(key);
      write(keys);
      announce("Bewaard in je lijstje. Er staan nu " + count(keys.length) + " in je lijstje.");
    }
    refresh();
  }

  function sharedKeys() {
    var match = /(?:^#|&)diensten=([^&]*)/.exec(window.location.hash);
    if (!match) return null;
    return unique(decodeURIComponent(match[1]).split(","));
  }

  function shareUrl(keys) {
    var url = window.location.href.split("#")[0];
    return url + "#diensten=" + keys.join(",");
  }

  /* The list page: shows the saved (or shared) cards, prints and shares them. */
  function ListPage(root) {
    var cards = Array.prototype.slice.call(document.querySelectorAll("article.kb-dienst[data-dienst]"));
    var counter = document.getElementById("kb-lijstje-teller");
    var empty = document.getElementById("kb-lijstje-leeg");
    var shared = document.getElementById("kb-lijstje-gedeeld");
    var shareBox = document.getElementById("kb-deel");
    var shareField = document.getElementById("kb-deel-link");
    var shareStatus = document.getElementById("kb-deel-status");
    var printButton = document.getElementById("kb-afdrukken");
    var shareButton = document.getElementById("kb-delen");
    root.hidden = false;

    function keys() {
      var fromLink = sharedKeys();
      return fromLink === null ? read() : fromLink;
    }

    this.show = function () {
      var fromLink = sharedKeys();
      var list = keys();
      var shown = 0;
      cards.forEach(function (card) {
        var visible = list.indexOf(card.getAttribute("data-dienst")) >= 0;
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      shared.hidden = fromLink === null;
      empty.hidden = shown > 0;
      printButton.disabled = shown === 0;
      shareButton.disabled = shown === 0;
      counter.textContent =
        (fromLink === null ? "In je lijstje: " : "In het gedeelde lijstje: ") + count(shown);
    };

    this.focus = function () {
      counter.setAttribute("tabindex", "-1");
      counter.focus();
    };

    printButton.addEventListener("click", function () {
      window.print();
    });

    shareButton.addEventListener("click", function () {
      var visible = cards.filter(function (card) {
        return !card.hidden;
      });
      var url = shareUrl(
        visible.map(function (card) {
          return card.getAttribute("data-dienst");
        })
      );
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
      write(read().concat(sharedKeys() || []));
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      announce("De diensten staan nu in je lijstje.");
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

  buttons().forEach(function (button) {
    button.addEventListener("click", function () {
      toggle(button);
    });
  });
  document.querySelectorAll(".kb-dienst__acties, .kb-lijstje-link").forEach(function (el) {
    el.hidden = false;
  });
  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY) refresh();
  });
  refresh();
})();
