using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Collections;

/// <summary>
/// Runs dunning once a day when <c>Collections:DailyRun</c> is true: every 15 minutes it looks whether today's run is
/// due (past <c>Collections:DailyRunHourUtc</c>). Several instances on one database run it once a day: the day is
/// claimed through <see cref="JobLease"/> (a failed run gives the day back for the next tick), and the run's own unique
/// key (its date) still keeps a second daily run from being stored.
/// </summary>
internal sealed class DailyDunning(JobLease lease, IOptions<CollectionsOptions> options, TimeProvider clock, ILogger<DailyDunning> log) : BackgroundService
{
    public const string Job = "dunning-daily";

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    private DateOnly? _ranOn;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DailyRun)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await Tick(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "The daily dunning run failed; it is tried again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Runs today's dunning if it is due and this instance has not seen it done; public for tests.</summary>
    public async Task<DunningRunDto?> Tick(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        if (_ranOn == today || now.Hour < options.Value.DailyRunHourUtc)
        {
            return null;
        }

        DunningRunDto? result = null;
        await lease.RunOnce(Job, JobLease.Day(today), TimeSpan.FromHours(1), async (services, token) =>
            result = await services.GetRequiredService<RunDunning>().Handle(today, RunDunning.Daily, token), ct);
        _ranOn = today;
        return result;
    }
}
