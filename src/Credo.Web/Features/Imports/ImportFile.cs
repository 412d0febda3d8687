using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Imports;

/// <summary>What to import: the content as a stream (never loaded whole), how to read it, and the mode.</summary>
internal sealed record ImportRequest(ImportKind Kind, Stream Content, string FileName, long BytesTotal, ColumnMapping Mapping, string? MappingName, bool Partial)
{
    /// <summary>Called once the batch row exists (background runs hand its id to the poller).</summary>
    public Action<long>? OnBatchCreated { get; init; }
}

/// <summary>The outcome of an import, as the API, CLI and UI show it.</summary>
internal sealed record ImportReport(
    long BatchId,
    string Kind,
    ImportStatus Status,
    long RowsRead,
    long RowsAdded,
    long RowsUnchanged,
    long RowsRejected,
    long Conflicts,
    long BytesRead,
    long BytesTotal,
    IReadOnlyList<RowError> Errors,
    string? FileName,
    string? FileSha256,
    DateTime StartedAtUtc,
    DateTime? FinishedAtUtc)
{
    /// <summary>Every problem found (<see cref="Errors"/> lists the first <see cref="ImportFile.MaxReportedErrors"/>; the CSV has them all).</summary>
    public long ErrorCount { get; init; }

    /// <summary>The problems grouped by field and reason (names and numbers taken out), most frequent first.</summary>
    public IReadOnlyList<ErrorSummaryRow> ErrorSummary { get; init; } = [];

    /// <summary>Where to download every problem as CSV (line, field, reason); null when there are none.</summary>
    public string? ErrorsCsv { get; init; }

    public static ImportReport From(ImportBatch b, LiveProgress? live = null)
    {
        var errors = AllErrors(b);
        return new ImportReport(
            b.Id, ColumnMapping.KindSlug(b.Kind), b.Status, live?.RowsRead ?? b.RowsRead, live?.RowsAdded ?? b.RowsAdded, live?.RowsUnchanged ?? b.RowsUnchanged,
            live?.RowsRejected ?? b.RowsRejected, errors.Count(e => e.Reason.StartsWith(ImportFile.ConflictPrefix, StringComparison.Ordinal)),
            live?.BytesRead ?? b.BytesRead, b.BytesTotal, [.. errors.Take(ImportFile.MaxReportedErrors)], b.FileName, b.FileSha256.Length == 0 ? null : b.FileSha256,
            Infrastructure.UtcTimestampJson.AsUtc(b.StartedAtUtc), b.FinishedAtUtc is { } f ? Infrastructure.UtcTimestampJson.AsUtc(f) : null)
        {
            ErrorCount = errors.Count,
            ErrorSummary = ImportErrors.Summary(errors),
            ErrorsCsv = errors.Count == 0 ? null : $"/api/imports/{b.Id}/errors.csv",
        };
    }

    /// <summary>Every problem the import stored, in line order.</summary>
    public static List<RowError> AllErrors(ImportBatch b) =>
        string.IsNullOrEmpty(b.ErrorsJson) ? [] : JsonSerializer.Deserialize<List<RowError>>(b.ErrorsJson, ImportFile.ErrorJson) ?? [];
}

/// <summary>Counters of a running import, readable while its transaction is still open.</summary>
internal sealed class LiveProgress
{
    public long BytesRead { get; set; }

    public long RowsRead { get; set; }

    public long RowsAdded { get; set; }

    public long RowsUnchanged { get; set; }

    public long RowsRejected { get; set; }
}

/// <summary>
/// Progress of imports in this process. The import's rows are written in one transaction (all-or-nothing), so
/// its batch row only learns the counts at the end; status polls read the live counters from here meanwhile.
/// </summary>
internal sealed class ImportProgress
{
    private readonly ConcurrentDictionary<long, LiveProgress> _running = new();

    public LiveProgress Start(long batchId) => _running[batchId] = new LiveProgress();

    public LiveProgress? Find(long batchId) => _running.TryGetValue(batchId, out var p) ? p : null;

    public void Finish(long batchId) => _running.TryRemove(batchId, out _);
}

/// <summary>
/// Imports customers, invoices, credit notes, payments or exchange rates from a CSV export. Streams the file in chunks of
/// <see cref="ChunkSize"/> rows; looks up customers and existing references per chunk; writes ledger rows through
/// the provider's bulk path inside one transaction. All-or-nothing unless <c>partial</c>: any rejected row rolls the
/// whole import back and returns the report. Replays are idempotent: an existing reference with the same content
/// hash is "unchanged", with a different one a conflict. One import_batches row and one audit entry per import.
/// </summary>
internal sealed partial class ImportFile(CreditDb db, ImportProgress progress)
{
    public const int ChunkSize = 5000;
    /// <summary>How many problems the report itself lists; all are kept and downloadable as CSV.</summary>
    public const int MaxReportedErrors = 100;
    public const string ConflictPrefix = "Conflict:";
    public const int KnownCustomersLimit = 100_000;

    public static JsonSerializerOptions ErrorJson { get; } = new(JsonSerializerDefaults.Web);

    public async Task<ImportReport> Run(ImportRequest request, Action<long>? onBytesRead = null, CancellationToken ct = default)
    {
        var startedAt = db.UtcNow;
        var batch = await StartBatch(request, startedAt, ct);
        var live = progress.Start(batch.Id);
        request.OnBatchCreated?.Invoke(batch.Id);
        var run = new ImportRun(batch.Id, request, live, onBytesRead, db.Actor.Name, startedAt);
        (string Sha, bool Committed) outcome;
        try
        {
            outcome = await ReadAndWrite(run, ct);
        }
        catch (Exception e)
        {
            // The transaction was rolled back; the batch row must not stay "Running".
            run.Reject([new RowError(0, "import", e is OperationCanceledException
                ? "The import was cancelled; nothing was written."
                : "The import stopped on an unexpected error; nothing was written. " + e.GetType().Name)]);
            await Finish(batch.Id, run, string.Empty, committed: false, CancellationToken.None);
            throw;
        }

        return await Finish(batch.Id, run, outcome.Sha, outcome.Committed, ct);
    }

    /// <summary>The batch row, committed before the import's transaction so that progress and a crash can be seen.</summary>
    private async Task<ImportBatch> StartBatch(ImportRequest request, DateTime startedAt, CancellationToken ct)
    {
        var batch = new ImportBatch
        {
            Kind = request.Kind,
            FileName = Path.GetFileName(request.FileName) is { Length: > 0 and <= 260 } name ? name : "upload.csv",
            FileSha256 = string.Empty,
            MappingName = request.MappingName,
            Status = ImportStatus.Running,
            BytesTotal = request.BytesTotal,
            StartedAtUtc = startedAt,
            StartedBy = db.Actor.Name,
        };
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        return batch;
    }

    /// <summary>
    /// Reads the whole file and writes its rows in one transaction, committed when every row passed (or when partial),
    /// else rolled back. Returns the file's SHA-256 and whether it committed.
    /// </summary>
    private async Task<(string Sha, bool Committed)> ReadAndWrite(ImportRun run, CancellationToken ct)
    {
        var request = run.Request;
        await using var transaction = await OwnedTransaction.Begin(db, ct);
        await SerialiseImports(ct);
        using var source = CsvSource.Open(request.Content, request.Mapping);
        run.Source = source;
        foreach (var error in source.HeaderErrors)
        {
            run.Reject([error]);
        }

        if (request.Kind == ImportKind.Customers)
        {
            await ImportCustomers(run, ct);
        }
        else if (request.Kind == ImportKind.ExchangeRates)
        {
            await ImportExchangeRates(run, ct);
        }
        else
        {
            await using var writer = await LedgerBulkWriter.Open(db, ct);
            await ImportLedger(run, writer, ct);
        }

        run.ReportBytes();
        var sha = source.Sha256Hex();
        if (source.HeaderErrors.Count == 0 && (run.Rejected == 0 || request.Partial))
        {
            await transaction.CommitAsync(ct);
            return (sha, true);
        }

        await transaction.RollbackAsync(ct);
        return (sha, false);
    }

    /// <summary>
    /// One import writes at a time. SQLite's <c>BEGIN IMMEDIATE</c> already makes a second import wait; on
    /// PostgreSQL a transaction-scoped advisory lock does, so the second reads what the first committed and reports
    /// those rows unchanged (or in conflict) instead of failing on the unique index half-way. Nothing else takes
    /// this lock, so it cannot close a cycle with the row locks imports wait for.
    /// </summary>
    private async Task SerialiseImports(CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ImportLockKey})", ct);
        }
    }

    /// <summary>The advisory-lock key of imports ("CRED" "IMP" as bytes), fixed so every instance uses the same.</summary>
    internal const long ImportLockKey = 0x43524544_494D50;

    private async Task<ImportReport> Finish(long batchId, ImportRun run, string sha, bool committed, CancellationToken ct)
    {
        progress.Finish(batchId);
        db.ChangeTracker.Clear();
        var batch = await db.ImportBatches.SingleAsync(b => b.Id == batchId, ct);
        batch.Status = committed ? ImportStatus.Succeeded : ImportStatus.Failed;
        batch.FileSha256 = sha;
        batch.BytesRead = run.Live.BytesRead;
        batch.RowsRead = run.Live.RowsRead;
        batch.RowsAdded = committed ? run.Live.RowsAdded : 0;
        batch.RowsUnchanged = run.Live.RowsUnchanged;
        batch.RowsRejected = run.Rejected;
        batch.ErrorsJson = JsonSerializer.Serialize(run.Errors.OrderBy(e => e.Line).ToList(), ErrorJson);
        batch.FinishedAtUtc = db.UtcNow;
        db.Audit.Add(new AuditEntry
        {
            AtUtc = batch.FinishedAtUtc.Value,
            Actor = db.Actor.Name,
            Action = "import",
            Entity = nameof(ImportBatch),
            EntityId = batchId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AfterJson = JsonSerializer.Serialize(
                new
                {
                    kind = ColumnMapping.KindSlug(batch.Kind),
                    batch.FileName,
                    batch.FileSha256,
                    batch.MappingName,
                    partial = run.Request.Partial,
                    status = batch.Status.ToString(),
                    batch.RowsRead,
                    batch.RowsAdded,
                    batch.RowsUnchanged,
                    batch.RowsRejected,
                },
                ErrorJson),
        });
        await db.SaveChangesAsync(ct);
        return ImportReport.From(batch) with { Conflicts = run.Conflicts };
    }

    private async Task ImportCustomers(ImportRun run, CancellationToken ct)
    {
        var parser = new RowParser(run.Request.Mapping);
        var seen = new Dictionary<string, CustomerRow>(StringComparer.Ordinal);
        var chunk = new List<CustomerRow>(ChunkSize);
        var errors = new List<RowError>();
        foreach (var record in run.Source!.Records())
        {
            run.Live.RowsRead++;
            if (record.Problem is { } problem)
            {
                run.Reject([problem]);
                continue;
            }

            errors.Clear();
            if (parser.ParseCustomer(record, errors) is not { } row)
            {
                run.Reject(errors);
                continue;
            }

            if (seen.TryGetValue(row.Number, out var first))
            {
                // Customers cut from transaction rows repeat (one row per invoice): the same customer again is
                // unchanged, not an error (issue 12 §5). The same number with other master data is still refused.
                if (row with { Line = first.Line } == first)
                {
                    run.Live.RowsUnchanged++;
                }
                else
                {
                    run.Reject([new RowError(row.Line, "number", $"Customer '{row.Number}' appears twice in the file with different details (first on line {first.Line}).")]);
                }

                continue;
            }

            seen[row.Number] = row;
            chunk.Add(row);
            if (chunk.Count == ChunkSize)
            {
                await FlushCustomers(run, chunk, ct);
            }
        }

        await FlushCustomers(run, chunk, ct);
    }

    private async Task FlushCustomers(ImportRun run, List<CustomerRow> chunk, CancellationToken ct)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        var numbers = chunk.Select(r => r.Number).ToList();
        var existing = await db.Customers.AsNoTracking().Where(c => EF.Parameter(numbers).Contains(c.Number)).ToDictionaryAsync(c => c.Number, StringComparer.Ordinal, ct);
        var now = db.UtcNow;
        foreach (var row in chunk)
        {
            if (existing.TryGetValue(row.Number, out var stored))
            {
                if (row.SameAs(stored))
                {
                    run.Live.RowsUnchanged++;
                }
                else
                {
                    run.Conflicts++;
                    run.Reject([new RowError(row.Line, "number", $"{ConflictPrefix} customer '{row.Number}' already exists with different master data; edit it in Credo rather than re-importing.")]);
                }

                continue;
            }

            var customer = new Customer
            {
                Number = row.Number,
                LegalName = row.LegalName,
                TradingName = row.TradingName,
                TaxId = row.TaxId,
                Email = row.Email,
                Phone = row.Phone,
                Currency = row.Currency,
                TermsCode = row.Terms,
                Status = Domain.Customers.CustomerStatus.Active,
                BillingAddress = new Address { City = row.City, Country = row.Country },
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            };
            customer.RefreshSearchText();
            db.Customers.Add(customer);
            run.Live.RowsAdded++;
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        chunk.Clear();
        run.ReportBytes();
    }

    /// <summary>
    /// Two stages, so that both cores work: a reader task parses the CSV into chunks of rows (pure, no database),
    /// while this task looks up, decides and writes the previous chunk. At most two chunks wait in between.
    /// </summary>
    private async Task ImportLedger(ImportRun run, LedgerBulkWriter writer, CancellationToken ct)
    {
        var deciding = new RowParser(run.Request.Mapping);
        var reading = new RowParser(run.Request.Mapping);
        var source = run.Source!;
        var known = await KnownCustomers(ct);
        var receivables = await ReceivableDeltas.Start(db, ct);
        var chunks = Channel.CreateBounded<ParsedChunk>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ReadChunks(source, reading, known, chunks.Writer, stop.Token), stop.Token);

        try
        {
            var customers = new Dictionary<string, CustomerFacts>(StringComparer.Ordinal);
            await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
            {
                run.Live.RowsRead += chunk.RowsRead;
                foreach (var rejected in chunk.Rejects)
                {
                    run.Reject(rejected);
                }

                await FlushLedger(run, deciding, writer, chunk.Rows, customers, receivables, ct);
                run.ReportBytes(chunk.BytesRead);
            }

            if (receivables is not null)
            {
                await receivables.Apply(ct);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }

    /// <summary>The reading stage: parses the file into chunks of prepared rows and rejects (pure, no database).</summary>
    private static async Task ReadChunks(CsvSource source, RowParser reading, IReadOnlyDictionary<string, CustomerFacts>? known, ChannelWriter<ParsedChunk> chunks, CancellationToken ct)
    {
        try
        {
            var chunk = new ParsedChunk();
            var errors = new List<RowError>();
            foreach (var record in source.Records())
            {
                chunk.RowsRead++;
                if (record.Problem is { } problem)
                {
                    chunk.Rejects.Add([problem]);
                    continue;
                }

                errors.Clear();
                if (reading.ParseLedger(record, errors) is not { } row)
                {
                    chunk.Rejects.Add([.. errors]);
                    continue;
                }

                chunk.Rows.Add(Prepare(reading, row, known, errors));
                if (chunk.Rows.Count == ChunkSize)
                {
                    chunk.BytesRead = source.BytesRead;
                    await chunks.WriteAsync(chunk, ct);
                    chunk = new ParsedChunk();
                }
            }

            chunk.BytesRead = source.BytesRead;
            await chunks.WriteAsync(chunk, ct);
            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.Complete(e);
        }
    }

    /// <summary>
    /// Resolves a row on the reading task when its customer is already known (currency, precision, due date and
    /// content hash need no database), so the writing task only looks up references and inserts.
    /// </summary>
    private static PreparedRow Prepare(RowParser parser, LedgerRow row, IReadOnlyDictionary<string, CustomerFacts>? known, List<RowError> errors)
    {
        if (known is null || !known.TryGetValue(row.Customer, out var customer))
        {
            return new PreparedRow(row, null, null, null);
        }

        errors.Clear();
        var draft = parser.Resolve(row, customer, errors);
        return new PreparedRow(row, customer, draft, draft is null ? [.. errors] : null);
    }

    /// <summary>
    /// Every customer's facts, read once inside the import's transaction, when there are at most
    /// <see cref="KnownCustomersLimit"/> customers (memory stays bounded); otherwise null and the writing task looks
    /// customers up per chunk. A customer missing here (committed by another process meanwhile) is looked up too.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, CustomerFacts>?> KnownCustomers(CancellationToken ct)
    {
        var facts = await db.Customers.AsNoTracking().OrderBy(c => c.Id).Take(KnownCustomersLimit + 1)
            .Select(c => new CustomerFacts(c.Id, c.Number, c.Currency, c.TermsCode)).ToListAsync(ct);
        return facts.Count > KnownCustomersLimit ? null : facts.ToDictionary(c => c.Number, StringComparer.Ordinal);
    }

    /// <summary>A parsed row; when its customer was known on the reading task, also its draft or its refusal.</summary>
    private sealed record PreparedRow(LedgerRow Row, CustomerFacts? Customer, LedgerDraft? Draft, IReadOnlyList<RowError>? Errors);

    private sealed class ParsedChunk
    {
        public List<PreparedRow> Rows { get; } = new(ChunkSize);

        public List<IReadOnlyList<RowError>> Rejects { get; } = [];

        public long RowsRead { get; set; }

        public long BytesRead { get; set; }
    }

    /// <summary>
    /// Decides and writes one chunk of ledger rows, in named steps: find the customers not yet known, read the
    /// references already in the ledger, decide each row (resolve, refuse duplicates and conflicts, settle credits by
    /// the planner), then write the new entries, allocations and settled debits, and move the receivables cache.
    /// </summary>
    private async Task FlushLedger(ImportRun run, RowParser parser, LedgerBulkWriter writer, List<PreparedRow> chunk, Dictionary<string, CustomerFacts> customers, ReceivableDeltas? receivables, CancellationToken ct)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        await LookUpCustomers(chunk, customers, ct);
        var kind = parser.EntryKind;
        var existing = await StoredReferences(kind, chunk, ct);
        var debits = kind == EntryKind.Invoice ? null : await OpenDebits(run, chunk, customers, ct);

        var decided = new DecidedChunk(chunk.Count);
        var errors = new List<RowError>();
        foreach (var prepared in chunk)
        {
            if (Draft(run, parser, prepared, customers, errors) is not { } resolved
                || !IsNewReference(run, prepared.Row, resolved.Draft, kind, existing, decided.InChunk))
            {
                continue;
            }

            var entry = NewEntry(run, prepared.Row, resolved.Customer, resolved.Draft, kind);
            if (debits is not null && !Allocate(run, prepared.Row, entry, debits, decided.Allocations, decided.Touched))
            {
                continue;
            }

            decided.InChunk[prepared.Row.Document] = prepared.Row.Line;
            decided.Entries.Add(entry);
        }

        await Write(writer, decided, receivables, ct);
        run.Live.RowsAdded += decided.Entries.Count;
        chunk.Clear();
    }

    /// <summary>What one chunk decided to write.</summary>
    private sealed class DecidedChunk(int capacity)
    {
        public List<LedgerEntry> Entries { get; } = new(capacity);

        public List<(LedgerEntry Credit, AllocationEntry Allocation)> Allocations { get; } = [];

        public Dictionary<long, Debit> Touched { get; } = [];

        public Dictionary<string, long> InChunk { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A ledger reference already stored: what decides unchanged, conflict or duplicate within this import.</summary>
    private sealed record StoredReference(string? ContentHash, long? ImportBatchId, int? SourceLine);

    /// <summary>Customers the reading task did not know: looked up per chunk, cached across chunks (bounded).</summary>
    private async Task LookUpCustomers(List<PreparedRow> chunk, Dictionary<string, CustomerFacts> customers, CancellationToken ct)
    {
        if (customers.Count > 100_000)
        {
            customers.Clear();
        }

        var missing = chunk.Where(p => p.Customer is null).Select(p => p.Row.Customer).Where(n => !customers.ContainsKey(n)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var found = await db.Customers.AsNoTracking().Where(c => EF.Parameter(missing).Contains(c.Number))
            .Select(c => new CustomerFacts(c.Id, c.Number, c.Currency, c.TermsCode)).ToListAsync(ct);
        foreach (var c in found)
        {
            customers[c.Number] = c;
        }
    }

    /// <summary>The chunk's references already in the ledger for this kind (rows of this very import, written by earlier chunks, included).</summary>
    private async Task<Dictionary<string, StoredReference>> StoredReferences(EntryKind kind, List<PreparedRow> chunk, CancellationToken ct)
    {
        var documents = chunk.Select(p => p.Row.Document).Distinct().ToList();
        return await db.Entries.AsNoTracking().Where(e => e.Kind == kind && EF.Parameter(documents).Contains(e.Document!))
            .Select(e => new { e.Document, e.ContentHash, e.ImportBatchId, e.SourceLine })
            .ToDictionaryAsync(e => e.Document!, e => new StoredReference(e.ContentHash, e.ImportBatchId, e.SourceLine), StringComparer.Ordinal, ct);
    }

    /// <summary>The row's draft and customer: as the reading task resolved it, or resolved now; null (and the row rejected) when refused.</summary>
    private static (LedgerDraft Draft, CustomerFacts Customer)? Draft(ImportRun run, RowParser parser, PreparedRow prepared, Dictionary<string, CustomerFacts> customers, List<RowError> errors)
    {
        var row = prepared.Row;
        if (prepared.Customer is { } known)
        {
            if (prepared.Draft is null)
            {
                run.Reject(prepared.Errors!);
                return null;
            }

            return (prepared.Draft, known);
        }

        if (!customers.TryGetValue(row.Customer, out var customer))
        {
            run.Reject([new RowError(row.Line, "customer", $"No customer '{row.Customer}'. Import customers first.")]);
            return null;
        }

        errors.Clear();
        if (parser.Resolve(row, customer, errors) is not { } resolved)
        {
            run.Reject(errors);
            return null;
        }

        return (resolved, customer);
    }

    /// <summary>
    /// False (and the row counted) when the reference is already there: twice in this file is refused, the same content
    /// from an earlier import is unchanged, other content is a conflict.
    /// </summary>
    private static bool IsNewReference(ImportRun run, LedgerRow row, LedgerDraft draft, EntryKind kind, Dictionary<string, StoredReference> existing, Dictionary<string, long> inChunk)
    {
        if (inChunk.TryGetValue(row.Document, out var firstLine))
        {
            run.Reject([new RowError(row.Line, "document", $"'{row.Document}' appears twice in the file (first on line {firstLine}).")]);
            return false;
        }

        if (!existing.TryGetValue(row.Document, out var stored))
        {
            return true;
        }

        if (stored.ImportBatchId == run.BatchId)
        {
            run.Reject([new RowError(row.Line, "document", $"'{row.Document}' appears twice in the file (first on line {stored.SourceLine}).")]);
        }
        else if (stored.ContentHash == draft.ContentHash)
        {
            run.Live.RowsUnchanged++;
        }
        else
        {
            run.Conflicts++;
            run.Reject([new RowError(row.Line, "document", $"{ConflictPrefix} {kind.Slug()} '{row.Document}' already exists with different content; post a correction instead of re-importing.")]);
        }

        return false;
    }

    private static LedgerEntry NewEntry(ImportRun run, LedgerRow row, CustomerFacts customer, LedgerDraft draft, EntryKind kind) => new()
    {
        CustomerId = customer.Id,
        Kind = kind,
        Document = row.Document,
        PostedOn = row.Date,
        DueOn = draft.DueOn,
        Currency = draft.Currency,
        AmountMinor = draft.AmountMinor,
        Reason = row.Reason,
        PoNumber = row.PoNumber,
        ExternalRef = row.ExternalRef,
        Method = row.Method,
        TermsCode = draft.TermsCode,
        ImportBatchId = run.BatchId,
        SourceLine = row.Line > int.MaxValue ? null : (int)row.Line,
        ContentHash = draft.ContentHash,
        RecordedAtUtc = run.RecordedAtUtc,
        RecordedBy = run.Actor,
        OpenMinor = draft.AmountMinor,
        State = ItemState.Open,
    };

    /// <summary>Writes the chunk through the bulk path: entries and allocations, the settled debits' cache, and the receivables it moved.</summary>
    private async Task Write(LedgerBulkWriter writer, DecidedChunk decided, ReceivableDeltas? receivables, CancellationToken ct)
    {
        var allocationRows = decided.Allocations.Select(a => a.Allocation).ToList();
        await writer.AssignIds(decided.Entries, allocationRows, ct);
        foreach (var (credit, allocation) in decided.Allocations)
        {
            allocation.CreditId = credit.Id;
        }

        await writer.Insert(decided.Entries, allocationRows, ct);
        await writer.UpdateOpen(await SettledStates(decided.Touched, ct), ct);
        if (receivables is not null)
        {
            // The bulk path bypasses the receivables hook: the credit lines' receivable cache moves here instead.
            await receivables.Add(
                [
                    .. decided.Entries.Where(e => e.OpenMinor != 0).Select(e => new ReceivableChange(e.CustomerId, e.Currency, e.PostedOn, 0, e.OpenMinor)),
                    .. decided.Touched.Values.Select(d => new ReceivableChange(d.CustomerId, d.Currency, d.PostedOn, d.OriginalOpenMinor, d.OpenMinor)),
                ],
                ct);
        }
    }

    /// <summary>
    /// Settles a payment or credit note by the ledger's settlement planner, as the API does: the named invoice (up to
    /// its open amount; one with nothing open leaves the credit on account), else oldest first when the mapping asks,
    /// else on account. A refusal (no such invoice, another customer's, another currency, reversed) rejects the row
    /// with the planner's reason, by line and field.
    /// </summary>
    private static bool Allocate(ImportRun run, LedgerRow row, LedgerEntry credit, Debits debits, List<(LedgerEntry, AllocationEntry)> allocations, Dictionary<long, Debit> touched)
    {
        var item = new CreditItem(credit.Kind, credit.CustomerId, Currency.Of(credit.Currency), -credit.AmountMinor, -credit.AmountMinor);
        var request = row.Invoice is { } number
            ? SettlementRequest.Named(number, debits.ByDocument.TryGetValue(number, out var invoice) ? invoice.ForPlanner() : null, "invoice", WhenNothingOpen.OnAccount)
            : run.Request.Mapping.AutoAllocate
                ? SettlementRequest.OldestFirst(debits.ByCustomer.TryGetValue(credit.CustomerId, out var open) ? open.Select(d => d.ForPlanner()) : [])
                : SettlementRequest.OnAccount;
        var planned = SettlementPlanner.Plan(item, request);
        if (planned.Value is not { } plan)
        {
            run.Reject([new RowError(row.Line, planned.Error!.Field ?? "invoice", planned.Error.Message)]);
            return false;
        }

        foreach (var settled in plan.Debits)
        {
            var debit = debits.ById[settled.DebitId];
            debit.OpenMinor = settled.OpenAfterMinor;
            touched[debit.Id] = debit;
        }

        foreach (var application in plan.Allocations)
        {
            allocations.Add((credit, new AllocationEntry
            {
                CustomerId = credit.CustomerId,
                DebitId = application.ItemId,
                Currency = credit.Currency,
                AmountMinor = application.AmountMinor,
                AppliedOn = credit.PostedOn,
                Reason = "import",
                RecordedAtUtc = credit.RecordedAtUtc,
                RecordedBy = credit.RecordedBy,
            }));
        }

        credit.OpenMinor = plan.CreditOpenAfterMinor;
        credit.State = plan.CreditStateAfter;
        return true;
    }

    /// <summary>
    /// The new cache of the debits this chunk settled. The plans of its rows gave each debit's open amount; its state
    /// also needs what was written off it (a fully settled item is Paid, or WrittenOff when a live write-off closed
    /// part of it), read here for the touched debits only and handed to the planner's <see cref="SettlementPlanner.StateAfter"/>.
    /// </summary>
    private Task<List<OpenUpdate>> SettledStates(Dictionary<long, Debit> touched, CancellationToken ct) =>
        LedgerBulkWriter.SettledStates(db, [.. touched.Values.Select(d => (d.ForPlanner() with { OpenMinor = d.OriginalOpenMinor }, d.OpenMinor))], ct);

    private async Task<Debits> OpenDebits(ImportRun run, List<PreparedRow> chunk, Dictionary<string, CustomerFacts> customers, CancellationToken ct)
    {
        var invoiceNumbers = chunk.Where(p => p.Row.Invoice is not null).Select(p => p.Row.Invoice!).Distinct().ToList();
        var rows = new List<Debit>();
        if (invoiceNumbers.Count > 0)
        {
            rows.AddRange(await db.Entries.AsNoTracking().Where(e => e.Kind == EntryKind.Invoice && EF.Parameter(invoiceNumbers).Contains(e.Document!))
                .Select(e => new Debit { Id = e.Id, CustomerId = e.CustomerId, Document = e.Document, Currency = e.Currency, AmountMinor = e.AmountMinor, OpenMinor = e.OpenMinor, OriginalOpenMinor = e.OpenMinor, PostedOn = e.PostedOn, DueOn = e.DueOn, State = e.State })
                .ToListAsync(ct));
        }

        if (run.Request.Mapping.AutoAllocate)
        {
            var customerIds = chunk.Where(p => p.Row.Invoice is null).Select(p => (p.Customer ?? customers.GetValueOrDefault(p.Row.Customer))?.Id ?? 0).Where(id => id > 0).Distinct().ToList();
            rows.AddRange(await db.Entries.AsNoTracking()
                .Where(e => EF.Parameter(customerIds).Contains(e.CustomerId) && e.OpenMinor > 0 && (e.Kind == EntryKind.Invoice || e.Kind == EntryKind.Adjustment))
                .Select(e => new Debit { Id = e.Id, CustomerId = e.CustomerId, Document = e.Document, Currency = e.Currency, AmountMinor = e.AmountMinor, OpenMinor = e.OpenMinor, OriginalOpenMinor = e.OpenMinor, PostedOn = e.PostedOn, DueOn = e.DueOn, State = e.State })
                .ToListAsync(ct));
        }

        var byId = new Dictionary<long, Debit>();
        foreach (var d in rows)
        {
            byId.TryAdd(d.Id, d);
        }

        return new Debits(
            byId,
            byId.Values.Where(d => d.Document is not null && d.Document.Length > 0).GroupBy(d => d.Document!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal),
            byId.Values.Where(d => d.OpenMinor > 0).GroupBy(d => d.CustomerId).ToDictionary(g => g.Key, g => g.ToList()));
    }

    private sealed record Debits(Dictionary<long, Debit> ById, Dictionary<string, Debit> ByDocument, Dictionary<long, List<Debit>> ByCustomer);

    /// <summary>An open debit item as an import sees it; <see cref="OpenMinor"/> tracks what this import settles.</summary>
    private sealed class Debit
    {
        public long Id { get; init; }

        public long CustomerId { get; init; }

        public string? Document { get; init; }

        public required string Currency { get; init; }

        public long AmountMinor { get; init; }

        public long OpenMinor { get; set; }

        /// <summary>The open amount as read, before this chunk settled anything.</summary>
        public long OriginalOpenMinor { get; init; }

        public DateOnly PostedOn { get; init; }

        public DateOnly? DueOn { get; init; }

        public ItemState State { get; init; }

        private Domain.Amounts.Currency? _unit;

        /// <summary>The debit as the settlement planner sees it, with its open amount as this import has left it so far.</summary>
        public SettlementDebit ForPlanner()
        {
            _unit ??= Domain.Amounts.Currency.Of(Currency);
            return new SettlementDebit(Id, CustomerId, Document, _unit.Value, DueOn ?? PostedOn, PostedOn, AmountMinor, OpenMinor, State);
        }
    }

    private sealed class ImportRun(long batchId, ImportRequest request, LiveProgress live, Action<long>? onBytesRead, string actor, DateTime recordedAtUtc)
    {
        public long BatchId { get; } = batchId;

        public ImportRequest Request { get; } = request;

        public LiveProgress Live { get; } = live;

        public string Actor { get; } = actor;

        public DateTime RecordedAtUtc { get; } = recordedAtUtc;

        public CsvSource? Source { get; set; }

        public List<RowError> Errors { get; } = [];

        public long Rejected { get; private set; }

        public long Conflicts { get; set; }

        public void Reject(IReadOnlyList<RowError> rowErrors)
        {
            Rejected++;
            Live.RowsRejected = Rejected;
            // Every problem is kept (issue 12 §5: only the first 100 were); the report lists the first ones and the
            // CSV download has them all.
            Errors.AddRange(rowErrors);
        }

        public void ReportBytes() => ReportBytes(Source?.BytesRead ?? 0);

        public void ReportBytes(long bytesRead)
        {
            Live.BytesRead = bytesRead;
            onBytesRead?.Invoke(bytesRead);
        }
    }
}
