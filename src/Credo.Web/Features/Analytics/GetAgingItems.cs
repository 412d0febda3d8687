using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Analytics;

/// <summary>One cell of an aging: a subject (as in its row), a native currency, and a bucket: its number from 0 (the first bucket), or unapplied, disputed or total.</summary>
internal sealed record AgingCellQuery(AgingQuery Aging, string? Subject, string? Bucket);

internal sealed record AgingItemDto(string Customer, string Kind, string? Document, DateOnly PostedOn, DateOnly? DueOn, string Currency, decimal Open, int AgeDays, bool Disputed);

internal sealed record AgingItemsDto(DateOnly AsOf, string Subject, string Name, string Currency, string Bucket, IReadOnlyList<AgingItemDto> Items);

/// <summary>The items behind an aging cell: the same inputs and the same placement as <see cref="GetAging"/>, kept instead of summed.</summary>
internal sealed class GetAgingItems(ReadDb read)
{
    private readonly CreditDb db = read.Db; // issue 17 §5: a read-only report, served by the read replica when there is one (ADR 0022)

    public async Task<Result<AgingItemsDto>> Handle(AgingCellQuery request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            return new ValidationFailed("subject", "Name the row: a customer number, group code, segment (dimension:code) or portfolio.");
        }

        if (string.IsNullOrWhiteSpace(request.Aging.Currency))
        {
            return new ValidationFailed("currency", "Name the row's currency.");
        }

        var inputs = await AgingInputs.Read(db, request.Aging, ct);
        if (!inputs.IsOk)
        {
            return inputs.Error!;
        }

        var (asOf, _, basis, buckets, subjects, items) = inputs.Value!;
        var bucket = request.Bucket?.Trim().ToLowerInvariant() ?? "total";
        var index = int.TryParse(bucket, out var n) ? n : -1;
        if (bucket is not ("total" or "unapplied" or "disputed") && (index < 0 || index >= buckets.Count))
        {
            return new ValidationFailed("bucket", $"The bucket is a number from 0 to {buckets.Count - 1}, or unapplied, disputed or total.");
        }

        var subject = request.Subject.Trim();
        bool InCell(OpenOnDate o)
        {
            var age = Aging.AgeDays(asOf, basis, o.Item.PostedOn, o.Item.DueOn);
            return bucket switch
            {
                "total" => true,
                "unapplied" => o.OpenMinor < 0,
                "disputed" => o.OpenMinor > 0 && o.Disputed,
                _ => o.OpenMinor > 0 && !o.Disputed && buckets.IndexOf(age) == index,
            };
        }

        var cell = items.Where(o => subjects.For(o.Item.CustomerId).Contains(subject) && InCell(o))
            .OrderBy(o => o.Item.DueOn ?? o.Item.PostedOn).ThenBy(o => o.Item.Id)
            .Select(o => new AgingItemDto(
                subjects.CustomerNumbers[o.Item.CustomerId],
                o.Item.Kind.Slug(),
                o.Item.Document,
                o.Item.PostedOn,
                o.Item.DueOn,
                o.Item.Currency,
                Documents.Major(o.OpenMinor, o.Item.Currency),
                Aging.AgeDays(asOf, basis, o.Item.PostedOn, o.Item.DueOn),
                o.Disputed))
            .ToList();
        return new AgingItemsDto(asOf, subject, subjects.Names.GetValueOrDefault(subject, subject), request.Aging.Currency.Trim().ToUpperInvariant(), bucket, cell);
    }

    public static async Task<IResult> Endpoint(
        DateOnly? asOf, string? by, string? basis, string? buckets, string? segment, string? group, string? currency, string? subject, string? bucket,
        GetAgingItems use, CancellationToken ct)
    {
        var result = await use.Handle(new AgingCellQuery(new AgingQuery(asOf, by, basis, buckets, segment, group, currency), subject, bucket), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
