// redceci operations: the roll-call of a drill or an evacuation. Everyone present when it began
// is listed, the unaccounted first; a tap marks a person safe at the meeting point (through the
// offline queue: it works without a connection) and moves them down; the count of unaccounted
// shows at the top until it reaches zero.
(function () {
  "use strict";
  var root = document.querySelector("[data-ops-rollcall]");
  if (!root) return;
  var d = root.dataset;
  var list = root.querySelector("[data-testid=rollcall]");
  var count = root.querySelector("[data-testid=unaccounted]");
  var statusBox = root.querySelector("[data-testid=sync]");
  var labels = JSON.parse(d.labels || "{}");

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
    root.querySelector("[data-testid=all-safe]").hidden = left > 0;
  }

  function mark(li) {
    li.dataset.safe = "true";
    var state = li.querySelector(".state");
    if (state) state.textContent = labels.safe;
  }

  function showSync(items) {
    if (!statusBox) return;
    statusBox.dataset.pending = String(items.length);
    statusBox.textContent = (navigator.onLine ? labels.online : labels.offline) + (items.length ? " · " + labels.pending.replace("{n}", items.length) : " · " + labels.synced);
    statusBox.classList.toggle("offline", !navigator.onLine);
  }

  var queue = new window.RedceciQueue({ centreId: Number(d.centre), endpoint: d.endpoint, csrf: d.csrf, onChange: showSync });
  queue.pending().then(function (items) {
    items.forEach(function (a) {
      var e = a.event;
      if (e.kind === "roll_call_mark" && Number(e.roll_call_id) === Number(d.rollCall)) {
        var li = e.child_id ? item("child", e.child_id) : item("staff", e.staff_id);
        if (li) mark(li);
      }
    });
    order();
    showSync(items);
  });

  list.querySelectorAll("li").forEach(function (li) {
    li.querySelector("button").addEventListener("click", function () {
      if (li.dataset.safe === "true") return;
      var e = { kind: "roll_call_mark", roll_call_id: Number(d.rollCall) };
      e[li.dataset.kind === "child" ? "child_id" : "staff_id"] = Number(li.dataset.id);
      mark(li);
      order();
      if (statusBox) statusBox.dataset.pending = String((Number(statusBox.dataset.pending) || 0) + 1);
      queue.add(e);
    });
  });
  order();
  if ("serviceWorker" in navigator && d.worker) navigator.serviceWorker.register(d.worker, { scope: "/operaciones/" }).catch(function () {});
})();
