// The committee dashboard's charts (templates/dashboard/panels/_chart.html). Each
// <canvas data-chart="key" data-chart-data="script-id"> gets a Chart.js chart built from the JSON
// the page embeds with json_script (Chart.as_json: type, unit, stacked, labels, datasets). The
// numbers are also in the table under each chart; without this script the page shows those.
// Nothing is kept globally: Chart.getChart(canvas) finds a chart again.
(function () {
  "use strict";
  if (!window.Chart) {
    return;
  }

  // Distinct colours, readable in greyscale print too (alternating light and dark).
  var PALETTE = [
    "#1f6fb2",
    "#f0a202",
    "#2b8a3e",
    "#c2255c",
    "#7048b6",
    "#0c8599",
    "#8c5a2b",
    "#6b7a00",
    "#495057",
    "#d9730d",
  ];
  // Bars of a stacked chart (done / open / overdue; grades; ratings) read best in this order.
  var STACKED = ["#2b8a3e", "#1f6fb2", "#f0a202", "#b3161b", "#6c757d"];

  function readData(canvas) {
    var script = document.getElementById(canvas.getAttribute("data-chart-data"));
    if (!script) {
      return null;
    }
    try {
      return JSON.parse(script.textContent);
    } catch (error) {
      return null;
    }
  }

  function hasNumbers(data) {
    return (data.datasets || []).some(function (dataset) {
      return (dataset.data || []).some(function (value) {
        return value !== null && value !== undefined && value !== 0;
      });
    });
  }

  function showEmpty(canvas) {
    var box = canvas.closest(".chart-box") || canvas;
    box.hidden = true;
    var key = canvas.getAttribute("data-chart");
    var card = canvas.closest(".card-body") || document;
    var empty = card.querySelector('[data-chart-empty="' + key + '"]');
    if (empty) {
      empty.hidden = false;
    }
  }

  function percent(value) {
    return value + "%";
  }

  function options(data) {
    var isPercent = data.unit === "%";
    var y = {
      beginAtZero: true,
      stacked: !!data.stacked,
      ticks: { precision: isPercent ? undefined : 0 },
    };
    if (isPercent) {
      y.min = 0;
      y.max = 100;
      y.ticks.callback = percent;
    }
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: true,
      // Taller on a phone, where the page is narrow.
      aspectRatio: window.matchMedia("(max-width: 575.98px)").matches ? 1.3 : 2,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: { stacked: !!data.stacked },
        y: y,
      },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (context) {
              var value = context.parsed.y;
              if (value === null || value === undefined) {
                return context.dataset.label + ": —";
              }
              return context.dataset.label + ": " + (isPercent ? percent(value) : value);
            },
          },
        },
      },
    };
  }

  function datasets(data) {
    var colours = data.stacked ? STACKED : PALETTE;
    return (data.datasets || []).map(function (dataset, index) {
      var colour = colours[index % colours.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: data.type === "line" ? 2 : 1,
        pointRadius: data.type === "line" ? 3 : undefined,
        spanGaps: false,
      };
    });
  }

  function draw(canvas) {
    if (window.Chart.getChart(canvas)) {
      return;
    }
    var data = readData(canvas);
    if (!data || !hasNumbers(data)) {
      showEmpty(canvas);
      return;
    }
    new window.Chart(canvas, {
      type: data.type === "line" ? "line" : "bar",
      data: { labels: data.labels || [], datasets: datasets(data) },
      options: options(data),
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);

  // Print: every "Show the numbers" table is printed under its chart, and the charts are
  // redrawn at the printed width.
  var reopened = [];
  function eachChart(callback) {
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var chart = window.Chart.getChart(canvas);
      if (chart) {
        callback(chart);
      }
    });
  }
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-numbers:not([open])").forEach(function (details) {
      details.open = true;
      reopened.push(details);
    });
    eachChart(function (chart) {
      chart.resize();
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (details) {
      details.open = false;
    });
    reopened = [];
    eachChart(function (chart) {
      chart.resize();
    });
  });
})();
