// Draws a measure's SPC chart with Chart.js from the JSON the page carries. Every number, colour
// and sentence comes from the server (kaizen_spc); this file only draws.
(function () {
  "use strict";

  const LINE_STYLES = {
    centre: { color: "#425563", dash: [], width: 2 },
    upper: { color: "#768692", dash: [6, 4], width: 1.5 },
    lower: { color: "#768692", dash: [6, 4], width: 1.5 },
    upper_2s: { color: "#AEB7BD", dash: [2, 3], width: 1 },
    lower_2s: { color: "#AEB7BD", dash: [2, 3], width: 1 },
  };
  const TARGET = { color: "#212B32", dash: [10, 4, 2, 4], width: 1.5 };
  const charts = new WeakMap();

  // Annotations as numbered vertical markers; the numbers match the list under the chart.
  const markerPlugin = {
    id: "kaizenMarkers",
    afterDatasetsDraw(chart, _args, options) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.font = "bold 12px Arial, sans-serif";
      ctx.textAlign = "center";
      for (const marker of options.markers || []) {
        const x = scales.x.getPixelForValue(marker.index);
        ctx.strokeStyle = marker.rebase ? "#212B32" : "#4C6272";
        ctx.setLineDash(marker.rebase ? [] : [3, 3]);
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top + 14);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.fillStyle = "#212B32";
        ctx.fillText(String(marker.number), x, chartArea.top + 10);
      }
      ctx.restore();
    },
  };

  function lineDataset(line) {
    const style = LINE_STYLES[line.kind];
    return {
      label: line.label,
      data: line.values,
      inLegend: line.inLegend,
      borderColor: style.color,
      borderDash: style.dash,
      borderWidth: style.width,
      pointRadius: 0,
      pointHoverRadius: 0,
      pointHitRadius: 0,
      spanGaps: false,
      fill: false,
    };
  }

  function datasets(data) {
    const sets = [
      {
        label: "Value",
        data: data.values,
        inLegend: true,
        borderColor: "#AEB7BD",
        borderWidth: 1.5,
        pointBackgroundColor: data.colours,
        pointBorderColor: data.colours,
        pointRadius: data.special.map((special) => (special ? 5 : 3.5)),
        pointHoverRadius: 7,
        spanGaps: false,
      },
      ...data.lines.map(lineDataset),
    ];
    if (data.target !== null) {
      sets.push({
        label: data.targetLabel,
        data: data.values.map(() => data.target),
        inLegend: true,
        borderColor: TARGET.color,
        borderDash: TARGET.dash,
        borderWidth: TARGET.width,
        pointRadius: 0,
        pointHoverRadius: 0,
        pointHitRadius: 0,
      });
    }
    return sets;
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (charts.has(canvas)) charts.get(canvas).destroy();
    charts.set(
      canvas,
      new Chart(canvas, {
        type: "line",
        data: { labels: data.labels, datasets: datasets(data) },
        plugins: [markerPlugin],
        options: {
          animation: reduceMotion ? false : { duration: 300 },
          maintainAspectRatio: false,
          interaction: { mode: "index", intersect: false },
          scales: {
            y: { title: { display: Boolean(data.axisLabel), text: data.axisLabel } },
            x: { ticks: { autoSkip: true, maxRotation: 0 } },
          },
          plugins: {
            kaizenMarkers: { markers: data.markers },
            legend: {
              labels: { filter: (item, chartData) => chartData.datasets[item.datasetIndex].inLegend },
            },
            tooltip: {
              filter: (item) => item.datasetIndex === 0 && item.raw !== null,
              callbacks: {
                label: (item) => data.tooltips[item.dataIndex],
                labelColor: (item) => ({
                  borderColor: data.colours[item.dataIndex],
                  backgroundColor: data.colours[item.dataIndex],
                }),
              },
            },
          },
        },
      }),
    );
  }

  function drawWithin(root) {
    const canvases = root.matches && root.matches("canvas[data-chart]")
      ? [root]
      : root.querySelectorAll("canvas[data-chart]");
    canvases.forEach(draw);
  }

  // htmx:load fires for the first page and for every fragment HTMX swaps in.
  document.addEventListener("DOMContentLoaded", () => drawWithin(document));
  document.addEventListener("htmx:load", (event) => drawWithin(event.detail.elt));
})();
