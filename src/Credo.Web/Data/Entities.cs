using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Microsoft.AspNetCore.Identity;

namespace Credo.Web.Data;

/// <summary>A member of staff. Roles come from ASP.NET Core Identity (see <see cref="Infrastructure.Roles"/>).</summary>
internal sealed class CreditUser : IdentityUser
{
    public string? DisplayName { get; set; }
}

internal sealed class Address
{
    public string? Line1 { get; set; }

    public string? Line2 { get; set; }

    public string? City { get; set; }

    public string? Region { get; set; }

    public string? PostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; set; }
}

internal sealed class Contact
{
    public required string Name { get; set; }

    public string? Role { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }
}

/// <summary>
/// A corporate group node. Groups nest to any depth (a holding owns regional groups which own stores);
/// customers hang from one group.
/// </summary>
internal sealed class CorporateGroup
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public long? ParentId { get; set; }

    public CorporateGroup? Parent { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>A value in one segmentation dimension, e.g. (region, "west") or (channel, "independent").</summary>
internal sealed class Segment
{
    public long Id { get; set; }

    public required string Dimension { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }
}

internal sealed class CustomerSegment
{
    public long CustomerId { get; set; }

    public long SegmentId { get; set; }

    public Segment? Segment { get; set; }
}

/// <summary>Master data of a buyer. Updates are allowed (and audited); money history lives in the ledger.</summary>
internal sealed class Customer
{
    public long Id { get; set; }

    /// <summary>The seller's own account number: unique, used in URLs.</summary>
    public required string Number { get; set; }

    public required string LegalName { get; set; }

    public string? TradingName { get; set; }

    public string? TaxId { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Website { get; set; }

    /// <summary>ISO 4217 code of the customer's default currency.</summary>
    public required string Currency { get; set; }

    /// <summary>Canonical <see cref="PaymentTerms"/> code, e.g. NET30.</summary>
    public required string TermsCode { get; set; }

    public CustomerStatus Status { get; set; }

    public long? GroupId { get; set; }

    public CorporateGroup? Group { get; set; }

    public Address BillingAddress { get; set; } = new();

    public Address ShippingAddress { get; set; } = new();

    public List<Contact> Contacts { get; set; } = [];

    public List<CustomerSegment> Segments { get; set; } = [];

    public string? Notes { get; set; }

    /// <summary>Lower-case number, names and tax id, for case-insensitive search on every provider.</summary>
    public string SearchText { get; set; } = string.Empty;

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every update.</summary>
    public int Version { get; set; }

    public void RefreshSearchText() =>
        SearchText = string.Join('|', new[] { Number, LegalName, TradingName, TaxId, Email }.Where(s => !string.IsNullOrWhiteSpace(s))).ToLowerInvariant();
}

/// <summary>
/// One posted fact of the receivables ledger. Append-only: the posted columns are never updated or deleted
/// (database triggers refuse it). Only the derived cache columns at the bottom change, and <c>reconcile</c>
/// proves them equal to the derivation from entries and allocations.
/// </summary>
internal sealed class LedgerEntry
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public EntryKind Kind { get; set; }

    /// <summary>Invoice or credit-note number, payment reference; unique per kind. Null for applied entries.</summary>
    public string? Document { get; set; }

    /// <summary>Business date: issue date, receipt date, write-off date.</summary>
    public DateOnly PostedOn { get; set; }

    /// <summary>Due date for invoices and debit adjustments.</summary>
    public DateOnly? DueOn { get; set; }

    public required string Currency { get; set; }

    /// <summary>Signed minor units: positive increases what the customer owes.</summary>
    public long AmountMinor { get; set; }

    /// <summary>The item a write-off, adjustment or reversal applies to.</summary>
    public long? AppliesToId { get; set; }

    public string? Reason { get; set; }

    public string? PoNumber { get; set; }

    public string? ExternalRef { get; set; }

    /// <summary>Payment method (bank-transfer, card, cheque, cash, direct-debit, other).</summary>
    public string? Method { get; set; }

    public string? TermsCode { get; set; }

    public long? ImportBatchId { get; set; }

    public int? SourceLine { get; set; }

    /// <summary>Hash of the posted content, so that an import replay can tell "same" from "changed".</summary>
    public string? ContentHash { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public required string RecordedBy { get; set; }

    public List<InvoiceLine> Lines { get; set; } = [];

    // ---- derived cache (the only columns ever updated) ----

    /// <summary>Signed open amount: owed (&gt; 0) on a debit item, unapplied (&lt; 0) on a credit item, 0 otherwise.</summary>
    public long OpenMinor { get; set; }

    public ItemState State { get; set; }

    public bool Disputed { get; set; }

    public int Version { get; set; }
}

internal sealed class InvoiceLine
{
    public long Id { get; set; }

    public long EntryId { get; set; }

    public int LineNo { get; set; }

    public string? Sku { get; set; }

    public required string Description { get; set; }

    /// <summary>Quantity in thousandths (3 decimals) to stay exact.</summary>
    public long QuantityMilli { get; set; }

    public long UnitPriceMinor { get; set; }

    public long AmountMinor { get; set; }
}

/// <summary>
/// Part of a credit (payment, credit note, credit adjustment) applied to a debit item. Append-only: a negative
/// allocation pointing at the original undoes it.
/// </summary>
internal sealed class AllocationEntry
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public long CreditId { get; set; }

    public long DebitId { get; set; }

    public required string Currency { get; set; }

    /// <summary>Positive applies, negative undoes (with <see cref="ReversesId"/> set).</summary>
    public long AmountMinor { get; set; }

    public DateOnly AppliedOn { get; set; }

    public long? ReversesId { get; set; }

    public string? Reason { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public required string RecordedBy { get; set; }
}

internal enum DisputeStatus
{
    Open,
    Resolved,
}

/// <summary>A buyer's dispute of an invoice. The invoice's <see cref="LedgerEntry.Disputed"/> flag mirrors the open one.</summary>
internal sealed class Dispute
{
    public long Id { get; set; }

    public long EntryId { get; set; }

    public long CustomerId { get; set; }

    public required string Reason { get; set; }

    public DisputeStatus Status { get; set; }

    public DateTime OpenedAtUtc { get; set; }

    public required string OpenedBy { get; set; }

    public DateTime? ResolvedAtUtc { get; set; }

    public string? ResolvedBy { get; set; }

    public string? Resolution { get; set; }
}

internal sealed class IdempotencyRecord
{
    public long Id { get; set; }

    /// <summary>Who sent it and where: the same key from two clients is two keys.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }

    public string? Location { get; set; }

    public string? ResponseJson { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class ApiKey
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Public part of the key, used to find it; the secret part is stored only as a hash.</summary>
    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public required string Role { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }
}

internal sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>"user:alice@example.com", "apikey:erp-prod", "cli", "system".</summary>
    public required string Actor { get; set; }

    /// <summary>Added, Modified, Deleted, or a use-case verb such as "import".</summary>
    public required string Action { get; set; }

    public required string Entity { get; set; }

    public required string EntityId { get; set; }

    public string? BeforeJson { get; set; }

    public string? AfterJson { get; set; }
}

internal enum ImportKind
{
    Customers,
    Invoices,
    CreditNotes,
    Payments,

    /// <summary>Date-effective exchange rates (from, to, effectiveOn, rate, reason): appended, never overwritten.</summary>
    ExchangeRates,
}

internal enum ImportStatus
{
    Running,
    Succeeded,
    Failed,

    /// <summary>The process stopped while it ran; found at the next start, with what it had committed (issue 12 §5).</summary>
    Interrupted,
}

internal sealed class ImportBatch
{
    public long Id { get; set; }

    public ImportKind Kind { get; set; }

    public required string FileName { get; set; }

    public required string FileSha256 { get; set; }

    public string? MappingName { get; set; }

    public ImportStatus Status { get; set; }

    public long BytesTotal { get; set; }

    public long BytesRead { get; set; }

    public long RowsRead { get; set; }

    public long RowsAdded { get; set; }

    public long RowsUnchanged { get; set; }

    public long RowsRejected { get; set; }

    /// <summary>JSON array of the first row errors (line, field, reason).</summary>
    public string? ErrorsJson { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    public required string StartedBy { get; set; }
}

/// <summary>A saved column mapping for CSV imports (the same JSON as a mapping file).</summary>
internal sealed class ImportMapping
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public ImportKind Kind { get; set; }

    public required string Json { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A side effect (email, letter, webhook) produced in the same transaction as the state change.</summary>
internal sealed class OutboxMessage
{
    public long Id { get; set; }

    public required string Topic { get; set; }

    public required string PayloadJson { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? DeliveredAtUtc { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}
