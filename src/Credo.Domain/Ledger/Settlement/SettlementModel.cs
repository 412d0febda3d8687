using Credo.Domain.Amounts;

namespace Credo.Domain.Ledger.Settlement;

/// <summary>
/// The credit being settled: a payment, a credit note (or, later, a bank line or a portal payment), in
/// <paramref name="OriginalMinor"/> minor units as posted (positive), of which <paramref name="AvailableMinor"/> is
/// still unapplied (positive; equal to the original when the credit is new).
/// </summary>
public readonly record struct CreditItem(EntryKind Kind, long CustomerId, Currency Currency, long OriginalMinor, long AvailableMinor)
{
    /// <summary>A credit posted now: all of it is available.</summary>
    public static CreditItem New(EntryKind kind, long customerId, Money amount) => new(kind, customerId, amount.Currency, amount.Minor, amount.Minor);
}

/// <summary>
/// A debit item (an invoice or an unapplied adjustment) as the planner sees it: whose, which currency, its dates for
/// oldest-first, its open amount (positive while owed) and state as cached, and <paramref name="WrittenOffMinor"/>
/// (the live written-off amount, which decides Paid or WrittenOff when it closes; 0 when none is known).
/// </summary>
public readonly record struct SettlementDebit(
    long Id,
    long CustomerId,
    string? Document,
    Currency Currency,
    DateOnly DueOn,
    DateOnly IssuedOn,
    long OriginalMinor,
    long OpenMinor,
    ItemState State,
    long WrittenOffMinor = 0);

/// <summary>
/// One explicit line: so much to the invoice named <paramref name="Number"/>, found as <paramref name="Invoice"/>
/// (null: there is no such invoice). The fields name the request's inputs, for the refusal.
/// </summary>
public readonly record struct SettlementLine(string Number, SettlementDebit? Invoice, long AmountMinor, string InvoiceField, string AmountField);

/// <summary>What to do when a named invoice has nothing open.</summary>
public enum WhenNothingOpen
{
    /// <summary>Refuse with <c>invoice-not-open</c> (the API's credit note).</summary>
    Refuse,

    /// <summary>Leave the credit unapplied, on account (an import: the ERP paid it twice).</summary>
    OnAccount,
}

/// <summary>How the credit is applied; build one with the factory methods.</summary>
public enum SettlementMode
{
    /// <summary>Explicit lines, each amount checked against its invoice's open amount and their sum against the credit.</summary>
    Lines,

    /// <summary>One named invoice, up to its open amount; the rest stays on account.</summary>
    NamedInvoice,

    /// <summary>Oldest due first over the customer's open debits in the credit's currency.</summary>
    OldestFirst,

    /// <summary>Nothing applied: all of it stays on account.</summary>
    OnAccount,
}

/// <summary>How the credit is to be applied, with the debit items it may touch.</summary>
public sealed record SettlementRequest
{
    private SettlementRequest(SettlementMode mode) => Mode = mode;

    public SettlementMode Mode { get; }

    public IReadOnlyList<SettlementLine> RequestedLines { get; private init; } = [];

    /// <summary>The input that names the sum of the lines (for a total over the credit).</summary>
    public string TotalField { get; private init; } = "allocations";

    public string? InvoiceNumber { get; private init; }

    public SettlementDebit? Invoice { get; private init; }

    public string InvoiceField { get; private init; } = "invoiceNumber";

    public WhenNothingOpen WhenNothingOpen { get; private init; }

    public IEnumerable<SettlementDebit> OpenDebits { get; private init; } = [];

    public static SettlementRequest Lines(IReadOnlyList<SettlementLine> lines, string totalField = "allocations") =>
        new(SettlementMode.Lines) { RequestedLines = lines, TotalField = totalField };

    public static SettlementRequest Named(string number, SettlementDebit? invoice, string field, WhenNothingOpen whenNothingOpen) =>
        new(SettlementMode.NamedInvoice) { InvoiceNumber = number, Invoice = invoice, InvoiceField = field, WhenNothingOpen = whenNothingOpen };

    /// <summary>Oldest-first over <paramref name="openDebits"/>; items of another customer or currency, reversed or closed, are skipped.</summary>
    public static SettlementRequest OldestFirst(IEnumerable<SettlementDebit> openDebits) => new(SettlementMode.OldestFirst) { OpenDebits = openDebits };

    public static SettlementRequest OnAccount { get; } = new(SettlementMode.OnAccount);
}

/// <summary>One debit item after the plan: its open amount before and after, and its state after.</summary>
public readonly record struct SettledDebit(long DebitId, long OpenBeforeMinor, long OpenAfterMinor, ItemState StateAfter);

/// <summary>
/// The outcome of a settlement: the allocations to post (one per debit item, positive), what they total, the
/// credit's open amount after (signed as stored: ≤ 0, the part still on account) and state, and each debit item's
/// open amount and state after.
/// </summary>
public sealed record SettlementPlan(
    IReadOnlyList<Application> Allocations,
    long AppliedMinor,
    long CreditOpenAfterMinor,
    ItemState CreditStateAfter,
    IReadOnlyList<SettledDebit> Debits);
