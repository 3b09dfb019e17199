// The guided session: "Start today's exercises" walks the patient through the log form's
// exercises one at a time: the picture, the dose, a hold timer that pauses, left and right
// prompts for a sided dose, a rest between sets, "I've done the set" for repetitions.
// An enhancement only: it ticks the form's own session boxes as each exercise is done and
// ends on the form's own pain questions and Save button, so the server applies the same
// rules, and without JavaScript the plain form is the whole page.
(function () {
  "use strict";

  var CUES_KEY = "stride.guidedCues";  // localStorage: {"sound": true, "vibrate": false}
  var SIDE_WORDS = { left: "Left side", right: "Right side" };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  // The time left as a clock: "45 s" under a minute, "4:05" from a minute on.
  function clock(seconds) {
    if (seconds < 60) { return seconds + " s"; }
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function seconds(count) { return count === 1 ? "1 second" : count + " seconds"; }

  function readCues() {
    try { return JSON.parse(window.localStorage.getItem(CUES_KEY)) || {}; } catch (e) { return {}; }
  }

  function saveCues(cues) {
    try { window.localStorage.setItem(CUES_KEY, JSON.stringify(cues)); } catch (e) { /* private mode */ }
  }

  // What one exercise asks for, step by step: each set on each side, a rest between sets.
  function stepsOf(card) {
    var data = card.dataset;
    var sets = parseInt(data.sets, 10) || 1;
    var rest = parseInt(data.restSeconds, 10) || 0;
    var sides = data.side === "both" ? ["left", "right"] : (SIDE_WORDS[data.side] ? [data.side] : [""]);
    var steps = [];
    for (var set = 1; set <= sets; set += 1) {
      sides.forEach(function (side) { steps.push({ kind: "work", set: set, sets: sets, side: side }); });
      if (rest && set < sets) { steps.push({ kind: "rest", seconds: rest, next: set + 1 }); }
    }
    return steps;
  }

  function Guide(form, startButton) {
    this.form = form;
    this.startButton = startButton;
    this.cards = Array.prototype.slice.call(form.querySelectorAll("[data-exercise]"));
    this.questions = form.querySelector("[data-log-questions]");
    this.cues = readCues();
    this.timer = null;
    this.wakeLock = null;
    this.build();
  }

  Guide.prototype.build = function () {
    var self = this;
    this.panel = el("section", { "class": "guided", "aria-label": "Guided session", hidden: "" });
    this.counter = el("p", { "class": "small text-body-secondary mb-1" });
    this.heading = el("h3", { "class": "h4 mb-1", tabindex: "-1" });
    this.dose = el("p", { "class": "mb-2" });
    this.picture = el("div");
    this.steps = el("details", { "class": "mb-2" });
    this.prompt = el("p", { "class": "guided-prompt mb-1" });
    this.clock = el("p", { "class": "guided-clock mb-2", "aria-hidden": "true" });
    this.action = el("button", { type: "button", "class": "btn btn-success btn-lg w-100 mb-2" });
    this.second = el("button", { type: "button", "class": "btn btn-outline-secondary btn-lg w-100 mb-2", hidden: "" });
    // Spoken now and then, not every second: the start, every ten seconds, the end.
    this.live = el("p", { "class": "visually-hidden", "aria-live": "polite" });
    var nav = el("div", { "class": "d-flex flex-wrap gap-2 mb-2" });
    this.back = el("button", { type: "button", "class": "btn btn-outline-primary" }, "Back");
    this.skip = el("button", { type: "button", "class": "btn btn-outline-primary" }, "Skip this exercise");
    this.stop = el("button", { type: "button", "class": "btn btn-outline-secondary ms-auto" }, "Stop the session");
    nav.append(this.back, this.skip, this.stop);
    var cues = el("fieldset", { "class": "small" });
    cues.append(el("legend", { "class": "fs-6 mb-1" }, "Signals at the end of a hold or rest"));
    cues.append(this.cueBox("sound", "Sound"), this.cueBox("vibrate", "Vibrate"));
    this.panel.append(this.counter, this.heading, this.dose, this.picture, this.steps,
      this.prompt, this.clock, this.action, this.second, this.live, nav, cues);
    this.form.insertBefore(this.panel, this.form.querySelector("[data-exercise]"));

    this.action.addEventListener("click", function () { self.onAction(); });
    this.second.addEventListener("click", function () { self.onSecond(); });
    this.back.addEventListener("click", function () { self.show(self.index - 1); });
    this.skip.addEventListener("click", function () { self.show(self.index + 1); });
    this.stop.addEventListener("click", function () { self.finish(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && !self.panel.hidden) { self.keepAwake(); }
    });
  };

  Guide.prototype.cueBox = function (name, label) {
    var self = this;
    var id = this.form.id + "-cue-" + name;
    var wrap = el("div", { "class": "form-check form-check-inline" });
    var box = el("input", { type: "checkbox", "class": "form-check-input", id: id });
    box.checked = Boolean(this.cues[name]);  // off unless the patient turned it on
    box.addEventListener("change", function () { self.cues[name] = box.checked; saveCues(self.cues); });
    wrap.append(box, el("label", { "class": "form-check-label", "for": id }, label));
    return wrap;
  };

  Guide.prototype.signal = function () {
    if (this.cues.vibrate && navigator.vibrate) { navigator.vibrate(300); }
    if (this.cues.sound && window.AudioContext) {
      var audio = new window.AudioContext();
      var tone = audio.createOscillator();
      tone.frequency.value = 660;
      tone.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.25);
    }
  };

  Guide.prototype.say = function (text) { this.live.textContent = text; };

  Guide.prototype.keepAwake = function () {
    var self = this;
    if (navigator.wakeLock && !this.wakeLock) {
      navigator.wakeLock.request("screen").then(function (lock) {
        self.wakeLock = lock;
        lock.addEventListener("release", function () { self.wakeLock = null; });
      }).catch(function () { /* not granted: the screen may dim, nothing else changes */ });
    }
  };

  Guide.prototype.start = function () {
    var firstToDo = this.cards.findIndex(function (card) {
      return card.querySelector("input[type=checkbox]:not(:checked)");
    });
    this.cards.forEach(function (card) { card.hidden = true; });
    this.questions.hidden = true;
    this.startButton.hidden = true;
    this.panel.hidden = false;
    this.keepAwake();
    this.show(Math.max(firstToDo, 0));
  };

  Guide.prototype.show = function (index) {
    this.halt();
    if (index >= this.cards.length) { this.finish(); return; }
    this.index = Math.max(index, 0);
    var card = this.cards[this.index];
    this.plan = stepsOf(card);
    this.step = 0;
    this.counter.textContent = "Exercise " + (this.index + 1) + " of " + this.cards.length;
    this.heading.textContent = card.dataset.name;
    this.dose.textContent = card.dataset.dose;
    var howTo = card.querySelector("[data-how-to]");
    this.picture.replaceChildren();
    this.steps.replaceChildren(el("summary", {}, "How to do it"));
    if (howTo) {
      var picture = howTo.querySelector(".exercise-picture");
      if (picture) { this.picture.append(picture.cloneNode(true)); }
      Array.prototype.forEach.call(howTo.children, function (part) {
        if (!part.classList.contains("exercise-picture")) { this.steps.append(part.cloneNode(true)); }
      }, this);
    }
    this.back.disabled = this.index === 0;
    this.skip.textContent = this.index === this.cards.length - 1 ? "Skip to the questions" : "Skip this exercise";
    this.showStep();
    this.heading.focus();
  };

  Guide.prototype.showStep = function () {
    var card = this.cards[this.index];
    var step = this.plan[this.step];
    var hold = parseInt(card.dataset.holdSeconds, 10) || 0;
    var reps = parseInt(card.dataset.reps, 10) || 0;
    this.second.hidden = true;
    this.clock.textContent = "";
    if (step.kind === "rest") {
      this.prompt.textContent = "Rest before set " + step.next;
      this.count(step.seconds, "Rest", "Rest over. Set " + step.next + " next.");
      this.action.textContent = "Skip the rest";
      return;
    }
    var where = "Set " + step.set + " of " + step.sets + (step.side ? " · " + SIDE_WORDS[step.side] : "");
    if (reps) {
      this.prompt.textContent = where + ": " + reps + " repetitions" +
        (hold ? ", holding each for " + card.dataset.holdWords : "");
      this.action.textContent = "I've done the set";
    } else {
      this.prompt.textContent = where;
      this.clock.textContent = clock(hold);
      this.action.textContent = "Start holding for " + card.dataset.holdWords;
    }
    this.say(this.prompt.textContent);
  };

  // A countdown of `total` seconds in the clock, spoken at the start, every ten seconds and
  // at the end (`endWords`), when the next step follows.
  Guide.prototype.count = function (total, what, endWords) {
    this.left = total;
    this.endWords = endWords;
    this.clock.textContent = clock(total);
    this.say(what + " for " + seconds(total) + ".");
    this.resume();
    this.second.textContent = "Pause";
    this.second.hidden = false;
    this.counting = what;
  };

  Guide.prototype.resume = function () {
    var self = this;
    var endAt = Date.now() + this.left * 1000;
    this.paused = false;
    this.timer = window.setInterval(function () {
      var left = Math.max(Math.ceil((endAt - Date.now()) / 1000), 0);
      if (left === self.left) { return; }
      self.left = left;
      self.clock.textContent = clock(left);
      if (left > 0 && left % 10 === 0) { self.say(seconds(left) + " left."); }
      if (left === 0) { self.ended(); }
    }, 250);
  };

  Guide.prototype.halt = function () {
    if (this.timer !== null) { window.clearInterval(this.timer); }
    this.timer = null;
    this.counting = null;
  };

  Guide.prototype.ended = function () {
    this.halt();
    this.signal();
    this.say(this.endWords);
    this.advance();
  };

  Guide.prototype.onAction = function () {
    var step = this.plan[this.step];
    if (this.counting || step.kind === "rest") {  // "Skip the rest", or a hold ended early
      this.halt();
      this.advance();
      return;
    }
    var card = this.cards[this.index];
    if (parseInt(card.dataset.reps, 10)) {
      this.advance();
      return;
    }
    this.count(parseInt(card.dataset.holdSeconds, 10) || 0, "Hold", "Release. Well done.");
    this.action.textContent = "I've finished this hold";
  };

  Guide.prototype.onSecond = function () {  // Pause and resume the running countdown
    if (this.paused) {
      this.second.textContent = "Pause";
      this.say("Going again.");
      this.resume();
    } else {
      window.clearInterval(this.timer);
      this.timer = null;
      this.paused = true;
      this.second.textContent = "Resume";
      this.clock.textContent = clock(this.left) + " (paused)";
      this.say("Paused at " + seconds(this.left) + ".");
    }
  };

  Guide.prototype.advance = function () {
    this.step += 1;
    if (this.step < this.plan.length) { this.showStep(); return; }
    // Every set done: tick the first session of the day not ticked yet.
    var box = this.cards[this.index].querySelector("input[type=checkbox]:not(:checked)");
    if (box) { box.checked = true; }
    this.say(this.cards[this.index].dataset.name + " done.");
    this.show(this.index + 1);
  };

  // Back to the whole form, ticks as the session left them, on the pain questions.
  Guide.prototype.finish = function () {
    this.halt();
    this.panel.hidden = true;
    this.cards.forEach(function (card) { card.hidden = false; });
    this.questions.hidden = false;
    this.startButton.hidden = false;
    this.startButton.textContent = "Start the guided session again";
    if (this.wakeLock) { this.wakeLock.release(); }
    var heading = this.questions.querySelector("[data-questions-heading]");
    heading.scrollIntoView({ block: "start" });
    heading.focus();
  };

  document.querySelectorAll("form[data-daily-log]").forEach(function (form, number) {
    var button = form.querySelector("[data-guided-start]");
    if (!button || !form.querySelector("[data-exercise]")) { return; }
    form.id = form.id || "daily-log-" + number;
    var guide = new Guide(form, button);
    button.hidden = false;
    button.addEventListener("click", function () { guide.start(); });
  });
}());
