using Credo.Web.Data;
using Credo.Web.Features.Analytics;

namespace Credo.Web.Features.Demo;

/// <summary>
/// The demo's late-payment model (issue 13 §5): trained once on the demo's two years of paid invoices with the demo's
/// seed, so the cash outlook page shows a model card and model predictions (or, if it did not beat the baselines, says so).
/// </summary>
internal static class DemoAnalytics
{
    public static async Task LoadAsync(IServiceProvider services, int seed, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TrainPredictions>().Handle(seed, null, ct);
    }
}
