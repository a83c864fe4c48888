// redceci enrolment: rank centres by tapping them on the map; mark home or work to sort by distance;
// forms with data-confirm ask first.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.dataset.confirm)) ev.preventDefault();
    });
  });
  var svg = document.querySelector("svg.centres-map");
  var form = document.getElementById("apply-form");
  if (!svg || !form) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-choice]"));

  function chosen() { return selects.map(function (s) { return s.value; }); }
  function mark() {
    var ids = chosen();
    svg.querySelectorAll("circle.centre").forEach(function (c) {
      var at = ids.indexOf(c.dataset.centre);
      c.classList.toggle("ranked", at >= 0);
      if (at >= 0) c.setAttribute("data-rank", String(at + 1)); else c.removeAttribute("data-rank");
    });
  }
  function rank(id) {
    if (chosen().indexOf(id) >= 0) return;
    var free = selects.filter(function (s) { return !s.value; })[0];
    if (free) { free.value = id; mark(); }
  }
  selects.forEach(function (s) { s.addEventListener("change", mark); });
  document.getElementById("clear-ranking").addEventListener("click", function () {
    selects.forEach(function (s) { s.value = ""; });
    mark();
  });

  function where(ev) {
    var pt = svg.createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    var p = pt.matrixTransform(svg.getScreenCTM().inverse()), d = svg.dataset;
    return {
      lon: parseFloat(d.lonMin) + (p.x - parseFloat(d.pad)) / parseFloat(d.scaleX),
      lat: parseFloat(d.latMax) - (p.y - parseFloat(d.pad)) / parseFloat(d.scaleY)
    };
  }
  function pointAt(ev) {
    var near = document.getElementById("near-form"), kind = near.elements.mark.value, p = where(ev);
    var query = new URLSearchParams();
    ["home", "work"].forEach(function (k) {
      var lat = k === kind ? p.lat.toFixed(5) : near.elements[k + "_lat"].value;
      var lon = k === kind ? p.lon.toFixed(5) : near.elements[k + "_lon"].value;
      if (lat && lon) { query.set(k + "_lat", lat); query.set(k + "_lon", lon); }
    });
    selects.forEach(function (s) { if (s.value) query.set(s.name, s.value); });
    query.set("ranked", "1");  // the ranking travels, even when empty
    if (form.elements.start_date.value) query.set("start_date", form.elements.start_date.value);
    var together = form.querySelector("input[name=together][type=checkbox]");
    if (together && !together.checked) query.set("together", "");
    location.assign(near.getAttribute("action") + "?" + query.toString());
  }

  svg.addEventListener("click", function (ev) {
    var centre = ev.target.closest("circle.centre");
    if (centre) rank(centre.dataset.centre); else pointAt(ev);
  });
  svg.addEventListener("keydown", function (ev) {
    var centre = ev.target.closest("circle.centre");
    if (centre && (ev.key === "Enter" || ev.key === " ")) rank(centre.dataset.centre);
  });
  mark();
})();
