using System.Globalization;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>The problems of a version's definition; empty when it may be published.</summary>
internal sealed class ValidatePolicy(CreditDb db)
{
    public async Task<Result<PolicyValidationDto>> Handle(int number, CancellationToken ct)
    {
        var json = await db.PolicyVersions.AsNoTracking().Where(v => v.Number == number).Select(v => v.DefinitionJson).SingleOrDefaultAsync(ct);
        if (json is null)
        {
            return new NotFound("Policy version", number.ToString(CultureInfo.InvariantCulture));
        }

        var errors = PolicyDtos.Check(json);
        return new PolicyValidationDto(errors.Count == 0, PolicyDtos.Problems(errors));
    }

    public static async Task<IResult> Endpoint(int number, ValidatePolicy use, CancellationToken ct)
    {
        var result = await use.Handle(number, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}

/// <summary>
/// Publishes a draft: validates it (refused with every problem listed), retires the version published so far, and
/// records who published it and when, in one transaction. A filtered unique index keeps one published version even
/// when two managers publish at once. Decisions use the new version from the next one on.
/// </summary>
internal sealed class PublishPolicy(CreditDb db, PolicyCache cache)
{
    public async Task<Result<PolicyDto>> Handle(int number, CancellationToken ct)
    {
        var version = await db.PolicyVersions.SingleOrDefaultAsync(v => v.Number == number, ct);
        if (version is null)
        {
            return new NotFound("Policy version", number.ToString(CultureInfo.InvariantCulture));
        }

        if (version.Status != PolicyStatus.Draft)
        {
            return new Refusal("policy-not-draft", $"Version {number} is already {version.Status.ToString().ToLowerInvariant()}; only a draft can be published.");
        }

        var errors = PolicyDtos.Check(version.DefinitionJson);
        if (errors.Count > 0)
        {
            return new PolicyInvalid(number, PolicyDtos.Problems(errors));
        }

        var now = db.UtcNow;
        await using var tx = await OwnedTransaction.Begin(db, ct);
        var current = await db.PolicyVersions.Where(v => v.Status == PolicyStatus.Published).ToListAsync(ct);
        foreach (var old in current)
        {
            old.Status = PolicyStatus.Retired;
            old.RetiredAtUtc = now;
            old.UpdatedAtUtc = now;
            old.Revision++;
        }

        // Retire first: the filtered unique index allows one published row at any moment.
        await db.SaveChangesAsync(ct);
        version.Status = PolicyStatus.Published;
        version.PublishedAtUtc = now;
        version.PublishedBy = db.Actor.Name;
        version.UpdatedAtUtc = now;
        version.Revision++;
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new Refusal("policy-publish-conflict", "Another version was published at the same moment; reload and try again.");
        }

        cache.Invalidate();
        return PolicyDtos.Full(version);
    }

    public static async Task<IResult> Endpoint(int number, PublishPolicy use, CancellationToken ct)
    {
        var result = await use.Handle(number, ct);
        if (result.IsOk)
        {
            return TypedResults.Ok(result.Value);
        }

        return result.Error is PolicyInvalid invalid
            ? Problems.Problem(invalid.Code, invalid.Message, StatusCodes.Status422UnprocessableEntity, invalid.Errors[0].Field, new Dictionary<string, object?> { ["errors"] = invalid.Errors })
            : result.Error!.ToProblem();
    }
}

/// <summary>Publishing refused: the definition has problems, all of them listed.</summary>
internal sealed record PolicyInvalid(int Number, IReadOnlyList<PolicyProblem> Errors)
    : DomainError("policy-invalid", $"Version {Number} cannot be published: {Errors.Count} problem(s), the first: {Errors[0].Field}: {Errors[0].Message}", Errors[0].Field);
