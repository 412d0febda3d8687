using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
using Credo.Domain.Matching;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Imports;
using Credo.Web.Features.Ledger;
using Credo.Web.Features.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>A line the engine decided to apply: its answer and the Applied decision to append (sequence 1).</summary>
internal sealed record LineToApply(BankLine Line, MatchAnswer Answer, BankLineDecision Decision);

/// <summary>What one batch did: lines applied, lines the ledger refused (now suggested), lines someone decided meanwhile.</summary>
internal sealed record BatchOutcome(int Applied, int Suggested, int Unmatched, int Changed);

/// <summary>
/// The fast path of <see cref="ApplyBankLine"/> for the engine (issue 15 §5, ADR 0018): many decided lines in one
/// transaction. Each line's payment is planned by the ledger's <see cref="SettlementPlanner"/> (explicit lines, the
/// same call RecordPayment makes) over the invoices as this transaction reads them, and the plans are written through
/// the ledger's bulk writer (<see cref="LedgerBulkWriter"/>, ADR 0010) with the settled debits' cache and the
/// receivables it moves, as the CSV import writes its chunks. Nothing here decides an allocation.
/// Idempotent per line: inside the transaction (serialised: BEGIN IMMEDIATE on SQLite, an advisory lock on
/// PostgreSQL) a line that already has a decision is skipped, and the unique (line, sequence) index and the payment's
/// unique reference stop anything else. A unique-index or lock failure rolls the whole batch back and returns null:
/// the caller then applies its lines one by one through <see cref="ApplyBankLine"/>.
/// </summary>
internal sealed class ApplyBankLines(CreditDb db, IEnumerable<IPaymentFollowUp> followUps, SmallDifferences differences, ILogger<ApplyBankLines> log)
{
    /// <summary>The advisory-lock key of batch matching ("CRED" "CASH"), fixed so every instance uses the same.</summary>
    internal const long BatchLockKey = 0x43524544_43415348;

    /// <summary>Applies <paramref name="lines"/> and records <paramref name="others"/> (suggested, unmatched) in one transaction; null when it must be redone line by line.</summary>
    public async Task<BatchOutcome?> Apply(IReadOnlyList<LineToApply> lines, IReadOnlyList<BankLineDecision> others, CancellationToken ct)
    {
        await using var tx = await OwnedTransaction.Begin(db, ct);
        try
        {
            await Serialise(ct);
            var latest = await db.LatestOf([.. lines.Select(l => l.Line.Id), .. others.Select(o => o.LineId)], ct);
            var fresh = lines.Where(l => !latest.ContainsKey(l.Line.Id)).ToList();
            var recorded = others.Where(o => !latest.ContainsKey(o.LineId)).ToList();
            var debits = await Debits(fresh, ct);
            var batch = Plan(fresh, debits);
            await Write(batch, debits, ct);
            await WriteOffSmallDifferences(batch.Applied, ct);
            // Before the batch's decisions and events are tracked: each follow-up saves, and a save scans what is tracked.
            await FollowUp(batch.Applied, ct);
            db.BankLineDecisions.AddRange([.. batch.Applied.Select(p => p.Line.Decision), .. batch.Refused, .. recorded]);
            foreach (var posted in batch.Applied)
            {
                db.Publish(ApplyBankLine.AppliedEvent(posted.Line.Line, posted.Line.Answer.CustomerNumber, posted.Line.Decision, posted.Allocations));
            }

            await Teach(batch.Applied.Select(p => p.Line), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            var refusedOrRecorded = batch.Refused.Concat(recorded).ToList();
            return new BatchOutcome(
                batch.Applied.Count,
                refusedOrRecorded.Count(d => d.Status == BankLineStatus.Suggested),
                refusedOrRecorded.Count(d => d.Status == BankLineStatus.Unmatched),
                lines.Count + others.Count - fresh.Count - recorded.Count);
        }
        catch (Exception e) when (e is DbUpdateException or Npgsql.PostgresException or Microsoft.Data.Sqlite.SqliteException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            log.LogWarning(e, "A batch of {Lines} bank lines was rolled back (a concurrent writer); its lines are applied one by one.", lines.Count + others.Count);
            return null;
        }
    }

    /// <summary>
    /// One batch matcher writes at a time. SQLite's BEGIN IMMEDIATE already serialises writers; on PostgreSQL a
    /// transaction-scoped advisory lock does, so the second matcher reads the first's decisions and skips those lines.
    /// </summary>
    private async Task Serialise(CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({BatchLockKey})", ct);
        }
    }

    /// <summary>
    /// The invoices the batch pays, as this transaction reads them (on PostgreSQL locked first, so that a concurrent
    /// RecordPayment on the same invoice waits and then fails its version check instead of being overwritten).
    /// </summary>
    private async Task<Dictionary<long, OpenDebit>> Debits(IReadOnlyList<LineToApply> lines, CancellationToken ct)
    {
        var ids = lines.SelectMany(l => l.Answer.Allocations.Select(a => a.InvoiceId)).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM ledger_entries WHERE \"Id\" = ANY({ids}) FOR UPDATE", ct);
        }

        var rows = await db.Entries.AsNoTracking().Where(e => EF.Parameter(ids).Contains(e.Id))
            .Select(e => new { e.Id, e.CustomerId, e.Document, e.Currency, e.AmountMinor, e.OpenMinor, e.PostedOn, e.DueOn, e.State, e.Kind })
            .ToListAsync(ct);
        return rows.ToDictionary(
            e => e.Id,
            e => new OpenDebit(e.Kind == EntryKind.Invoice ? new SettlementDebit(e.Id, e.CustomerId, e.Document, Currency.Of(e.Currency), e.DueOn ?? e.PostedOn, e.PostedOn, e.AmountMinor, e.OpenMinor, e.State) : null));
    }

    /// <summary>An invoice read for the batch; <see cref="OpenMinor"/> follows what earlier lines of the batch settled.</summary>
    private sealed class OpenDebit(SettlementDebit? asRead)
    {
        public SettlementDebit? AsRead { get; } = asRead;

        public long OpenMinor { get; set; } = asRead?.OpenMinor ?? 0;

        public SettlementDebit? ForPlanner() => AsRead is { } d ? d with { OpenMinor = OpenMinor } : null;
    }

    private sealed record Posted(LineToApply Line, LedgerEntry Payment, List<AllocationEntry> AllocationRows, IReadOnlyList<PaymentAllocation> Allocations, IReadOnlyList<LeftOpen> Left);

    private sealed record PlannedBatch(List<Posted> Applied, List<BankLineDecision> Refused, Dictionary<long, OpenDebit> Touched);

    /// <summary>Plans each line's payment in turn with the ledger's planner; a refused line becomes a suggestion that says why.</summary>
    private PlannedBatch Plan(IReadOnlyList<LineToApply> lines, Dictionary<long, OpenDebit> debits)
    {
        var batch = new PlannedBatch([], [], []);
        foreach (var item in lines)
        {
            var line = item.Line;
            var currency = Currency.Of(line.Currency);
            var requested = item.Answer.Allocations.Select((a, i) => new SettlementLine(
                a.InvoiceNumber, debits.GetValueOrDefault(a.InvoiceId)?.ForPlanner(), a.Amount.Minor, $"allocations[{i}].invoiceNumber", $"allocations[{i}].amount")).ToList();
            var planned = SettlementPlanner.Plan(CreditItem.New(EntryKind.Payment, item.Answer.CustomerId, new Money(line.AmountMinor, currency)), SettlementRequest.Lines(requested));
            if (planned.Value is not { } plan)
            {
                batch.Refused.Add(LineDecisions.NotApplied(item.Decision, planned.Error!));
                continue;
            }

            foreach (var settled in plan.Debits)
            {
                var debit = debits[settled.DebitId];
                debit.OpenMinor = settled.OpenAfterMinor;
                batch.Touched[settled.DebitId] = debit;
            }

            batch.Applied.Add(Posting(item, plan));
        }

        return batch;
    }

    /// <summary>The payment RecordPayment would post for the line (method bank transfer, the bank's reference) and the plan's allocations.</summary>
    private Posted Posting(LineToApply item, SettlementPlan plan)
    {
        var line = item.Line;
        var reference = ApplyBankLine.Reference(line, item.Decision);
        item.Decision.PaymentReference = reference;
        var bankReference = line.BankReference ?? $"line {line.Id}";
        var payment = new LedgerEntry
        {
            CustomerId = item.Answer.CustomerId,
            Kind = EntryKind.Payment,
            Document = reference,
            PostedOn = line.BookedOn,
            Currency = line.Currency,
            AmountMinor = -line.AmountMinor,
            Method = PaymentMethod.BankTransfer.Slug(),
            ExternalRef = bankReference.Length > 128 ? bankReference[..128] : bankReference,
            RecordedAtUtc = db.UtcNow,
            RecordedBy = db.Actor.Name,
            OpenMinor = plan.CreditOpenAfterMinor,
            State = plan.CreditStateAfter,
        };
        var rows = plan.Allocations.Select(a => new AllocationEntry
        {
            CustomerId = payment.CustomerId,
            DebitId = a.ItemId,
            Currency = payment.Currency,
            AmountMinor = a.AmountMinor,
            AppliedOn = line.BookedOn,
            RecordedAtUtc = payment.RecordedAtUtc,
            RecordedBy = payment.RecordedBy,
        }).ToList();
        var numbers = item.Answer.Allocations.ToDictionary(a => a.InvoiceId, a => a.InvoiceNumber);
        var currency = Currency.Of(line.Currency);
        return new Posted(
            item, payment, rows, [.. plan.Allocations.Select(a => new PaymentAllocation(numbers[a.ItemId], a.AmountMinor))],
            [.. plan.Debits.Where(d => numbers.ContainsKey(d.DebitId)).Select(d => new LeftOpen(numbers[d.DebitId], new Money(d.OpenAfterMinor, currency)))]);
    }

    /// <summary>Writes the payments and allocations through the bulk writer, the settled invoices' cache, and the receivables they move.</summary>
    private async Task Write(PlannedBatch batch, Dictionary<long, OpenDebit> debits, CancellationToken ct)
    {
        if (batch.Applied.Count == 0)
        {
            return;
        }

        var entries = batch.Applied.Select(p => p.Payment).ToList();
        var allocations = batch.Applied.SelectMany(p => p.AllocationRows).ToList();
        await using (var writer = await LedgerBulkWriter.Open(db, ct))
        {
            await writer.AssignIds(entries, allocations, ct);
            foreach (var posted in batch.Applied)
            {
                posted.AllocationRows.ForEach(a => a.CreditId = posted.Payment.Id);
            }

            await writer.Insert(entries, allocations, ct);
            await writer.UpdateOpen(await LedgerBulkWriter.SettledStates(db, [.. batch.Touched.Values.Select(d => (d.AsRead!.Value, d.OpenMinor))], ct), ct);
        }

        if (await ReceivableDeltas.Start(db, ct) is { } receivables)
        {
            await receivables.Add(
                [
                    .. entries.Where(e => e.OpenMinor != 0).Select(e => new ReceivableChange(e.CustomerId, e.Currency, e.PostedOn, 0, e.OpenMinor)),
                    .. batch.Touched.Values.Select(d => new ReceivableChange(d.AsRead!.Value.CustomerId, d.AsRead.Value.Currency.Code, d.AsRead.Value.IssuedOn, d.AsRead.Value.OpenMinor, d.OpenMinor)),
                ],
                ct);
            await receivables.Apply(ct);
        }
    }

    /// <summary>Small differences the lines left open, written off where the seller's policy says so (and said in the line's evidence).</summary>
    private async Task WriteOffSmallDifferences(IEnumerable<Posted> applied, CancellationToken ct)
    {
        foreach (var posted in applied)
        {
            if (await differences.Settle(posted.Line.Line.Id, posted.Line.Answer.Fit, posted.Left, ct) is { } said)
            {
                posted.Line.Decision.Evidence += "\n" + said;
            }
        }
    }

    /// <summary>The lessons of the batch's lines (payer accounts), each learned once, skipping what is known already.</summary>
    private async Task Teach(IEnumerable<LineToApply> applied, CancellationToken ct)
    {
        var lessons = applied.SelectMany(l => ApplyBankLine.Lessons(l.Line, l.Decision).Select(x => (l.Line, l.Decision, x.Kind, x.Value))).ToList();
        if (lessons.Count == 0)
        {
            return;
        }

        var customerIds = lessons.Select(l => l.Decision.CustomerId!.Value).Distinct().ToList();
        var known = (await db.PayerHints.AsNoTracking().Where(h => EF.Parameter(customerIds).Contains(h.CustomerId)).Select(h => new { h.CustomerId, h.Kind, h.Value }).ToListAsync(ct))
            .Select(h => (h.CustomerId, h.Kind, h.Value)).ToHashSet();
        foreach (var (line, decision, kind, value) in lessons)
        {
            if (known.Add((decision.CustomerId!.Value, kind, value)))
            {
                db.PayerHints.Add(new PayerHint { CustomerId = decision.CustomerId!.Value, Kind = kind, Value = value, LearnedFromLineId = line.Id, AtUtc = db.UtcNow, By = decision.By });
            }
        }
    }

    /// <summary>
    /// The ledger's payment follow-ups (a short payment opens a deduction case), as RecordPayment runs them, for the
    /// payments that left something open on an invoice they name: a payment that settled its invoices in full is not
    /// short (each follow-up costs its queries and a save, and most lines of a statement pay in full).
    /// </summary>
    private async Task FollowUp(IEnumerable<Posted> applied, CancellationToken ct)
    {
        foreach (var posted in applied.Where(p => p.Left.Any(l => l.Amount.IsPositive)))
        {
            var named = posted.Line.Answer.Allocations.Select(a => a.InvoiceNumber).Distinct().ToList();
            foreach (var followUp in followUps)
            {
                await followUp.Recorded(new RecordedPayment(posted.Payment.Id, posted.Payment.CustomerId, posted.Payment.Document!, posted.Payment.PostedOn, named), ct);
            }
        }
    }
}
