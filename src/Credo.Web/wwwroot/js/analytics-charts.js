// Analytics page: a stacked-bar chart of the aging and a line chart of DSO and CEI per month end.
// The figures come from the page's <script type="application/json"> blocks; the tables on the page hold the same
// numbers (for screen readers and for anyone who wants them), so the charts are only an enhancement.
(function () {
    "use strict";

    var bucketColours = ["#2f9e6a", "#9ccc65", "#f2c14e", "#f08a4b", "#d9534f", "#8e1b1b", "#6a1b9a", "#37474f", "#546e7a", "#78909c", "#90a4ae", "#b0bec5"];

    function read(id) {
        var source = document.getElementById(id);
        return source ? JSON.parse(source.textContent || "{}") : null;
    }

    function aging() {
        var data = read("aging-data");
        var canvas = document.getElementById("aging-chart");
        if (!data || !canvas || !data.subjects) {
            return;
        }

        new Chart(canvas, {
            type: "bar",
            data: {
                labels: data.subjects,
                datasets: data.buckets.map(function (label, i) {
                    return { label: label, data: data.values[i], backgroundColor: bucketColours[i % bucketColours.length] };
                })
            },
            options: {
                indexAxis: "y",
                maintainAspectRatio: false,
                animation: false,
                scales: {
                    x: { stacked: true, title: { display: true, text: data.currency ? "Open amount (" + data.currency + ")" : "Open amount (each row in its currency)" } },
                    y: { stacked: true, ticks: { autoSkip: false } }
                },
                plugins: { legend: { position: "bottom" } }
            }
        });
    }

    function trend() {
        var data = read("trend-data");
        var canvas = document.getElementById("trend-chart");
        if (!data || !canvas || !data.months) {
            return;
        }

        new Chart(canvas, {
            type: "line",
            data: {
                labels: data.months,
                datasets: [
                    { label: "DSO (days)", data: data.dso, borderColor: "#3b6fb6", backgroundColor: "#3b6fb6", yAxisID: "days" },
                    { label: "Countback DSO (days)", data: data.countback, borderColor: "#7e57c2", backgroundColor: "#7e57c2", yAxisID: "days" },
                    { label: "Best-possible DSO (days)", data: data.best, borderColor: "#2f9e6a", backgroundColor: "#2f9e6a", yAxisID: "days" },
                    { label: "CEI (%)", data: data.cei, borderColor: "#d9534f", backgroundColor: "#d9534f", borderDash: [6, 4], yAxisID: "percent" }
                ]
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                spanGaps: true,
                scales: {
                    days: { position: "left", min: 0, title: { display: true, text: "Days" } },
                    percent: { position: "right", min: 0, suggestedMax: 100, grid: { drawOnChartArea: false }, title: { display: true, text: "CEI (%)" } }
                },
                plugins: { legend: { position: "bottom" } }
            }
        });
    }

    // Cash outlook: the weekly median with the P10–P90 band filled between the two outer lines.
    function forecast() {
        var data = read("forecast-data");
        var canvas = document.getElementById("forecast-chart");
        if (!data || !canvas || !data.weeks) {
            return;
        }

        new Chart(canvas, {
            type: "line",
            data: {
                labels: data.weeks,
                datasets: [
                    { label: "High (P90)", data: data.p90, borderColor: "#9ccc65", backgroundColor: "rgba(47, 158, 106, 0.15)", fill: "+2", pointRadius: 0 },
                    { label: "Median (P50)", data: data.p50, borderColor: "#2f7a55", backgroundColor: "#2f7a55" },
                    { label: "Low (P10)", data: data.p10, borderColor: "#9ccc65", backgroundColor: "#9ccc65", pointRadius: 0 }
                ]
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                scales: { y: { min: 0, title: { display: true, text: "Expected receipts" + (data.currency ? " (" + data.currency + ")" : "") } } },
                plugins: { legend: { position: "bottom" }, filler: { propagate: false } }
            }
        });
    }

    // Cash outlook: how past forecasts did, 1, 4 and 13 weeks ahead.
    function accuracy() {
        var data = read("accuracy-data");
        var canvas = document.getElementById("accuracy-chart");
        if (!data || !canvas || !data.labels) {
            return;
        }

        new Chart(canvas, {
            type: "bar",
            data: {
                labels: data.labels,
                datasets: [
                    { label: "Mean accuracy (%)", data: data.accuracy, backgroundColor: "#3b6fb6" },
                    { label: "Actual inside the band (%)", data: data.inBand, backgroundColor: "#9ccc65" }
                ]
            },
            options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100 } }, plugins: { legend: { position: "bottom" } } }
        });
    }

    function draw() {
        if (typeof Chart === "undefined") {
            return;
        }

        aging();
        trend();
        forecast();
        accuracy();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", draw);
    } else {
        draw();
    }
})();
