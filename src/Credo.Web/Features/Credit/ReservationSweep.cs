namespace Credo.Web.Features.Credit;

/// <summary>
/// Every <c>Credit:SweepMinutes</c> (default 5): expires reservations past their date and auto-releases held orders
/// that a payment has cleared (the same use cases as <c>POST /api/credit-checks/expiry</c> and
/// <c>POST /api/credit-holds/auto-release</c>).
/// </summary>
internal sealed class ReservationExpiry(IServiceProvider services, IConfiguration config, Microsoft.Extensions.Options.IOptions<CreditOptions> options, ILogger<ReservationExpiry> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Credit:SweepMinutes", 5))));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = services.CreateScope();
                var expired = await scope.ServiceProvider.GetRequiredService<ExpireReservations>().Handle(stoppingToken);
                if (options.Value.HorizonDays is { } horizon)
                {
                    await scope.ServiceProvider.GetRequiredService<ActivateScheduledOrders>().Handle(horizon, stoppingToken);
                }

                var released = await scope.ServiceProvider.GetRequiredService<AutoReleaseHolds>().Handle(stoppingToken);
                if (expired + released > 0)
                {
                    log.LogInformation("Expired {Expired} credit reservations; auto-released {Released} held orders", expired, released);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Credit sweep failed; it will run again at the next tick");
            }
        }
    }
}
