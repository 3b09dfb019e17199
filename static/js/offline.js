// Stride on a phone with no signal (docs/offline.md), on every page after offline_queue.js:
// - for a signed-in patient: starts the service worker, shows the days saved on this phone
//   (and puts a saved day's answers back in its form), and sends them when the connection
//   is back: at once, on the `online` event, or from the worker by Background Sync;
// - signed out: forgets the pages kept on this phone, keeps the unsent days, and says so;
// - anyone else signed in (clinic staff): removes the worker and everything it kept.
// Without it, or without service workers, every page works as before, online.
(function () {
  "use strict";

  const config = document.currentScript.dataset;
  const queue = window.StrideOffline;
  if (!queue || !("serviceWorker" in navigator) || !window.caches || !window.indexedDB) return;

  const user = config.user || "";
  const patient = user.startsWith("patient:") ? user.slice("patient:".length) : null;
  const PAGES_CACHE = "stride-pages";
  const restored = new WeakSet();
  const loadedOffline = !navigator.onLine; // then this page is the copy the phone kept
  let edited = false;

  function dayName(day) {
    const date = new Date(day + "T12:00:00");
    return date.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" });
  }

  function days(count) {
    return count === 1 ? "1 day" : count + " days";
  }

  // The page's message area: Today has its own; elsewhere it goes at the top of the page,
  // under the server's messages.
  function statusArea() {
    let area = document.querySelector("[data-offline-status]");
    if (!area) {
      area = document.createElement("div");
      area.setAttribute("data-offline-status", "");
      area.setAttribute("role", "status");
      const main = document.getElementById("main");
      const messages = main.querySelectorAll(":scope > .alert");
      if (messages.length) messages[messages.length - 1].after(area);
      else main.prepend(area);
    }
    return area;
  }

  // Show `lines` (text, or nodes such as a button) in the message area; none: empty it.
  function say(lines, style) {
    let area = document.querySelector("[data-offline-status]");
    if (!area && !lines.length) return;
    area = area || statusArea();
    area.className = lines.length ? "alert alert-" + (style || "info") : "";
    area.replaceChildren(...lines.map((line) => {
      if (typeof line !== "string") return line;
      const paragraph = document.createElement("p");
      paragraph.className = "mb-1";
      paragraph.textContent = line;
      return paragraph;
    }));
  }

  async function mine() {
    return (await queue.all()).filter((entry) => entry.patient === patient);
  }

  // Put a saved day's answers back in its form, as the patient left them.
  function restore(form, fields) {
    const values = new Map();
    fields.forEach(([name, value]) => values.set(name, (values.get(name) || []).concat([value])));
    Array.from(form.elements).forEach((field) => {
      if (!field.name || field.type === "hidden" || field.type === "submit") return;
      const given = values.get(field.name) || [];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = given.includes(field.value);
      } else {
        field.value = given.length ? given[0] : "";
      }
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const details = form.querySelector("details textarea");
    if (details && details.value) details.closest("details").open = true;
  }

  function removeButton(entry) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-dark mt-1 mb-2";
    button.textContent = "Remove it from this phone";
    button.addEventListener("click", async () => {
      await queue.remove(entry.key, entry.id);
      await show();
    });
    return button;
  }

  // A day saved on this phone reads so in the calendar, not "Missed" or "To do".
  function markCalendar(waiting) {
    document.querySelectorAll("[data-calendar-day]").forEach((cell) => {
      const saved = waiting.some((entry) => entry.day === cell.dataset.calendarDay);
      const note = cell.querySelector("[data-offline-day]");
      if (saved === Boolean(note)) return;
      if (saved) {
        cell.dataset.offlineClass = cell.className;
        cell.className = cell.className.replace(/\bday-(missed|partial|complete)\b/g, "");
        const added = document.createElement("span");
        added.className = "day-state fw-semibold";
        added.setAttribute("data-offline-day", "");
        added.textContent = "Saved on this phone";
        cell.append(added);
      } else {
        cell.className = cell.dataset.offlineClass;
        note.remove();
      }
      cell.querySelectorAll(".day-icon, .day-state:not([data-offline-day])").forEach((part) => {
        part.hidden = saved;
      });
    });
  }

  async function show(note) {
    const entries = await mine();
    const waiting = entries.filter((entry) => !entry.problems);
    const refused = entries.filter((entry) => entry.problems);
    const lines = [];
    if (!navigator.onLine) {
      lines.push(loadedOffline ? "You are offline. This is the copy of the page kept on this phone." : "You are offline.");
      if (!entries.length && document.querySelector("form[data-daily-log]")) {
        lines.push("You can still save your log: it will be kept on this phone and sent when you are back online.");
      }
    }
    if (note) lines.push(note);
    if (waiting.length === 1) {
      lines.push("Your log for " + dayName(waiting[0].day) + " is saved on this phone — it will be sent when you are back online.");
    } else if (waiting.length > 1) {
      lines.push("You have " + days(waiting.length) + " saved on this phone (" +
        waiting.map((entry) => dayName(entry.day)).join(", ") + ") — they will be sent when you are back online.");
    }
    refused.forEach((entry) => {
      lines.push("Your log for " + dayName(entry.day) + " could not be sent: " + entry.problems.join(" "),
        removeButton(entry));
    });
    say(lines, refused.length ? "warning" : "info");
    markCalendar(waiting);
    document.querySelectorAll("form[data-daily-log]").forEach((form) => {
      const entry = entries.find((item) => item.program === form.dataset.program && item.day === form.dataset.day);
      const saved = form.querySelector("[data-offline-saved]");
      if (saved) {
        saved.hidden = !entry;
        saved.textContent = !entry ? "" : entry.problems ? "Not sent: see why at the top of the page."
          : "Saved on this phone — it will be sent when you are back online.";
      }
      // Once: a later look (the connection coming and going) must not undo new answers.
      if (entry && !restored.has(form)) {
        restored.add(form);
        restore(form, entry.fields);
      }
    });
  }

  async function send() {
    let result = { sent: 0, waiting: null };
    if (navigator.onLine && (await mine()).some((entry) => !entry.problems)) {
      say(["Sending the days saved on this phone…"]);
      result = await queue.replay(config.session);
    }
    await settle(result);
  }

  // After a sending, by this page or the worker: the server's page replaces this one (with
  // its "Saved your log" messages, or the sign-in page) when days were sent, when this is a
  // kept copy and the connection is back, or when the session has ended; never while the
  // patient is filling in a form.
  async function settle(result) {
    const stale = result.sent || result.waiting === "sign-in" || loadedOffline;
    if (navigator.onLine && stale && !edited && result.waiting !== "later") {
      window.location.reload();
      return;
    }
    const notes = {
      "sign-in": "You are signed out. Sign in again to send the days saved on this phone.",
    };
    await show(result.sent ? "Sent: " + days(result.sent) + " saved on this phone arrived." : notes[result.waiting]);
  }

  // Ask the worker to keep this page's pictures and files, and the page itself when it
  // loaded before the worker took over (otherwise the worker kept it as it went by).
  function keepThisPage(withPage) {
    const controller = navigator.serviceWorker.controller;
    if (!controller) return;
    const urls = (withPage ? [window.location.href] : [])
      .concat(Array.from(document.images, (image) => image.src))
      .concat(Array.from(document.querySelectorAll("link[rel=stylesheet]"), (link) => link.href))
      .concat(Array.from(document.querySelectorAll("script[src]"), (script) => script.src));
    controller.postMessage({ type: "keep", urls: urls });
  }

  // Signing out clears this phone (Clear-Site-Data): send the saved days first.
  async function beforeSignOut() {
    let left = await mine();
    if (!left.length) return true;
    if (!navigator.onLine) {
      say(["You are offline. Please sign out when you are back online, so that the days saved on this phone can be sent first."], "warning");
      return false;
    }
    await queue.replay(config.session);
    left = await mine();
    return !left.length || window.confirm(
      days(left.length) + " saved on this phone could not be sent. Signing out removes " +
      (left.length === 1 ? "it" : "them") + " from this phone. Sign out anyway?");
  }

  function guardSignOut() {
    document.querySelectorAll("form[action='" + config.signOut + "']").forEach((form) => {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        beforeSignOut().then((leave) => leave && form.submit(), () => form.submit());
      });
    });
  }

  async function forPatient() {
    document.addEventListener("input", () => { edited = true; });
    navigator.serviceWorker.addEventListener("controllerchange", () => keepThisPage(true));
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "stride-queue") settle(event.data);
    });
    window.addEventListener("online", send);
    window.addEventListener("offline", () => show());
    guardSignOut();
    // The flash messages of a kept copy are old news ("Saved your log" of hours ago).
    if (!navigator.onLine) document.querySelectorAll("#main > .alert:not([data-offline-status])").forEach((alert) => alert.remove());
    await navigator.serviceWorker.register(config.worker, { scope: "/", updateViaCache: "none" });
    keepThisPage(false);
    await send();
  }

  // Signed out (by the patient, or by the server after a time): the pages kept here go,
  // the unsent days stay for their patient, who is told to sign in to send them.
  async function signedOut() {
    await caches.delete(PAGES_CACHE);
    const count = (await queue.all()).filter((entry) => !entry.problems).length;
    if (count) {
      say(["You have " + days(count) + " saved on this phone. Sign in to send " + (count === 1 ? "it." : "them.")]);
    }
  }

  // Clinic staff on this browser: the patient's worker and kept pages go; a patient's
  // unsent days stay for that patient.
  async function forStaff() {
    for (const registration of await navigator.serviceWorker.getRegistrations()) {
      await registration.unregister();
    }
    for (const name of await caches.keys()) {
      if (name.startsWith("stride-")) await caches.delete(name);
    }
  }

  const start = patient ? forPatient : user ? forStaff : signedOut;
  start().catch((error) => console.error("Stride offline:", error));
})();
