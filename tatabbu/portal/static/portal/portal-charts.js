// Bar charts of the portal. Numbers come from a json_script element named by the canvas'
// data-chart-source; the same numbers are in the table next to each chart.
(function () {
  "use strict";

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
    var scale = { beginAtZero: true, reverse: rtl };
    if (data.max) {
      scale.max = data.max;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.values, backgroundColor: "#0b5566" }]
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        locale: document.documentElement.lang,
        scales: { x: scale, y: { position: rtl ? "right" : "left" } },
        plugins: {
          legend: { display: false },
          tooltip: { rtl: rtl, textDirection: data.direction }
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
})();
