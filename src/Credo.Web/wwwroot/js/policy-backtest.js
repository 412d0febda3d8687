// Policy page: a grouped bar chart of approved, referred and declined counts, published version against the one
// backtested, for historical applications and the current book. The tables on the page hold the same numbers.
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
                scales: { x: { stacked: false }, y: { beginAtZero: true, ticks: { precision: 0 } } },
                plugins: { legend: { position: "bottom" } }
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", draw);
    } else {
        draw();
    }
})();
