// redceci maps: Leaflet (vendored, served by the platform) over INEGI outlines and place names
// from /mapa/*, with no tile server and nothing fetched from elsewhere. A page asks for a map
// with <div data-map> and these attributes:
//   data-layers="URL"     overlays as JSON: {layers: [{id, kind: "cluster"|"dots", colour,
//                          on, points: [[lat, lon, size, text, colour], ...]}], bounds}
//   data-points="SEL"     overlay from the page: elements with data-lat, data-lon, data-name,
//                          data-id (and data-popup): clustered; a click sends "map:point"
//   data-picker="SEL"     a click fills the form's lat, lon and state_code, with a marker
//   data-bounds="lat1,lon1,lat2,lon2"  the first view (else the overlays' or the country)
// Layer checkboxes (input[data-toggle=ID]) in the same .mapcard show and hide overlays; a
// form.map-search in it finds places (/mapa/buscar.json) and zooms to them. The container is
// one tab stop: arrows pan, + and - zoom; marks are reached through the page's tables.
(function () {
  "use strict";
  if (!window.L) return;
  var L = window.L;
  var MEXICO = [[14.4, -118.5], [32.8, -86.6]];
  var MUNICIPAL_ZOOM = 8, STATE_NAMES_ZOOM = 9, MAX_LABELS = 180, SHOWN_RESULTS = 5;
  var cache = {};
  var registry = window.RedceciMaps = window.RedceciMaps || {};
  // Clusters are opened with the mouse or a tap; from the keyboard the map pans and zooms and
  // the page's tables list the marks, so no mark or cluster is a tab stop.
  if (L.MarkerCluster) L.MarkerCluster.prototype.options = L.extend({}, L.Marker.prototype.options, { keyboard: false });

  function getJSON(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.json(); });
    }
    return cache[url];
  }
  function textNode(text, className, href, linkText) {
    var el = document.createElement("div");
    el.className = className || "map-popup";
    el.textContent = text;
    if (href && href.charAt(0) === "/") {  // a page of the platform, never elsewhere
      var a = document.createElement("a");
      a.href = href;
      a.textContent = linkText || href;
      el.appendChild(document.createElement("br"));
      el.appendChild(a);
    }
    return el;
  }
  function ringContains(ring, x, y) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
  function featureContains(feature, lat, lon) {
    var g = feature.geometry, polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    return polys.some(function (p) {
      return ringContains(p[0], lon, lat) && !p.slice(1).some(function (h) { return ringContains(h, lon, lat); });
    });
  }

  function MapView(el) {
    var self = this;
    this.el = el;
    this.card = el.closest(".mapcard") || el.parentNode;
    var map = this.map = L.map(el, {
      minZoom: 4, maxZoom: 17, zoomSnap: 0.5, scrollWheelZoom: false, preferCanvas: false,
      attributionControl: true, worldCopyJump: false, zoomControl: false
    });
    L.control.zoom({  // named in the page's language (Leaflet's own titles are English)
      zoomInTitle: el.dataset.zoomInLabel || "Acercar",
      zoomOutTitle: el.dataset.zoomOutLabel || "Alejar"
    }).addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution(el.dataset.attribution || "INEGI, Marco Geoestadístico 2020");
    map.getContainer().setAttribute("aria-label", el.getAttribute("aria-label") || "");
    map.on("popupopen", function (ev) {  // Leaflet names its close button in English
      var close = ev.popup.getElement() && ev.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", el.dataset.closeLabel || "Cerrar");
    });
    map.on("focus", function () { map.scrollWheelZoom.enable(); });
    map.on("blur", function () { map.scrollWheelZoom.disable(); });
    map.createPane("outlines").style.zIndex = 250;
    map.createPane("labels").style.zIndex = 450;
    map.getPane("labels").style.pointerEvents = "none";
    this.canvas = L.canvas({ padding: 0.3 });
    this.overlays = {};
    this.municipal = {};
    this.stateLabels = {};
    this.labels = [];
    this.labelLayer = L.layerGroup().addTo(map);
    this.states = null;
    map.fitBounds(this.startBounds() || MEXICO);
    getJSON("/mapa/estados.geojson").then(function (fc) {
      self.states = fc;
      L.geoJSON(fc, { pane: "outlines", interactive: false, style: { color: "#7d8b98", weight: 1.2, fillColor: "#eef2f5", fillOpacity: 1 } }).addTo(map);
      self.refresh();
    }).catch(function () { el.classList.add("map-failed"); });
    getJSON("/mapa/lugares.json").then(function (doc) { self.labels = self.labels.concat(doc.labels); self.drawLabels(); });
    map.on("moveend zoomend", function () { self.refresh(); });
    if (el.dataset.layers) this.loadLayers(el.dataset.layers);
    if (el.dataset.points) this.pagePoints(document.querySelector(el.dataset.points));
    if (el.dataset.picker) this.picker(document.querySelector(el.dataset.picker));
    map.on("click", function (ev) {
      el.dispatchEvent(new CustomEvent("map:click", { detail: { lat: ev.latlng.lat, lon: ev.latlng.lng, state: self.stateAt(ev.latlng.lat, ev.latlng.lng) } }));
    });
    this.wireToggles();
    this.wireSearch();
    if (el.id) registry[el.id] = this;
    el.redceciMap = this;
  }

  MapView.prototype.startBounds = function () {
    var b = (this.el.dataset.bounds || "").split(",").map(parseFloat);
    if (b.length === 4 && b.every(isFinite)) return [[b[0], b[1]], [b[2], b[3]]];
    return null;
  };

  MapView.prototype.stateAt = function (lat, lon) {
    if (!this.states) return "";
    var hit = this.states.features.filter(function (f) { return featureContains(f, lat, lon); })[0];
    return hit ? hit.properties.CVEGEO : "";
  };

  // States in view: their municipal outlines from MUNICIPAL_ZOOM, their town names from
  // STATE_NAMES_ZOOM (each state's files fetched once).
  MapView.prototype.refresh = function () {
    var self = this, map = this.map, zoom = map.getZoom(), view = map.getBounds();
    var centre = map.getCenter();
    this.el.dataset.zoom = String(zoom);  // the view, for tests and for whoever reads the page
    this.el.dataset.centre = centre.lat.toFixed(4) + "," + centre.lng.toFixed(4);
    if (this.states) {
      this.states.features.forEach(function (f) {
        var code = f.properties.CVEGEO;
        var box = f._box || (f._box = L.geoJSON(f).getBounds());
        var wanted = zoom >= MUNICIPAL_ZOOM && view.intersects(box);
        if (wanted && !self.municipal[code]) {
          self.municipal[code] = "loading";
          getJSON("/mapa/municipios/" + code + ".geojson").then(function (fc) {
            self.municipal[code] = L.geoJSON(fc, { pane: "outlines", interactive: false, style: { color: "#a9b4bf", weight: 0.7, fill: false } });
            self.refresh();
          });
        }
        var layer = self.municipal[code];
        if (layer && layer !== "loading") {
          if (zoom >= MUNICIPAL_ZOOM && !map.hasLayer(layer)) layer.addTo(map);
          if (zoom < MUNICIPAL_ZOOM && map.hasLayer(layer)) map.removeLayer(layer);
        }
        if (zoom >= STATE_NAMES_ZOOM && view.intersects(box) && !self.stateLabels[code]) {
          self.stateLabels[code] = true;
          getJSON("/mapa/lugares/" + code + ".json").then(function (doc) {
            self.labels = self.labels.concat(doc.labels);
            self.labels.sort(function (a, b) { return a[3] - b[3]; });
            self.drawLabels();
          });
        }
      });
    }
    this.drawLabels();
  };

  // Names that fit: those due at this zoom, in view, most important first, none overlapping.
  MapView.prototype.drawLabels = function () {
    var map = this.map, zoom = map.getZoom(), view = map.getBounds().pad(0.05);
    var taken = [], shown = {}, count = 0, group = this.labelLayer;
    group.clearLayers();
    for (var i = 0; i < this.labels.length && count < MAX_LABELS; i++) {
      var l = this.labels[i];
      if (l[3] > zoom + 0.01) continue;
      var at = L.latLng(l[1], l[2]);
      if (!view.contains(at)) continue;
      var key = l[0] + "|" + l[1] + "|" + l[2];
      if (shown[key]) continue;
      var p = map.latLngToContainerPoint(at);
      var w = l[0].length * (l[4] === "state" ? 8 : 6.6) + 6, h = l[4] === "state" ? 18 : 15;
      var box = [p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2];
      if (taken.some(function (t) { return box[0] < t[2] && box[2] > t[0] && box[1] < t[3] && box[3] > t[1]; })) continue;
      taken.push(box);
      shown[key] = true;
      count++;
      var span = document.createElement("span");
      span.textContent = l[0];
      L.marker(at, {
        pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "place-label place-" + l[4], html: span, iconSize: null })
      }).addTo(group);
    }
  };

  function dotStyle(colour, size) {
    return { radius: size || 4, color: "#ffffff", weight: 0.6, fillColor: colour, fillOpacity: 0.75 };
  }

  MapView.prototype.addOverlay = function (spec) {
    var self = this, layer;
    var colour = spec.colour || "#0072b2";
    if (spec.kind === "cluster") {
      // Added at once (clustered synchronously: 10,000 marks take a fraction of a second), so
      // the map is whole when it is marked ready.
      layer = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true });
      var marks = spec.points.map(function (pt) {
        var span = document.createElement("span");
        var icon = L.divIcon({ className: "mark mark-" + spec.id, html: span, iconSize: [18, 18] });
        var m = L.marker([pt[0], pt[1]], { icon: icon, keyboard: false, title: String(pt[3] || "").split("\n")[0] });
        if (pt[4] && /^#[0-9a-fA-F]{3,8}$/.test(pt[4])) span.style.background = pt[4];
        if (pt[3]) m.bindPopup(textNode(pt[3], null, pt[5], self.el.dataset.openLabel), { autoPanPadding: [20, 20] });
        return m;
      });
      layer.addLayers(marks);
    } else {
      // Thousands of dots on one canvas; a dot's popup is made only when it is clicked.
      layer = L.featureGroup();
      spec.points.forEach(function (pt) {
        var style = L.extend({ renderer: self.canvas, text: pt[3] || "" }, dotStyle(pt[4] || colour, pt[2]));
        layer.addLayer(L.circleMarker([pt[0], pt[1]], style));
      });
      layer.on("click", function (ev) {
        var text = ev.layer && ev.layer.options.text;
        if (text) L.popup({ autoPanPadding: [20, 20] }).setLatLng(ev.layer.getLatLng()).setContent(textNode(text)).openOn(self.map);
      });
    }
    this.overlays[spec.id] = layer;
    var box = this.card.querySelector('input[data-toggle="' + spec.id + '"]');
    if (box ? box.checked : spec.on !== false) layer.addTo(this.map);
    return layer;
  };

  MapView.prototype.loadLayers = function (url) {
    var self = this;
    this.el.classList.add("map-loading");
    getJSON(url).then(function (doc) {
      doc.layers.forEach(function (spec) {
        self.addOverlay(spec);
        var count = self.card.querySelector('[data-count="' + spec.id + '"]');
        if (count) count.textContent = "(" + (spec.points.length < spec.total ? spec.points.length.toLocaleString() + " / " : "") + spec.total.toLocaleString() + ")";
      });
      if (doc.bounds && !self.startBounds()) self.map.fitBounds(doc.bounds, { padding: [12, 12], animate: false });
      self.el.classList.remove("map-loading");
      self.el.classList.add("map-ready");
    }).catch(function () { self.el.classList.add("map-failed"); });
  };

  // Points written in the page (a table's rows): one clustered mark each; a click on a mark
  // sends "map:point" with its data-id; a row's data-rank shows as the mark's number.
  MapView.prototype.pagePoints = function (root) {
    if (!root) return;
    var self = this, group = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, spiderfyOnMaxZoom: true });
    var bounds = [], fitted = [];
    this.pointMarks = {};
    root.querySelectorAll("[data-lat][data-lon]").forEach(function (row) {
      var lat = parseFloat(row.dataset.lat), lon = parseFloat(row.dataset.lon);
      if (!isFinite(lat) || !isFinite(lon)) return;
      var span = document.createElement("span");
      var icon = L.divIcon({ className: "mark mark-point", html: span, iconSize: [22, 22] });
      var m = L.marker([lat, lon], { icon: icon, keyboard: false, title: row.dataset.name || "" });
      m.bindTooltip(row.dataset.name || "", { direction: "right", offset: [10, 0], className: "mark-name" });
      if (row.dataset.popup) m.bindPopup(textNode(row.dataset.popup), { autoPanPadding: [20, 20] });
      m.on("click", function () {
        self.el.dispatchEvent(new CustomEvent("map:point", { detail: { id: row.dataset.id, row: row } }));
      });
      m.on("add", function () { self.syncMark(row.dataset.id); });
      self.pointMarks[row.dataset.id] = { marker: m, row: row };
      group.addLayer(m);
      bounds.push([lat, lon]);
      if (row.hasAttribute("data-fit")) fitted.push([lat, lon]);
    });
    group.addTo(this.map);
    this.pointGroup = group;
    document.querySelectorAll("[data-map-mark]").forEach(function (mk) {
      var lat = parseFloat(mk.dataset.lat), lon = parseFloat(mk.dataset.lon);
      if (!isFinite(lat) || !isFinite(lon)) return;
      var icon = L.divIcon({ className: "mark mark-" + mk.dataset.mapMark, html: document.createElement("span"), iconSize: [18, 18] });
      L.marker([lat, lon], { icon: icon, keyboard: false, title: mk.textContent.trim(), zIndexOffset: 1000 }).addTo(self.map);
      bounds.push([lat, lon]);
      fitted.push([lat, lon]);
    });
    // The first view: the rows marked data-fit (the nearest centres) and home and work.
    var view = fitted.length ? fitted : bounds;
    if (!this.startBounds() && view.length) {
      this.map.fitBounds(L.latLngBounds(view), { padding: [40, 40], maxZoom: 14, animate: false });
    }
    this.el.classList.add("map-ready");
  };

  MapView.prototype.syncMark = function (id) {
    var entry = this.pointMarks && this.pointMarks[id];
    if (!entry) return;
    var icon = entry.marker.getElement();
    if (!icon) return;
    var rank = entry.row.getAttribute("data-rank");
    icon.setAttribute("data-id", id);
    icon.classList.toggle("ranked", !!rank);
    icon.firstChild.textContent = rank || "";
  };

  MapView.prototype.picker = function (form) {
    if (!form) return;
    var self = this, marker = null;
    this.el.classList.add("map-picker");
    function place(lat, lon) {
      if (!isFinite(lat) || !isFinite(lon)) return;
      if (!marker) {
        marker = L.marker([lat, lon], { keyboard: false, icon: L.divIcon({ className: "mark mark-pick", html: document.createElement("span"), iconSize: [22, 22] }) }).addTo(self.map);
      } else marker.setLatLng([lat, lon]);
    }
    var lat0 = parseFloat(form.elements.lat && form.elements.lat.value), lon0 = parseFloat(form.elements.lon && form.elements.lon.value);
    if (isFinite(lat0) && isFinite(lon0)) { place(lat0, lon0); if (!this.startBounds()) this.map.setView([lat0, lon0], 12); }
    this.map.on("click", function (ev) {
      var lat = ev.latlng.lat, lon = ev.latlng.lng;
      form.elements.lat.value = lat.toFixed(5);
      form.elements.lon.value = lon.toFixed(5);
      var state = self.stateAt(lat, lon);
      if (state && form.elements.state_code) form.elements.state_code.value = state;
      place(lat, lon);
    });
    ["lat", "lon"].forEach(function (name) {
      if (!form.elements[name]) return;
      form.elements[name].addEventListener("change", function () {
        place(parseFloat(form.elements.lat.value), parseFloat(form.elements.lon.value));
      });
    });
  };

  MapView.prototype.wireToggles = function () {
    var self = this;
    this.card.querySelectorAll("input[data-toggle]").forEach(function (box) {
      box.addEventListener("change", function () {
        var layer = self.overlays[box.dataset.toggle];
        if (!layer) return;
        if (box.checked) layer.addTo(self.map); else self.map.removeLayer(layer);
      });
    });
  };

  MapView.prototype.goTo = function (place) {
    if (place.box) this.map.fitBounds([[place.box[1], place.box[0]], [place.box[3], place.box[2]]], { padding: [10, 10] });
    else this.map.setView([place.lat, place.lon], place.zoom || 13);
  };

  MapView.prototype.wireSearch = function () {
    var self = this, form = this.card.querySelector("form.map-search");
    if (!form) return;
    var list = form.querySelector(".map-results"), status = form.querySelector("[role=status]");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = form.elements.q.value.trim();
      if (!q) return;
      getJSON("/mapa/buscar.json?q=" + encodeURIComponent(q)).then(function (doc) {
        list.textContent = "";
        status.textContent = doc.results.length ? "" : (form.dataset.none || "—");
        doc.results.slice(0, SHOWN_RESULTS).forEach(function (r, i) {
          var li = document.createElement("li"), b = document.createElement("button");
          b.type = "button";
          b.className = "link";
          b.textContent = r.name + " · " + r.within;
          b.addEventListener("click", function () { self.goTo(r); });
          li.appendChild(b);
          list.appendChild(li);
          if (i === 0) self.goTo(r);
        });
      });
    });
  };

  // Escape closes an open popup wherever the focus is.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    Object.keys(registry).forEach(function (id) { registry[id].map.closePopup(); });
  });

  function start() {
    document.querySelectorAll("[data-map]").forEach(function (el) { if (!el.redceciMap) new MapView(el); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
