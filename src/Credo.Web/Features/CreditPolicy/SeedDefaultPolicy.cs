using Credo.Domain.Policy;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>
/// A fresh install decides: when no policy version exists at all, version 1 is created from <see cref="DefaultPolicy"/>
/// and published by "system". Runs at startup after the migrations (and from the bench). Once any version exists it
/// does nothing, so a site that retired everything on purpose is left alone.
/// </summary>
internal sealed class SeedDefaultPolicy(CreditDb db, PolicyCache cache)
{
    public async Task<bool> Handle(CancellationToken ct)
    {
        if (await db.PolicyVersions.AnyAsync(ct))
        {
            return false;
        }

        var now = db.UtcNow;
        db.PolicyVersions.Add(new PolicyVersion
        {
            Number = 1,
            Name = "Default policy",
            Status = PolicyStatus.Published,
            DefinitionJson = PolicyJson.Write(DefaultPolicy.Definition),
            CreatedAtUtc = now,
            CreatedBy = "system",
            UpdatedAtUtc = now,
            PublishedAtUtc = now,
            PublishedBy = "system",
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded it at the same moment.
            return false;
        }

        cache.Invalidate();
        return true;
    }
}

/// <summary>Seeds the default policy when the host starts (registered after the migrating startup task).</summary>
internal sealed class PolicySeeding(IServiceProvider services, IConfiguration config) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!config.GetValue("Credo:SeedDefaultPolicy", true))
        {
            return;
        }

        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SeedDefaultPolicy>().Handle(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
