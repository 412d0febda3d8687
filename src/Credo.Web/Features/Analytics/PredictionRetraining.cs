using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// Retrains the late-payment model once per period of <c>Analytics:RetrainEveryDays</c> days (0, the default: only by
/// command). Once per period even with several instances: the model row carries the period's key under a unique
/// index, so an instance that finds the period done skips it; the period is claimed through <see cref="JobLease"/>, so
/// only one instance spends the training time, and should a claim run out mid-training the index still keeps a second
/// model for the period from being stored. With <c>Analytics:RecordForecasts</c> it also stores each day's 13-week
/// forecast once (<see cref="ForecastAccuracy.Record"/>), claimed per day the same way.
/// </summary>
internal sealed class PredictionRetraining(IServiceProvider services, JobLease lease, IOptions<AnalyticsOptions> options, TimeProvider clock, ILogger<PredictionRetraining> log) : BackgroundService
{
    public const string RetrainJob = "analytics-retrain";

    public const string ForecastJob = "analytics-forecast";

    /// <summary>The key of the period <paramref name="today"/> falls in: periods of <paramref name="everyDays"/> days counted from 0001-01-01.</summary>
    public static string PeriodKey(DateOnly today, int everyDays) => $"every-{everyDays}-days-{today.DayNumber / everyDays}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.RetrainEveryDays;
        if (every <= 0 && !options.Value.RecordForecasts)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                if (every > 0)
                {
                    await RunOnce(stoppingToken);
                }

                if (options.Value.RecordForecasts)
                {
                    var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                    await lease.RunOnce(ForecastJob, JobLease.Day(today), TimeSpan.FromHours(1), (sp, ct) => sp.GetRequiredService<ForecastAccuracy>().Record(null, ct), stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Scheduled retraining of the late-payment model failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Trains for the current period unless a model for it is stored; true when this call stored it.</summary>
    public async Task<bool> RunOnce(CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var key = PeriodKey(db.Today(), Math.Max(1, options.Value.RetrainEveryDays));
        if (await db.PredictionModels.AnyAsync(m => m.PeriodKey == key, ct))
        {
            return false;
        }

        try
        {
            var outcome = await lease.RunOnce(RetrainJob, key, TimeSpan.FromHours(2), (sp, token) => sp.GetRequiredService<TrainPredictions>().Handle(null, key, token), ct);
            return outcome == JobRunOutcome.Ran;
        }
        catch (DbUpdateException)
        {
            if (!await Stored(key, ct))
            {
                throw;
            }

            log.LogInformation("Another instance stored the model for {Period}", key);
            return false;
        }
    }

    private async Task<bool> Stored(string key, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CreditDb>().PredictionModels.AnyAsync(m => m.PeriodKey == key, ct);
    }
}
