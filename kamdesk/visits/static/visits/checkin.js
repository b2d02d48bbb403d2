// Check-in: with the manager's consent (the check box), ask the browser for the
// device's location and send it with the form; without consent, or if the browser
// refuses, the check-in goes ahead with the server time only.
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("checkin-form");
    if (!form) { return; }
    var consent = form.querySelector("input[name=consent]");
    var lat = form.querySelector("input[name=latitude]");
    var lon = form.querySelector("input[name=longitude]");
    var acc = form.querySelector("input[name=accuracy]");
    var status = document.getElementById("checkin-status");
    var located = false;
    form.addEventListener("submit", function (event) {
      if (located || !consent || !consent.checked || !navigator.geolocation) { return; }
      event.preventDefault();
      if (status) { status.textContent = status.dataset.locating || ""; }
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          lat.value = pos.coords.latitude.toFixed(6);
          lon.value = pos.coords.longitude.toFixed(6);
          acc.value = Math.round(pos.coords.accuracy || 0);
          located = true;
          form.submit();
        },
        function () {
          located = true;
          if (status) { status.textContent = status.dataset.failed || ""; }
          form.submit();
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 }
      );
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
