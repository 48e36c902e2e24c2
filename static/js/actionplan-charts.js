// Charts of a plan's progress and budget by axis. The numbers come from a json_script element
// named by the canvas' data-chart-source; the same numbers are in the table next to the chart.
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var rtl = data.direction === "rtl";
    var kind = canvas.dataset.chartKind;
    var styles = getComputedStyle(document.body);
    window.Chart.defaults.font.family = styles.fontFamily;
    window.Chart.defaults.color = styles.color;
    var datasets;
    var scale;
    if (kind === "budget") {
      datasets = [
        { label: data.text.planned, data: data.planned, backgroundColor: "#90a4ae" },
        { label: data.text.committed, data: data.committed, backgroundColor: "#4f8f9b" },
        { label: data.text.spent, data: data.spent, backgroundColor: "#0b5566" }
      ];
      scale = { beginAtZero: true, reverse: rtl, title: { display: true, text: data.currency } };
    } else {
      datasets = [
        { label: data.text.progress, data: data.progress, backgroundColor: "#0b5566" }
      ];
      scale = { min: 0, max: 100, reverse: rtl };
    }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        locale: document.documentElement.lang,
        scales: { x: scale, y: { position: rtl ? "right" : "left" } },
        plugins: {
          legend: { display: kind === "budget", rtl: rtl, textDirection: data.direction },
          tooltip: {
            rtl: rtl,
            textDirection: data.direction,
            callbacks: {
              title: function (items) {
                return items.length ? data.titles[items[0].dataIndex] : "";
              }
            }
          }
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
})();
