using System.Globalization;
using System.Text;
using Credo.Domain.Analytics;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// Aging as of a date summed by the database (issue 13 §9): one statement returns a sum per customer, currency and cell
/// (a bucket, unapplied or disputed), so a portfolio of a million open items crosses the wire as a few rows per
/// customer. The arithmetic is the ledger's <c>Derivation</c> over the history up to the date, as
/// <see cref="AsOfLedger.OpenOn"/> does it in memory, written as sums:
/// <list type="bullet">
/// <item>an item is an entry applied to nothing, posted on or before the date;</item>
/// <item>its open amount is its own amount, plus the entries applied to it (write-offs, adjustments, its reversal)
/// posted by then, plus the reversals posted by then of those entries (a reversal of a reversal does not count), less
/// (for an amount owed) or plus (for a credit) the allocations applied by then whose two sides were both posted by
/// then;</item>
/// <item>it is disputed when a dispute on it was open at the end of that day.</item>
/// </list>
/// Buckets compare the basis date with <see cref="Aging.BucketFloors"/>, so they are <see cref="BucketSet.IndexOf"/>'s.
/// The same SQL runs on SQLite and PostgreSQL; the property test in <c>AsOfLedgerTests</c> holds it equal to the in-memory
/// derivation and the statement balance on both.
/// </summary>
internal static class AgingSql
{
    /// <summary>One summed row as the database returns it: cell −1 unapplied, −2 disputed, else the bucket index.</summary>
    internal sealed class SumRow
    {
        public long CustomerId { get; set; }

        public string Currency { get; set; } = "";

        public int Cell { get; set; }

        public long Minor { get; set; }
    }

    public static async Task<IReadOnlyList<AgedSum>> Sums(
        CreditDb db, DateOnly asOf, AgingBasis basis, BucketSet buckets, long? customerId, CancellationToken ct, TouchedBetween? touched = null)
    {
        var (sql, parameters) = Prepare(asOf, basis, buckets, customerId, touched);
        var rows = await db.Database.SqlQueryRaw<SumRow>(sql, [.. parameters]).ToListAsync(ct);
        return [.. rows.Where(r => r.Minor != 0).Select(r => ToSum(r.CustomerId, r.Currency, r.Cell, r.Minor))];
    }

    /// <summary>A summed row as the aging reads it: cell −1 unapplied, −2 disputed, else the bucket index.</summary>
    public static AgedSum ToSum(long customerId, string currency, int cell, long minor) => cell switch
    {
        -1 => new AgedSum(customerId, currency, AgedCell.Unapplied, 0, minor),
        -2 => new AgedSum(customerId, currency, AgedCell.Disputed, 0, minor),
        var bucket => new AgedSum(customerId, currency, AgedCell.Bucket, bucket, minor),
    };

    /// <summary>
    /// The statement and its parameters: rows of <see cref="SumRow"/>'s columns ("CustomerId", "Currency", "Cell",
    /// "Minor"), for <see cref="Sums"/> to read or a snapshot to insert from (<see cref="AgingSnapshots"/>).
    /// </summary>
    public static (string Sql, List<object> Parameters) Prepare(DateOnly asOf, AgingBasis basis, BucketSet buckets, long? customerId, TouchedBetween? touched)
    {
        var endOfDay = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var parameters = new List<object> { asOf, endOfDay };
        var floors = Aging.BucketFloors(asOf, buckets);
        parameters.AddRange(floors.Select(f => (object)f));
        Func<string, string> only = _ => "";
        if (customerId is { } id)
        {
            parameters.Add(id);
            var index = parameters.Count - 1;
            only = alias => $" AND {alias}.\"CustomerId\" = {{{index}}}";
        }

        var touchedSql = touched is { } between ? Touched(basis, buckets, between, parameters) : null;
        return (Statement(basis, floors.Count, only, touchedSql), parameters);
    }

    /// <summary>
    /// The statement; {0} is the date, {1} the end of that day (UTC), {2}… the bucket floors, then the customer (an item,
    /// the entries applied to it and its allocations all carry the customer, so each part is narrowed by its index).
    /// </summary>
    private static string Statement(AgingBasis basis, int floorCount, Func<string, string> only, string? touched)
    {
        var basisDate = BasisDate(basis, "o");
        var bucket = new StringBuilder("CASE");
        for (var i = 0; i < floorCount; i++)
        {
            bucket.Append(CultureInfo.InvariantCulture, $" WHEN {basisDate} >= {{{i + 2}}} THEN {i}");
        }

        bucket.Append(CultureInfo.InvariantCulture, $" ELSE {floorCount} END");
        var touchedOnly = touched is null ? "" : " AND e.\"Id\" IN (SELECT \"Id\" FROM touched)";
        return $$"""
            WITH {{(touched is null ? "" : $"touched (\"Id\") AS ({touched}),")}}
            items AS (
                SELECT e."Id", e."CustomerId", e."Currency", e."PostedOn", e."DueOn", e."AmountMinor"
                FROM ledger_entries e
                WHERE e."AppliesToId" IS NULL AND e."PostedOn" <= {0}{{only("e")}}{{touchedOnly}}
            ),
            applied AS (
                SELECT a."AppliesToId" AS "ItemId", a."AmountMinor" AS "Minor"
                FROM ledger_entries a JOIN items i ON i."Id" = a."AppliesToId"
                WHERE a."PostedOn" <= {0}{{only("a")}}
                UNION ALL
                SELECT a."AppliesToId", r."AmountMinor"
                FROM ledger_entries r
                JOIN ledger_entries a ON a."Id" = r."AppliesToId"
                JOIN items i ON i."Id" = a."AppliesToId"
                WHERE r."Kind" = 'Reversal' AND a."Kind" <> 'Reversal' AND r."PostedOn" <= {0} AND a."PostedOn" <= {0}{{only("r")}}
            ),
            live AS (
                SELECT al."CreditId", al."DebitId", al."AmountMinor"
                FROM allocations al
                JOIN ledger_entries c ON c."Id" = al."CreditId"
                JOIN ledger_entries d ON d."Id" = al."DebitId"
                WHERE al."AppliedOn" <= {0} AND c."PostedOn" <= {0} AND d."PostedOn" <= {0}{{only("al")}}
            ),
            moved AS (
                SELECT "CreditId" AS "ItemId", "AmountMinor" AS "Minor" FROM live
                UNION ALL
                SELECT "DebitId", "AmountMinor" FROM live
            ),
            applied_sum AS (SELECT "ItemId", SUM("Minor") AS "Minor" FROM applied GROUP BY "ItemId"),
            moved_sum AS (SELECT "ItemId", SUM("Minor") AS "Minor" FROM moved GROUP BY "ItemId"),
            opened AS (
                SELECT i."Id", i."CustomerId", i."Currency", i."PostedOn", i."DueOn",
                    i."AmountMinor" + COALESCE(ap."Minor", 0)
                        + CASE WHEN i."AmountMinor" >= 0 THEN -COALESCE(mv."Minor", 0) ELSE COALESCE(mv."Minor", 0) END AS "Open"
                FROM items i
                LEFT JOIN applied_sum ap ON ap."ItemId" = i."Id"
                LEFT JOIN moved_sum mv ON mv."ItemId" = i."Id"
            )
            SELECT x."CustomerId", x."Currency", x."Cell", CAST(SUM(x."Open") AS BIGINT) AS "Minor"
            FROM (
                SELECT o."CustomerId", o."Currency", o."Open",
                    CASE
                        WHEN o."Open" < 0 THEN -1
                        WHEN EXISTS (SELECT 1 FROM disputes d WHERE d."EntryId" = o."Id" AND d."OpenedAtUtc" < {1} AND (d."ResolvedAtUtc" IS NULL OR d."ResolvedAtUtc" >= {1})) THEN -2
                        ELSE {{bucket}}
                    END AS "Cell"
                FROM opened o
                WHERE o."Open" <> 0
            ) x
            GROUP BY x."CustomerId", x."Currency", x."Cell"
            """;
    }

    private static string BasisDate(AgingBasis basis, string alias) => basis switch
    {
        AgingBasis.Due => $"COALESCE({alias}.\"DueOn\", {alias}.\"PostedOn\")",
        AgingBasis.Document => $"{alias}.\"PostedOn\"",
    };

    /// <summary>
    /// The items whose part of the aging may differ between the end of <see cref="TouchedBetween.After"/> and the end of
    /// <see cref="TouchedBetween.Through"/> (a superset is harmless: it only costs work): items posted after the first
    /// date; items whose basis date lies in a bucket crossing (<see cref="Aging.BucketCrossings"/>); items with an entry
    /// applied to them, or the reversal of one, posted between; both sides of an allocation that became live between
    /// (applied, or one side posted, between); items whose dispute opened or was resolved between. Adds its parameters.
    /// </summary>
    private static string Touched(AgingBasis basis, BucketSet buckets, TouchedBetween between, List<object> parameters)
    {
        int Parameter(object value)
        {
            parameters.Add(value);
            return parameters.Count - 1;
        }

        var after = Parameter(between.After);
        var through = Parameter(between.Through);
        var endAfter = Parameter(between.After.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var endThrough = Parameter(between.Through.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var crossings = string.Concat(Aging.BucketCrossings(between.After, between.Through, buckets).Select(c =>
            $" OR ({BasisDate(basis, "t")} >= {{{Parameter(c.From)}}} AND {BasisDate(basis, "t")} < {{{Parameter(c.Until)}}})"));
        var posted = $"n.\"PostedOn\" > {{{after}}} AND n.\"PostedOn\" <= {{{through}}}";
        return $$"""
            SELECT t."Id" FROM ledger_entries t WHERE t."AppliesToId" IS NULL AND (t."PostedOn" > {{{after}}}{{crossings}})
            UNION SELECT n."AppliesToId" FROM ledger_entries n WHERE n."AppliesToId" IS NOT NULL AND {{posted}}
            UNION SELECT a."AppliesToId" FROM ledger_entries n JOIN ledger_entries a ON a."Id" = n."AppliesToId" WHERE n."AppliesToId" IS NOT NULL AND a."AppliesToId" IS NOT NULL AND {{posted}}
            UNION SELECT al."CreditId" FROM allocations al WHERE al."AppliedOn" > {{{after}}} AND al."AppliedOn" <= {{{through}}}
            UNION SELECT al."DebitId" FROM allocations al WHERE al."AppliedOn" > {{{after}}} AND al."AppliedOn" <= {{{through}}}
            UNION SELECT al."CreditId" FROM ledger_entries n JOIN allocations al ON al."DebitId" = n."Id" WHERE {{posted}}
            UNION SELECT al."DebitId" FROM ledger_entries n JOIN allocations al ON al."CreditId" = n."Id" WHERE {{posted}}
            UNION SELECT dp."EntryId" FROM disputes dp
                WHERE (dp."OpenedAtUtc" >= {{{endAfter}}} AND dp."OpenedAtUtc" < {{{endThrough}}}) OR (dp."ResolvedAtUtc" >= {{{endAfter}}} AND dp."ResolvedAtUtc" < {{{endThrough}}})
            """;
    }
}

/// <summary>Narrows an aging to the items touched after one date and through another (see <c>AgingSql.Touched</c>).</summary>
internal readonly record struct TouchedBetween(DateOnly After, DateOnly Through);
