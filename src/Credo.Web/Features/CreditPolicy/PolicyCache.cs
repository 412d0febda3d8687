using System.Collections.Concurrent;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>A parsed policy version with what names it.</summary>
internal sealed record LoadedPolicy(long Id, int Number, PolicyDefinition Definition);

/// <summary>
/// Parsed policy versions. A published or retired version never changes, so its parsed form is kept for the life of
/// the process (replays and backtests read old versions often). Which version is published is remembered too, and
/// forgotten on publish in this process and after <see cref="PublishedTtl"/> anyway, so other instances on the same
/// database follow within that time.
/// </summary>
internal sealed class PolicyCache(TimeProvider clock)
{
    public static readonly TimeSpan PublishedTtl = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, LoadedPolicy> byId = new();
    private (LoadedPolicy? Policy, DateTimeOffset At)? published;

    public void Invalidate() => published = null;

    public async Task<LoadedPolicy?> PublishedAsync(CreditDb db, CancellationToken ct)
    {
        if (published is { } p && clock.GetUtcNow() - p.At < PublishedTtl)
        {
            return p.Policy;
        }

        var id = await db.PolicyVersions.AsNoTracking().Where(v => v.Status == PolicyStatus.Published).Select(v => (long?)v.Id).SingleOrDefaultAsync(ct);
        var loaded = id is { } found ? await ByIdAsync(db, found, ct) : null;
        published = (loaded, clock.GetUtcNow());
        return loaded;
    }

    /// <summary>A published or retired version by id (drafts are parsed fresh: they change).</summary>
    public async Task<LoadedPolicy?> ByIdAsync(CreditDb db, long id, CancellationToken ct)
    {
        if (byId.TryGetValue(id, out var hit))
        {
            return hit;
        }

        var row = await db.PolicyVersions.AsNoTracking().Where(v => v.Id == id).Select(v => new { v.Id, v.Number, v.Status, v.DefinitionJson }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var parsed = PolicyJson.Parse(row.DefinitionJson);
        if (!parsed.IsOk)
        {
            return null;
        }

        var loaded = new LoadedPolicy(row.Id, row.Number, parsed.Value!);
        if (row.Status != PolicyStatus.Draft)
        {
            byId[id] = loaded;
        }

        return loaded;
    }
}
