/* Sociale kaart of one gemeente: filters over the server-rendered cards, and a map
   that loads nothing (no Leaflet, no tiles) until the visitor clicks "Toon kaart".
   Without this script every card is visible and the filters and map stay hidden. */
(function () {
  "use strict";

  var script = document.currentScript;
  var form = document.getElementById("kb-filters");
  var counter = document.getElementById("kb-teller");
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.kb-dienst[data-dienst]"));
  var FIELDS = ["wijk", "leeftijd", "behoefte", "toegang", "kosten"];
  var redrawMap = null;

  function words(card, name) {
    var value = card.getAttribute("data-" + name) || "";
    return value ? value.split(" ") : [];
  }

  function months(range) {
    var parts = range.split("-");
    return [parseInt(parts[0], 10), parseInt(parts[1], 10)];
  }

  /* "ja", "nee" or "onbekend": does the card match, as far as the data tells? */
  function match(card, chosen) {
    var unknown = false;
    if (chosen.wijk) {
      var wijken = words(card, "wijken");
      if (wijken.length && wijken.indexOf(chosen.wijk) < 0) return "nee";
    }
    if (chosen.leeftijd) {
      var range = card.getAttribute("data-leeftijd");
      if (!range) {
        unknown = true;
      } else {
        var own = months(range);
        var wanted = months(chosen.leeftijd);
        if (!(own[0] < wanted[1] && own[1] > wanted[0])) return "nee";
      }
    }
    if (chosen.behoefte) {
      var needs = words(card, "behoeften");
      if (!needs.length) unknown = true;
      else if (needs.indexOf(chosen.behoefte) < 0) return "nee";
    }
    if (chosen.toegang) {
      var access = card.getAttribute("data-toegang");
      if (access === "onbekend" && chosen.toegang !== "onbekend") unknown = true;
      else if (access !== chosen.toegang) return "nee";
    }
    if (chosen.kosten) {
      var costs = card.getAttribute("data-kosten");
      if (costs === "onbekend" && chosen.kosten !== "onbekend") unknown = true;
      else if (costs !== chosen.kosten) return "nee";
    }
    return unknown ? "onbekend" : "ja";
  }

  function diensten(n) {
    return n === 1 ? "dienst" : "diensten";
  }

  function chosenValues() {
    var chosen = { onbekend: form.elements.onbekend.checked };
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      chosen[name] = field ? field.value : "";
    });
    return chosen;
  }

  function apply() {
    var chosen = chosenValues();
    var shown = 0;
    var unknown = 0;
    cards.forEach(function (card) {
      var result = match(card, chosen);
      if (result === "onbekend") unknown += 1;
      var visible = result === "ja" || (result === "onbekend" && chosen.onbekend);
      card.hidden = !visible;
      if (visible) shown += 1;
    });
    var text = shown + " van " + cards.length + " " + diensten(cards.length);
    if (unknown && !chosen.onbekend) {
      text += ". Bij " + unknown + " andere " + diensten(unknown) + " weten we dit niet";
    } else if (unknown) {
      text += ", waarvan " + unknown + " waarbij we dit niet weten";
    }
    if (!shown) text += ". Probeer minder filters";
    counter.textContent = text + ".";
    remember(chosen);
    if (redrawMap) redrawMap();
  }

  /* The filters are in the address (?wijk=…), so a filtered view can be bookmarked or shared. */
  function remember(chosen) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      if (chosen[name]) params.set(name, chosen[name]);
    });
    if (chosen.onbekend) params.set("onbekend", "1");
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name);
      if (!field || !value) return;
      var known = Array.prototype.some.call(field.options, function (option) {
        return option.value === value;
      });
      if (known) field.value = value;
    });
    form.elements.onbekend.checked = params.get("onbekend") === "1";
  }

  if (form && counter) {
    form.hidden = false;
    restore();
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    form.addEventListener("reset", function () {
      /* The fields take their defaults after this event. */
      window.setTimeout(apply, 0);
    });
    apply();
  }

  /* --- The map (opt-in) --------------------------------------------------- */

  var section = document.getElementById("kb-kaart");
  var button = document.getElementById("kb-toon-kaart");
  var box = document.getElementById("kb-kaart-vak");
  if (!section || !button || !box || !script) return;
  section.hidden = false;
  var message = document.getElementById("kb-kaart-melding");
  var vendor = new URL("../vendor/leaflet/", script.src).href;
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bijdragers';

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) {
        element.setAttribute(name, attributes[name]);
      });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function points() {
    return Array.prototype.map.call(section.querySelectorAll("li[data-punt]"), function (li) {
      return {
        id: li.getAttribute("data-punt"),
        lat: parseFloat(li.getAttribute("data-lat")),
        lng: parseFloat(li.getAttribute("data-lng")),
        label: li.textContent,
      };
    });
  }

  /* The heading without its permalink sign. */
  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) {
      link.remove();
    });
    return copy.textContent.trim();
  }

  function popup(point, here) {
    var root = document.createElement("div");
    root.className = "kb-kaart__popup";
    var where = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = "Plaats op de kaart: ";
    where.appendChild(strong);
    where.appendChild(document.createTextNode(point.label));
    root.appendChild(where);
    var list = document.createElement("ul");
    here.forEach(function (card) {
      var heading = card.querySelector("h3");
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + card.getAttribute("data-dienst");
      link.textContent = heading ? headingText(heading) : card.getAttribute("data-dienst");
      item.appendChild(link);
      list.appendChild(item);
    });
    root.appendChild(list);
    return root;
  }

  function showMap(L) {
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    var layer = L.layerGroup().addTo(map);
    var all = points();
    var framed = false;

    redrawMap = function () {
      layer.clearLayers();
      var bounds = [];
      all.forEach(function (point) {
        var here = cards.filter(function (card) {
          return !card.hidden && words(card, "punten").indexOf(point.id) >= 0;
        });
        if (!here.length) return;
        var title = here.length + " " + diensten(here.length) + ": " + point.label;
        var icon = L.divIcon({
          className: "kb-kaart__marker",
          html: "<span>" + here.length + "</span>",
          iconSize: [36, 36],
          iconAnchor: [18, 18],
          popupAnchor: [0, -18],
        });
        L.marker([point.lat, point.lng], { icon: icon, title: title })
          .bindPopup(popup(point, here), { maxHeight: 260 })
          .addTo(layer);
        bounds.push([point.lat, point.lng]);
      });
      if (!framed) {
        var first = bounds[0] || [all[0].lat, all[0].lng];
        if (bounds.length > 1) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 14 });
        else map.setView(first, 12);
        framed = true;
      }
    };
    redrawMap();
    button.hidden = true;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    button.textContent = "Kaart laden…";
    load("link", { rel: "stylesheet", href: vendor + "leaflet.css" })
      .then(function () {
        return load("script", { src: vendor + "leaflet.js" });
      })
      .then(function () {
        showMap(window.L);
      })
      .catch(function () {
        button.disabled = false;
        button.textContent = "Toon kaart";
        message.textContent = "De kaart kon niet laden. Probeer het later opnieuw.";
      });
  });
})();
