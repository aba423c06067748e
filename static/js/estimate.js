// Progressive enhancement for the cost estimate form: show only the amount
// fields the chosen insurance uses. Without this script every field shows,
// each saying which insurance it is for, and the server ignores the rest.
(function () {
  "use strict";
  var form = document.querySelector(".estimate-form");
  if (!form) { return; }
  var groups = form.querySelectorAll(".coverage-field[data-coverages]");

  function chosen() {
    var radio = form.querySelector("input[name='coverage']:checked");
    return radio ? radio.value : "";
  }

  function update() {
    var coverage = chosen();
    groups.forEach(function (group) {
      // Nothing chosen yet: show every field, as without the script.
      var used = !coverage || group.getAttribute("data-coverages").split(" ").indexOf(coverage) !== -1;
      group.hidden = !used;
      // A hidden field is not sent, so a stray value there can never block the estimate.
      group.querySelectorAll("input, select").forEach(function (input) { input.disabled = !used; });
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "coverage") { update(); }
  });
  update();
})();
