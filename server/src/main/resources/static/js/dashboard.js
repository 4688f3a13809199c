/*
 * Draws the dashboard's charts with Chart.js (served from the server's webjar, no CDN). Each
 * canvas carries its data as JSON in data-chart: {type, labels, stacked, integer, series: [{label,
 * data, color}]}.
 * The same numbers are in the tables beside the charts.
 */
(function () {
  'use strict';
  if (!window.Chart) {
    return;
  }
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var spec = JSON.parse(canvas.dataset.chart);
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) {
          return {
            label: s.label,
            data: s.data,
            backgroundColor: s.color,
            borderColor: s.color,
            borderWidth: 2,
            tension: 0.2
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { beginAtZero: true, stacked: !!spec.stacked, ticks: spec.integer ? { precision: 0 } : {} },
          x: { stacked: !!spec.stacked }
        },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  });
})();
