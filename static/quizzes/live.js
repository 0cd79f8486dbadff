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

  document.addEventListener("keydown", function (event) {
    if (event.key !== " " && event.key !== "Enter") { return; }
    if (event.altKey || event.ctrlKey || event.metaKey || interactive(event.target)) { return; }
    var next = document.querySelector("[data-live-stage='host'] [data-live-next]");
    if (next) {
      event.preventDefault();
      next.click();
    }
  });

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:afterSettle", start);
})();
