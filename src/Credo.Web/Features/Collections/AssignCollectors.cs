using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <param name="Scope">customer, group or segment.</param>
/// <param name="Key">A customer number, a group code, or "dimension:code" for a segment.</param>
internal sealed record CollectorRuleRequest(string? Scope, string? Key, string? Collector);

internal sealed record CollectorRuleDto(long Id, string Scope, string Key, string Collector);

/// <summary>Assignment rules as data: which collector works which customers (by customer, group or segment).</summary>
internal sealed class AssignCollectors(CreditDb db)
{
    public async Task<IReadOnlyList<CollectorRuleDto>> List(CancellationToken ct) =>
        [.. (await db.CollectorRules.AsNoTracking().OrderBy(r => r.Scope).ThenBy(r => r.Key).ToListAsync(ct)).Select(ToDto)];

    public async Task<Result<CollectorRuleDto>> Set(CollectorRuleRequest request, CancellationToken ct)
    {
        if (!Enum.TryParse<AssignmentScope>(request.Scope, ignoreCase: true, out var scope) || !Enum.IsDefined(scope))
        {
            return new ValidationFailed("scope", "The scope is customer, group or segment.");
        }

        var key = request.Key?.Trim() ?? string.Empty;
        var known = scope switch
        {
            AssignmentScope.Customer => await db.Customers.AnyAsync(c => c.Number == key, ct),
            AssignmentScope.Group => await db.Groups.AnyAsync(g => g.Code == key, ct),
            AssignmentScope.Segment => key.Split(':') is [var dimension, var code] && await db.Segments.AnyAsync(s => s.Dimension == dimension && s.Code == code, ct),
        };
        if (!known)
        {
            return new ValidationFailed("key", $"No {scope.ToString().ToLowerInvariant()} '{key}' exists{(scope == AssignmentScope.Segment ? " (write dimension:code)" : string.Empty)}.");
        }

        var collector = request.Collector?.Trim().ToLowerInvariant() ?? string.Empty;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == collector.ToUpperInvariant(), ct);
        if (user is null)
        {
            return new ValidationFailed("collector", $"No staff member '{collector}'.");
        }

        var rule = await db.CollectorRules.SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);
        if (rule is null)
        {
            rule = new CollectorRule { Scope = scope, Key = key, CollectorEmail = collector, CreatedAtUtc = db.UtcNow, CreatedBy = db.Actor.Name };
            db.CollectorRules.Add(rule);
        }
        else
        {
            rule.CollectorEmail = collector;
        }

        await db.SaveChangesAsync(ct);
        return ToDto(rule);
    }

    public async Task<bool> Remove(long id, CancellationToken ct) => await db.CollectorRules.Where(r => r.Id == id).ExecuteDeleteAsync(ct) > 0;

    private static CollectorRuleDto ToDto(CollectorRule r) => new(r.Id, r.Scope.ToString().ToLowerInvariant(), r.Key, r.CollectorEmail);

    public static async Task<IResult> ListEndpoint(AssignCollectors use, CancellationToken ct) => TypedResults.Ok(await use.List(ct));

    public static async Task<IResult> SetEndpoint(CollectorRuleRequest request, AssignCollectors use, CancellationToken ct)
    {
        var result = await use.Set(request, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> RemoveEndpoint(long id, AssignCollectors use, CancellationToken ct) =>
        await use.Remove(id, ct) ? TypedResults.NoContent() : Problems.NotFound("Assignment rule", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
