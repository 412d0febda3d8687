using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Collections;

/// <summary>
/// Runs dunning once a day when <c>Collections:DailyRun</c> is true: every 15 minutes it looks whether today's run is
/// due (past <c>Collections:DailyRunHourUtc</c>); the daily run's unique key (its date) lets only the first instance
/// that inserts it run, so several instances on one database run it once.
/// </summary>
internal sealed class DailyDunning(IServiceProvider services, IOptions<CollectionsOptions> options, TimeProvider clock, ILogger<DailyDunning> log) : BackgroundService
{
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

        using var scope = services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<RunDunning>().Handle(today, RunDunning.Daily, ct);
        _ranOn = today;
        return result;
    }
}
