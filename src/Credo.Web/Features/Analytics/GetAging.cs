using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// Aging as of a date. <see cref="By"/>: customer (default), group, segment, portfolio. <see cref="Basis"/>: due
/// (default) or document. <see cref="Buckets"/>: a saved bucket set's name (default the standard one).
/// Filters: <see cref="Segment"/> ("dimension:code"), <see cref="Group"/> (a group code: its whole tree),
/// <see cref="Currency"/> (one native currency).
/// </summary>
internal sealed record AgingQuery(
    DateOnly? AsOf = null, string? By = null, string? Basis = null, string? Buckets = null, string? Segment = null, string? Group = null, string? Currency = null);

/// <summary>An aging: the native rows (one per subject and currency) and, beside them, the reporting-currency rows.</summary>
internal sealed record AgingReport(
    DateOnly AsOf, AgingBy By, AgingBasis Basis, BucketSet Buckets, Currency ReportingCurrency, IReadOnlyDictionary<string, string> Names,
    IReadOnlyList<AgingRow> Native, IReadOnlyList<AgingRow>? Reporting, DomainError? ReportingProblem);

internal sealed record AgingRowDto(string Subject, string Name, string Currency, IReadOnlyList<decimal> Buckets, decimal Unapplied, decimal Disputed, decimal Total);

/// <summary>
/// <see cref="Rows"/> per subject and native currency; <see cref="Reporting"/> per subject in
/// <see cref="ReportingCurrency"/>, or null with <see cref="ReportingProblem"/> saying which rate is missing.
/// </summary>
internal sealed record AgingReportDto(
    DateOnly AsOf, string By, string Basis, string BucketSet, IReadOnlyList<string> Buckets, string ReportingCurrency,
    IReadOnlyList<AgingRowDto> Rows, IReadOnlyList<AgingRowDto>? Reporting, string? ReportingProblem);

/// <summary>
/// Sums what was open on the date from the latest month-end snapshot rolled forward (<see cref="AgingSnapshots"/>), or
/// without one in the database (<see cref="AgingSql"/>: derived from the posted and applied dates,
/// as <see cref="Queries.OpenItemsOn"/> derives it in memory), rolls the sums up per subject and currency with
/// <see cref="Aging.RowsFromSums"/>, and converts with <see cref="Reporting"/> at the rates in
/// effect on that date.
/// </summary>
internal sealed class GetAging(ReadDb read, IOptions<AnalyticsOptions> options)
{
    private readonly CreditDb db = read.Db; // issue 17 §5: a read-only report, served by the read replica when there is one (ADR 0022)

    public async Task<Result<AgingReport>> Handle(AgingQuery request, CancellationToken ct)
    {
        var inputs = await AgingInputs.Read(db, request, ct, withItems: false);
        if (!inputs.IsOk)
        {
            return inputs.Error!;
        }

        var (asOf, by, basis, buckets, subjects, _) = inputs.Value!;
        var all = await AgingSnapshots.SumsOn(db, asOf, basis, buckets, ct) ?? await AgingSql.Sums(db, asOf, basis, buckets, customerId: null, ct);
        var sums = all.Where(inputs.Value!.Keeps);
        var native = Aging.RowsFromSums(buckets, sums, subjects.For);
        var reporting = options.Value.Reporting;
        var rates = await db.Rates(native.Select(r => r.Currency).Append(reporting.Code), ct);
        var converted = Reporting.Convert(native, rates, reporting, asOf);
        return new AgingReport(asOf, by, basis, buckets, reporting, subjects.Names, native, converted.IsOk ? converted.Value : null, converted.Error);
    }

    public static AgingReportDto ToDto(AgingReport report)
    {
        AgingRowDto Row(AgingRow r) => new(
            r.Subject,
            report.Names.GetValueOrDefault(r.Subject, r.Subject),
            r.Currency,
            [.. r.BucketsMinor.Select(m => Documents.Major(m, r.Currency))],
            Documents.Major(r.UnappliedMinor, r.Currency),
            Documents.Major(r.DisputedMinor, r.Currency),
            Documents.Major(r.TotalMinor, r.Currency));
        return new AgingReportDto(
            report.AsOf,
            report.By.ToString().ToLowerInvariant(),
            report.Basis.ToString().ToLowerInvariant(),
            report.Buckets.Name,
            report.Buckets.Labels,
            report.ReportingCurrency.Code,
            [.. report.Native.Select(Row)],
            report.Reporting is null ? null : [.. report.Reporting.Select(Row)],
            report.ReportingProblem?.Message);
    }

    public static async Task<IResult> Endpoint(
        DateOnly? asOf, string? by, string? basis, string? buckets, string? segment, string? group, string? currency, GetAging use, CancellationToken ct)
    {
        var result = await use.Handle(new AgingQuery(asOf, by, basis, buckets, segment, group, currency), ct);
        return result.IsOk ? TypedResults.Ok(ToDto(result.Value!)) : result.Error!.ToProblem();
    }
}

/// <summary>
/// The checked inputs of an aging and, for the drill-down, the items open on its date, filtered (the aging itself sums in
/// the database, <see cref="AgingSql"/>, and keeps the sums <see cref="Keeps"/> says).
/// </summary>
internal sealed record AgingInputs(DateOnly AsOf, AgingBy By, AgingBasis Basis, BucketSet Buckets, AgingSubjects Subjects, IReadOnlyList<OpenOnDate> Items)
{
    public IReadOnlySet<long>? Customers { get; init; }

    public string? Currency { get; init; }

    /// <summary>Whether a customer's sum passes the segment, group and currency filters.</summary>
    public bool Keeps(AgedSum sum) => (Customers is null || Customers.Contains(sum.CustomerId)) && (Currency is null || sum.Currency == Currency);

    public static async Task<Result<AgingInputs>> Read(CreditDb db, AgingQuery request, CancellationToken ct, bool withItems = true)
    {
        if (!AgingSubjects.TryParse(request.By, out var by))
        {
            return new ValidationFailed("by", "Age by customer, group, segment or portfolio.");
        }

        var basis = AgingBasis.Due;
        if (!string.IsNullOrWhiteSpace(request.Basis) && !(Enum.TryParse(request.Basis.Trim(), ignoreCase: true, out basis) && Enum.IsDefined(basis)))
        {
            return new ValidationFailed("basis", "Age from the due date (due) or the document date (document).");
        }

        string? currency = null;
        if (!string.IsNullOrWhiteSpace(request.Currency))
        {
            var parsed = MoneyJson.ParseCurrency(request.Currency);
            if (!parsed.IsOk)
            {
                return parsed.Error!;
            }

            currency = parsed.Value.Code;
        }

        var buckets = await SaveBucketSet.Find(db, request.Buckets, ct);
        if (!buckets.IsOk)
        {
            return buckets.Error!;
        }

        var asOf = request.AsOf ?? db.Today();
        var subjects = await AgingSubjects.Load(db, by, ct);
        var customers = await CustomerFilter(db, request.Segment, request.Group, ct);
        var items = !withItems ? [] : (await db.OpenItemsOn(asOf, customerId: null, ct))
            .Where(o => (customers is null || customers.Contains(o.Item.CustomerId)) && (currency is null || o.Item.Currency == currency))
            .ToList();
        return new AgingInputs(asOf, by, basis, buckets.Value!, subjects, items) { Customers = customers, Currency = currency };
    }

    /// <summary>The customers in a segment ("dimension:code") and in a group's tree, or null for no filter.</summary>
    private static async Task<HashSet<long>?> CustomerFilter(CreditDb db, string? segment, string? group, CancellationToken ct)
    {
        HashSet<long>? ids = null;
        if (!string.IsNullOrWhiteSpace(segment))
        {
            var bySegment = await AgingSubjects.Load(db, AgingBy.Segment, ct);
            ids = [.. bySegment.CustomerNumbers.Keys.Where(id => bySegment.For(id).Contains(segment.Trim()))];
        }

        if (!string.IsNullOrWhiteSpace(group))
        {
            var byGroup = await AgingSubjects.Load(db, AgingBy.Group, ct);
            var inGroup = byGroup.CustomerNumbers.Keys.Where(id => byGroup.For(id).Contains(group.Trim())).ToHashSet();
            ids = ids is null ? inGroup : [.. ids.Intersect(inGroup)];
        }

        return ids;
    }
}
