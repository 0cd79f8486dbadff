// The live game's screens: the countdown (the server keeps the time; this
// only shows it, and tells screen readers the time left at a few points, not
// every second), and on the host's screen Space or Enter goes on.
(function () {
  "use strict";
  var timer = null;
  var said = {};
  var ANNOUNCE_AT = [10, 5];

  function announce(text) {
    var region = document.querySelector("[data-live-announce]");
    if (region) { region.textContent = text; }
  }

  function tick() {
    var el = document.querySelector("[data-countdown][data-deadline]");
    if (!el || !el.dataset.deadline) { clearInterval(timer); return; }
    var deadline = Number(el.dataset.deadline);
    // The server's clock, not the phone's: shift by the difference seen at load.
    var skew = Number(el.dataset.skew);
    var now = Date.now() - skew;
    var left = Math.max(0, Math.ceil((deadline - now) / 1000));
    var number = el.querySelector("[data-countdown-number]");
    if (number) {
      number.textContent = String(left);
      number.setAttribute("datetime", "PT" + left + "S");
    }
    el.classList.toggle("is-urgent", left <= 5);
    ANNOUNCE_AT.forEach(function (at) {
      var key = deadline + ":" + at;
      if (left <= at && left > 0 && !said[key]) {
        said[key] = true;
        announce(left + " " + el.dataset.secondsWord);
      }
    });
    if (left === 0) {
      clearInterval(timer);
      if (!said[deadline + ":0"]) { said[deadline + ":0"] = true; announce(el.dataset.over); }
    }
  }

  function start() {
    clearInterval(timer);
    var el = document.querySelector("[data-countdown][data-deadline]");
    if (el && el.dataset.deadline) {
      if (!el.dataset.skew) {
        el.dataset.skew = String(Date.now() - Number(el.dataset.taken || Date.now()));
      }
      tick();
      timer = setInterval(tick, 1000);
    }
  }

  function interactive(target) {
    return target && target.closest && target.closest("a, button, input, select, textarea, summary, [contenteditable]");
  }

  // A stage rendered for everyone carries no form token of its own; a form
  // posted before htmx has taken it over gets the page's token here, so it
  // still works as a plain form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.closest || !form.closest("#stage") ||
        form.querySelector("[name=csrfmiddlewaretoken]")) { return; }
    var token;
    try { token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (error) { return; }
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrfmiddlewaretoken";
    input.value = token;
    form.appendChild(input);
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== " " && event.key !== "Enter") { return; }
    if (event.altKey || event.ctrlKey || event.metaKey || interactive(event.target)) { return; }
    var next = document.querySelector("[data-live-stage='host'] [data-live-next]");
    if (next) {
      event.preventDefault();
      next.click();
    }
  });

  // A new stage: say what changed (a new phase or question) politely, and
  // when the focused control was replaced, put the focus on its heading.
  var lastPhase = null;
  function remember() {
    var stage = document.querySelector("#stage [data-phase]");
    lastPhase = stage ? stage.dataset.phase + ":" + stage.dataset.version : null;
  }

  var focusWasInStage = false;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    var active = document.activeElement;
    focusWasInStage = !!(target && target.id === "stage" && active && target.contains(active));
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "stage") { start(); return; }
    var stage = target.querySelector("[data-phase]");
    var heading = target.querySelector("h1");
    var phase = stage ? stage.dataset.phase : null;
    if (stage && lastPhase && lastPhase.split(":")[0] !== phase && heading) {
      announce(heading.textContent.trim());
    }
    if (heading && focusWasInStage &&
        (!document.activeElement || document.activeElement === document.body)) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    remember();
    start();
  });
  document.addEventListener("DOMContentLoaded", function () { remember(); start(); });
})();
