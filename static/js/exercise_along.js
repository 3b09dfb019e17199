// Exercise along: a hold timer and a rep/set counter on each exercise card of the today page.
// An enhancement only: the plain form (times done, sets done) works without it, and this
// script just fills those inputs in as the patient goes.
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function setUp(card) {
    var box = card.querySelector(".exercise-along");
    var setsInput = document.getElementById(card.dataset.setsInput);
    if (!box || !setsInput) { return; }
    var sets = parseInt(card.dataset.sets, 10) || 1;
    var reps = parseInt(card.dataset.reps, 10) || 1;
    var hold = parseInt(card.dataset.holdSeconds, 10) || 0;
    var holdWords = card.dataset.holdWords;  // the dose's own wording: "30 seconds", "5 minutes"
    var timesPerDay = parseInt(card.dataset.timesPerDay, 10) || 1;
    var rep = 0;
    var timer = null;

    var status = el("p", { "class": "along-display mb-1", "aria-live": "polite" });
    var detail = el("p", { "class": "mb-2" });
    var action = el("button", { type: "button", "class": "btn btn-success btn-lg me-2 mb-2" });
    var reset = el("button", { type: "button", "class": "btn btn-outline-secondary btn-lg mb-2" }, "Start again");

    function setsDone() { return parseInt(setsInput.value, 10) || 0; }

    function show() {
      detail.textContent = "Set " + Math.min(setsDone() + 1, sets) + " of " + sets +
        (reps > 1 ? ", repetition " + rep + " of " + reps : "") + ".";
      if (setsDone() >= sets) {
        status.textContent = "All " + sets + " sets done. Well done!";
        action.disabled = true;
      } else if (timer === null) {
        status.textContent = hold ? clock(hold) : rep + " of " + reps;
        action.disabled = false;
      }
      action.textContent = hold ? "Start holding for " + holdWords : "I did one repetition";
    }

    // The whole session is done: count one more time today, up to the number prescribed.
    function markSessionDone() {
      var name = card.dataset.timesName;
      var checked = card.querySelector('input[name="' + name + '"]:checked');
      var times = Math.min((checked ? parseInt(checked.value, 10) : 0) + 1, timesPerDay);
      var radio = card.querySelector('input[name="' + name + '"][value="' + times + '"]');
      if (radio) { radio.checked = true; }
    }

    function countRep() {
      rep += 1;
      if (rep >= reps) {
        rep = 0;
        setsInput.value = Math.min(setsDone() + 1, sets);
        if (setsDone() >= sets) { markSessionDone(); }
      }
      show();
    }

    // The time left as a clock: "45 s" under a minute, "4:05" from a minute on.
    function clock(seconds) {
      if (seconds < 60) { return seconds + " s"; }
      var rest = seconds % 60;
      return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
    }

    function startHold() {
      var left = hold;
      action.disabled = true;
      status.textContent = clock(left);
      timer = window.setInterval(function () {
        left -= 1;
        status.textContent = left > 0 ? clock(left) : "Release. Well done.";
        if (left <= 0) {
          window.clearInterval(timer);
          timer = null;
          countRep();
        }
      }, 1000);
    }

    action.addEventListener("click", function () { return hold ? startHold() : countRep(); });
    reset.addEventListener("click", function () {
      if (timer !== null) { window.clearInterval(timer); timer = null; }
      rep = 0;
      setsInput.value = 0;
      show();
    });

    box.append(el("p", { "class": "fw-semibold mb-1" }, "Exercise along"), status, detail, action, reset);
    box.hidden = false;
    show();
  }

  document.querySelectorAll("[data-exercise-along]").forEach(setUp);
})();
