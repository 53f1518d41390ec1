// The dashboard's charts, drawn with the vendored ECharts from the page's JSON
// (#dashboard-data). The tables above each chart hold the same numbers, so without
// JavaScript nothing is lost but the pictures.
(function () {
  "use strict";

  function draw(id, option) {
    var box = document.getElementById(id);
    if (!box || typeof echarts === "undefined") { return; }
    var chart = echarts.init(box);
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // Bars up from a category axis; "across" lays them sideways, for long labels (codes).
  function bars(labels, series, across) {
    var categories = { type: "category", data: labels, inverse: !!across };
    var values = { type: "value", minInterval: 1 };
    return {
      tooltip: { trigger: "axis" },
      legend: { show: series.length > 1 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: across ? values : categories,
      yAxis: across ? categories : values,
      series: series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    };
  }

  function start() {
    var data = JSON.parse(document.getElementById("dashboard-data").textContent);
    var states = document.getElementById("chart-states");
    if (states) {
      draw("chart-states", bars(
        data.states.map(function (r) { return r.label; }),
        [{ name: states.dataset.title, data: data.states.map(function (r) { return r.count; }) }]
      ));
    }
    var scores = document.getElementById("chart-scores");
    if (scores) {
      draw("chart-scores", bars(data.histogram.map(function (r) { return r.bin; }), [
        { name: scores.dataset.self, data: data.histogram.map(function (r) { return r.self; }) },
        { name: scores.dataset.recomputed, data: data.histogram.map(function (r) { return r.recomputed; }) }
      ]));
    }
    var codes = document.getElementById("chart-codes");
    if (codes) {
      draw("chart-codes", bars(
        data.codes.map(function (r) { return r.code; }),
        [{ name: codes.dataset.title, data: data.codes.map(function (r) { return r.documents; }) }],
        true
      ));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
