// redceci operations: the offline queue. Every action a centre's staff take (a check-in, a
// roll-call mark ...) is first written to IndexedDB with a UUID idempotency key and the device's
// time, then sent in batches (BATCH at a time, oldest first) to the centre's event endpoint; the
// server stores each key once, so a batch resent after a lost answer never double-counts. Sending
// runs on load, after each action, when the browser comes back online and on a timer; failures
// back off exponentially (1 s doubling to 60 s, with jitter). No library.
(function () {
  "use strict";
  var DB_NAME = "redceci-operations";
  var STORE = "actions";
  var BATCH = 50;
  var BACKOFF_MIN_MS = 1000;
  var BACKOFF_MAX_MS = 60000;
  var TIMER_MS = 15000;

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  var opening = null;
  function open() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var req = window.indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        var store = req.result.createObjectStore(STORE, { keyPath: "idempotency_key" });
        store.createIndex("by_centre", ["centre_id", "seq"]);
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { opening = null; reject(req.error); };
    });
    return opening;
  }

  function tx(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result;
        t.oncomplete = function () { resolve(result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
        result = work(t.objectStore(STORE));
      });
    });
  }

  function all(centreId) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var out = [];
        var range = IDBKeyRange.bound([centreId, 0], [centreId, Number.MAX_SAFE_INTEGER]);
        var req = db.transaction(STORE, "readonly").objectStore(STORE).index("by_centre").openCursor(range);
        req.onsuccess = function () {
          var cursor = req.result;
          if (cursor) { out.push(cursor.value); cursor.continue(); } else resolve(out);
        };
        req.onerror = function () { reject(req.error); };
      });
    });
  }

  // One queue per page: the centre, the endpoint and the CSRF token come from the page.
  function Queue(options) {
    this.centreId = Number(options.centreId);
    this.endpoint = options.endpoint;
    this.csrf = options.csrf;
    this.onChange = options.onChange || function () {};
    this.onResult = options.onResult || function () {};
    this.delay = 0;
    this.sending = false;
    this.timer = null;
    this.seq = Date.now() * 1000;
    var self = this;
    window.addEventListener("online", function () {
      self.delay = 0;
      if (self.timer) { window.clearTimeout(self.timer); self.timer = null; }
      self.flush();
    });
    window.setInterval(function () { self.flush(); }, TIMER_MS);
    this.flush();
  }

  // An action for an event, with its idempotency key and device time taken now (not queued yet:
  // a page may first note its key somewhere that survives a reload, then ``put`` it).
  Queue.prototype.action = function (event) {
    return {
      idempotency_key: uuid(),
      device_time: new Date().toISOString(),
      centre_id: this.centreId,
      seq: ++this.seq,
      event: event
    };
  };

  // Queue an action (a new one, or one put again with its own key and device time: the server
  // stores each key once, so putting again an action already sent is answered as a duplicate).
  // It is kept until the server answers for it. Resolves with the stored action.
  Queue.prototype.put = function (action) {
    var self = this;
    var kept = Object.assign({}, action, { centre_id: this.centreId, seq: ++this.seq });
    return tx("readwrite", function (store) { store.put(kept); }).then(function () {
      self.changed();
      self.flush();
      return kept;
    });
  };

  // Queue one action: it gets its idempotency key and device time now.
  Queue.prototype.add = function (event) { return this.put(this.action(event)); };

  Queue.prototype.pending = function () { return all(this.centreId); };

  Queue.prototype.changed = function () {
    var self = this;
    this.pending().then(function (items) { self.onChange(items); });
  };

  Queue.prototype.later = function () {
    var self = this;
    this.delay = Math.min(BACKOFF_MAX_MS, this.delay ? this.delay * 2 : BACKOFF_MIN_MS);
    var wait = this.delay * (0.75 + Math.random() * 0.5);
    if (this.timer) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.timer = null; self.flush(); }, wait);
  };

  // Send what is queued, BATCH at a time, until nothing is left or a send fails.
  Queue.prototype.flush = function () {
    var self = this;
    if (this.sending || this.timer || !navigator.onLine) return Promise.resolve();
    this.sending = true;
    return all(this.centreId).then(function (items) {
      if (!items.length) return false;
      var batch = items.slice(0, BATCH);
      var body = batch.map(function (a) {
        var e = Object.assign({}, a.event);
        e.idempotency_key = a.idempotency_key;
        e.device_time = a.device_time;
        return e;
      });
      return fetch(self.endpoint, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": self.csrf, "Accept": "application/json" },
        body: JSON.stringify({ events: body })
      }).then(function (response) {
        if (response.status >= 500 || response.status === 429 || response.status === 408) throw new Error("retry " + response.status);
        return response.json().then(function (answer) {
          if (!response.ok) {
            // The whole batch was refused (e.g. the session ended): keep it, say why.
            self.onResult([{ status: "refused", reason: (answer && (answer.detail || answer.title)) || String(response.status) }]);
            throw new Error("refused " + response.status);
          }
          var results = (answer && answer.results) || [];
          var done = batch.map(function (a) { return a.idempotency_key; });
          return tx("readwrite", function (store) {
            done.forEach(function (key) { store.delete(key); });
          }).then(function () {
            self.delay = 0;
            self.onResult(results.map(function (r, i) {
              return Object.assign({ event: batch[i] && batch[i].event }, r);
            }));
            return true; // look again: actions may have been added while this batch was out
          });
        });
      });
    }).then(function (more) {
      self.sending = false;
      self.changed();
      if (more) return self.flush();
    }, function () {
      self.sending = false;
      self.changed();
      self.later();
    });
  };

  window.RedceciQueue = Queue;
  window.RedceciQueue.BATCH = BATCH;
})();

// Signing out of a shared tablet forgets the pages and room states kept for offline use (the
// queue itself is kept: actions not yet sent must not be lost; they go out with the next session).
(function () {
  "use strict";
  document.querySelectorAll("form[action='/salir']").forEach(function (form) {
    form.addEventListener("submit", function () {
      try {
        Object.keys(window.localStorage).filter(function (k) { return k.indexOf("redceci-room-") === 0; })
          .forEach(function (k) { window.localStorage.removeItem(k); });
      } catch (err) { /* no storage */ }
      if (window.caches) window.caches.delete("redceci-operations-v1");
    });
  });
})();
