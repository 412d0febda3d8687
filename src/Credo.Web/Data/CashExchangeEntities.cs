using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// The conversion a bank line's decision rests on when the line pays invoices in another currency (issue 15, stage 3),
/// append-only, one per (line, decision sequence): the bank amount and currency, the rate in effect on the value date
/// and the date it took effect, the amount in the invoices' currency, what was owed, and the realised exchange
/// difference (converted + difference == owed; positive a loss, negative a gain). The ledger's payment is posted in the
/// invoices' currency; this row says what the bank received and at which rate. <see cref="Adjustments"/> names the
/// ledger adjustments that posted the difference ("invoice=reference=minor", one per line), so that an undo reverses them.
/// </summary>
internal sealed class BankLineExchange
{
    public long Id { get; set; }

    public long LineId { get; set; }

    /// <summary>The decision's sequence this conversion belongs to (a suggestion's, then the confirmation's).</summary>
    public int Sequence { get; set; }

    public long PaidMinor { get; set; }

    public required string PaidCurrency { get; set; }

    public decimal Rate { get; set; }

    public DateOnly RateEffectiveOn { get; set; }

    public DateOnly ValueOn { get; set; }

    public required string Currency { get; set; }

    public long ConvertedMinor { get; set; }

    public long OwedMinor { get; set; }

    public long DifferenceMinor { get; set; }

    public string? Adjustments { get; set; }

    public DateTime AtUtc { get; set; }
}

internal static class CashExchangeModel
{
    public const string Table = "bank_line_exchanges";

    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<BankLineExchange>(e =>
        {
            e.ToTable(Table);
            e.HasIndex(x => new { x.LineId, x.Sequence }).IsUnique();
            e.Property(x => x.PaidCurrency).HasMaxLength(3);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.Rate).HasPrecision(28, 12);
            e.Property(x => x.Adjustments).HasMaxLength(4000);
            e.HasOne<BankLine>().WithMany().HasForeignKey(x => x.LineId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
