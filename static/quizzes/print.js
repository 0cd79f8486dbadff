// The cards' page: a button that opens the browser's print dialogue. Without
// JavaScript the button stays hidden and the browser's own Print does it.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
