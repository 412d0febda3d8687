using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// Keeps the last <c>Analytics:AgingSnapshotMonths</c> month ends' aging snapshots written (0, the default: only by the
/// <c>aging-snapshots</c> command). Checked once a day, claimed per day through <see cref="JobLease"/> so that one
/// instance does it (ADR 0021); writing is idempotent, so a day's check after a month closes writes that month end and
/// rewrites any month a posting dated back has made stale, and otherwise writes nothing.
/// </summary>
internal sealed class AgingSnapshotJob(JobLease lease, IOptions<AnalyticsOptions> options, TimeProvider clock, ILogger<AgingSnapshotJob> log) : BackgroundService
{
    public const string Job = "analytics-aging-snapshots";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var months = options.Value.AgingSnapshotMonths;
        if (months <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                await lease.RunOnce(Job, JobLease.Day(today), TimeSpan.FromHours(1), (sp, ct) => sp.GetRequiredService<AgingSnapshots>().WriteHistory(months, ct), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Writing the month-end aging snapshots failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
