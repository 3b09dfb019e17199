// The daily logs saved on this phone while Stride could not be reached, and sending them
// once the connection is back (docs/offline.md). Used by the pages (offline.js) and by the
// service worker (served inside /sw.js), so that both keep and send them the same way.
//
// A queued save is kept in IndexedDB under its natural key, program and day: a second save
// of the same day replaces the first, as the server's upsert does. It carries the id of the
// patient who made it, and is only ever sent under that patient's session.
(function (scope) {
  "use strict";

  const DB_NAME = "stride-offline";
  const QUEUE = "queue";
  const LOG_PATH = /^\/log\/([0-9a-f-]{36})\/(\d{4}-\d{2}-\d{2})\/$/;
  const GONE = "This program is no longer on your account.";

  function request(idbRequest) {
    return new Promise((resolve, reject) => {
      idbRequest.onsuccess = () => resolve(idbRequest.result);
      idbRequest.onerror = () => reject(idbRequest.error);
    });
  }

  function open() {
    const opening = indexedDB.open(DB_NAME, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(QUEUE, { keyPath: "key" });
    return request(opening);
  }

  // Whether anything was ever queued here. Reading never creates the database: a page seen
  // signed out must leave no trace behind.
  async function exists() {
    if (!indexedDB.databases) return true;
    return (await indexedDB.databases()).some((db) => db.name === DB_NAME);
  }

  async function withStore(mode, work) {
    const db = await open();
    try {
      const store = db.transaction(QUEUE, mode).objectStore(QUEUE);
      return await work(store);
    } finally {
      db.close();
    }
  }

  // Every queued save, oldest day first.
  async function all() {
    if (!(await exists())) return [];
    const entries = await withStore("readonly", (store) => request(store.getAll()));
    return entries.sort((a, b) => a.day.localeCompare(b.day) || a.program.localeCompare(b.program));
  }

  // The program and day a save URL names, or null for any other URL.
  function keyOf(path) {
    const match = LOG_PATH.exec(path);
    return match ? { key: match[1] + "/" + match[2], program: match[1], day: match[2] } : null;
  }

  // Queue the save of the form posted to `path`; `fields` are its [name, value] pairs
  // without the CSRF token (the token of the moment is fetched when it is sent).
  function put(path, fields, patient) {
    const entry = Object.assign(keyOf(path), {
      id: crypto.randomUUID(),
      action: path,
      patient: patient,
      fields: fields,
      savedAt: new Date().toISOString(),
    });
    return withStore("readwrite", (store) => request(store.put(entry)));
  }

  // Remove the save of `key` (an `id` given: only if it is still that save, not a later one).
  async function remove(key, id) {
    if (!(await exists())) return;
    await withStore("readwrite", async (store) => {
      const entry = await request(store.get(key));
      if (entry && (!id || entry.id === id)) await request(store.delete(key));
    });
  }

  // The server said no (the day is no longer open to logging, the program is gone): kept,
  // with why, until the patient saves the day again from its page or removes it.
  function refuse(entry, problems) {
    return withStore("readwrite", async (store) => {
      const current = await request(store.get(entry.key));
      if (current && current.id === entry.id) {
        await request(store.put(Object.assign(current, { problems: problems })));
      }
    });
  }

  async function send(entry, session) {
    const body = new URLSearchParams(entry.fields);
    body.set("csrfmiddlewaretoken", session.csrf);
    const response = await fetch(entry.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json", "Stride-Replay": entry.patient },
    });
    if (response.ok) {
      const answer = await response.json();
      if (answer.saved) {
        await remove(entry.key, entry.id);
        return "sent";
      }
      await refuse(entry, answer.errors);
      return "refused";
    }
    if (response.status === 404) {
      await refuse(entry, [GONE]);
      return "refused";
    }
    // A redirect: to the sign-in page. Anything else, the next try may fare better.
    if (response.type === "opaqueredirect") return "sign-in";
    throw new Error("Stride did not answer: " + response.status);
  }

  async function sendAll(sessionUrl) {
    const result = { sent: 0, refused: 0, waiting: null };
    const entries = (await all()).filter((entry) => !entry.problems);
    if (!entries.length) return result;
    try {
      // Who is signed in now, and a fresh CSRF token: the one in a page kept for hours
      // is stale after signing in again.
      const answer = await fetch(sessionUrl, {
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      if (answer.type === "opaqueredirect") return Object.assign(result, { waiting: "sign-in" });
      if (!answer.ok) throw new Error("Stride did not answer: " + answer.status);
      const session = await answer.json();
      // Another patient's saves stay for them: never sent under this patient's name.
      for (const entry of entries.filter((entry) => entry.patient === session.patient)) {
        const outcome = await send(entry, session);
        if (outcome === "sign-in") return Object.assign(result, { waiting: "sign-in" });
        result[outcome] += 1;
      }
    } catch (error) {
      result.waiting = "later";
    }
    return result;
  }

  // Send the queue; one sender at a time, whether a page or the worker asks. Resolves to
  // how many days were sent and refused, and what the rest wait for: nothing (null),
  // "sign-in" (the session has ended), or "later" (no connection, or a server failure).
  function replay(sessionUrl) {
    const locks = scope.navigator.locks;
    if (!locks) return sendAll(sessionUrl);
    return locks.request("stride-offline-replay", () => sendAll(sessionUrl));
  }

  scope.StrideOffline = { all: all, keyOf: keyOf, put: put, remove: remove, replay: replay };
})(self);
