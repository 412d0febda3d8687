using Credo.Domain.Credit;
using Credo.Domain.Customers;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>A credit line on a customer's path, with the key people know it by.</summary>
internal sealed record PathLine(CreditLine Line, string Key);

internal sealed record CustomerFacts(long Id, string Number, CustomerStatus Status, long? GroupId, string Currency);

/// <summary>
/// Reading a customer's path (customer, each ancestor group, each of its segments, the portfolio), locking its
/// lines, and moving the exposure cache. Shared by every credit use case and by the receivables hook.
/// </summary>
internal static class CreditPaths
{
    public const string PortfolioKey = "portfolio";

    public static Task<CustomerFacts?> Customer(this CreditDb db, string number, CancellationToken ct) =>
        db.Customers.AsNoTracking().Where(c => c.Number == number)
            .Select(c => new CustomerFacts(c.Id, c.Number, c.Status, c.GroupId, c.Currency)).SingleOrDefaultAsync(ct);

    public static Task<CustomerFacts?> Customer(this CreditDb db, long id, CancellationToken ct) =>
        db.Customers.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new CustomerFacts(c.Id, c.Number, c.Status, c.GroupId, c.Currency)).SingleOrDefaultAsync(ct);

    /// <summary>The lines on the customer's path, in path order. Levels without a line impose no ceiling and are left out.</summary>
    public static async Task<List<PathLine>> LinesFor(this CreditDb db, CustomerFacts customer, CancellationToken ct)
    {
        var groups = await db.GroupPath(customer.GroupId, ct);
        var segments = await db.CustomerSegments.AsNoTracking().Where(cs => cs.CustomerId == customer.Id)
            .Select(cs => new SegmentOf(cs.CustomerId, cs.SegmentId, cs.Segment!.Dimension, cs.Segment.Code)).ToListAsync(ct);
        var groupIds = groups.Select(g => g.Id).ToList();
        var segmentIds = segments.Select(s => s.SegmentId).ToList();
        var lines = await db.CreditLines.AsNoTracking()
            .Where(l => (l.Level == LimitLevel.Customer && l.SubjectId == customer.Id)
                || (l.Level == LimitLevel.Group && groupIds.Contains(l.SubjectId))
                || (l.Level == LimitLevel.Segment && segmentIds.Contains(l.SubjectId))
                || l.Level == LimitLevel.Portfolio)
            .ToListAsync(ct);
        return BuildPath(customer, [.. groups.Select(g => (g.Id, g.Code))], segments, lines);
    }

    /// <summary>A customer's membership of a segment, with the segment's dimension and code.</summary>
    internal sealed record SegmentOf(long CustomerId, long SegmentId, string Dimension, string Code);

    /// <summary>
    /// The path in its fixed order: customer, groups from the nearest up, segments by dimension and code, portfolio.
    /// <paramref name="lines"/> may hold more lines than the path's; only the path's are taken.
    /// </summary>
    internal static List<PathLine> BuildPath(CustomerFacts customer, IReadOnlyList<(long Id, string Code)> groups, IEnumerable<SegmentOf> segments, IReadOnlyCollection<CreditLine> lines)
    {
        var path = new List<PathLine>();
        path.AddRange(lines.Where(l => l.Level == LimitLevel.Customer && l.SubjectId == customer.Id).Select(l => new PathLine(l, customer.Number)));
        foreach (var g in groups)
        {
            path.AddRange(lines.Where(l => l.Level == LimitLevel.Group && l.SubjectId == g.Id).Select(l => new PathLine(l, g.Code)));
        }

        foreach (var s in segments.Where(s => s.CustomerId == customer.Id).OrderBy(s => s.Dimension).ThenBy(s => s.Code))
        {
            path.AddRange(lines.Where(l => l.Level == LimitLevel.Segment && l.SubjectId == s.SegmentId).Select(l => new PathLine(l, $"{s.Dimension}:{s.Code}")));
        }

        path.AddRange(lines.Where(l => l.Level == LimitLevel.Portfolio).Select(l => new PathLine(l, PortfolioKey)));
        return path;
    }

    /// <summary>A customer's open debit items due before <paramref name="asOf"/>, summed by due date and currency (a seek on the partial index).</summary>
    /// <param name="leaveOutDisputed">Issue 14 §4: <see cref="CreditOptions.OverdueLeavesOutDisputed"/>.</param>
    public static async Task<List<OpenDebit>> OpenDebits(this CreditDb db, long customerId, DateOnly asOf, CancellationToken ct, bool leaveOutDisputed = false)
    {
        var rows = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.OpenMinor > 0 && e.DueOn != null && e.DueOn < asOf && !(leaveOutDisputed && e.Disputed))
            .GroupBy(e => new { e.DueOn, e.Currency })
            .Select(g => new { g.Key.DueOn, g.Key.Currency, Open = g.Sum(e => e.OpenMinor) })
            .ToListAsync(ct);
        return [.. rows.Select(r => new OpenDebit(r.DueOn!.Value, new Credo.Domain.Amounts.Money(r.Open, Credo.Domain.Amounts.Currency.Of(r.Currency))))];
    }

    /// <summary>
    /// Takes the write locks on the lines, always in ascending id order so that two transactions never wait on
    /// each other in a cycle. On PostgreSQL that is <c>SELECT ... FOR UPDATE</c>; on SQLite the transaction is
    /// already <c>BEGIN IMMEDIATE</c>, which serialises writers, so there is nothing more to take.
    /// </summary>
    public static async Task LockLines(this CreditDb db, IEnumerable<long> lineIds, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var ids = lineIds.Distinct().Order().ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM credit_lines WHERE \"Id\" = ANY({ids}) ORDER BY \"Id\" FOR UPDATE", ct);
    }

    /// <summary>
    /// Makes the set of lines and a change of exposure mutually exclusive without serialising checks: every
    /// transaction that moves exposure takes <c>ROW EXCLUSIVE</c> on credit_lines (compatible with itself), and
    /// creating a line takes <c>SHARE ROW EXCLUSIVE</c> (<paramref name="creatingLine"/>), which conflicts with it. So
    /// a new line either sees a check's reservation or the check sees the new line (PostgreSQL; SQLite's
    /// <c>BEGIN IMMEDIATE</c> already serialises all of them).
    /// </summary>
    public static async Task GuardLineSet(this CreditDb db, bool creatingLine, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync(creatingLine ? "LOCK TABLE credit_lines IN SHARE ROW EXCLUSIVE MODE" : "LOCK TABLE credit_lines IN ROW EXCLUSIVE MODE", ct);
        }
    }

    /// <summary>Lines are never deleted, so the highest id changes exactly when a line is added.</summary>
    public static async Task<long> LinesVersion(this CreditDb db, CancellationToken ct) =>
        await db.CreditLines.MaxAsync(l => (long?)l.Id, ct) ?? 0;

    /// <summary>Fresh values of the lines (read after the lock), by id.</summary>
    public static async Task<Dictionary<long, CreditLine>> Reread(this CreditDb db, IEnumerable<long> lineIds, CancellationToken ct)
    {
        var ids = lineIds.Distinct().ToList();
        return ids.Count == 0 ? [] : await db.CreditLines.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
    }

    /// <summary>Atomic increments of the reserved cache, in ascending id order.</summary>
    public static Task AddReserved(this CreditDb db, IEnumerable<(long LineId, long DeltaMinor)> deltas, CancellationToken ct) =>
        db.Increment("ReservedMinor", deltas, ct);

    /// <summary>Atomic increments of the shipped-not-invoiced cache, in ascending id order.</summary>
    public static Task AddShipped(this CreditDb db, IEnumerable<(long LineId, long DeltaMinor)> deltas, CancellationToken ct) =>
        db.Increment("ShippedMinor", deltas, ct);

    /// <summary>
    /// Adds reservation shares to the cache that keeps reservations in <paramref name="state"/>: active ones to the
    /// order cache, shipped ones to the shipped cache; other states keep nothing.
    /// </summary>
    public static Task AddShares(this CreditDb db, ReservationState state, IEnumerable<(long LineId, long DeltaMinor)> deltas, CancellationToken ct) => state switch
    {
        ReservationState.Active => db.AddReserved(deltas, ct),
        ReservationState.Shipped => db.AddShipped(deltas, ct),
        ReservationState.Held or ReservationState.Posted or ReservationState.Voided or ReservationState.Expired or ReservationState.Rejected
            or ReservationState.Scheduled or ReservationState.Prepayment => Task.CompletedTask,
    };

    /// <summary>Atomic increments of the receivable cache, in ascending id order.</summary>
    public static Task AddReceivable(this CreditDb db, IEnumerable<(long LineId, long DeltaMinor)> deltas, CancellationToken ct) =>
        db.Increment("ReceivableMinor", deltas, ct);

    /// <summary>
    /// <c>SET column = column + delta</c>, never read-modify-write. On PostgreSQL one statement per row in ascending
    /// id order (a multi-row UPDATE locks rows in scan order, which could deadlock with another path's update); on
    /// SQLite, where the transaction already holds the only write lock, one statement for all rows.
    /// </summary>
    private static async Task Increment(this CreditDb db, string column, IEnumerable<(long LineId, long DeltaMinor)> deltas, CancellationToken ct)
    {
        var summed = deltas.GroupBy(d => d.LineId).Select(g => (LineId: g.Key, Delta: g.Sum(d => d.DeltaMinor))).Where(d => d.Delta != 0).OrderBy(d => d.LineId).ToList();
        if (summed.Count == 0)
        {
            return;
        }

        if (db.Provider == DatabaseProvider.Postgres || summed.Count == 1)
        {
            foreach (var (lineId, delta) in summed)
            {
                // column is one of the constants above; values are parameters.
                var one = "UPDATE credit_lines SET \"" + column + "\" = \"" + column + "\" + {0} WHERE \"Id\" = {1}";
                await db.Database.ExecuteSqlRawAsync(one, [delta, lineId], ct);
            }

            return;
        }

        var cases = new System.Text.StringBuilder();
        var parameters = new List<object>();
        foreach (var (lineId, delta) in summed)
        {
            cases.Append(System.Globalization.CultureInfo.InvariantCulture, $" WHEN {{{parameters.Count}}} THEN {{{parameters.Count + 1}}}");
            parameters.Add(lineId);
            parameters.Add(delta);
        }

        var ids = string.Join(',', summed.Select((_, i) => $"{{{i * 2}}}"));
        var all = "UPDATE credit_lines SET \"" + column + "\" = \"" + column + "\" + CASE \"Id\"" + cases + " END WHERE \"Id\" IN (" + ids + ")";
        await db.Database.ExecuteSqlRawAsync(all, parameters, ct);
    }

    /// <summary>A reservation's shares of its lines, in one statement.</summary>
    public static async Task AddReservationLines(this CreditDb db, long reservationId, IReadOnlyList<(long LineId, long AmountMinor)> shares, CancellationToken ct)
    {
        if (shares.Count == 0)
        {
            return;
        }

        var parameters = new List<object> { reservationId };
        var rows = new List<string>();
        foreach (var (lineId, amount) in shares)
        {
            rows.Add($"({{0}}, {{{parameters.Count}}}, {{{parameters.Count + 1}}})");
            parameters.Add(lineId);
            parameters.Add(amount);
        }

        // Only placeholders are concatenated; every value is a parameter.
        var sql = "INSERT INTO credit_reservation_lines (\"ReservationId\", \"LineId\", \"AmountMinor\") VALUES " + string.Join(", ", rows);
        await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
    }

    // RatesInEffect and Rates moved to Data/Queries.cs (shared with Analytics).

    public static string Slug(this LimitLevel level) => level switch
    {
        LimitLevel.Customer => "customer",
        LimitLevel.Group => "group",
        LimitLevel.Segment => "segment",
        LimitLevel.Portfolio => "portfolio",
    };

    /// <summary>
    /// The states whose reservation lines are kept in the exposure cache: approved orders (the order cache) and
    /// shipped, not yet invoiced ones (the shipped cache). Which of them count is <see cref="CreditOptions.Exposure"/>.
    /// </summary>
    public static readonly ReservationState[] Counted = [.. ReservationLifecycle.States.Where(ReservationLifecycle.KeepsShares)];

    public static string Slug(this ReservationState state) => state switch
    {
        ReservationState.Held => "held",
        ReservationState.Active => "active",
        ReservationState.Posted => "posted",
        ReservationState.Voided => "voided",
        ReservationState.Expired => "expired",
        ReservationState.Rejected => "rejected",
        ReservationState.Prepayment => "prepayment",
        ReservationState.Scheduled => "scheduled",
        ReservationState.Shipped => "shipped",
    };
}
