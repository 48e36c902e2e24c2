// Charts of the follow-up dashboard. The numbers come from the json_script element named by the
// canvas' data-chart-source; the same numbers are in the table below each chart. In Arabic the
// value axis runs right to left and the legend and tooltips are right-to-left.
(function () {
  "use strict";

  var COLOURS = ["#b0bec5", "#4f8f9b", "#f0a94b", "#2e7d32"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var rtl = data.direction === "rtl";
    var styles = getComputedStyle(document.body);
    window.Chart.defaults.font.family = styles.fontFamily;
    window.Chart.defaults.color = styles.color;
    var config;
    if (canvas.dataset.followupChart === "status") {
      config = {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: data.statuses.map(function (label, index) {
            return { label: label, data: data.series[index], backgroundColor: COLOURS[index] };
          })
        },
        options: {
          indexAxis: "y",
          scales: {
            x: { stacked: true, beginAtZero: true, reverse: rtl },
            y: { stacked: true, position: rtl ? "right" : "left" }
          }
        }
      };
    } else {
      config = {
        type: "bar",
        data: {
          labels: data.months,
          datasets: [
            { label: data.text.validated, data: data.validated, backgroundColor: "#4f8f9b" },
            { label: data.text.published, data: data.published, backgroundColor: "#0b5566" }
          ]
        },
        options: {
          scales: {
            x: { reverse: rtl },
            y: { beginAtZero: true, position: rtl ? "right" : "left", ticks: { precision: 0 } }
          }
        }
      };
    }
    config.options.maintainAspectRatio = false;
    config.options.animation = false;
    config.options.locale = document.documentElement.lang;
    config.options.plugins = {
      legend: { rtl: rtl, textDirection: data.direction },
      tooltip: { rtl: rtl, textDirection: data.direction }
    };
    new window.Chart(canvas, config);
  }

  document.querySelectorAll("canvas[data-followup-chart]").forEach(draw);
})();
