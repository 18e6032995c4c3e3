/* The YASGUI query editor, configured from the page's JSON data island.
 * No request leaves this service: the endpoint is ours, the endpoint catalogue lists only
 * it, and the autocompleters suggest our prefixes and the ontology's own terms instead of
 * asking Linked Open Vocabularies or prefix.cc. */
(function () {
  "use strict";

  function start() {
    var config = JSON.parse(document.getElementById("editor-config").textContent);
    var Yasqe = Yasgui.Yasqe;
    var prefixLines = Object.keys(config.prefixes).sort().map(function (name) {
      return name + ": <" + config.prefixes[name] + ">";
    });
    Yasqe.forkAutocompleter("prefixes", {
      name: "lapekg-prefixes", persistenceId: null,
      get: function () { return prefixLines; }
    }, false);
    Yasqe.forkAutocompleter("class", {
      name: "lapekg-classes", bulk: true, autoShow: false,
      get: function () { return config.terms.classes; }
    }, false);
    Yasqe.forkAutocompleter("property", {
      name: "lapekg-properties", bulk: true, autoShow: false,
      get: function () { return config.terms.properties; }
    }, false);
    var completers = ["lapekg-prefixes", "variables", "lapekg-classes", "lapekg-properties"];
    Yasqe.defaults.autocompleters = completers.slice();

    var yasgui = new Yasgui(document.getElementById("yasgui"), {
      persistenceId: null,
      populateFromUrl: false,
      copyEndpointOnNewTab: true,
      requestConfig: { endpoint: config.endpoint, method: "POST" },
      endpointCatalogueOptions: {
        getData: function () { return [{ endpoint: config.endpoint }]; }
      },
      yasqe: { value: config.initial, autocompleters: completers, prefixCcApi: null },
      yasr: { prefixes: config.prefixes }
    });
    yasgui.getTab().setQuery(config.initial);

    document.querySelectorAll("button.example").forEach(function (button) {
      button.addEventListener("click", function () {
        var example = config.examples[Number(button.dataset.example)];
        var tab = yasgui.getTab();
        tab.setQuery(example.query);
        tab.getYasqe().focus();
      });
    });
    window.lapekgEditor = yasgui;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
