using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>The dunning policy in force (the highest version), and publishing a new version after validation.</summary>
internal sealed class DunningPolicies(CreditDb db)
{
    /// <summary>The version in force; the built-in default (as version 0) while none is stored.</summary>
    public async Task<(int Number, DunningPolicy Policy)> Current(CancellationToken ct)
    {
        var latest = await db.DunningPolicyVersions.AsNoTracking().OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            return (0, DunningPolicy.Default);
        }

        var read = DunningPolicyJson.Read(latest.DefinitionJson);
        return read.IsOk ? (latest.Number, read.Value!) : throw new InvalidOperationException($"Stored dunning policy version {latest.Number} does not read back: {read.Error!.Message}");
    }

    /// <summary>Publishes <paramref name="definitionJson"/> as the next version, once valid.</summary>
    public async Task<Result<DunningPolicyDto>> Publish(string? definitionJson, string? note, CancellationToken ct)
    {
        var read = DunningPolicyJson.Read(definitionJson ?? string.Empty);
        if (!read.IsOk)
        {
            return read.Error!;
        }

        var number = (await db.DunningPolicyVersions.MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var version = new DunningPolicyVersion { Number = number, DefinitionJson = DunningPolicyJson.Write(read.Value!), Note = note?.Trim(), PublishedAtUtc = db.UtcNow, PublishedBy = db.Actor.Name };
        db.DunningPolicyVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new Refusal("concurrent-update", "Another version was published at the same moment. Reload and retry.");
        }

        return DunningPolicyDto.From(version, read.Value!);
    }

    /// <summary>A fresh install gets the default policy as version 1 (like the credit policy); later it does nothing.</summary>
    public async Task<bool> SeedDefault(CancellationToken ct)
    {
        if (await db.DunningPolicyVersions.AnyAsync(ct))
        {
            return false;
        }

        db.DunningPolicyVersions.Add(new DunningPolicyVersion { Number = 1, DefinitionJson = DunningPolicyJson.Write(DunningPolicy.Default), Note = "Default policy", PublishedAtUtc = db.UtcNow, PublishedBy = "system" });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false; // another instance seeded it at the same moment
        }
    }

    public static async Task<IResult> GetEndpoint(DunningPolicies policies, CancellationToken ct)
    {
        var (number, policy) = await policies.Current(ct);
        return TypedResults.Ok(new { number, definition = System.Text.Json.JsonDocument.Parse(DunningPolicyJson.Write(policy)).RootElement });
    }

    public static async Task<IResult> PublishEndpoint(PublishDunningPolicyRequest request, DunningPolicies policies, CancellationToken ct)
    {
        var result = await policies.Publish(request.Definition?.GetRawText(), request.Note, ct);
        return result.IsOk ? TypedResults.Created($"/api/collections/policy", result.Value) : result.Error!.ToProblem();
    }
}

internal sealed record PublishDunningPolicyRequest(System.Text.Json.JsonElement? Definition, string? Note);

internal sealed record DunningPolicyDto(int Number, DateTime PublishedAtUtc, string PublishedBy, string? Note, int Levels)
{
    public static DunningPolicyDto From(DunningPolicyVersion v, DunningPolicy p) => new(v.Number, v.PublishedAtUtc, v.PublishedBy, v.Note, p.Levels.Count);
}

/// <summary>Seeds the default dunning policy when the host starts (after the migrations), unless Credo:SeedDefaultPolicy is false.</summary>
internal sealed class DunningPolicySeeding(IServiceProvider services, IConfiguration config) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!config.GetValue("Credo:SeedDefaultPolicy", true))
        {
            return;
        }

        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DunningPolicies>().SeedDefault(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
