// redceci operations: the staff room page. One tap on a child's card checks them in (or opens
// the pick-up sheet when present); the health-filter form records observations or a refusal;
// staff join or leave the room. Every action goes through the offline queue (queue.js) and is
// shown at once; the room's live state is polled from the API when online.
(function () {
  "use strict";
  var root = document.querySelector("[data-ops-room]");
  if (!root) return;
  var d = root.dataset;
  var centreId = Number(d.centre), roomId = Number(d.room);
  var statusBox = document.querySelector("[data-testid=sync]");
  var problems = document.querySelector("[data-testid=problems]");
  var sheet = document.getElementById("sheet");
  var filter = document.getElementById("filter");
  var labels = JSON.parse(d.labels || "{}");

  function card(id) { return root.querySelector('.child[data-child="' + id + '"]'); }
  function staffCard(id) { return root.querySelector('.staff[data-staff="' + id + '"]'); }

  function setState(el, state) {
    if (!el) return;
    el.dataset.state = state;
    var tag = el.querySelector(".state");
    if (tag) tag.textContent = labels["state_" + state] || state;
  }

  // The room's ratio, from what the page shows (present children and staff) and the room's rule.
  function ratio() {
    var children = root.querySelectorAll(".child[data-state=present]").length;
    var staff = root.querySelectorAll(".staff[data-state=present]").length;
    var perStaff = Number(d.childrenPerStaff) || 0;
    var needed = perStaff > 0 ? Math.ceil(children / perStaff) : 0;
    var colour = staff < needed ? "red" : (children > 0 && staff - 1 < needed ? "amber" : "green");
    var box = document.querySelector("[data-testid=ratio]");
    if (!box) return;
    box.dataset.colour = colour;
    box.querySelector(".children").textContent = children;
    box.querySelector(".staff-count").textContent = staff;
    box.querySelector(".needed").textContent = needed;
  }

  function showSync(items) {
    if (!statusBox) return;
    var n = items.length;
    statusBox.dataset.pending = String(n);
    statusBox.textContent = (navigator.onLine ? labels.online : labels.offline) + (n ? " · " + labels.pending.replace("{n}", n) : " · " + labels.synced);
    statusBox.classList.toggle("offline", !navigator.onLine);
  }

  function showResults(results) {
    results.forEach(function (r) {
      if (r.status === "stored" || r.status === "duplicate") return;
      var li = document.createElement("li");
      li.className = "error";
      li.textContent = (labels["result_" + r.status] || r.status) + ": " + (r.reason || "");
      problems.appendChild(li);
      problems.hidden = false;
    });
    if (results.some(function (r) { return r.status !== "stored" && r.status !== "duplicate"; })) refresh();
  }

  var queue = new window.RedceciQueue({
    centreId: centreId,
    endpoint: d.endpoint,
    csrf: d.csrf,
    onChange: showSync,
    onResult: showResults
  });

  // What is still queued is shown as done (the page may come from the offline cache).
  queue.pending().then(function (items) {
    items.forEach(function (a) { apply(a.event); });
    showSync(items);
    ratio();
  });

  function apply(e) {
    if (e.kind === "check_in") setState(card(e.child_id), "present");
    else if (e.kind === "check_out") setState(card(e.child_id), "left");
    else if (e.kind === "refusal") setState(card(e.child_id), "refused");
    else if (e.kind === "staff_in" && e.room_id === roomId) setState(staffCard(e.staff_id), "present");
    else if (e.kind === "staff_out" || (e.kind === "staff_in" && e.room_id !== roomId)) setState(staffCard(e.staff_id), "away");
  }

  function act(e) {
    e.room_id = e.room_id || roomId;
    apply(e);
    ratio();
    return queue.add(e);
  }

  // -- children: one tap ------------------------------------------------------------------------
  root.querySelectorAll(".child").forEach(function (el) {
    el.querySelector("button.tap").addEventListener("click", function () {
      var id = Number(el.dataset.child), state = el.dataset.state;
      if (state === "present") openSheet(el);
      else if (state === "absent" || state === "notified") act({ kind: "check_in", child_id: id });
    });
    var f = el.querySelector("button.filter");
    if (f) f.addEventListener("click", function () { openFilter(el); });
  });

  // -- check-out: the authorised persons of the child, or a one-time code ------------------------
  function openSheet(el) {
    var people = JSON.parse(el.dataset.pickup || "[]");
    sheet.querySelector(".who").textContent = el.dataset.name;
    var list = sheet.querySelector(".people");
    list.textContent = "";
    people.forEach(function (p) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "big";
      b.dataset.testid = "pickup-person";
      b.setAttribute("data-testid", "pickup-" + p.id);
      b.textContent = p.name + " (" + p.relationship + ")";
      b.addEventListener("click", function () {
        act({ kind: "check_out", child_id: Number(el.dataset.child), person_id: p.id });
        sheet.close();
      });
      list.appendChild(b);
    });
    sheet.dataset.child = el.dataset.child;
    sheet.querySelector("input[name=code]").value = "";
    sheet.querySelector("input[name=person_name]").value = "";
    sheet.showModal();
  }
  sheet.querySelector("form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var form = ev.target;
    var child = Number(sheet.dataset.child);
    var code = form.elements.code.value.trim();
    var name = form.elements.person_name.value.trim();
    if (code) act({ kind: "check_out", child_id: child, pickup_code: code, person_name: name || null });
    else if (name) act({ kind: "check_out", child_id: child, person_name: name });
    sheet.close();
  });
  sheet.querySelector("button.cancel").addEventListener("click", function () { sheet.close(); });

  // -- the morning health filter ---------------------------------------------------------------
  function openFilter(el) {
    filter.querySelector(".who").textContent = el.dataset.name;
    filter.dataset.child = el.dataset.child;
    filter.querySelector("form").reset();
    filter.showModal();
  }
  filter.querySelector("form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = ev.target.elements;
    var child = Number(filter.dataset.child);
    var signs = Array.prototype.slice.call(ev.target.querySelectorAll("input[name=signs]:checked")).map(function (x) { return x.value; });
    var observation = {
      temperature_c: f.temperature_c.value ? Number(f.temperature_c.value.replace(",", ".")) : null,
      signs: signs,
      reported_illness: f.reported_illness.value.trim() || null,
      medication: f.medication.value.trim() || null
    };
    var reason = f.reason.value;
    if (reason) act({ kind: "refusal", child_id: child, reason: reason, observation: observation });
    else act({ kind: "check_in", child_id: child, observation: observation });
    filter.close();
  });
  filter.querySelector("button.cancel").addEventListener("click", function () { filter.close(); });

  // -- staff in the room -----------------------------------------------------------------------
  root.querySelectorAll(".staff button").forEach(function (b) {
    b.addEventListener("click", function () {
      var el = b.closest(".staff"), id = Number(el.dataset.staff);
      if (el.dataset.state === "present") act({ kind: "staff_out", staff_id: id });
      else act({ kind: "staff_in", staff_id: id });
    });
  });

  // -- the live state, when online -------------------------------------------------------------
  function refresh() {
    if (!navigator.onLine || !d.live) return;
    queue.pending().then(function (items) {
      if (items.length) return; // what is queued is newer than the server's state
      return fetch(d.live, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (room) {
        if (!room) return;
        (room.children || []).forEach(function (c) { setState(card(c.child_id), c.state); });
        (room.staff || []).forEach(function (s) { setState(staffCard(s.staff_id), s.state); });
        ratio();
      });
    }).catch(function () {});
  }
  window.setInterval(refresh, 10000);
  window.addEventListener("online", function () { window.setTimeout(refresh, 1500); });
  ratio();

  // -- allergy alerts at serving time (the nutrition capability's API) -------------------------
  var alerts = document.querySelector("[data-testid=allergy-alerts]");
  if (alerts && d.allergies && navigator.onLine) {
    fetch(d.allergies, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      return r.ok ? r.json() : [];
    }).then(function (list) {
      list.filter(function (a) { return card(a.child_id); }).forEach(function (a) {
        var li = document.createElement("li");
        li.className = "alert";
        li.textContent = a.child + " · " + (labels["meal_" + a.meal] || a.meal) + ": " + labels.not_serve + " " + a.dish_name + " → " + (a.substitute_name || labels.no_substitute);
        alerts.querySelector("ul").appendChild(li);
        alerts.hidden = false;
      });
    }).catch(function () {});
  }

  // -- the service worker keeps this page for offline use --------------------------------------
  if ("serviceWorker" in navigator && d.worker) navigator.serviceWorker.register(d.worker, { scope: "/operaciones/" }).catch(function () {});
})();
