// Buyer portal overview: a line chart of the balance at each month end of the last year.
// The figures come from the page's <script type="application/json" id="balance-data"> block; the table under the
// chart holds the same numbers, so the chart is only an enhancement.
(function () {
    "use strict";

    function draw() {
        var source = document.getElementById("balance-data");
        var canvas = document.getElementById("balance-chart");
        if (!source || !canvas || typeof Chart === "undefined") {
            return;
        }

        var data = JSON.parse(source.textContent || "{}");
        var colour = getComputedStyle(document.documentElement).getPropertyValue("--seller").trim() || "#1f4e79";
        new Chart(canvas, {
            type: "line",
            data: {
                labels: data.labels || [],
                datasets: [{ label: "Balance (" + data.currency + ")", data: data.balances || [], borderColor: colour, backgroundColor: colour, tension: 0.2, fill: false }]
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                scales: { y: { beginAtZero: true } },
                plugins: { legend: { display: false } }
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", draw);
    } else {
        draw();
    }
})();
