using Credo.Domain.Ledger;
using Credo.Web.Data;

namespace Credo.Web.Features.Demo;

/// <summary>An allocation planned in memory; its ids are filled once the entries it links are saved.</summary>
internal sealed record PlannedAllocation(AllocationEntry Row, LedgerEntry Credit, LedgerEntry Debit, PlannedAllocation? Reverses);

/// <summary>
/// One customer's receivables history, built in memory in date order and in step with the domain rules: every
/// item carries the open amount and state that <see cref="OpenItems"/> derives from its entries and allocations,
/// so that the rows can be inserted once and never updated.
/// </summary>
internal sealed class DemoLedger(string currency, DateTime nowUtc)
{
    private const string Clerk = "demo";

    private readonly Dictionary<LedgerEntry, Tracker> _trackers = [];

    public string Currency { get; } = currency;

    /// <summary>Invoices, payments and credit notes: items of their own.</summary>
    public List<LedgerEntry> Items { get; } = [];

    /// <summary>Write-offs and reversals with the item each applies to.</summary>
    public List<(LedgerEntry Entry, LedgerEntry AppliesTo)> Applied { get; } = [];

    public List<PlannedAllocation> Allocations { get; } = [];

    public List<(Dispute Dispute, LedgerEntry Invoice)> Disputes { get; } = [];

    public LedgerEntry Invoice(DateOnly issuedOn, DateOnly dueOn, string termsCode, string? poNumber, List<InvoiceLine> lines)
    {
        var entry = Item(EntryKind.Invoice, issuedOn, lines.Sum(l => l.AmountMinor));
        entry.DueOn = dueOn;
        entry.TermsCode = termsCode;
        entry.PoNumber = poNumber;
        entry.Lines = lines;
        return entry;
    }

    /// <summary>What is still owed on an invoice (or unapplied on a credit, as a positive number).</summary>
    public long OpenOf(LedgerEntry item) => Math.Abs(OpenItems.OpenMinor(_trackers[item].History(item)));

    /// <summary>A payment of <paramref name="parts"/> (each applied to its invoice) plus any cash left on account.</summary>
    public LedgerEntry Payment(DateOnly receivedOn, IReadOnlyList<(LedgerEntry Invoice, long AmountMinor)> parts, long onAccountMinor, string method, string reference)
    {
        var total = parts.Sum(p => p.AmountMinor) + onAccountMinor;
        var payment = Item(EntryKind.Payment, receivedOn, -total);
        payment.Method = method;
        payment.ExternalRef = reference;
        foreach (var (invoice, amount) in parts.Where(p => p.AmountMinor > 0))
        {
            Allocate(payment, invoice, amount, receivedOn, null);
        }

        return payment;
    }

    /// <summary>A credit note applied straight to the invoice it corrects.</summary>
    public LedgerEntry CreditNote(DateOnly issuedOn, LedgerEntry invoice, long amountMinor, string reason)
    {
        var note = Item(EntryKind.CreditNote, issuedOn, -amountMinor);
        note.Reason = reason;
        Allocate(note, invoice, amountMinor, issuedOn, reason);
        return note;
    }

    /// <summary>A returned payment: its allocations are undone (negative rows pointing at them), then a reversal cancels it.</summary>
    public void ReturnPayment(LedgerEntry payment, DateOnly returnedOn, string reason)
    {
        foreach (var original in Allocations.Where(a => a.Credit == payment && a.Reverses is null && a.Row.AmountMinor > 0).ToList())
        {
            Allocate(payment, original.Debit, -original.Row.AmountMinor, returnedOn, reason, original);
        }

        var reversal = Entry(EntryKind.Reversal, returnedOn, -payment.AmountMinor);
        reversal.Reason = reason;
        Applied.Add((reversal, payment));
        _trackers[payment].AppliedMinor += reversal.AmountMinor;
        _trackers[payment].Reversed = true;
    }

    /// <summary>Writes off what is still owed on an invoice.</summary>
    public void WriteOff(LedgerEntry invoice, DateOnly on, string reason)
    {
        var open = OpenOf(invoice);
        if (open == 0)
        {
            return;
        }

        var writeOff = Entry(EntryKind.WriteOff, on, -open);
        writeOff.Reason = reason;
        Applied.Add((writeOff, invoice));
        _trackers[invoice].AppliedMinor -= open;
        _trackers[invoice].WrittenOffMinor += open;
    }

    public Dispute OpenDispute(LedgerEntry invoice, DateOnly openedOn, string reason, string openedBy)
    {
        var dispute = new Dispute
        {
            Reason = reason,
            Status = DisputeStatus.Open,
            OpenedAtUtc = At(openedOn, 14),
            OpenedBy = openedBy,
        };
        Disputes.Add((dispute, invoice));
        invoice.Disputed = true;
        return dispute;
    }

    public static void ResolveDispute(Dispute dispute, LedgerEntry invoice, DateOnly resolvedOn, string resolution, string resolvedBy)
    {
        dispute.Status = DisputeStatus.Resolved;
        dispute.ResolvedAtUtc = At(resolvedOn, 16);
        dispute.ResolvedBy = resolvedBy;
        dispute.Resolution = resolution;
        invoice.Disputed = false;
    }

    /// <summary>
    /// Sets every row's derived cache from the history: items by <see cref="OpenItems"/>, applied entries closed
    /// with the state <see cref="Derivation.CacheOf"/> gives them (a reversal Reversed, a write-off WrittenOff, an
    /// applied adjustment Paid). The demo reverses no applied entry, so none of them is itself reversed.
    /// </summary>
    public void Settle()
    {
        foreach (var item in Items)
        {
            var history = _trackers[item].History(item);
            item.OpenMinor = OpenItems.OpenMinor(history);
            item.State = OpenItems.State(history);
        }

        foreach (var (entry, _) in Applied)
        {
            entry.OpenMinor = 0;
            entry.State = entry.Kind switch
            {
                EntryKind.Reversal => ItemState.Reversed,
                EntryKind.WriteOff => ItemState.WrittenOff,
                EntryKind.Adjustment or EntryKind.Invoice or EntryKind.CreditNote or EntryKind.Payment => ItemState.Paid,
            };
        }
    }

    private void Allocate(LedgerEntry credit, LedgerEntry debit, long amountMinor, DateOnly on, string? reason, PlannedAllocation? reverses = null)
    {
        var row = new AllocationEntry
        {
            Currency = Currency,
            AmountMinor = amountMinor,
            AppliedOn = on,
            Reason = reason,
            RecordedAtUtc = At(on, 11),
            RecordedBy = Clerk,
        };
        Allocations.Add(new PlannedAllocation(row, credit, debit, reverses));
        _trackers[credit].AllocatedMinor += amountMinor;
        _trackers[debit].AllocatedMinor += amountMinor;
    }

    private LedgerEntry Item(EntryKind kind, DateOnly on, long amountMinor)
    {
        var entry = Entry(kind, on, amountMinor);
        Items.Add(entry);
        _trackers[entry] = new Tracker();
        return entry;
    }

    private LedgerEntry Entry(EntryKind kind, DateOnly on, long amountMinor) => new()
    {
        Kind = kind,
        PostedOn = on,
        Currency = Currency,
        AmountMinor = amountMinor,
        RecordedAtUtc = Min(At(on, 9), nowUtc),
        RecordedBy = Clerk,
    };

    private static DateTime At(DateOnly on, int hour) => on.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);

    private static DateTime Min(DateTime a, DateTime b) => a <= b ? a : b;

    private sealed class Tracker
    {
        public long AppliedMinor { get; set; }

        public long AllocatedMinor { get; set; }

        public long WrittenOffMinor { get; set; }

        public bool Reversed { get; set; }

        public ItemHistory History(LedgerEntry item) => new(item.AmountMinor, AppliedMinor, AllocatedMinor, WrittenOffMinor, Reversed);
    }
}
