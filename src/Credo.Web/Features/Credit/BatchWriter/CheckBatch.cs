using System.Globalization;
using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using CheckInBatch = (int Index, string OrderReference, string Number, Credo.Domain.Amounts.Money Amount, System.DateOnly? ShipOn);

namespace Credo.Web.Features.Credit;

/// <summary>
/// Decides a batch of checks against the <see cref="CreditBook"/> and persists all of it (reservations, their line
/// shares, the summed line increments, outbox events pointing at their reservation's decision) with statements kept
/// prepared (SQLite, <see cref="SqliteCheckStatements"/>) or <c>unnest</c> arrays (PostgreSQL) in the caller's single write
/// transaction. Reads happen only for what the book does not hold yet, a few batched queries per batch; the
/// idempotency look-up of the batch's order references is one indexed query. Checks it does not handle (orders
/// beyond the horizon) are handed back to run through <see cref="CheckCredit"/> after the commit.
/// </summary>
internal sealed class CheckBatch(DbConnection connection, DbTransaction transaction, CreditDb db, CreditBook book, CreditOptions options, SqliteCheckStatements? statements = null)
{
    private bool Postgres => db.Provider == DatabaseProvider.Postgres;

    internal sealed record Item(CreditCheckRequest Request, string Actor);

    /// <summary>An answer per item, or null for an item to run through the per-check path afterwards.</summary>
    public async Task<Result<CreditCheckAnswer>?[]> Run(IReadOnlyList<Item> items, CancellationToken ct)
    {
        var results = new Result<CreditCheckAnswer>?[items.Count];
        var asOf = db.Today();
        var now = db.UtcNow;
        var valid = Validated(items, results, asOf);
        var known = await KnownCustomers(items, valid, results, ct);
        var existing = await Existing(known.Select(v => v.OrderReference).Distinct().ToList(), ct);
        var checksOverdue = await LoadBook(known, asOf, ct);
        var (rows, echoes) = await Decide(items, known, existing, checksOverdue, asOf, results, ct);
        await Write(rows, echoes, results, asOf, now, ct);
        return results;
    }

    /// <summary>The valid checks whose customer exists (loaded into the book); the others are refused in <paramref name="results"/>.</summary>
    private async Task<List<CheckInBatch>> KnownCustomers(IReadOnlyList<Item> items, List<CheckInBatch> valid, Result<CreditCheckAnswer>?[] results, CancellationToken ct)
    {
        if (Postgres)
        {
            // Before any path is read: a line created concurrently is then either seen here or sees this batch.
            await db.GuardLineSet(creatingLine: false, ct);
        }

        await LoadCustomers(valid.Select(v => v.Number), ct);
        var known = valid.Where(v => book.Customers.ContainsKey(v.Number)).ToList();
        foreach (var v in valid.Where(v => !book.Customers.ContainsKey(v.Number)))
        {
            results[v.Index] = Result<CreditCheckAnswer>.Fail(CreditCheckRules.NoCustomer(items[v.Index].Request.Customer));
        }

        return known;
    }

    /// <summary>Loads what the book lacks for these checks: paths (locked and re-read on PostgreSQL), block rules, and open debits when a rule looks at overdue. True when one does.</summary>
    private async Task<bool> LoadBook(List<CheckInBatch> known, DateOnly asOf, CancellationToken ct)
    {
        await LoadPaths([.. known.Select(v => book.Customers[v.Number]).DistinctBy(c => c.Id)], ct);
        if (Postgres)
        {
            await LockAndReread([.. known.SelectMany(v => book.Paths[book.Customers[v.Number].Id]).Select(p => p.Line.Id).Distinct()], ct);
        }

        book.Rules ??= await db.CreditBlockRules.AsNoTracking().Where(r => r.Enabled).Select(r => r.ToRule()).ToListAsync(ct);
        var checksOverdue = book.Rules.Any(r => r.Kind == BlockRuleKind.Overdue);
        if (checksOverdue)
        {
            await LoadDebits([.. known.Select(v => book.Customers[v.Number].Id).Distinct()], asOf, ct);
        }

        return checksOverdue;
    }

    /// <summary>
    /// Decides each check in order against the book: a stored order is replayed, a twin in the batch echoes its
    /// first (or is refused), a new order is decided and its shares added to the book's lines at once.
    /// </summary>
    private async Task<(List<Row> Rows, List<(int Index, Row First)> Echoes)> Decide(
        IReadOnlyList<Item> items, List<CheckInBatch> known, Dictionary<string, CreditReservation> existing, bool checksOverdue, DateOnly asOf, Result<CreditCheckAnswer>?[] results, CancellationToken ct)
    {
        var rows = new List<Row>();
        var firsts = new Dictionary<string, Row>(StringComparer.Ordinal);
        var echoes = new List<(int Index, Row First)>();
        foreach (var v in known)
        {
            var customer = book.Customers[v.Number];
            if (existing.TryGetValue(v.OrderReference, out var stored))
            {
                results[v.Index] = CreditCheckRules.Replay(stored, customer.Id, v.Amount, v.OrderReference);
                continue;
            }

            if (firsts.TryGetValue(v.OrderReference, out var first))
            {
                Twin(in v, customer.Id, first, results, echoes);
                continue;
            }

            var path = book.Paths[customer.Id];
            var debits = checksOverdue ? book.Debits[customer.Id] : [];
            var rates = await Rates(path, v.Amount, book.Rules!, debits, ct);
            var row = NewRow(in v, items[v.Index].Actor, customer, path, debits, rates, asOf);
            rows.Add(row);
            firsts[v.OrderReference] = row;
        }

        return (rows, echoes);
    }

    /// <summary>The same order twice in one batch: the first decides; the twin gets its answer once it has an id.</summary>
    private static void Twin(in CheckInBatch v, long customerId, Row first, Result<CreditCheckAnswer>?[] results, List<(int Index, Row First)> echoes)
    {
        if (CreditCheckRules.IsSameOrder(first.CustomerId, first.Amount.Minor, first.Amount.Currency.Code, customerId, v.Amount))
        {
            echoes.Add((v.Index, first));
        }
        else
        {
            results[v.Index] = Result<CreditCheckAnswer>.Fail(CreditCheckRules.Reused(v.OrderReference));
        }
    }

    /// <summary>A new order decided (<see cref="CheckCredit.Decide"/>); an approval's shares are reserved on the book's lines at once.</summary>
    private Row NewRow(in CheckInBatch v, string actor, CustomerFacts customer, List<PathLine> path, List<OpenDebit> debits, RateTable rates, DateOnly asOf)
    {
        var (decision, requested) = CheckCredit.Decide(path, book.Lines, book.Rules!, debits, rates, asOf, customer, v.Amount, options.Counted);
        var state = ReservationLifecycle.Checked(decision.IsApproved);
        var answer = CreditCheckAnswer.From(v.OrderReference, customer.Number, decision, null, state);
        var row = new Row(v.Index, v.OrderReference, customer.Id, v.Amount, v.ShipOn, state, answer, answer.ToJson(), actor, decision.IsApproved ? requested : []);
        foreach (var (lineId, amountMinor) in row.Shares)
        {
            book.Lines[lineId].ReservedMinor += amountMinor;
        }

        return row;
    }

    /// <summary>Writes the decided rows and the summed line increments, then gives each row (and its twins) its answer with its id.</summary>
    private async Task Write(List<Row> rows, List<(int Index, Row First)> echoes, Result<CreditCheckAnswer>?[] results, DateOnly asOf, DateTime now, CancellationToken ct)
    {
        var increments = rows.SelectMany(r => r.Shares).GroupBy(s => s.LineId).Select(g => (LineId: g.Key, Delta: g.Sum(s => s.AmountMinor)))
            .Where(d => d.Delta != 0).OrderBy(d => d.LineId).ToList();
        var ids = Postgres
            ? await PostgresWrites.Write(connection, transaction, rows, increments, asOf, options.ReservationDays, now, ct)
            : SqliteWrites.Write(statements ?? throw new InvalidOperationException("The SQLite writer has no statements."), rows, increments, asOf, options.ReservationDays, now);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Id = ids[i];
            results[rows[i].Index] = rows[i].Given;
        }

        foreach (var (index, first) in echoes)
        {
            results[index] = first.Given;
        }
    }

    /// <summary>
    /// The batch's requests by <see cref="CreditCheckRules"/>: refusals go straight into <paramref name="results"/>,
    /// orders beyond the horizon are left for the per-check path (null), the rest are returned to be decided.
    /// </summary>
    private List<CheckInBatch> Validated(IReadOnlyList<Item> items, Result<CreditCheckAnswer>?[] results, DateOnly asOf)
    {
        var valid = new List<CheckInBatch>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var check = CreditCheckRules.Validate(items[i].Request);
            if (!check.IsOk)
            {
                results[i] = check.Error!;
                continue;
            }

            var (orderReference, number, amount, shipOn) = check.Value!;
            if (CreditCheckRules.BeyondHorizon(options, shipOn, asOf))
            {
                continue; // scheduled: the per-check path records it
            }

            valid.Add((i, orderReference, number, amount, shipOn));
        }

        return valid;
    }

    /// <summary>
    /// PostgreSQL, where other instances may write the same lines: the batch's lines locked in ascending id order
    /// (as every other writer locks them), then their values read again under the locks into the book's objects.
    /// </summary>
    private async Task LockAndReread(List<long> lineIds, CancellationToken ct)
    {
        if (lineIds.Count == 0)
        {
            return;
        }

        await db.LockLines(lineIds, ct);
        foreach (var (id, fresh) in await db.Reread(lineIds, ct))
        {
            var line = book.Lines[id];
            line.LimitMinor = fresh.LimitMinor;
            line.TempIncreaseMinor = fresh.TempIncreaseMinor;
            line.TempIncreaseExpiresOn = fresh.TempIncreaseExpiresOn;
            line.ReviewOn = fresh.ReviewOn;
            line.ExpiresOn = fresh.ExpiresOn;
            line.Currency = fresh.Currency;
            line.ReservedMinor = fresh.ReservedMinor;
            line.ShippedMinor = fresh.ShippedMinor;
            line.ReceivableMinor = fresh.ReceivableMinor;
        }
    }

    /// <summary>
    /// The batch's order references already checked. On SQLite a prepared probe of the unique index finds them first
    /// (replays are rare, so most batches stop there, without a trip through EF's query pipeline: a third of a
    /// millisecond per batch); only the hits are then read whole through the model.
    /// </summary>
    private async Task<Dictionary<string, CreditReservation>> Existing(List<string> orderReferences, CancellationToken ct)
    {
        if (orderReferences.Count > 0 && !Postgres)
        {
            orderReferences = await ExistingReferences(orderReferences, ct);
        }

        return orderReferences.Count == 0
            ? []
            : await db.CreditReservations.AsNoTracking().Where(r => orderReferences.Contains(r.OrderReference)).ToDictionaryAsync(r => r.OrderReference, StringComparer.Ordinal, ct);
    }

    private async Task<List<string>> ExistingReferences(List<string> orderReferences, CancellationToken ct)
    {
        using var probe = connection.CreateCommand();
        probe.Transaction = transaction;
        probe.CommandText = "SELECT \"OrderReference\" FROM credit_reservations WHERE \"OrderReference\" IN (SELECT value FROM json_each(@refs))";
        var refs = probe.CreateParameter();
        refs.ParameterName = "refs";
        refs.Value = JsonSerializer.Serialize(orderReferences);
        probe.Parameters.Add(refs);
        var hits = new List<string>();
        await using var reader = await probe.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hits.Add(reader.GetString(0));
        }

        return hits;
    }

    private async Task LoadCustomers(IEnumerable<string> numbers, CancellationToken ct)
    {
        var missing = numbers.Where(n => !book.Customers.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var found = await db.Customers.AsNoTracking().Where(c => missing.Contains(c.Number))
            .Select(c => new CustomerFacts(c.Id, c.Number, c.Status, c.GroupId, c.Currency)).ToListAsync(ct);
        foreach (var c in found)
        {
            book.Customers[c.Number] = c;
        }
    }

    /// <summary>Paths of the customers the book has none for: the group tree, their segments and the lines, in three queries.</summary>
    private async Task LoadPaths(List<CustomerFacts> customers, CancellationToken ct)
    {
        var missing = customers.Where(c => !book.Paths.ContainsKey(c.Id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // The groups above these customers, a level per query (only those not known yet).
        book.Groups ??= [];
        var wanted = missing.Select(c => c.GroupId).OfType<long>().Where(id => !book.Groups.ContainsKey(id)).Distinct().ToList();
        while (wanted.Count > 0)
        {
            var found = await db.Groups.AsNoTracking().Where(g => wanted.Contains(g.Id)).Select(g => new { g.Id, g.ParentId, g.Code }).ToListAsync(ct);
            foreach (var g in found)
            {
                book.Groups[g.Id] = (g.ParentId, g.Code);
            }

            wanted = [.. found.Select(g => g.ParentId).OfType<long>().Where(id => !book.Groups.ContainsKey(id)).Distinct()];
        }

        var ids = missing.Select(c => c.Id).ToList();
        var segments = await db.CustomerSegments.AsNoTracking().Where(cs => ids.Contains(cs.CustomerId))
            .Select(cs => new CreditPaths.SegmentOf(cs.CustomerId, cs.SegmentId, cs.Segment!.Dimension, cs.Segment.Code)).ToListAsync(ct);
        var groupPaths = missing.ToDictionary(c => c.Id, c => GroupPath(c.GroupId));
        var groupIds = groupPaths.Values.SelectMany(g => g.Select(x => x.Id)).Distinct().ToList();
        var segmentIds = segments.Select(s => s.SegmentId).Distinct().ToList();
        var lines = await db.CreditLines.AsNoTracking()
            .Where(l => (l.Level == LimitLevel.Customer && ids.Contains(l.SubjectId))
                || (l.Level == LimitLevel.Group && groupIds.Contains(l.SubjectId))
                || (l.Level == LimitLevel.Segment && segmentIds.Contains(l.SubjectId))
                || l.Level == LimitLevel.Portfolio)
            .ToListAsync(ct);

        // One object per line, shared by every path that holds it, so an approval moves them all.
        var shared = lines.Select(l => book.Lines.TryGetValue(l.Id, out var held) ? held : book.Lines[l.Id] = l).ToList();
        var byCustomer = shared.Where(l => l.Level == LimitLevel.Customer).ToLookup(l => l.SubjectId);
        var others = shared.Where(l => l.Level != LimitLevel.Customer).ToList();
        var segmentsOf = segments.ToLookup(s => s.CustomerId);
        book.PathsLoaded += missing.Count;
        foreach (var c in missing)
        {
            book.Paths[c.Id] = CreditPaths.BuildPath(c, groupPaths[c.Id], segmentsOf[c.Id], [.. byCustomer[c.Id], .. others]);
        }
    }

    private List<(long Id, string Code)> GroupPath(long? groupId)
    {
        var path = new List<(long, string)>();
        var seen = new HashSet<long>();
        while (groupId is { } id && seen.Add(id) && book.Groups!.TryGetValue(id, out var g))
        {
            path.Add((id, g.Code));
            groupId = g.ParentId;
        }

        return path;
    }

    /// <summary>Overdue open items of the customers the book has none for, summed by due date and currency, in one query (the partial index).</summary>
    private async Task LoadDebits(List<long> customerIds, DateOnly asOf, CancellationToken ct)
    {
        var missing = customerIds.Where(id => !book.Debits.ContainsKey(id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var rows = await db.Entries.AsNoTracking()
            .Where(e => missing.Contains(e.CustomerId) && e.OpenMinor > 0 && e.DueOn != null && e.DueOn < asOf && !(options.OverdueLeavesOutDisputed && e.Disputed))
            .GroupBy(e => new { e.CustomerId, e.DueOn, e.Currency })
            .Select(g => new { g.Key.CustomerId, g.Key.DueOn, g.Key.Currency, Open = g.Sum(e => e.OpenMinor) })
            .ToListAsync(ct);
        var byCustomer = rows.ToLookup(r => r.CustomerId);
        foreach (var id in missing)
        {
            book.Debits[id] = [.. byCustomer[id].Select(r => new OpenDebit(r.DueOn!.Value, new Money(r.Open, Currency.Of(r.Currency))))];
        }
    }

    private async Task<RateTable> Rates(List<PathLine> path, Money amount, List<BlockRule> rules, List<OpenDebit> debits, CancellationToken ct)
    {
        if (path.All(p => p.Line.Currency == amount.Currency.Code) && rules.All(r => r.Currency is null || r.Currency == amount.Currency.Code) && debits.All(d => d.Open.Currency == amount.Currency))
        {
            return RateTable.Empty; // one currency: what CreditPaths.Rates returns for fewer than two codes
        }

        var currencies = path.Select(p => p.Line.Currency).Append(amount.Currency.Code)
            .Concat(rules.Where(r => r.Currency is not null).Select(r => r.Currency!))
            .Concat(debits.Select(d => d.Open.Currency.Code))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var key = string.Join(',', currencies);
        if (!book.Rates.TryGetValue(key, out var rates))
        {
            book.Rates[key] = rates = await db.Rates(currencies, ct);
        }

        return rates;
    }

    /// <summary>One decided check of the batch, with the id its reservation gets when written.</summary>
    internal sealed record Row(int Index, string OrderReference, long CustomerId, Money Amount, DateOnly? ShipOn, ReservationState State, CreditCheckAnswer Answer, string Json, string Actor, List<(long LineId, long AmountMinor)> Shares)
    {
        public long Id { get; set; }

        public string Topic => CreditCheckRules.DecisionTopic(State == ReservationState.Active);

        public CreditCheckAnswer Given => Answer with { ReservationId = State == ReservationState.Active ? Id : null };
    }

    /// <summary>SQLite (in-process, no round trips): the writer's four statements, kept prepared, bound by position per row.</summary>
    private static class SqliteWrites
    {
        public static long[] Write(SqliteCheckStatements statements, List<Row> rows, List<(long LineId, long Delta)> increments, DateOnly asOf, int reservationDays, DateTime now)
        {
            var stamp = now.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
            var checkedOn = Date(asOf);
            var expiresOn = Date(asOf.AddDays(reservationDays));
            var ids = new long[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                ids[i] = statements.Reservation(row.OrderReference, row.CustomerId, row.Amount.Minor, row.Amount.Currency.Code, row.ShipOn is { } s ? Date(s) : null,
                    checkedOn, expiresOn, row.State.ToString(), row.Json, stamp, row.Actor);
                foreach (var (lineId, amountMinor) in row.Shares)
                {
                    statements.Share(ids[i], lineId, amountMinor);
                }

                statements.Event(row.Topic, ids[i], stamp);
            }

            // Atomic increments, as everywhere else (SET x = x + delta), in ascending id order.
            foreach (var (lineId, delta) in increments)
            {
                if (statements.Reserve(lineId, delta) != 1)
                {
                    throw new InvalidOperationException($"Credit line {lineId} vanished under the check writer.");
                }
            }

            return ids;
        }

        // The text form EF Core's SQLite provider stores, so EF reads these rows back unchanged.
        private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// PostgreSQL (a round trip per statement): four statements per batch, whatever its size, each row set passed as
    /// arrays and expanded with <c>unnest</c>. The line increments run after every line of the batch is locked in
    /// ascending id order, so one multi-row UPDATE cannot deadlock.
    /// </summary>
    private static class PostgresWrites
    {
        public static async Task<long[]> Write(DbConnection connection, DbTransaction transaction, List<Row> rows, List<(long LineId, long Delta)> increments, DateOnly asOf, int reservationDays, DateTime now, CancellationToken ct)
        {
            if (rows.Count == 0)
            {
                return [];
            }

            var utc = DateTime.SpecifyKind(now, DateTimeKind.Utc);
            var ids = new long[rows.Count];
            await using (var insert = Command(connection, transaction,
                "INSERT INTO credit_reservations (\"OrderReference\", \"CustomerId\", \"AmountMinor\", \"Currency\", \"ShipOn\", \"CheckedOn\", \"ExpiresOn\", \"State\", \"DecisionJson\", \"CreatedAtUtc\", \"UpdatedAtUtc\", \"CreatedBy\") " +
                "SELECT r, c, a, cur, ship, @checked, @expires, st, j, @now, @now, by FROM unnest(@refs, @customers, @amounts, @currencies, @ships, @states, @jsons, @actors) " +
                "WITH ORDINALITY AS u(r, c, a, cur, ship, st, j, by, n) ORDER BY n RETURNING \"Id\", \"OrderReference\"",
                ("checked", asOf), ("expires", asOf.AddDays(reservationDays)), ("now", utc),
                ("refs", rows.Select(r => r.OrderReference).ToArray()), ("customers", rows.Select(r => r.CustomerId).ToArray()),
                ("amounts", rows.Select(r => r.Amount.Minor).ToArray()), ("currencies", rows.Select(r => r.Amount.Currency.Code).ToArray()),
                ("ships", rows.Select(r => r.ShipOn).ToArray()), ("states", rows.Select(r => r.State.ToString()).ToArray()),
                ("jsons", rows.Select(r => r.Json).ToArray()), ("actors", rows.Select(r => r.Actor).ToArray())))
            {
                var byReference = rows.Select((r, i) => (r.OrderReference, i)).ToDictionary(x => x.OrderReference, x => x.i, StringComparer.Ordinal);
                await using var reader = await insert.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ids[byReference[reader.GetString(1)]] = reader.GetInt64(0);
                }
            }

            var shares = rows.SelectMany((r, i) => r.Shares.Select(s => (ReservationId: ids[i], s.LineId, s.AmountMinor))).ToList();
            if (shares.Count > 0)
            {
                await using var insert = Command(connection, transaction,
                    "INSERT INTO credit_reservation_lines (\"ReservationId\", \"LineId\", \"AmountMinor\") SELECT * FROM unnest(@reservations, @lines, @amounts)",
                    ("reservations", shares.Select(s => s.ReservationId).ToArray()), ("lines", shares.Select(s => s.LineId).ToArray()), ("amounts", shares.Select(s => s.AmountMinor).ToArray()));
                await insert.ExecuteNonQueryAsync(ct);
            }

            await using (var outbox = Command(connection, transaction,
                "INSERT INTO outbox_messages (\"Topic\", \"PayloadJson\", \"DecisionOf\", \"CreatedAtUtc\", \"Attempts\") SELECT t, '', d, @now, 0 FROM unnest(@topics, @decisions) WITH ORDINALITY AS u(t, d, n) ORDER BY n",
                ("now", utc), ("topics", rows.Select(r => r.Topic).ToArray()), ("decisions", ids)))
            {
                await outbox.ExecuteNonQueryAsync(ct);
            }

            if (increments.Count > 0)
            {
                await using var update = Command(connection, transaction,
                    "UPDATE credit_lines l SET \"ReservedMinor\" = l.\"ReservedMinor\" + d.delta FROM unnest(@ids, @deltas) AS d(id, delta) WHERE l.\"Id\" = d.id",
                    ("ids", increments.Select(d => d.LineId).ToArray()), ("deltas", increments.Select(d => d.Delta).ToArray()));
                if (await update.ExecuteNonQueryAsync(ct) != increments.Count)
                {
                    throw new InvalidOperationException("A credit line vanished under the check writer.");
                }
            }

            return ids;
        }

        private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            return command;
        }
    }
}
