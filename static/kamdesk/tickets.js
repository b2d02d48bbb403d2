// SLA clocks count down in the browser: no polling, so an idle page does not keep the
// session alive. The server renders each clock's deadline (data-clock-due, ISO 8601)
// and its warning moment; this only redraws the time left once a second.
(function () {
  "use strict";

  function labels() {
    const el = document.getElementById("kd-clock-labels");
    return el ? el.dataset : { dh: "%(d)sd %(h)sh", hm: "%(h)sh %(m)sm", m: "%(m)sm", overdue: "overdue %(t)s" };
  }

  function format(seconds, text) {
    const value = Math.abs(seconds);
    const d = Math.floor(value / 86400);
    const h = Math.floor((value % 86400) / 3600);
    const m = Math.floor((value % 3600) / 60);
    let out;
    if (d) {
      out = text.dh.replace("%(d)s", d).replace("%(h)s", h);
    } else if (h) {
      out = text.hm.replace("%(h)s", h).replace("%(m)s", m);
    } else {
      out = text.m.replace("%(m)s", m);
    }
    return seconds < 0 ? text.overdue.replace("%(t)s", out) : out;
  }

  function tick() {
    const text = labels();
    const now = Date.now();
    document.querySelectorAll("[data-clock-due]").forEach(function (el) {
      const due = Date.parse(el.dataset.clockDue);
      if (Number.isNaN(due)) {
        return;
      }
      const left = Math.round((due - now) / 1000);
      const warn = el.dataset.clockWarn ? Date.parse(el.dataset.clockWarn) : NaN;
      el.textContent = format(left, text);
      el.dataset.left = String(left);
      el.classList.toggle("text-bg-danger", left < 0);
      el.classList.toggle("text-bg-warning", left >= 0 && !Number.isNaN(warn) && now >= warn);
      el.classList.toggle("text-bg-success", left >= 0 && (Number.isNaN(warn) || now < warn));
    });
  }

  function start() {
    // Loaded again by a panel that htmx swapped in: one timer is enough.
    if (window.kdClocksStarted) {
      tick();
      return;
    }
    window.kdClocksStarted = true;
    tick();
    window.setInterval(tick, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
