// The reservation lifecycle (its states and its table) is pure domain: Credo.Domain.Credit.ReservationLifecycle.
global using ReservationState = Credo.Domain.Credit.ReservationState;
using Credo.Domain.Credit;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// A credit line: the limit at one node (a customer, a corporate group, a segment value, or the portfolio) in the
/// node's currency, plus the cached exposure kept against it. The cache columns (<see cref="ReservedMinor"/>,
/// <see cref="ShippedMinor"/>, <see cref="ReceivableMinor"/>) change only by atomic increments inside the transaction that changes what they
/// sum, and <c>reconcile</c> proves them equal to the derivation (see docs/adr/0009-credit-exposure.md).
/// </summary>
internal sealed class CreditLine
{
    public long Id { get; set; }

    public LimitLevel Level { get; set; }

    /// <summary>Customer, group or segment id; 0 for the portfolio.</summary>
    public long SubjectId { get; set; }

    public required string Currency { get; set; }

    /// <summary>The base ceiling in minor units; null means this level imposes no ceiling (zero means zero).</summary>
    public long? LimitMinor { get; set; }

    public long? TempIncreaseMinor { get; set; }

    public DateOnly? TempIncreaseExpiresOn { get; set; }

    public DateOnly? ReviewOn { get; set; }

    public DateOnly? ExpiresOn { get; set; }

    // ---- exposure cache (node currency) ----

    /// <summary>Sum of this line's share of active reservations (approved orders, not yet shipped or invoiced).</summary>
    public long ReservedMinor { get; set; }

    /// <summary>Sum of this line's share of shipped, not yet invoiced orders (kept whether or not the category counts).</summary>
    public long ShippedMinor { get; set; }

    /// <summary>Sum over the customers below this node of their open ledger items, each converted at its posting date.</summary>
    public long ReceivableMinor { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }

    /// <summary>The cached exposure by category, and the part of it that counts under <paramref name="counted"/>.</summary>
    public Exposure Exposure(ExposureCategories counted) => new(ReceivableMinor, ReservedMinor, ShippedMinor, counted);

    public CreditLimit ToLimit() => new(
        LimitMinor,
        TempIncreaseMinor is { } t && TempIncreaseExpiresOn is { } e ? new TemporaryIncrease(t, e) : null,
        ReviewOn,
        ExpiresOn);
}

/// <summary>Limit history: who changed a line, when, why, and the old and new values. Append-only.</summary>
internal sealed class CreditLineChange
{
    public long Id { get; set; }

    public long LineId { get; set; }

    public DateTime AtUtc { get; set; }

    public required string By { get; set; }

    public required string Reason { get; set; }

    /// <summary>The line's currency after the change (the new limit's).</summary>
    public required string Currency { get; set; }

    /// <summary>The line's currency before the change when it changed (the old limit's); null when it did not.</summary>
    public string? OldCurrency { get; set; }

    public long? OldLimitMinor { get; set; }

    public long? NewLimitMinor { get; set; }

    public long? TempIncreaseMinor { get; set; }

    public DateOnly? TempIncreaseExpiresOn { get; set; }

    public DateOnly? ReviewOn { get; set; }

    public DateOnly? ExpiresOn { get; set; }
}

/// <summary>
/// One unit of <see cref="FromCurrency"/> buys <see cref="Rate"/> of <see cref="ToCurrency"/> from <see cref="EffectiveOn"/>.
/// Append-only (database triggers refuse updates and deletes): a correction is a new row for the same pair and date,
/// which supersedes the earlier one; for a pair and date the row with the highest id is in effect.
/// </summary>
internal sealed class ExchangeRateEntry
{
    public long Id { get; set; }

    public required string FromCurrency { get; set; }

    public required string ToCurrency { get; set; }

    public DateOnly EffectiveOn { get; set; }

    public decimal Rate { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public required string RecordedBy { get; set; }

    /// <summary>Why the rate was recorded or corrected (optional).</summary>
    public string? Reason { get; set; }

    /// <summary>The row for the same pair and date this one corrects, if any.</summary>
    public long? SupersedesId { get; set; }
}

/// <summary>
/// The answer to one order's credit check and, when approved, its reservation. The order reference is unique: a
/// retry returns the first answer.
/// </summary>
internal sealed class CreditReservation
{
    public long Id { get; set; }

    public required string OrderReference { get; set; }

    public long CustomerId { get; set; }

    public long AmountMinor { get; set; }

    public required string Currency { get; set; }

    public DateOnly? ShipOn { get; set; }

    public DateOnly CheckedOn { get; set; }

    public DateOnly ExpiresOn { get; set; }

    public ReservationState State { get; set; }

    /// <summary>The answer as first given (JSON), returned verbatim on a retry.</summary>
    public required string DecisionJson { get; set; }

    public string? InvoiceDocument { get; set; }

    public string? Reason { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public List<CreditReservationLine> Lines { get; set; } = [];
}

/// <summary>A reservation's share of one credit line, converted once into the line's currency (released exactly).</summary>
internal sealed class CreditReservationLine
{
    public long ReservationId { get; set; }

    public long LineId { get; set; }

    public long AmountMinor { get; set; }
}

/// <summary>A block rule as data (see <see cref="BlockRule"/>).</summary>
internal sealed class CreditBlockRule
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public BlockRuleKind Kind { get; set; }

    public bool Enabled { get; set; }

    public long? ThresholdMinor { get; set; }

    public string? Currency { get; set; }

    public int? Days { get; set; }

    public BlockRule ToRule() => new(Code, Kind, Enabled, ThresholdMinor, Currency, Days);
}

/// <summary>Model configuration of the credit-lines feature, kept apart from the rest of the model to ease merging.</summary>
internal static class CreditModel
{
    public static void Configure(ModelBuilder builder)
    {
        // The overdue block rule reads a customer's open items due before a date on every check: a partial index
        // over open debit items only keeps that a seek however many items a customer has.
        builder.Entity<LedgerEntry>().HasIndex(e => new { e.CustomerId, e.DueOn }).HasDatabaseName("IX_ledger_entries_credit_open_due").HasFilter("\"OpenMinor\" > 0");

        builder.Entity<CreditLine>(e =>
        {
            e.ToTable("credit_lines");
            e.HasIndex(l => new { l.Level, l.SubjectId }).IsUnique();
            e.Property(l => l.Level).HasConversion<string>().HasMaxLength(16);
            e.Property(l => l.Currency).HasMaxLength(3);
            e.Property(l => l.UpdatedBy).HasMaxLength(200);
        });

        builder.Entity<CreditLineChange>(e =>
        {
            e.ToTable("credit_line_changes");
            e.HasIndex(c => new { c.LineId, c.AtUtc });
            e.Property(c => c.By).HasMaxLength(200);
            e.Property(c => c.Reason).HasMaxLength(500);
            e.Property(c => c.Currency).HasMaxLength(3);
            e.Property(c => c.OldCurrency).HasMaxLength(3);
            e.HasOne<CreditLine>().WithMany().HasForeignKey(c => c.LineId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ExchangeRateEntry>(e =>
        {
            e.ToTable("exchange_rates");
            e.HasIndex(r => new { r.FromCurrency, r.ToCurrency, r.EffectiveOn, r.Id });
            e.Property(r => r.FromCurrency).HasMaxLength(3);
            e.Property(r => r.ToCurrency).HasMaxLength(3);
            e.Property(r => r.Rate).HasPrecision(28, 12);
            e.Property(r => r.RecordedBy).HasMaxLength(200);
            e.Property(r => r.Reason).HasMaxLength(500);
        });

        builder.Entity<CreditReservation>(e =>
        {
            e.ToTable("credit_reservations");
            e.HasIndex(r => r.OrderReference).IsUnique();
            e.HasIndex(r => new { r.CustomerId, r.State });
            e.HasIndex(r => new { r.State, r.ExpiresOn });
            // The hold queue pages held orders oldest first (held since UpdatedAtUtc, then id): held rows only.
            e.HasIndex(r => new { r.UpdatedAtUtc, r.Id }).HasDatabaseName("IX_credit_reservations_held_queue").HasFilter("\"State\" = 'Held'");
            e.Property(r => r.OrderReference).HasMaxLength(128);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.InvoiceDocument).HasMaxLength(64);
            e.Property(r => r.Reason).HasMaxLength(500);
            e.Property(r => r.CreatedBy).HasMaxLength(200);
            e.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReservationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CreditReservationLine>(e =>
        {
            e.ToTable("credit_reservation_lines");
            e.HasKey(l => new { l.ReservationId, l.LineId });
            e.HasIndex(l => l.LineId);
            e.HasOne<CreditLine>().WithMany().HasForeignKey(l => l.LineId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CreditBlockRule>(e =>
        {
            e.ToTable("credit_block_rules");
            e.HasIndex(r => r.Code).IsUnique();
            e.Property(r => r.Code).HasMaxLength(64);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.HasData(BlockRule.Defaults.Select((r, i) => new CreditBlockRule
            {
                Id = i + 1,
                Code = r.Code,
                Kind = r.Kind,
                Enabled = r.Enabled,
                ThresholdMinor = r.ThresholdMinor,
                Currency = r.Currency,
                Days = r.Days,
            }));
        });
    }
}
