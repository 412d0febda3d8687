using System.Globalization;
using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Analytics;

internal sealed record BucketSetRequest(IReadOnlyList<int>? UpperBounds);

internal sealed record BucketSetDto(string Name, IReadOnlyList<int> UpperBounds, IReadOnlyList<string> Buckets, bool BuiltIn);

/// <summary>Saves a user's aging bucket set (checked by <see cref="BucketSet.Create"/>); the same name replaces its bounds.</summary>
internal sealed class SaveBucketSet(CreditDb db)
{
    public async Task<Result<BucketSetDto>> Handle(string name, BucketSetRequest request, CancellationToken ct)
    {
        var checkedSet = BucketSet.Create(name, request.UpperBounds);
        if (!checkedSet.IsOk)
        {
            return checkedSet.Error!;
        }

        var set = checkedSet.Value!;
        if (string.Equals(set.Name, BucketSet.Standard.Name, StringComparison.OrdinalIgnoreCase))
        {
            return new ValidationFailed("name", "The standard bucket set is built in; save yours under another name.");
        }

        var row = await db.AgingBucketSets.SingleOrDefaultAsync(s => s.Name == set.Name, ct);
        if (row is null)
        {
            row = new AgingBucketSetEntry { Name = set.Name, UpperBounds = string.Empty, SavedBy = db.Actor.Name };
            db.AgingBucketSets.Add(row);
        }

        row.UpperBounds = string.Join(',', set.UpperBounds.Select(b => b.ToString(CultureInfo.InvariantCulture)));
        row.SavedAtUtc = db.UtcNow;
        row.SavedBy = db.Actor.Name;
        await db.SaveChangesAsync(ct);
        return Dto(set, builtIn: false);
    }

    /// <summary>The set named <paramref name="name"/>: the standard one when none is named.</summary>
    public static async Task<Result<BucketSet>> Find(CreditDb db, string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || string.Equals(name.Trim(), BucketSet.Standard.Name, StringComparison.OrdinalIgnoreCase))
        {
            return BucketSet.Standard;
        }

        var trimmed = name.Trim();
        var row = await db.AgingBucketSets.AsNoTracking().SingleOrDefaultAsync(s => s.Name == trimmed, ct);
        return row is null ? new NotFound("Bucket set", trimmed) : ToSet(row);
    }

    public static async Task<IReadOnlyList<BucketSetDto>> List(CreditDb db, CancellationToken ct)
    {
        var rows = await db.AgingBucketSets.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        return [Dto(BucketSet.Standard, builtIn: true), .. rows.Select(r => Dto(ToSet(r), builtIn: false))];
    }

    private static BucketSet ToSet(AgingBucketSetEntry row) =>
        new(row.Name, [.. row.UpperBounds.Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture))]);

    private static BucketSetDto Dto(BucketSet set, bool builtIn) => new(set.Name, set.UpperBounds, set.Labels, builtIn);

    public static async Task<IResult> Endpoint(string name, BucketSetRequest request, SaveBucketSet use, CancellationToken ct)
    {
        var result = await use.Handle(name, request, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> ListEndpoint(CreditDb db, CancellationToken ct) => TypedResults.Ok(await List(db, ct));
}
