using System.Text.Json.Serialization;
using Credo.Domain.Ledger;

namespace Credo.Web.Features.Ledger;

// Conventions of the ledger API:
// - Amounts are decimal major units next to a `currency` code. `amount` and `open` are absolute (as a person reads
//   a document); fields that carry the ledger sign say so (`balanceEffect`, statement `debit`/`credit`/`balance`).
// - A customer or invoice named in a request body that does not exist is a 400 `validation` problem naming the
//   field; one named in the URL is a 404 `not-found`.
// - Properties marked [JsonIgnore] are filled from the route by the endpoint, never from the body.

/// <summary>One line of an invoice or credit note: quantity (up to 3 decimals) × unit price = line amount.</summary>
internal sealed record InvoiceLineRequest(string? Description, string? Sku, decimal? Quantity, decimal? UnitPrice);

/// <summary>
/// Post an invoice. Due date: <see cref="DueDate"/> if given, else <see cref="Terms"/> (or the customer's terms)
/// applied to the issue date. If lines are given their total must equal <see cref="Amount"/>.
/// </summary>
internal sealed record PostInvoiceRequest(
    string? CustomerNumber,
    string? Number,
    DateOnly? IssueDate,
    DateOnly? DueDate,
    decimal? Amount,
    string? Currency,
    string? Terms = null,
    string? PoNumber = null,
    string? ExternalRef = null,
    IReadOnlyList<InvoiceLineRequest>? Lines = null);

/// <summary>
/// Post a credit note. Applied to <see cref="InvoiceNumber"/> if given (up to that invoice's open amount), else
/// oldest-first when <see cref="AutoAllocate"/>, else left unapplied on account.
/// </summary>
internal sealed record PostCreditNoteRequest(
    string? CustomerNumber,
    string? Number,
    DateOnly? IssueDate,
    decimal? Amount,
    string? Currency,
    string? Reason = null,
    string? InvoiceNumber = null,
    bool AutoAllocate = false,
    string? ExternalRef = null,
    IReadOnlyList<InvoiceLineRequest>? Lines = null);

/// <summary>Part of a credit applied to one invoice.</summary>
internal sealed record AllocationLine(string? InvoiceNumber, decimal? Amount);

/// <summary>
/// Record a payment received. With <see cref="Allocations"/> it is applied as told; otherwise, when
/// <see cref="AutoAllocate"/> (the default), oldest-first over the customer's open invoices in its currency.
/// Whatever does not fit stays unapplied on account.
/// </summary>
internal sealed record RecordPaymentRequest(
    string? CustomerNumber,
    string? Reference,
    DateOnly? ReceivedOn,
    decimal? Amount,
    string? Currency,
    string? Method,
    IReadOnlyList<AllocationLine>? Allocations = null,
    bool AutoAllocate = true,
    string? ExternalRef = null);

/// <summary>Apply the unapplied part of a payment or credit note: explicitly, or oldest-first when no lines are given.</summary>
internal sealed record AllocateCreditRequest(IReadOnlyList<AllocationLine>? Allocations = null, DateOnly? AppliedOn = null)
{
    [JsonIgnore]
    public EntryKind CreditKind { get; init; } = EntryKind.Payment;

    /// <summary>The payment reference or credit-note number (from the route).</summary>
    [JsonIgnore]
    public string? CreditDocument { get; init; }
}

/// <summary>Undo an allocation: a negative allocation row pointing at it, with a reason.</summary>
internal sealed record UnapplyAllocationRequest(string? Reason, DateOnly? On = null)
{
    [JsonIgnore]
    public long AllocationId { get; init; }
}

/// <summary>
/// Reverse a posted item (invoice, credit note, payment, write-off, adjustment) with a reason. Identified by
/// <see cref="EntryId"/>, or by <see cref="Kind"/> and <see cref="Document"/> (from the route).
/// </summary>
internal sealed record ReverseEntryRequest(string? Reason, DateOnly? On = null)
{
    [JsonIgnore]
    public long? EntryId { get; init; }

    [JsonIgnore]
    public EntryKind? Kind { get; init; }

    [JsonIgnore]
    public string? Document { get; init; }
}

/// <summary>Write off an invoice's remaining open amount, or <see cref="Amount"/> of it.</summary>
internal sealed record WriteOffRequest(string? Reason, decimal? Amount = null, DateOnly? On = null)
{
    [JsonIgnore]
    public string? InvoiceNumber { get; init; }
}

/// <summary>
/// A signed adjustment with a reason: applied to <see cref="InvoiceNumber"/> (changes its open amount, never below
/// zero) or, without one, standalone for <see cref="CustomerNumber"/> (a debit item due on <see cref="DueDate"/>,
/// or a credit on account).
/// </summary>
internal sealed record PostAdjustmentRequest(
    string? CustomerNumber,
    string? InvoiceNumber,
    decimal? Amount,
    string? Currency,
    string? Reason,
    DateOnly? On = null,
    DateOnly? DueDate = null,
    string? Reference = null);

internal sealed record OpenDisputeRequest(string? Reason)
{
    [JsonIgnore]
    public string? InvoiceNumber { get; init; }
}

internal sealed record ResolveDisputeRequest(string? Resolution)
{
    [JsonIgnore]
    public string? InvoiceNumber { get; init; }
}

// ---- queries ----

internal sealed record DocumentQuery(EntryKind Kind, string Document);

internal sealed record InvoiceQuery(
    string? CustomerNumber = null,
    ItemState? State = null,
    bool? Overdue = null,
    string? Currency = null,
    int Page = 1,
    int PageSize = 25);

/// <summary>Open items today (from the cache) or at the end of <see cref="AsOf"/> (derived from the history).</summary>
internal sealed record OpenItemsQuery(string CustomerNumber, string? Currency = null, DateOnly? AsOf = null);

/// <summary>
/// A statement in one currency (default: the customer's). Either a period (<see cref="From"/>..<see cref="To"/>) or
/// everything up to <see cref="AsOf"/>; only entries posted on or before the end date count.
/// </summary>
internal sealed record StatementQuery(
    string CustomerNumber,
    string? Currency = null,
    DateOnly? From = null,
    DateOnly? To = null,
    DateOnly? AsOf = null,
    int Page = 1,
    int PageSize = 100);

/// <summary>Balance per currency as of a date (default today).</summary>
internal sealed record BalanceQuery(string CustomerNumber, DateOnly? AsOf = null);

// ---- responses ----

internal sealed record InvoiceLineDto(int LineNo, string Description, string? Sku, decimal Quantity, decimal UnitPrice, decimal Amount);

internal sealed record AllocationDto(
    long Id,
    string CreditKind,
    string? CreditDocument,
    string DebitKind,
    string? DebitDocument,
    decimal Amount,
    string Currency,
    DateOnly AppliedOn,
    long? ReversesId,
    bool Undone,
    string? Reason,
    DateTime RecordedAtUtc,
    string RecordedBy);

/// <summary>An entry applied to the item (write-off, adjustment, reversal), signed as in the ledger.</summary>
internal sealed record HistoryEntryDto(
    long Id,
    string Kind,
    string? Document,
    DateOnly PostedOn,
    decimal BalanceEffect,
    string Currency,
    string? Reason,
    long? AppliesToId,
    DateTime RecordedAtUtc,
    string RecordedBy);

internal sealed record DisputeDto(
    long Id,
    string Status,
    string Reason,
    DateTime OpenedAtUtc,
    string OpenedBy,
    DateTime? ResolvedAtUtc,
    string? ResolvedBy,
    string? Resolution);

/// <summary>An invoice, credit note, payment, adjustment or write-off, with its allocations and history.</summary>
internal sealed record DocumentDto(
    long Id,
    string Kind,
    string? Number,
    string CustomerNumber,
    DateOnly PostedOn,
    DateOnly? DueOn,
    string Currency,
    decimal Amount,
    decimal Open,
    decimal BalanceEffect,
    ItemState State,
    bool Disputed,
    int DaysOverdue,
    string? Terms,
    string? PoNumber,
    string? ExternalRef,
    string? Method,
    string? Reason,
    long? AppliesToId,
    IReadOnlyList<InvoiceLineDto> Lines,
    IReadOnlyList<AllocationDto> Allocations,
    IReadOnlyList<HistoryEntryDto> History,
    IReadOnlyList<DisputeDto> Disputes,
    int Version,
    DateTime RecordedAtUtc,
    string RecordedBy)
{
    /// <summary>An open invoice's predicted payment (issue 13 §5, <see cref="IPaymentOutlooks"/>); absent otherwise.</summary>
    public PaymentOutlookDto? Outlook { get; init; }
}

internal sealed record InvoiceListItem(
    long Id,
    string Number,
    string CustomerNumber,
    DateOnly IssuedOn,
    DateOnly? DueOn,
    string Currency,
    decimal Amount,
    decimal Open,
    ItemState State,
    bool Disputed,
    int DaysOverdue);

/// <summary>An item with something open: an invoice or debit adjustment still owed, or unapplied cash or credit.</summary>
internal sealed record OpenItemDto(
    long Id,
    string Kind,
    string? Number,
    DateOnly PostedOn,
    DateOnly? DueOn,
    string Currency,
    decimal Amount,
    decimal Open,
    decimal BalanceEffect,
    ItemState State,
    bool Disputed,
    int DaysOverdue)
{
    /// <summary>An open invoice's predicted payment as of the list's date (issue 13 §5, <see cref="IPaymentOutlooks"/>); absent otherwise.</summary>
    public PaymentOutlookDto? Outlook { get; init; }
}

internal sealed record OpenItemsDto(string CustomerNumber, DateOnly AsOf, IReadOnlyList<OpenItemDto> Items);

internal sealed record StatementLineDto(long EntryId, DateOnly On, string Kind, string? Document, string? Reason, decimal Debit, decimal Credit, decimal Balance);

/// <summary>
/// <see cref="OpeningBalance"/> is the balance before <see cref="From"/>; <see cref="PageOpeningBalance"/> the balance
/// before this page's first line; <see cref="ClosingBalance"/> the balance at <see cref="To"/>.
/// </summary>
internal sealed record StatementDto(
    string CustomerNumber,
    string Currency,
    DateOnly? From,
    DateOnly To,
    decimal OpeningBalance,
    decimal PageOpeningBalance,
    decimal ClosingBalance,
    IReadOnlyList<StatementLineDto> Lines,
    int Page,
    int PageSize,
    int TotalLines);

internal sealed record CurrencyBalanceDto(
    string Currency,
    decimal Balance,
    decimal OpenInvoices,
    decimal Overdue,
    decimal Unapplied,
    decimal Disputed,
    int OpenInvoiceCount,
    int OverdueInvoiceCount,
    DateOnly? OldestOverdueDueOn);

internal sealed record BalanceDto(string CustomerNumber, DateOnly AsOf, IReadOnlyList<CurrencyBalanceDto> Currencies);

/// <summary>An item whose cached open amount, state or dispute flag differs from the derivation.</summary>
internal sealed record ReconcileDifference(
    long EntryId,
    string Kind,
    string? Document,
    decimal CachedOpen,
    decimal DerivedOpen,
    ItemState CachedState,
    ItemState DerivedState,
    bool CachedDisputed,
    bool DerivedDisputed);

/// <summary>
/// <paramref name="Forged"/>: entries whose seal is missing or wrong (written around Credo, issue 12 §2). A customer
/// with one is never fixed: its differences are reported and its caches left as they are.
/// </summary>
internal sealed record ReconcileReport(int EntriesChecked, IReadOnlyList<ReconcileDifference> Differences, bool Fixed, IReadOnlyList<ForgedEntry> Forged);

/// <summary>A ledger row that Credo did not write: its id, what it claims to be, and what is wrong with its seal.</summary>
internal sealed record ForgedEntry(long EntryId, long CustomerId, string Kind, string? Document, decimal Amount, string Currency, string Problem);
