// redceci operations: the director's live board. The board's JSON (data-live) is polled every
// POLL_MS; each room's colour, counts and present lists, the alerts, today's incidents and the
// drill status are redrawn from it, so a ratio breach shows within seconds. No library.
(function () {
  "use strict";
  var root = document.querySelector("[data-ops-board]");
  if (!root) return;
  var POLL_MS = 2000;
  var labels = JSON.parse(root.dataset.labels || "{}");
  var reasonText = window.RedceciReasons(root.dataset.reasons, labels); // reasons.js

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function fmt(text, fields) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, k) { return fields[k] !== undefined ? fields[k] : m; });
  }

  // Why a room is not green, and each alert, in the page's language (as web/operations/common.py).
  function reason(r) {
    var fields = { staff: r.staff_present, needed: r.staff_needed };
    if (r.colour === "red") return fmt(labels.reason_red, fields);
    if (r.colour === "amber") return fmt(r.staff_present - 1 < r.staff_needed ? labels.reason_leaving : labels.reason_projection, fields);
    return "";
  }

  function alertText(a, board) {
    var rooms = board.rooms || [];
    if (a.kind === "ratio") {
      var room = rooms.filter(function (r) { return r.room_id === a.room_id; })[0];
      if (room) return room.name + ": " + reason(room);
    }
    if (a.kind === "late_pickup") {
      var lp = (board.late_pickups || []).filter(function (x) { return x.child_id === a.child_id; })[0];
      var child = "";
      rooms.forEach(function (r) { (r.children || []).forEach(function (c) { if (c.child_id === a.child_id) child = c.name; }); });
      if (lp) return fmt(labels.alert_late, { child: child, minutes: lp.minutes_late, level: labels["late_" + lp.level] || lp.level });
    }
    if (a.kind === "drill") return fmt(labels.alert_drill, { days: (board.drill || {}).days_overdue });
    if (a.kind === "incident") {
      var m = /^incident (\d+): inform (\w+) by (\d\d:\d\d)$/.exec(a.message || "");
      if (m) return fmt(labels.alert_incident, { n: m[1], to: labels["to_" + m[2]] || m[2], at: m[3] });
    }
    return a.message;
  }

  function names(list) {
    return (list || []).map(function (x) { return typeof x === "string" ? x : x.name; }).join(", ") || "—";
  }

  function drawRooms(rooms) {
    var box = root.querySelector("[data-testid=rooms]");
    box.textContent = "";
    rooms.forEach(function (r) {
      var card = el("section", "room");
      card.dataset.colour = r.colour;
      card.dataset.room = r.room_id;
      card.setAttribute("data-testid", "room-" + r.room_id);
      var h = el("h3");
      var link = el("a", null, r.name);
      link.href = "/operaciones/centros/" + root.dataset.centre + "/salas/" + r.room_id;
      h.appendChild(link);
      h.appendChild(el("span", "badge " + r.colour, labels["colour_" + r.colour] || r.colour));
      card.appendChild(h);
      var fig = el("p");
      fig.appendChild(el("span", "figure", r.children_present));
      fig.appendChild(document.createTextNode(" " + labels.children_present + " · "));
      fig.appendChild(el("span", "figure", r.staff_present));
      fig.appendChild(document.createTextNode(" " + labels.staff_present + " (" + r.staff_needed + " " + labels.staff_needed + ")"));
      card.appendChild(fig);
      if (r.colour !== "green") card.appendChild(el("p", "small", reason(r)));
      card.appendChild(el("p", "small", labels.present + ": " + names(r.children)));
      card.appendChild(el("p", "small", labels.staff + ": " + names(r.staff)));
      if (r.projection && r.projection.colour && r.projection.colour !== "green") {
        card.appendChild(el("p", "small", labels.projection + ": " + (labels["colour_" + r.projection.colour] || r.projection.colour) + (r.projection.at ? " · " + new Date(r.projection.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "")));
      }
      box.appendChild(card);
    });
  }

  function drawList(testid, items, text) {
    var box = root.querySelector("[data-testid=" + testid + "]");
    if (!box) return;
    var ul = box.querySelector("ul");
    ul.textContent = "";
    items.forEach(function (item) { ul.appendChild(el("li", null, text(item))); });
    box.querySelector(".none").hidden = items.length > 0;
  }

  function draw(board) {
    drawRooms(board.rooms || []);
    drawList("alerts", board.alerts || [], function (a) { return alertText(a, board); });
    drawList("incidents", board.incidents_today || [], function (i) {
      return i.child + " · " + (labels["severity_" + i.severity] || i.severity) + " · " + i.what + (i.acknowledged ? " ✓" : "");
    });
    drawList("conflicts", (board.conflicts || []).concat(board.pickup_refusals || []), function (c) {
      if (c.person_name) return c.child + ": " + c.person_name + " · " + reasonText(c.reason);
      var who = c.child || c.staff;
      return (who ? who + ": " : "") + reasonText(c.reason);
    });
    var rollCall = root.querySelector("[data-testid=to-rollcall]");
    if (board.roll_call && !rollCall) window.location.reload();
    var drill = board.drill || {};
    var status = root.querySelector("[data-testid=drill-status]");
    if (status) {
      status.dataset.overdue = drill.overdue ? "true" : "false";
      status.textContent = (drill.last ? labels.last_drill + ": " + String(drill.last).slice(0, 10) : labels.last_drill + ": —") +
        (drill.next_due ? " · " + labels.next_drill + " " + String(drill.next_due).slice(0, 10) : "") + (drill.overdue ? " · " + labels.overdue : "");
    }
    var at = root.querySelector("[data-testid=updated]");
    if (at) at.textContent = new Date().toLocaleTimeString(document.documentElement.lang === "en" ? "en-GB" : "es-MX");
  }

  function poll() {
    fetch(root.dataset.live, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (board) { if (board) draw(board); }).catch(function () {}).then(function () {
      window.setTimeout(poll, POLL_MS);
    });
  }
  poll();
})();
