using Credo.Domain.Applications;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// At start (after the database is migrated): when no version of <c>trade-credit</c> exists, saves and publishes
/// the complete default template, in <c>Applications:DefaultCurrency</c> (USD when not set).
/// </summary>
internal sealed class SeedDefaultTemplate(IServiceProvider services, IConfiguration config) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        if (await db.ApplicationTemplates.AnyAsync(t => t.Key == TradeCreditTemplate.Key, cancellationToken))
        {
            return;
        }

        var definition = TradeCreditTemplate.Definition(config["Applications:DefaultCurrency"] ?? "USD");
        try
        {
            await scope.ServiceProvider.GetRequiredService<ImportTemplate>().Save(TradeCreditTemplate.Key, definition.Title, definition, "system", cancellationToken, publish: true);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded it at the same moment: (key, version) is unique, so only one version 1 exists.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
