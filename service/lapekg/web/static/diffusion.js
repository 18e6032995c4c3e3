/* The diffusion map: Finland's outline (Natural Earth via world-atlas), a point for each
 * adopter or origin with a municipal centre, and an arc from origin to adopter for each
 * adoption whose two ends are on the map. Data: the page's JSON data island (the same
 * rows as the table and the JSON twin). Drawn with d3-geo, served from /static/maps.
 * Without JavaScript the page is its tables. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function titled(node, text) {
    el("title", {}, node).textContent = text;
    return node;
  }

  function draw(holder, data, outline) {
    var width = 640, height = 420, margin = 40;
    var svg = el("svg", {viewBox: "0 0 " + width + " " + height, role: "group",
                         "aria-labelledby": "map-title", "class": "diffusion-map"}, holder);
    el("title", {id: "map-title"}, svg).textContent = holder.dataset.title;
    // Fit the places (with a margin), the country's outline around them as context;
    // with fewer than two places, the whole country.
    var coordinates = Object.keys(data.places).map(function (iri) {
      return [data.places[iri].lon, data.places[iri].lat];
    });
    var extent = coordinates.length > 1 ? {type: "MultiPoint", coordinates: coordinates} : outline;
    var projection = d3.geoTransverseMercator().rotate([-27, 0])
      .fitExtent([[margin, margin], [width - 2 * margin, height - margin]], extent);
    var path = d3.geoPath(projection);
    el("path", {d: path(outline), "class": "outline"}, svg);
    var point = {};
    Object.keys(data.places).forEach(function (iri) {
      var place = data.places[iri];
      point[iri] = projection([place.lon, place.lat]);
    });
    var arcs = el("g", {"class": "arcs"}, svg);
    data.edges.forEach(function (edge) {
      var a = edge.from && point[edge.from], b = point[edge.to];
      // both ends on the map and apart (a unit of the same town takes it up: no arc)
      if (!a || !b || (a[0] === b[0] && a[1] === b[1])) { return; }
      var mx = (a[0] + b[0]) / 2, my = (a[1] + b[1]) / 2;
      var dx = b[0] - a[0], dy = b[1] - a[1];
      var bend = 0.25;  // the arc bows to the left of its direction
      var cx = mx - dy * bend, cy = my + dx * bend;
      var arc = el("path", {
        d: "M" + a[0] + "," + a[1] + " Q" + cx + "," + cy + " " + b[0] + "," + b[1],
        "class": "arc" + (edge.inferred ? " inferred" : ""),
        "data-adoption": edge.adoption, "marker-end": "url(#arrow)"}, arcs);
      titled(arc, edge.practice + ": " + data.places[edge.from].name + " → " +
             data.places[edge.to].name + " (" + edge.kind + (edge.when ? ", " + edge.when : "") + ")");
    });
    var defs = el("defs", {}, svg);
    var marker = el("marker", {id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5",
                               markerWidth: "6", markerHeight: "6", orient: "auto-start-reverse"}, defs);
    el("path", {d: "M 0 0 L 10 5 L 0 10 z", "class": "arrow"}, marker);
    var dots = el("g", {"class": "places"}, svg);
    Object.keys(data.places).forEach(function (iri) {
      var place = data.places[iri], at = point[iri];
      var link = el("a", {href: place.page || "#"}, dots);
      titled(el("circle", {cx: at[0], cy: at[1], r: 4, "class": "place", "data-place": iri}, link),
             place.name);
      if (iri.indexOf("/id/municipality/") >= 0) {  // units sit on their town: its name only
        el("text", {x: at[0] + 6, y: at[1] - 6, "class": "place-name"}, dots).textContent = place.name;
      }
    });
    holder.dataset.arcs = String(arcs.childNodes.length);
    var note = document.getElementById("map-count");
    if (note) {
      note.textContent = note.dataset.template.replace("{drawn}", arcs.childNodes.length)
        .replace("{all}", data.edges.length);
    }
    holder.dataset.ready = "true";
  }

  function start() {
    var island = document.getElementById("diffusion-data");
    var holder = document.getElementById("diffusion-map");
    if (!island || !holder || typeof d3 === "undefined") { return; }
    var data = JSON.parse(island.textContent);
    fetch(data.outline).then(function (response) { return response.json(); })
      .then(function (outline) { draw(holder, data, outline); })
      .catch(function (error) { holder.dataset.error = String(error); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
