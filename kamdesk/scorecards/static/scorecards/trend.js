// The scorecard's trend chart: data comes from the page through json_script (no inline
// script under the CSP); numbers are also shown in the table beside the chart.
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("kpi-trend");
    var source = document.getElementById("kpi-trend-data");
    if (!holder || !source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (echarts.getInstanceByDom(holder)) { return; }
    var chart = echarts.init(holder);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 24 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", min: 0 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.values, connectNulls: false };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  // The chart arrives with htmx after the page: draw when it settles (and on load, in
  // case it is already there).
  document.addEventListener("htmx:afterSettle", draw);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
