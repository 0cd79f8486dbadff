// The countdown of a timed attempt. The server enforces the limit; this only
// shows the time left, announces the last minute to screen readers and, when
// the time is up, reloads once the server's grace seconds have passed.
(function () {
  "use strict";
  var timer = null;
  var warned = {};

  function announce(text) {
    var region = document.querySelector("[data-timer-alert]");
    if (region) { region.textContent = text; }
  }

  function tick() {
    var el = document.querySelector(".timer[data-deadline]");
    if (!el) { clearInterval(timer); return; }
    var deadline = Number(el.dataset.deadline);
    var left = Math.max(0, Math.round(deadline - Date.now() / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    el.querySelector(".timer-left").textContent =
      "(" + minutes + ":" + (seconds < 10 ? "0" : "") + seconds + ")";
    el.classList.toggle("is-urgent", left <= 60);
    if (left <= 60 && !warned[deadline]) {
      warned[deadline] = true;
      announce(el.dataset.warning);
    }
    if (left === 0) {
      clearInterval(timer);
      announce(el.dataset.over);
      setTimeout(function () { window.location.reload(); },
                 (Number(el.dataset.grace) + 1) * 1000);
    }
  }

  function start() {
    clearInterval(timer);
    if (document.querySelector(".timer[data-deadline]")) {
      tick();
      timer = setInterval(tick, 1000);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:afterSettle", start);
})();
