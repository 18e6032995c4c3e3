/* The diffusion network, drawn with Cytoscape.js (served from /static/maps): practices
 * and actors as nodes, an edge from a practice to each adopter and from a stated origin
 * to the practice. Data: the page's JSON data island (the JSON twin's "network").
 * Selecting a node fades everything but its neighbourhood; a double click opens the
 * node's page. Without JavaScript the page is its tables. */
(function () {
  "use strict";

  function start() {
    var island = document.getElementById("network-data");
    var holder = document.getElementById("diffusion-network");
    if (!island || !holder || typeof cytoscape === "undefined") { return; }
    var data = JSON.parse(island.textContent);
    var elements = data.nodes.map(function (node) {
      return {group: "nodes", data: node, classes: node.type};
    }).concat(data.edges.map(function (edge) {
      var classes = edge.origin ? "origin" : (edge.inferred ? "inferred" : "stated");
      return {group: "edges", data: edge, classes: classes};
    }));
    var cy = cytoscape({
      container: holder, elements: elements, wheelSensitivity: 0.3,
      style: [
        {selector: "node", style: {"label": "data(label)", "font-size": 9, "width": 12,
          "height": 12, "background-color": "#1d3b53", "color": "#1d3b53",
          "text-valign": "top", "text-margin-y": -3, "text-wrap": "ellipsis",
          "text-max-width": 120}},
        {selector: "node.practice", style: {"shape": "round-rectangle",
          "background-color": "#b3412e", "color": "#7a2b1e"}},
        {selector: "edge", style: {"width": 1.4, "curve-style": "bezier",
          "target-arrow-shape": "triangle", "line-color": "#b3412e",
          "target-arrow-color": "#b3412e", "arrow-scale": 0.8}},
        {selector: "edge.inferred", style: {"line-style": "dashed", "line-color": "#4f6d8a",
          "target-arrow-color": "#4f6d8a"}},
        {selector: "edge.origin", style: {"line-color": "#8a99a6",
          "target-arrow-color": "#8a99a6"}},
        {selector: ".faded", style: {"opacity": 0.12}}
      ],
      layout: {name: "cose", animate: false, randomize: false, nodeRepulsion: 6000,
               idealEdgeLength: 50}
    });
    cy.on("tap", "node", function (event) {
      var near = event.target.closedNeighborhood();
      cy.elements().addClass("faded");
      near.removeClass("faded");
      holder.dataset.selected = event.target.id();
    });
    cy.on("tap", function (event) {
      if (event.target === cy) { cy.elements().removeClass("faded"); delete holder.dataset.selected; }
    });
    cy.on("dbltap", "node", function (event) {
      var page = event.target.data("page");
      if (page) { window.location.href = page; }
    });
    holder.dataset.nodes = String(cy.nodes().length);
    holder.dataset.edges = String(cy.edges().length);
    holder.dataset.ready = "true";
    window.lapekgNetwork = cy;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
