// "Print my packet": the button opens the browser's print dialogue. Without this script the button
// stays hidden and the page says to use the browser's own Print command.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
