using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Credit;

/// <summary>
/// Every <c>Credit:SweepMinutes</c> (default 5): expires reservations past their date and auto-releases held orders
/// that a payment has cleared (the same use cases as <c>POST /api/credit-checks/expiry</c> and
/// <c>POST /api/credit-holds/auto-release</c>), at start and then on every tick. Once per slot of that many minutes however many instances run
/// (<see cref="JobLease"/>): the instance that claims the slot sweeps, the others skip it.
/// </summary>
internal sealed class ReservationExpiry(JobLease lease, IConfiguration config, Microsoft.Extensions.Options.IOptions<CreditOptions> options, TimeProvider clock, ILogger<ReservationExpiry> log) : BackgroundService
{
    public const string Job = "credit-sweep";

    private TimeSpan Every => TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Credit:SweepMinutes", 5)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A first look at start (the slot may be due: another instance stopped, or none ran), then every tick.
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                await Tick(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Credit sweep failed; it will run again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sweeps for the current slot unless another instance has (or is doing) it.</summary>
    public Task<JobRunOutcome> Tick(CancellationToken ct) =>
        lease.RunOnce(Job, JobLease.Slot(clock.GetUtcNow(), Every), Every, Sweep, ct);

    private async Task Sweep(IServiceProvider services, CancellationToken ct)
    {
        var expired = await services.GetRequiredService<ExpireReservations>().Handle(ct);
        if (options.Value.HorizonDays is { } horizon)
        {
            await services.GetRequiredService<ActivateScheduledOrders>().Handle(horizon, ct);
        }

        var released = await services.GetRequiredService<AutoReleaseHolds>().Handle(ct);
        if (expired + released > 0)
        {
            log.LogInformation("Expired {Expired} credit reservations; auto-released {Released} held orders", expired, released);
        }
    }
}
