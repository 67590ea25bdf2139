// The editing screen (/admin/), loaded after Decap CMS (docs/assets/vendor/decap-cms/).
// Two adjustments to Decap, both explained in README.md ("Het invoerscherm").
(function () {
  "use strict";

  // 1. Decap asks www.githubstatus.com every five minutes whether GitHub works. This site
  //    contacts no host it does not need, so the question gets "nothing reported" here.
  var realFetch = window.fetch.bind(window);
  window.fetch = function (resource, options) {
    var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
    if (String(url).indexOf("https://www.githubstatus.com/") === 0) {
      return Promise.resolve(
        new Response('{"components": []}', {
          status: 200,
          headers: { "Content-Type": "application/json" },
        }),
      );
    }
    return realFetch(resource, options);
  };

  // 2. A field an editor filled in and emptied again is saved by Decap as "" (an emptied
  //    number or date too, which the checker refuses). In the model an empty field means
  //    "not filled in", so before saving every empty value and every empty group is left out.
  function isMap(value) {
    return Boolean(value && value["@@__IMMUTABLE_MAP__@@"]);
  }
  function isList(value) {
    return Boolean(value && value["@@__IMMUTABLE_LIST__@@"]);
  }
  function isEmpty(value) {
    return value === "" || value === null || value === undefined || (isMap(value) && value.size === 0);
  }
  function prune(value) {
    if (isMap(value)) {
      return value.map(prune).filter(function (item) {
        return !isEmpty(item);
      });
    }
    if (isList(value)) {
      return value.map(function (item) {
        return isMap(item) ? prune(item) : item;
      });
    }
    return value;
  }

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      return prune(event.entry.get("data"));
    },
  });
})();
