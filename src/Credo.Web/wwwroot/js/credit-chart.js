// Credit lines page: a horizontal bar chart of utilisation (%) by segment and by group.
// The figures come from the page's <script type="application/json" id="utilisation-data"> block;
// the tables on the page hold the same numbers, so the chart is only an enhancement.
(function () {
    "use strict";

    function draw() {
        var source = document.getElementById("utilisation-data");
        var canvas = document.getElementById("utilisation-chart");
        if (!source || !canvas || typeof Chart === "undefined") {
            return;
        }

        var data = JSON.parse(source.textContent || "{}");
        var segments = data.segments || [];
        var groups = data.groups || [];
        var labels = [];
        var segmentValues = [];
        var groupValues = [];
        segments.forEach(function (s) { labels.push("Segment · " + s.label); segmentValues.push(s.percent); groupValues.push(null); });
        groups.forEach(function (g) { labels.push("Group · " + g.label); segmentValues.push(null); groupValues.push(g.percent); });
        var highest = labels.length === 0 ? 100 : Math.max.apply(null, segmentValues.concat(groupValues).filter(function (v) { return v !== null; }));

        canvas.parentElement.style.height = (4 + 2.2 * labels.length) + "rem";
        new Chart(canvas, {
            type: "bar",
            data: {
                labels: labels,
                datasets: [
                    { label: "Segments", data: segmentValues, backgroundColor: "#3b6fb6", skipNull: true, barThickness: 16 },
                    { label: "Groups", data: groupValues, backgroundColor: "#2f9e6a", skipNull: true, barThickness: 16 }
                ]
            },
            options: {
                indexAxis: "y",
                maintainAspectRatio: false,
                animation: false,
                scales: {
                    x: { min: 0, suggestedMax: Math.max(100, Math.ceil(highest / 10) * 10), title: { display: true, text: "Utilisation (%)" } },
                    y: { stacked: true }
                },
                plugins: {
                    legend: { position: "bottom" },
                    tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + ctx.parsed.x + "%"; } } }
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
