// Usage charts (ECharts). No inline script (strict CSP): the figures come from a
// json_script element named by the container's data-usage-charts attribute, and
// ECharts is loaded on demand from the URL in the closest data-echarts-src.
(function () {
  "use strict";

  if (window.kdUsageCharts) {
    window.kdUsageCharts.renderAll();
    return;
  }

  let loading = null;

  function loadEcharts(src) {
    if (window.echarts) {
      return Promise.resolve(window.echarts);
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(window.echarts); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  const colours = ["#1f6fb2", "#3aa17e", "#e2a03f", "#9aa5b1", "#c0392b"];

  function spendOption(d) {
    const l = d.labels;
    const bar = function (name, values) {
      return { name: name, type: "bar", stack: "spend", data: values, emphasis: { focus: "series" } };
    };
    const series = [bar(l.voice, d.voice_fen), bar(l.sms, d.sms_fen), bar(l.data, d.data_fen)];
    if (d.other_fen.some(function (v) { return v !== 0; })) {
      series.push(bar(l.other, d.other_fen));
    }
    series.push({ name: l.mom, type: "line", yAxisIndex: 1, data: d.mom, symbolSize: 5 });
    return {
      color: colours,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 32, bottom: 24 },
      xAxis: { type: "category", data: d.months },
      yAxis: [{ type: "value", name: "¥" }, { type: "value", name: "%", splitLine: { show: false } }],
      series: series,
    };
  }

  function trendOption(d) {
    const l = d.labels;
    return {
      color: colours,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 32, bottom: 24 },
      xAxis: { type: "category", data: d.months },
      yAxis: [{ type: "value" }, { type: "value", name: "MB", splitLine: { show: false } }],
      series: [
        { name: l.voice_minutes, type: "line", data: d.voice_minutes, smooth: true },
        { name: l.sms_count, type: "line", data: d.sms, smooth: true },
        { name: l.data_mb, type: "line", yAxisIndex: 1, data: d.data_mb, smooth: true, areaStyle: { opacity: 0.15 } },
      ],
    };
  }

  const builders = { spend: spendOption, trend: trendOption };

  function render(container) {
    if (container.dataset.usageRendered) {
      return;
    }
    const source = document.getElementById(container.dataset.usageCharts);
    const holder = container.closest("[data-echarts-src]");
    if (!source || !holder) {
      return;
    }
    container.dataset.usageRendered = "1";
    const data = JSON.parse(source.textContent);
    loadEcharts(holder.dataset.echartsSrc).then(function (echarts) {
      container.querySelectorAll("[data-chart]").forEach(function (element) {
        const build = builders[element.dataset.chart];
        if (!build) {
          return;
        }
        const chart = echarts.init(element, null, { renderer: "canvas" });
        chart.setOption(build(data));
        element.dataset.chartReady = "1";
        window.addEventListener("resize", function () { chart.resize(); });
      });
    });
  }

  function renderAll() {
    document.querySelectorAll("[data-usage-charts]").forEach(render);
  }

  window.kdUsageCharts = { renderAll: renderAll };
  document.addEventListener("htmx:afterSettle", renderAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
