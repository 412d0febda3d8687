using Credo.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

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

    /// <summary>
    /// HMAC-SHA256 of the posted columns under a key derived from the master key (issue 12 §2, ADR 0020): its 32 raw
    /// bytes (BLOB on SQLite, bytea on PostgreSQL; migration <c>LedgerSealBytes</c> turned the earlier hex text into them).
    /// </summary>
    public byte[]? Seal { get; set; }

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

/// <summary>The model of the receivables ledger: entries, invoice lines, allocations and disputes.</summary>
internal static class LedgerModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasIndex(x => new { x.Kind, x.Document }).IsUnique();
            // Statements and balances: customer and currency, in date order; AmountMinor last makes sums index-only.
            e.HasIndex(x => new { x.CustomerId, x.Currency, x.PostedOn, x.Id, x.AmountMinor });
            e.HasIndex(x => new { x.CustomerId, x.OpenMinor });
            // Only entries applied to an item (write-offs, adjustments, reversals) have one: invoices and payments stay
            // out of this index, which keeps bulk imports cheaper. "x IN (...)" and "x = y" imply IS NOT NULL on both providers.
            e.HasIndex(x => x.AppliesToId).HasFilter("\"AppliesToId\" IS NOT NULL");
            e.Property(x => x.Document).HasMaxLength(64);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.PoNumber).HasMaxLength(64);
            e.Property(x => x.ExternalRef).HasMaxLength(128);
            e.Property(x => x.Method).HasMaxLength(32);
            e.Property(x => x.TermsCode).HasMaxLength(32);
            e.Property(x => x.ContentHash).HasMaxLength(64);
            e.Property(x => x.RecordedBy).HasMaxLength(128);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(x => x.AppliesToId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<InvoiceLine>(e =>
        {
            e.ToTable("invoice_lines");
            e.HasIndex(l => new { l.EntryId, l.LineNo }).IsUnique();
            e.Property(l => l.Sku).HasMaxLength(64);
            e.Property(l => l.Description).HasMaxLength(500);
        });

        builder.Entity<AllocationEntry>(e =>
        {
            e.ToTable("allocations");
            e.HasIndex(a => a.CreditId);
            e.HasIndex(a => a.DebitId);
            e.HasIndex(a => a.CustomerId);
            e.HasIndex(a => a.ReversesId).IsUnique();
            e.Property(a => a.Currency).HasMaxLength(3);
            e.Property(a => a.Reason).HasMaxLength(500);
            e.Property(a => a.RecordedBy).HasMaxLength(128);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(a => a.CreditId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(a => a.DebitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AllocationEntry>().WithMany().HasForeignKey(a => a.ReversesId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Dispute>(e =>
        {
            e.ToTable("disputes");
            e.HasIndex(d => new { d.EntryId, d.Status });
            e.HasIndex(d => d.CustomerId);
            e.Property(d => d.Reason).HasMaxLength(1000);
            e.Property(d => d.Resolution).HasMaxLength(1000);
            e.HasOne<LedgerEntry>().WithMany().HasForeignKey(d => d.EntryId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    /// <summary>The area's enums, stored as strings.</summary>
    public static void Conventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<EntryKind>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<ItemState>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<DisputeStatus>().HaveConversion<string>().HaveMaxLength(16);
    }
}
