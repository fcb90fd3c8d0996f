// The pages' few behaviours, from a file so the Content-Security-Policy needs no
// 'unsafe-inline': confirmation of dangerous posts, and the statistics charts.
(function () {
  "use strict";
  // <form data-confirm="…">: ask before posting.
  document.addEventListener("submit", function (e) {
    var text = e.target && e.target.dataset ? e.target.dataset.confirm : null;
    if (text && !window.confirm(text)) e.preventDefault();
  });

  // The application form lists the chosen product's reports: choosing another product
  // reloads the form for it (without JavaScript, submitting once does the same).
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.id === "f-product_id" && t.form && t.form.getAttribute("action") === "/applications") {
      window.location.assign("/applications/new?product_id=" + encodeURIComponent(t.value));
    }
  });

  // Statistics: <script type="application/json" id="chart-data"> holds the series.
  function charts() {
    var data = document.getElementById("chart-data");
    if (!data || typeof uPlot === "undefined") return;
    var d = JSON.parse(data.textContent);
    var L = d.labels;
    // Dates as 2026-12-03 in both languages (uPlot's default is English month names).
    function day(t) { return t == null ? "—" : new Date(t * 1000).toISOString().slice(0, 10); }
    function width(el) { return Math.max(280, el.clientWidth || 600); }
    function chart(id, series) {
      var el = document.getElementById(id);
      if (!el) return;
      var values = [d.days].concat(series.map(function (s) { return d[s[0]]; }));
      var opts = {
        width: width(el), height: 260,
        series: [{ label: L.day, value: function (u, v) { return day(v); } }].concat(series.map(function (s) {
          return { label: L[s[0]], stroke: s[1], width: 2 };
        })),
        axes: [{ values: function (u, vals) { return vals.map(function (v) { return day(v).slice(5); }); } }, { size: 50 }]
      };
      new uPlot(opts, values, el);
    }
    chart("chart-scans", [["scans", "#1d2733"], ["valid", "#0b6e4f"], ["not_valid", "#b07d00"], ["forged", "#b3261e"]]);
    chart("chart-pins", [["pin_correct", "#0b6e4f"], ["pin_wrong", "#b3261e"], ["flags", "#6a3fb5"]]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", charts);
  } else {
    charts();
  }
})();
