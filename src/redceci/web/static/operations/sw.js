// redceci operations: the service worker (scope /operaciones/, served from /operaciones/sw.js).
// It keeps the staff room page and the roll-call usable without a connection: pages under
// /operaciones/ and the static files they load are fetched from the network first and kept in a
// cache; when the network fails, the cached copy is served. Actions taken offline are not sent
// from here: the page's queue (queue.js, IndexedDB) sends them when the browser is online again.
// The JSON API is never cached (a stale live state must not look current).
"use strict";
var CACHE = "redceci-operations-v2";
var STATIC = [
  "/static/app.css",
  "/static/app.js",
  "/static/operations/operations.css",
  "/static/operations/queue.js",
  "/static/operations/reasons.js",
  "/static/operations/staff.js",
  "/static/operations/rollcall.js"
];
// The pages kept for offline use: a room's staff page and the roll-call.
var OFFLINE_PAGES = [/^\/operaciones\/centros\/\d+\/salas\/\d+$/, /^\/operaciones\/centros\/\d+\/pase-de-lista$/];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(STATIC); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("redceci-operations-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request) {
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return false;
  if (url.pathname.indexOf("/static/") === 0) return true;
  return OFFLINE_PAGES.some(function (re) { return re.test(url.pathname); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!keep(request)) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || new Response("Sin conexión / Offline", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    });
  }));
});
