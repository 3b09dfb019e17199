// Progressive enhancement of the program builder and the template editor.
//
// Add, Remove, Move up, Move down and Search post the whole form as they do without
// JavaScript, with the X-Builder-Partial header: the server answers with the rows and the
// search only (templates/programs/_items_editor.html, the partial the full page includes),
// which replace the region in place. The header fields are never redrawn, so what was typed
// there stays as it is. Save is never intercepted. Any failure falls back to the full post.
//
// "Every day" and the single days exclude each other: ticking one clears the other.
(() => {
  const form = document.querySelector("form[data-builder]");
  if (!form || !window.fetch) return;
  const status = document.getElementById("builder-status");
  let busy = false;

  const region = () => form.querySelector("[data-builder-region]");
  const items = () => [...form.querySelectorAll("[data-builder-item]")];
  const headingOf = (item) => item && item.querySelector("h3");
  const nameOf = (item) =>
    item ? headingOf(item).textContent.trim().replace(/^\d+\.\s*/, "") : "";

  // What an update does, told by its button: where the focus goes after it and what a
  // screen reader hears.
  function plan(submitter) {
    const before = items();
    if (submitter.name === "add") {
      return () => {
        const added = items().at(-1);
        return { focus: headingOf(added), say: `Added ${nameOf(added)}.` };
      };
    }
    if (submitter.name === "remove") {
      const index = Number(submitter.value);
      const name = nameOf(before[index]);
      return () => {
        const after = items();
        const next = after[Math.min(index, after.length - 1)];
        return {
          focus: headingOf(next) || document.getElementById("items-heading"),
          say: `Removed ${name}.`,
        };
      };
    }
    if (submitter.name === "move") {
      const [direction, position] = submitter.value.split("-");
      const index = Number(position) + (direction === "up" ? -1 : 1);
      const name = nameOf(before[Number(position)]);
      return () => {
        const moved = items()[index];
        const buttons = moved ? [...moved.querySelectorAll("button[name=move]")] : [];
        const same = buttons.find((b) => b.value.startsWith(direction) && !b.disabled);
        return {
          focus: same || buttons.find((b) => !b.disabled) || headingOf(moved),
          say: `Moved ${name} ${direction} to number ${index + 1}.`,
        };
      };
    }
    return () => {
      const matches = form.querySelectorAll("[data-match]").length;
      const query = form.querySelector("#id_q");
      return {
        focus: query,
        say: query && query.value.trim()
          ? `${matches || "No"} exercise${matches === 1 ? "" : "s"} found.`
          : "",
      };
    };
  }

  async function update(submitter) {
    const body = new FormData(form);
    if (submitter.name) body.append(submitter.name, submitter.value);
    const response = await fetch(window.location.href, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-Builder-Partial": "1" },
    });
    if (!response.ok || response.headers.get("X-Builder-Partial") !== "1") {
      throw new Error(`in-place update refused (${response.status})`);
    }
    const html = await response.text();
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const fresh = template.content.querySelector("[data-builder-region]");
    if (!fresh) throw new Error("in-place update: no region in the answer");
    const after = plan(submitter);
    region().replaceWith(fresh);
    return after;
  }

  form.addEventListener("submit", async (event) => {
    const submitter = event.submitter;
    const inPlace =
      submitter &&
      !form.dataset.fullPage &&
      (["add", "remove", "move"].includes(submitter.name) ||
        (submitter.name === "action" && submitter.value === "search"));
    if (!inPlace) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    region().setAttribute("aria-busy", "true");
    const focusedId = document.activeElement && document.activeElement.id;
    try {
      const after = await update(submitter);
      const { focus, say } = after();
      // A search started from a field other than the search box keeps the focus there.
      const kept = focusedId && focusedId !== "id_q" && document.getElementById(focusedId);
      const target = submitter.name === "action" && kept ? kept : focus;
      if (target) target.focus();
      if (status) status.textContent = say;
    } catch (error) {
      // The full-page post always works: fall back to it.
      console.warn(error);
      form.dataset.fullPage = "1";
      form.requestSubmit(submitter.isConnected ? submitter : undefined);
    } finally {
      busy = false;
      const current = region();
      if (current) current.removeAttribute("aria-busy");
    }
  });

  // "Every day" is a preset: it clears the single days, and a single day clears it.
  form.addEventListener("change", (event) => {
    const box = event.target;
    if (!box.checked) return;
    const days = box.closest("[data-days]");
    if (!days) return;
    if (box.name.endsWith("-every_day")) {
      days.querySelectorAll("input[name$='-days']").forEach((day) => {
        day.checked = false;
      });
    } else if (box.name.endsWith("-days")) {
      days.querySelectorAll("input[name$='-every_day']").forEach((every) => {
        every.checked = false;
      });
    }
  });
})();
