// redceci pages: layer toggles, map popups, the site picker and progress polling. No library.
(function () {
  "use strict";
  var popup = document.getElementById("popup");
  function showPopup(text) {
    if (!popup || !text) return;
    popup.querySelector("pre").textContent = text;
    popup.hidden = false;
  }
  if (popup) popup.querySelector(".close").addEventListener("click", function () { popup.hidden = true; });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && popup) popup.hidden = true; });

  // Sizes and colours computed by the server travel as data attributes (the Content-Security-
  // Policy allows no inline style attribute): bar widths in percent, legend swatch colours.
  document.querySelectorAll("[data-width]").forEach(function (el) {
    el.style.width = Math.max(0, Math.min(100, parseFloat(el.dataset.width) || 0)) + "%";
  });
  document.querySelectorAll("[data-colour]").forEach(function (el) {
    if (/^#[0-9a-fA-F]{3,8}$|^rgba?\([0-9., ]+\)$/.test(el.dataset.colour)) el.style.background = el.dataset.colour;
  });

  // Layer toggles: a checkbox with data-toggle="x" shows or hides <g data-layer="x">.
  document.querySelectorAll("input[data-toggle]").forEach(function (box) {
    function apply() {
      var scope = box.closest(".mapcard") || document;
      scope.querySelectorAll('g[data-layer="' + box.dataset.toggle + '"]').forEach(function (g) {
        g.classList.toggle("off", !box.checked);
      });
    }
    box.addEventListener("change", apply);
    apply();
  });

  // Popups: tapping a mark shows its figures (its <title> is the hover text).
  document.querySelectorAll("svg.map:not(.picker), .chart svg").forEach(function (svg) {
    svg.addEventListener("click", function (ev) {
      var mark = ev.target.closest("[data-popup]");
      if (mark) showPopup(mark.getAttribute("data-popup"));
    });
    svg.addEventListener("keydown", function (ev) {
      var mark = ev.target.closest("[data-popup]");
      if (mark && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); showPopup(mark.getAttribute("data-popup")); }
    });
  });

  // Site picker: a click on the states map fills latitude, longitude and state of the form
  // beside it (a proposal's or a plot's).
  document.querySelectorAll("svg.map.picker").forEach(function (svg) {
    var form = (svg.closest("section") || document).querySelector("form[method=post]");
    var d = svg.dataset;
    svg.addEventListener("click", function (ev) {
      var pt = svg.createSVGPoint();
      pt.x = ev.clientX; pt.y = ev.clientY;
      var p = pt.matrixTransform(svg.getScreenCTM().inverse());
      var lon = parseFloat(d.lonMin) + (p.x - parseFloat(d.pad)) / parseFloat(d.scaleX);
      var lat = parseFloat(d.latMax) - (p.y - parseFloat(d.pad)) / parseFloat(d.scaleY);
      form.elements.lat.value = lat.toFixed(5);
      form.elements.lon.value = lon.toFixed(5);
      var state = ev.target.closest("path[data-code]");
      if (state) form.elements.state_code.value = state.dataset.code;
      var marker = svg.querySelector(".marker");
      marker.setAttribute("cx", p.x.toFixed(1));
      marker.setAttribute("cy", p.y.toFixed(1));
      marker.removeAttribute("visibility");
    });
  });

  // Progress: poll the scenario's JSON until it finishes, then show the result.
  var progress = document.querySelector("[data-poll]");
  if (progress) {
    var bar = progress.querySelector("progress"), msg = progress.querySelector(".message");
    var timer = setInterval(function () {
      fetch(progress.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          bar.value = s.progress; msg.textContent = s.message;
          if (s.status === "succeeded" || s.status === "failed") { clearInterval(timer); location.reload(); }
        })
        .catch(function () { /* try again on the next tick */ });
    }, 1000);
  }

  // Pages waiting for a background result reload themselves.
  var waiting = document.querySelector("[data-reload]");
  if (waiting) setTimeout(function () { location.reload(); }, parseInt(waiting.dataset.reload, 10));
})();
