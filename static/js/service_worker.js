// Stride's service worker (docs/offline.md), served as /sw.js after its settings
// (self.STRIDE, from programs/offline.py) and the queue (offline_queue.js).
//
// It answers three kinds of request and leaves every other one to the browser:
// - static files: from the cache first where their names carry their hash (production);
// - a patient's pages and pictures (/today/, /my/): from the network first, kept when the
//   server marks them as a signed-in patient's own (the Stride-Offline header), and taken
//   from what was kept when there is no connection;
// - the daily log's save (/log/<program>/<day>/): sent, or with no connection queued on
//   the phone and sent later (Background Sync, or the page when it sees the connection).
"use strict";

const SETTINGS = self.STRIDE;
const SHELL_CACHE = "stride-shell-" + SETTINGS.version;
const PAGES_CACHE = "stride-pages";
const OFFLINE_HEADER = "Stride-Offline";
const SYNC_TAG = "stride-queue";
// No answer by then counts as no connection: a phone with one bar of signal can wait minutes.
const NETWORK_WAIT_MS = 10000;

function inPatientArea(url) {
  return SETTINGS.areas.some((area) => url.pathname.startsWith(area));
}

// Rejects when `promise` has not settled in time.
function inTime(promise) {
  const late = new Promise((resolve, reject) => setTimeout(() => reject(new Error("timeout")), NETWORK_WAIT_MS));
  return Promise.race([promise, late]);
}

// Whose pages the cache holds: every kept page carries its patient's id.
async function pagesOwner() {
  if (!(await caches.has(PAGES_CACHE))) return null;
  const cache = await caches.open(PAGES_CACHE);
  const [first] = await cache.keys();
  const page = first && (await cache.match(first));
  return page ? page.headers.get(OFFLINE_HEADER) : null;
}

// Keep a patient's page: only one the server marked, and never beside another patient's.
async function keep(request, response) {
  const patient = response.headers.get(OFFLINE_HEADER);
  if (!patient || !response.ok || response.redirected || response.type !== "basic") return;
  const owner = await pagesOwner();
  if (owner && owner !== patient) await caches.delete(PAGES_CACHE);
  await (await caches.open(PAGES_CACHE)).put(request, response);
}

async function networkFirst(request) {
  const network = fetch(request).then(async (response) => {
    await keep(request, response.clone()).catch(() => null);
    return response;
  });
  try {
    return await inTime(network);
  } catch (error) {
    const kept = await caches.match(request, { cacheName: PAGES_CACHE, ignoreVary: true });
    if (kept) return kept;
  }
  try {
    // Slow, with no copy to show instead (a handout being made): wait for it.
    return await network;
  } catch (error) {
    if (request.mode !== "navigate") return Response.error();
    return (await caches.match(SETTINGS.offline, { cacheName: SHELL_CACHE })) || Response.error();
  }
}

// Whether a request comes from a patient's page (or from no page: the worker's own install).
// A clinician's page that an old worker still controls must not fill the caches again.
async function forPatientPage(clientId) {
  const client = clientId ? await self.clients.get(clientId) : null;
  return !client || inPatientArea(new URL(client.url));
}

// A static file: from the cache first when its name carries its hash (production), else
// from the network first (development, where a file changes under the same name).
async function staticFile(request, clientId) {
  if (!(await forPatientPage(clientId))) return fetch(request);
  const kept = await caches.match(request, { cacheName: SHELL_CACHE, ignoreVary: true });
  if (kept && SETTINGS.hashed) return kept;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      await (await caches.open(SHELL_CACHE)).put(request, response.clone());
    }
    return response;
  } catch (error) {
    if (kept) return kept;
    throw error;
  }
}

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

// The page to show after a save was queued: the day's page the form was on.
function pageOfTheDay(request) {
  const from = request.referrer ? new URL(request.referrer) : null;
  const fromToday = from && from.origin === self.location.origin && from.pathname === SETTINGS.today;
  return fromToday ? from.href : SETTINGS.today;
}

async function saveOrQueue(request) {
  const path = new URL(request.url).pathname;
  const copy = request.clone();
  try {
    const response = await inTime(fetch(request));
    // Saved (a redirect back to Today): a save of the same day still queued is older.
    if (response.type === "opaqueredirect") await StrideOffline.remove(StrideOffline.keyOf(path).key);
    return response;
  } catch (error) {
    const patient = await pagesOwner();
    if (!patient) return Response.error();
    const fields = Array.from(await copy.formData()).filter(([name]) => name !== "csrfmiddlewaretoken");
    await StrideOffline.put(path, fields, patient);
    if (self.registration.sync) await self.registration.sync.register(SYNC_TAG).catch(() => null);
    return Response.redirect(pageOfTheDay(request), 303);
  }
}

async function sendQueue() {
  const result = await StrideOffline.replay(SETTINGS.session);
  await tellPages(Object.assign({ type: "stride-queue" }, result));
  // Not sent yet (no connection, or the server failed): throwing asks for another try later.
  if (result.waiting === "later") throw new Error("No connection yet");
}

// Keep the pages and files a page names (its own address, its pictures, styles and
// scripts) that are not kept yet: pictures in closed "How to do it" panels load only when
// opened, and the first page a patient opens loads before this worker runs.
async function keepAll(hrefs) {
  for (const href of hrefs) {
    const url = new URL(href, self.location.href);
    if (url.origin !== self.location.origin) continue;
    try {
      if (url.pathname.startsWith(SETTINGS.static)) {
        if (!(await caches.match(url.href, { cacheName: SHELL_CACHE }))) await staticFile(new Request(url.href));
      } else if (inPatientArea(url) && !(await caches.match(url.href, { cacheName: PAGES_CACHE }))) {
        await keep(url.href, await fetch(url.href, { credentials: "same-origin" }));
      }
    } catch (error) {
      // Offline now: kept the next time.
    }
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SETTINGS.shell.concat([SETTINGS.offline])))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  // An older version's files go, and the pages kept with it, which name those files: the
  // pages open now are kept again when this worker takes them over (offline.js).
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("stride-") && name !== SHELL_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (request.mode === "navigate" && StrideOffline.keyOf(url.pathname)) {
      event.respondWith(saveOrQueue(request));
    }
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith(SETTINGS.static)) {
    event.respondWith(staticFile(request, event.clientId));
  } else if (inPatientArea(url) && (request.mode === "navigate" || request.destination === "image")) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(sendQueue());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) event.waitUntil(keepAll(data.urls));
});
