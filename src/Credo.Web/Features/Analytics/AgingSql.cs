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

    public static async Task<IReadOnlyList<AgedSum>> Sums(CreditDb db, DateOnly asOf, AgingBasis basis, BucketSet buckets, long? customerId, CancellationToken ct)
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

        var sql = Statement(basis, floors.Count, only);
        var rows = await db.Database.SqlQueryRaw<SumRow>(sql, [.. parameters]).ToListAsync(ct);
        return
        [
            .. rows.Where(r => r.Minor != 0).Select(r => r.Cell switch
            {
                -1 => new AgedSum(r.CustomerId, r.Currency, AgedCell.Unapplied, 0, r.Minor),
                -2 => new AgedSum(r.CustomerId, r.Currency, AgedCell.Disputed, 0, r.Minor),
                var bucket => new AgedSum(r.CustomerId, r.Currency, AgedCell.Bucket, bucket, r.Minor),
            }),
        ];
    }

    /// <summary>
    /// The statement; {0} is the date, {1} the end of that day (UTC), {2}… the bucket floors, then the customer (an item,
    /// the entries applied to it and its allocations all carry the customer, so each part is narrowed by its index).
    /// </summary>
    private static string Statement(AgingBasis basis, int floorCount, Func<string, string> only)
    {
        var basisDate = basis switch
        {
            AgingBasis.Due => "COALESCE(o.\"DueOn\", o.\"PostedOn\")",
            AgingBasis.Document => "o.\"PostedOn\"",
        };
        var bucket = new StringBuilder("CASE");
        for (var i = 0; i < floorCount; i++)
        {
            bucket.Append(CultureInfo.InvariantCulture, $" WHEN {basisDate} >= {{{i + 2}}} THEN {i}");
        }

        bucket.Append(CultureInfo.InvariantCulture, $" ELSE {floorCount} END");
        return $$"""
            WITH items AS (
                SELECT e."Id", e."CustomerId", e."Currency", e."PostedOn", e."DueOn", e."AmountMinor"
                FROM ledger_entries e
                WHERE e."AppliesToId" IS NULL AND e."PostedOn" <= {0}{{only("e")}}
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
}
