// The item form of an order: show the fields of the chosen kind only.
(function () {
  "use strict";
  function apply(form) {
    var kind = form.querySelector("select[name=kind]").value;
    form.querySelectorAll("[data-kinds]").forEach(function (group) {
      var kinds = group.getAttribute("data-kinds").split(" ");
      group.hidden = kind !== "" && kinds.indexOf(kind) === -1;
    });
  }
  function start() {
    var form = document.getElementById("item-form");
    if (!form) { return; }
    form.querySelector("select[name=kind]").addEventListener("change", function () { apply(form); });
    apply(form);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
