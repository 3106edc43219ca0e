// Loaded with defer (the admin puts scripts before the content). Draws the dashboard's charts from the JSON the page carries (#analytics-charts); every chart
// also has a table on the page, so nothing is lost where scripts do not run.
(function () {
  "use strict";
  const source = document.getElementById("analytics-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const canvas = (name) => document.querySelector('[data-analytics-chart="' + name + '"]');
  const common = { responsive: true, maintainAspectRatio: false, animation: false };
  const drawn = {};

  function bar(name, horizontal) {
    const element = canvas(name);
    const figures = data[name];
    if (!element || !figures) {
      return;
    }
    drawn[name] = new window.Chart(element, {
      type: "bar",
      data: { labels: figures.labels, datasets: [{ label: figures.label, data: figures.values, backgroundColor: "#007d7e" }] },
      options: Object.assign({ indexAxis: horizontal ? "y" : "x", plugins: { legend: { display: false } } }, common),
    });
  }

  const sales = data.sales;
  if (canvas("sales") && sales) {
    drawn.sales = new window.Chart(canvas("sales"), {
      type: "line",
      data: {
        labels: sales.labels,
        datasets: [
          { label: sales.currentLabel, data: sales.current, borderColor: "#007d7e", backgroundColor: "#007d7e", yAxisID: "y" },
          { label: sales.previousLabel, data: sales.previous, borderColor: "#999", backgroundColor: "#999", borderDash: [6, 4], yAxisID: "y" },
          { label: sales.ordersLabel, data: sales.orders, type: "bar", backgroundColor: "rgba(0, 125, 126, 0.15)", yAxisID: "orders" },
        ],
      },
      options: Object.assign({
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true }, orders: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } },
      }, common),
    });
  }
  bar("funnel", true);
  bar("channels", false);
  bar("suppliers", true);
  document.documentElement.dataset.analyticsCharts = Object.keys(drawn).length;
})();
