// redceci enrolment: rank centres by tapping them on the map; mark home or work to sort by distance;
// forms with data-confirm ask first.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.dataset.confirm)) ev.preventDefault();
    });
  });
  var mapEl = document.getElementById("centres-map");
  var form = document.getElementById("apply-form");
  if (!mapEl || !form) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-choice]"));

  function chosen() { return selects.map(function (s) { return s.value; }); }
  // A ranked centre's row carries its rank; the map numbers its mark (static/maps.js).
  function mark() {
    var ids = chosen();
    document.querySelectorAll("#centre-list tr[data-id]").forEach(function (row) {
      var at = ids.indexOf(row.dataset.id);
      if (at >= 0) row.setAttribute("data-rank", String(at + 1)); else row.removeAttribute("data-rank");
      if (mapEl.redceciMap) mapEl.redceciMap.syncMark(row.dataset.id);
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

  // A click on the map away from the centres marks home or work there and reloads the list
  // sorted by distance from it, keeping the ranking and the form so far.
  function pointAt(p) {
    var near = document.getElementById("near-form"), kind = near.elements.mark.value;
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

  mapEl.addEventListener("map:point", function (ev) { rank(ev.detail.id); });
  mapEl.addEventListener("map:click", function (ev) { pointAt(ev.detail); });
  mark();
})();
