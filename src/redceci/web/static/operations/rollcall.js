// redceci operations: the roll-call of a drill or an evacuation. Everyone present when it began
// is listed, the unaccounted first; a tap marks a person safe at the meeting point (through the
// offline queue: it works without a connection) and moves them down; the count of unaccounted
// shows at the top until it reaches zero.
//
// Started offline: with no connection, "start" builds the list in the browser from the centre's
// last known presence (the page's copy, replaced room by room by the staff pages' newer kept
// states, then the actions still queued), and queues the start with its idempotency key and
// device time; the marks name the start by that key (roll_call_key). On reconnecting the queue
// sends the start first, then the marks, and the server's roll-call (who was present at the
// start's device time, from the events) replaces the browser's once everything is sent.
//
// Every mark and end is first noted (key, device time, event) in the page's journal in
// localStorage, synchronously, then queued in IndexedDB: a reload right after a tap can abort
// the queue's write, so on load each noted action that is neither queued nor answered is put
// again with its own key (the server stores a key once: an action already sent is answered as
// a duplicate). A note is dropped once the server answered for it, or its person shows safe in
// the server's roll-call, or after JOURNAL_MAX_MS.
//
// Ending: online, the page's form ends the roll-call on the server; offline, the end goes
// through the queue like the marks (by the start's key for a roll-call started offline).
(function () {
  "use strict";
  var root = document.querySelector("[data-ops-rollcall]");
  if (!root) return;
  var d = root.dataset;
  var centreId = Number(d.centre);
  var KEPT = "redceci-rollcall-" + centreId;
  var JOURNAL = "redceci-rollcall-actions-" + centreId;
  var JOURNAL_MAX_MS = 12 * 3600 * 1000; // a roll-call's actions are sent within its day
  var body = root.querySelector("[data-testid=rollcall-body]");
  var list = root.querySelector("[data-testid=rollcall]");
  var count = root.querySelector("[data-testid=unaccounted]");
  var statusBox = root.querySelector("[data-testid=sync]");
  var startForm = root.querySelector("[data-testid=start-rollcall]");
  var endForm = root.querySelector("[data-testid=end-rollcall-form]");
  var labels = JSON.parse(d.labels || "{}");
  var reasonText = window.RedceciReasons(d.reasons, labels); // reasons.js
  var offlineCall = null; // the roll-call started in this browser, until the server has it

  function item(kind, id) { return list.querySelector('li[data-kind="' + kind + '"][data-id="' + id + '"]'); }

  function order() {
    var items = Array.prototype.slice.call(list.children);
    items.sort(function (a, b) {
      var sa = a.dataset.safe === "true" ? 1 : 0, sb = b.dataset.safe === "true" ? 1 : 0;
      return sa - sb || Number(a.dataset.position) - Number(b.dataset.position);
    });
    items.forEach(function (li) { list.appendChild(li); });
    var left = items.filter(function (li) { return li.dataset.safe !== "true"; }).length;
    count.textContent = String(left);
    root.querySelector("[data-testid=all-safe]").hidden = left > 0 || !items.length;
  }

  function mark(li) {
    li.dataset.safe = "true";
    var state = li.querySelector(".state");
    if (state) state.textContent = labels.safe;
  }

  function save() {
    try {
      if (offlineCall) window.localStorage.setItem(KEPT, JSON.stringify(offlineCall));
      else window.localStorage.removeItem(KEPT);
    } catch (err) { /* storage full or refused */ }
  }

  function showSync(items) {
    if (!statusBox) return;
    statusBox.dataset.pending = String(items.length);
    statusBox.textContent = (navigator.onLine ? labels.online : labels.offline) + (items.length ? " · " + labels.pending.replace("{n}", items.length) : " · " + labels.synced);
    statusBox.classList.toggle("offline", !navigator.onLine);
    // A roll-call started here is on the server once nothing waits: show the server's.
    if (offlineCall && !items.length && navigator.onLine) window.location.reload();
  }

  // -- the journal of marks and ends, until the server answers for them ------------------------
  function journal() {
    var noted = kept(JOURNAL) || [];
    var oldest = Date.now() - JOURNAL_MAX_MS;
    return noted.filter(function (a) { return (Date.parse(a.device_time) || 0) >= oldest; });
  }

  function keepJournal(noted) {
    try {
      if (noted.length) window.localStorage.setItem(JOURNAL, JSON.stringify(noted));
      else window.localStorage.removeItem(JOURNAL);
    } catch (err) { /* storage full or refused */ }
  }

  function note(action) {
    var noted = journal();
    noted.push({ idempotency_key: action.idempotency_key, device_time: action.device_time, event: action.event });
    keepJournal(noted);
  }

  function answered(keys) {
    var noted = journal();
    var left = noted.filter(function (a) { return !keys[a.idempotency_key]; });
    if (left.length !== noted.length) keepJournal(left);
  }

  // Does a mark or end name the roll-call shown by the server (open) or started here?
  function ours(e) {
    if (offlineCall) return e.roll_call_key === offlineCall.key;
    return Boolean((d.rollCall && Number(e.roll_call_id) === Number(d.rollCall)) || (e.roll_call_key && e.roll_call_key === d.rollCallKey));
  }

  function showProblems(results) {
    var keys = {};
    results.forEach(function (r) { if (r.idempotency_key) keys[r.idempotency_key] = true; });
    answered(keys);
    results.forEach(function (r) {
      if (r.status === "stored" || r.status === "duplicate") return;
      var p = document.createElement("p");
      p.className = "error";
      p.textContent = (labels["result_" + r.status] || r.status) + ": " + reasonText(r.reason);
      body.insertBefore(p, list);
    });
  }

  var queue = new window.RedceciQueue({ centreId: centreId, endpoint: d.endpoint, csrf: d.csrf, onChange: showSync, onResult: showProblems });

  // Queue a mark or an end, noted first in the journal (it survives a reload that aborts the
  // queue's write).
  function send(event) {
    var action = queue.action(event);
    note(action);
    if (statusBox) statusBox.dataset.pending = String((Number(statusBox.dataset.pending) || 0) + 1);
    return queue.put(action);
  }

  // Put again the journal's actions that are neither queued nor answered; drop the notes of
  // marks the server's roll-call already shows safe. Resolves with what is queued then.
  function recover(items) {
    var waiting = {};
    items.forEach(function (a) { waiting[a.idempotency_key] = true; });
    var confirmed = {}, lost = [];
    journal().forEach(function (a) {
      if (waiting[a.idempotency_key]) return;
      var e = a.event;
      var li = e.kind === "roll_call_mark" && !offlineCall && ours(e) ? (e.child_id ? item("child", e.child_id) : item("staff", e.staff_id)) : null;
      if (li && li.dataset.safe === "true") confirmed[a.idempotency_key] = true;
      else lost.push(a);
    });
    answered(confirmed);
    if (!lost.length) return Promise.resolve(items);
    return lost.reduce(function (done, a) {
      return done.then(function () { return queue.put(a); });
    }, Promise.resolve()).then(function () { return queue.pending(); });
  }

  // An end sent (or waiting) for the roll-call shown: the page says so and offers no end.
  function showEnded() {
    if (endForm) endForm.hidden = true;
    var ended = root.querySelector("[data-testid=ended-offline]");
    if (ended) ended.hidden = false;
  }

  // -- the centre's last known presence ------------------------------------------------------
  function kept(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (err) { return null; }
  }

  // Who is present now as far as this browser knows: the page's copy (as of its time), each
  // room replaced by a staff page's newer kept state, then every action still queued.
  function presentNow(items) {
    var p = JSON.parse(d.presence || "null");
    if (!p) return null;
    var since = Date.parse(p.at) || 0;
    var rooms = {}, children = {}, staff = {};
    p.rooms.forEach(function (r) { rooms[r.room_id] = r.name; });
    p.children.forEach(function (c) { children[c.id] = { name: c.name, room: c.room_id, present: c.present }; });
    p.staff.forEach(function (s) { staff[s.id] = { name: s.name, room: s.room_id, at: since }; });
    Object.keys(rooms).forEach(function (roomId) {
      var room = Number(roomId);
      var k = kept("redceci-room-" + centreId + "-" + room);
      var at = k && Date.parse(k.at);
      if (!at || at <= since) return;
      (k.children || []).forEach(function (c) {
        if (children[c.child_id]) children[c.child_id].present = c.state === "present";
      });
      (k.staff || []).forEach(function (s) {
        var info = staff[s.staff_id];
        if (!info || info.at >= at) return;
        if (s.state === "present") { info.room = room; info.at = at; }
        else if (info.room === room) { info.room = s.room_id && s.room_id !== room ? s.room_id : null; info.at = at; }
      });
    });
    items.forEach(function (a) {
      var e = a.event, c = children[e.child_id], s = staff[e.staff_id];
      if (e.kind === "check_in" && c) c.present = true;
      else if ((e.kind === "check_out" || e.kind === "refusal") && c) c.present = false;
      else if ((e.kind === "staff_in" || e.kind === "staff_move") && s) s.room = e.room_id;
      else if (e.kind === "staff_out" && s) s.room = null;
    });
    var people = [];
    Object.keys(children).forEach(function (id) {
      var c = children[id];
      if (c.present) people.push({ kind: "child", id: Number(id), name: c.name, room: rooms[c.room] || "" });
    });
    Object.keys(staff).forEach(function (id) {
      var s = staff[id];
      if (s.room !== null && s.room !== undefined) people.push({ kind: "staff", id: Number(id), name: s.name, room: rooms[s.room] || "" });
    });
    people.sort(function (a, b) {
      return a.room.localeCompare(b.room) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
    });
    return people;
  }

  // -- the list and its taps --------------------------------------------------------------------
  function naming(e) {
    if (offlineCall) e.roll_call_key = offlineCall.key; else e.roll_call_id = Number(d.rollCall);
    return e;
  }

  function wire(li) {
    li.querySelector("button").addEventListener("click", function () {
      if (li.dataset.safe === "true") return;
      var e = naming({ kind: "roll_call_mark" });
      e[li.dataset.kind === "child" ? "child_id" : "staff_id"] = Number(li.dataset.id);
      mark(li);
      order();
      if (offlineCall) { offlineCall.safe.push(li.dataset.kind + "-" + li.dataset.id); save(); }
      send(e);
    });
  }

  function render(call) {
    list.textContent = "";
    call.people.forEach(function (p, i) {
      var li = document.createElement("li");
      li.dataset.kind = p.kind;
      li.dataset.id = String(p.id);
      li.dataset.position = String(i + 1);
      li.dataset.safe = call.safe.indexOf(p.kind + "-" + p.id) >= 0 ? "true" : "false";
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-testid", "mark-" + p.kind + "-" + p.id);
      var name = document.createElement("strong");
      name.textContent = p.name;
      var room = document.createElement("span");
      room.className = "small";
      room.textContent = "· " + p.room;
      var state = document.createElement("span");
      state.className = "state";
      state.textContent = li.dataset.safe === "true" ? labels.safe : labels.unaccounted;
      b.appendChild(name);
      b.appendChild(document.createTextNode(" "));
      b.appendChild(room);
      b.appendChild(document.createTextNode(" · "));
      b.appendChild(state);
      li.appendChild(b);
      list.appendChild(li);
      wire(li);
    });
    root.querySelector("[data-testid=rollcall-kind]").textContent =
      (call.drill ? labels.drill : labels.evacuation) + " · " + labels.started + " " + new Date(call.started_at).toLocaleTimeString();
    body.hidden = false;
    root.querySelector("[data-testid=offline-started]").hidden = false;
    var none = root.querySelector("[data-testid=no-rollcall]");
    if (none) none.hidden = true;
    if (startForm) startForm.hidden = true;
    if (endForm) endForm.hidden = Boolean(call.ended_at);
    if (call.ended_at) showEnded();
    order();
  }

  function startOffline(drill) {
    queue.pending().then(function (items) {
      var people = presentNow(items);
      if (!people) return;
      return queue.add({ kind: "roll_call_start", drill: drill }).then(function (action) {
        offlineCall = { key: action.idempotency_key, drill: drill, started_at: action.device_time, people: people, safe: [] };
        save();
        render(offlineCall);
      });
    });
  }

  // Offline (or for a roll-call the server does not have yet), the end goes through the queue.
  if (endForm) {
    endForm.addEventListener("submit", function (ev) {
      if (navigator.onLine && !offlineCall) return; // online: the server ends it
      ev.preventDefault();
      if (!offlineCall && !d.rollCall) return;
      var when = new Date().toISOString();
      if (offlineCall) { offlineCall.ended_at = when; save(); }
      send(naming({ kind: "roll_call_end" }));
      showEnded();
    });
  }

  if (startForm) {
    startForm.addEventListener("submit", function (ev) {
      if (navigator.onLine) return; // online: the server starts it and lists who is present
      ev.preventDefault();
      var kind = ev.submitter ? ev.submitter.value : "drill";
      startOffline(kind !== "evacuation");
    });
  }

  // -- on load: the server's roll-call, or the one started here offline -------------------------
  var mine = kept(KEPT);
  if (mine && d.rollCallKey === mine.key) { mine = null; offlineCall = null; save(); }
  if (mine && !d.rollCall) { offlineCall = mine; render(offlineCall); }
  list.querySelectorAll("li").forEach(function (li) { if (!offlineCall) wire(li); });

  queue.pending().then(recover).then(function (items) {
    if (offlineCall && !items.length && navigator.onLine) {
      // everything was answered, yet the server shows no roll-call with this start: it was not
      // kept (another device's roll-call was open); show the server's page as it is
      offlineCall = null;
      save();
      window.location.reload();
      return;
    }
    items.forEach(function (a) {
      var e = a.event;
      if (!ours(e)) return;
      if (e.kind === "roll_call_end") { showEnded(); return; }
      if (e.kind !== "roll_call_mark") return;
      var li = e.child_id ? item("child", e.child_id) : item("staff", e.staff_id);
      if (li) mark(li);
    });
    order();
    showSync(items);
  });
  order();
  if ("serviceWorker" in navigator && d.worker) navigator.serviceWorker.register(d.worker, { scope: "/operaciones/" }).catch(function () {});
})();
