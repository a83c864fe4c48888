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
  var KEPT = "redceci-room-" + centreId + "-" + roomId;
  var statusBox = document.querySelector("[data-testid=sync]");
  var problems = document.querySelector("[data-testid=problems]");
  var sheet = document.getElementById("sheet");
  var filter = document.getElementById("filter");
  var labels = JSON.parse(d.labels || "{}");
  var reasonText = window.RedceciReasons(d.reasons, labels); // reasons.js

  function card(id) { return root.querySelector('.child[data-child="' + id + '"]'); }
  function staffCard(id) { return root.querySelector('.staff[data-staff="' + id + '"]'); }

  function setState(el, state) {
    if (!el) return;
    el.dataset.state = state;
    var tag = el.querySelector(".state");
    if (tag) tag.textContent = labels["state_" + state] || state;
  }

  // The room's ratio from what the page shows (present children and counted adults), with the
  // platform's rule (operations.ratios / platform.ratios): the room's leads plus one assistant per
  // N children of each child's group, the strictest group for the whole room by default.
  function needed(cards) {
    if (!cards.length) return 0;
    var per = cards.map(function (el) { return Number(el.dataset.perAssistant) || 1; });
    var assistants = d.mixing === "weighted"
      ? Math.ceil(per.reduce(function (a, p) { return a + 1 / p; }, 0) - 1e-9)
      : Math.ceil(per.length / Math.min.apply(null, per));
    return (Number(d.leads) || 0) + assistants;
  }

  function ratio() {
    var present = Array.prototype.slice.call(root.querySelectorAll(".child[data-state=present]"));
    var staff = root.querySelectorAll(".staff[data-state=present][data-counts=true]").length;
    var need = needed(present);
    var colour = staff < need ? "red" : (present.length && staff - 1 < need ? "amber" : "green");
    var box = document.querySelector("[data-testid=ratio]");
    if (!box) return;
    box.dataset.colour = colour;
    box.querySelector(".children").textContent = present.length;
    box.querySelector(".staff-count").textContent = staff;
    box.querySelector(".needed").textContent = need;
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
      li.textContent = (labels["result_" + r.status] || r.status) + ": " + reasonText(r.reason);
      problems.appendChild(li);
      problems.hidden = false;
    });
    refresh();
  }

  var queue = new window.RedceciQueue({
    centreId: centreId,
    endpoint: d.endpoint,
    csrf: d.csrf,
    onChange: showSync,
    onResult: showResults
  });

  // Offline, the page may be an older copy from the service worker: the last state read from
  // the server comes first, then what is still queued is shown as done.
  if (!navigator.onLine) {
    try {
      var kept = JSON.parse(window.localStorage.getItem(KEPT) || "null");
      if (kept) kept.children.forEach(function (c) { setState(card(c.child_id), c.state); });
      if (kept) kept.staff.forEach(function (s) {
        var el = staffCard(s.staff_id);
        setState(el, s.state);
        if (el) el.dataset.inRoom = s.room_id || "";
      });
    } catch (err) { /* nothing kept */ }
  } else {
    window.setTimeout(function () { refresh(); }, 0);
  }
  queue.pending().then(function (items) {
    items.forEach(function (a) { apply(a.event); });
    showSync(items);
    ratio();
  });

  function apply(e) {
    if (e.kind === "check_in") setState(card(e.child_id), "present");
    else if (e.kind === "check_out") setState(card(e.child_id), "left");
    else if (e.kind === "refusal") setState(card(e.child_id), "refused");
    else if (e.kind === "staff_in" || e.kind === "staff_move" || e.kind === "staff_out") {
      var s = staffCard(e.staff_id);
      if (!s) return;
      s.dataset.inRoom = e.kind === "staff_out" ? "" : String(e.room_id);
      setState(s, e.kind !== "staff_out" && e.room_id === roomId ? "present" : "away");
    }
  }

  var actions = 0;

  function act(e) {
    actions += 1;
    if (e.room_id === undefined) e.room_id = e.staff_id ? roomId : null;
    // Counted as pending at once (the queue's write to IndexedDB completes a moment later).
    if (statusBox) statusBox.dataset.pending = String((Number(statusBox.dataset.pending) || 0) + 1);
    apply(e);
    ratio();
    keep();
    return queue.add(e);
  }

  // -- children: one tap ------------------------------------------------------------------------
  root.querySelectorAll(".child").forEach(function (el) {
    el.querySelector("button.tap").addEventListener("click", function () {
      var id = Number(el.dataset.child), state = el.dataset.state;
      if (state === "present") openSheet(el);
      else if (state === "absent" || state === "expected" || state === "notified") act({ kind: "check_in", child_id: id });
    });
    var f = el.querySelector("button.filter");
    if (f) f.addEventListener("click", function () { openFilter(el); });
    var n = el.querySelector("button.diary");
    if (n) n.addEventListener("click", function () { openDiary(el); });
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
      b.setAttribute("data-testid", p.kind === "guardian" ? "pickup-guardian-" + p.guardian_id : "pickup-person-" + p.id);
      b.textContent = p.name + " (" + p.relation + ")";
      if (p.kind === "authorised") {
        // the identity document to ask for and the centre's photo to compare, before the tap
        var id = document.createElement("span");
        id.className = "identity small";
        id.setAttribute("data-testid", "pickup-identity-" + p.id);
        id.textContent = (p.document_type ? labels["doc_" + p.document_type] || p.document_type : labels.doc_unrecorded) +
          " " + (p.identification || "") + " · " +
          (p.photo_ref ? labels.photo_ref + ": " + p.photo_ref : labels.photo_missing);
        b.appendChild(document.createElement("br"));
        b.appendChild(id);
      }
      b.addEventListener("click", function () {
        var e = { kind: "check_out", child_id: Number(el.dataset.child) };
        if (p.kind === "guardian") e.guardian_id = p.guardian_id; else e.person_id = p.id;
        act(e);
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
      reported_illness: f.reported_illness.value.trim(),
      medication: f.medication.value.trim()
    };
    var reason = f.reason.value;
    if (reason) act({ kind: "refusal", child_id: child, reason: reason, note: f.note.value.trim() || null, observation: observation });
    else act({ kind: "check_in", child_id: child, observation: observation });
    filter.close();
  });
  filter.querySelector("button.cancel").addEventListener("click", function () { filter.close(); });

  // -- the daily report: meals and how much was eaten, naps, nappies, activities, notes -------
  var diary = document.getElementById("diary");
  var NEEDS = { meal: ["meal", "amount", "dish"], nap: ["start", "end"], nappy: ["nappy"], activity: ["text"], note: ["text"] };
  function openDiary(el) {
    diary.querySelector(".who").textContent = el.dataset.name;
    diary.dataset.child = el.dataset.child;
    diary.querySelector("form").reset();
    diary.showModal();
  }
  if (diary) {
    diary.querySelector("form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = ev.target.elements, kind = f.entry.value, entry = { entry: kind };
      NEEDS[kind].forEach(function (name) {
        var v = f[name].value.trim();
        if (v) entry[name] = v;
      });
      act({ kind: "daily_entry", child_id: Number(diary.dataset.child), entry: entry });
      diary.close();
    });
    diary.querySelector("button.cancel").addEventListener("click", function () { diary.close(); });
  }

  // -- staff in the room -----------------------------------------------------------------------
  root.querySelectorAll(".staff button").forEach(function (b) {
    b.addEventListener("click", function () {
      var el = b.closest(".staff"), id = Number(el.dataset.staff);
      if (el.dataset.state === "present") act({ kind: "staff_out", staff_id: id, room_id: null });
      else if (el.dataset.inRoom) act({ kind: "staff_move", staff_id: id, room_id: roomId });
      else act({ kind: "staff_in", staff_id: id, room_id: roomId });
    });
  });

  // -- the live state: polled when online, kept for offline use --------------------------------
  // What the page shows now, kept for an offline reload (the service worker's copy of the page
  // may be older).
  function keep() {
    var room = {
      at: new Date().toISOString(), // the roll-call page takes the newest of these and its own
      children: Array.prototype.map.call(root.querySelectorAll(".child"), function (el) {
        return { child_id: Number(el.dataset.child), state: el.dataset.state };
      }),
      staff: Array.prototype.map.call(root.querySelectorAll(".staff"), function (el) {
        return { staff_id: Number(el.dataset.staff), state: el.dataset.state, room_id: el.dataset.inRoom ? Number(el.dataset.inRoom) : null };
      })
    };
    try { window.localStorage.setItem(KEPT, JSON.stringify(room)); } catch (err) { /* full */ }
  }

  function applyRoom(room) {
    (room.children || []).forEach(function (c) { setState(card(c.child_id), c.state); });
    (room.staff || []).forEach(function (s) {
      var el = staffCard(s.staff_id);
      setState(el, s.state);
      if (el) el.dataset.inRoom = s.room_id || "";
    });
    ratio();
    keep();
  }

  function busy() { return statusBox && Number(statusBox.dataset.pending) > 0; }

  function refresh() {
    if (!navigator.onLine || !d.live || busy()) return;
    var asked = actions; // an answer older than the page's last action is dropped
    queue.pending().then(function (items) {
      if (items.length) return; // what is queued is newer than the server's state
      return fetch(d.live, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (room) {
        if (!room || busy() || asked !== actions) return;
        applyRoom(room);
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
