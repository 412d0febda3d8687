// Policy page: stacked bars of approved, referred and declined as shares of each part's own cases (0-100 %),
// published version against the one backtested, for historical applications and the current book. Shares, not
// counts: ten applications and three hundred customers on one count axis hid the applications (issue 12 §4).
// Each label says how many cases its bar stands for; the tables on the page hold the counts.
(function () {
    "use strict";

    function draw() {
        var source = document.getElementById("backtest-data");
        var canvas = document.getElementById("backtest-chart");
        if (!source || !canvas || typeof Chart === "undefined") {
            return;
        }

        var data = JSON.parse(source.textContent || "{}");
        new Chart(canvas, {
            type: "bar",
            data: {
                labels: data.labels || [],
                datasets: [
                    { label: "Approved", data: data.approved || [], backgroundColor: "#2e7d4f" },
                    { label: "Referred", data: data.referred || [], backgroundColor: "#c99a2e" },
                    { label: "Declined", data: data.declined || [], backgroundColor: "#b33a3a" }
                ]
            },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                scales: {
                    x: { stacked: true },
                    y: { stacked: true, beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + " %"; } }, title: { display: true, text: "Share of the part's cases" } }
                },
                plugins: {
                    legend: { position: "bottom" },
                    tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + c.parsed.y + " %"; } } }
                }
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", draw);
    } else {
        draw();
    }
})();
