using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// A user's own aging bucket set: a name and the upper bounds in days, ascending ("0,7,14,30"). The standard set
/// (current, 1–30 … over 120) is built in and not stored. Saving a set under an existing name replaces its bounds.
/// </summary>
internal sealed class AgingBucketSetEntry
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Comma-separated whole days, ascending.</summary>
    public required string UpperBounds { get; set; }

    public DateTime SavedAtUtc { get; set; }

    public required string SavedBy { get; set; }
}

/// <summary>
/// One trained late-payment model (issue 13 §5), versioned: never updated; the highest version is the one in use. The
/// card (data size, date range, features, hold-out metrics beside the baselines, which outputs use the model) is JSON;
/// the two ML.NET models are their zip bytes (empty when the history was below the minimum: the baseline is used).
/// <see cref="PeriodKey"/> is set by the scheduled retraining and unique, so several instances train once per period.
/// </summary>
internal sealed class PredictionModelEntry
{
    public long Id { get; set; }

    public int Version { get; set; }

    public DateTime TrainedAtUtc { get; set; }

    /// <summary>The day the training saw the ledger as of.</summary>
    public DateOnly TrainedThrough { get; set; }

    public int Seed { get; set; }

    public required string TrainedBy { get; set; }

    public string? PeriodKey { get; set; }

    public required string CardJson { get; set; }

    public byte[] Classifier { get; set; } = [];

    public byte[] Regressor { get; set; } = [];
}

/// <summary>
/// One week of a stored collection forecast (issue 13 §6): made on <see cref="MadeOn"/> for the portfolio in one native
/// currency, week <see cref="Week"/> (1 = the 7 days after <see cref="MadeOn"/>), its P10/P50/P90 in minor units.
/// Append-only; compared with the receipts once the week is over.
/// </summary>
internal sealed class ForecastWeekEntry
{
    public long Id { get; set; }

    public DateOnly MadeOn { get; set; }

    public required string Currency { get; set; }

    public int Week { get; set; }

    public DateOnly From { get; set; }

    public long P10Minor { get; set; }

    public long P50Minor { get; set; }

    public long P90Minor { get; set; }
}

/// <summary>
/// A month-end aging snapshot (issue 13 §2, §9): the aging sums of every customer as of <see cref="MonthEnd"/> on one
/// basis and bucket set, kept so that a portfolio aging need not read every open item (<c>AgingSnapshots</c>). A cache
/// of a derivation, never the truth: it is written only for a day that is over, rewritten whole by the same key, and
/// used only while the ledger's counts up to that day (<see cref="EntriesPosted"/>, <see cref="AllocationsApplied"/>,
/// <see cref="DisputesOpened"/>) are still those it was made from; a posting dated back into its month makes it stale.
/// </summary>
internal sealed class AgingSnapshotEntry
{
    public long Id { get; set; }

    public DateOnly MonthEnd { get; set; }

    /// <summary>Due or Document (the aging basis, stored as its name).</summary>
    public required string Basis { get; set; }

    /// <summary>The bucket set's upper bounds in days, comma-separated ("0,30,60,90,120").</summary>
    public required string UpperBounds { get; set; }

    public long EntriesPosted { get; set; }

    public long AllocationsApplied { get; set; }

    public long DisputesOpened { get; set; }

    public DateTime WrittenAtUtc { get; set; }

    public List<AgingSnapshotCell> Cells { get; set; } = [];
}

/// <summary>One customer's sum in one currency and cell of a snapshot: <see cref="Cell"/> −1 unapplied, −2 disputed, else the bucket index.</summary>
internal sealed class AgingSnapshotCell
{
    public long Id { get; set; }

    public long SnapshotId { get; set; }

    public long CustomerId { get; set; }

    public required string Currency { get; set; }

    public int Cell { get; set; }

    public long Minor { get; set; }
}

internal static class AnalyticsModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AgingBucketSetEntry>(e =>
        {
            e.ToTable("aging_bucket_sets");
            e.HasIndex(s => s.Name).IsUnique();
            e.Property(s => s.Name).HasMaxLength(64);
            e.Property(s => s.UpperBounds).HasMaxLength(200);
            e.Property(s => s.SavedBy).HasMaxLength(200);
        });
        builder.Entity<PredictionModelEntry>(e =>
        {
            e.ToTable("prediction_models");
            e.HasIndex(m => m.Version).IsUnique();
            e.HasIndex(m => m.PeriodKey).IsUnique();
            e.Property(m => m.TrainedBy).HasMaxLength(200);
            e.Property(m => m.PeriodKey).HasMaxLength(64);
        });
        builder.Entity<ForecastWeekEntry>(e =>
        {
            e.ToTable("forecast_weeks");
            e.HasIndex(f => new { f.MadeOn, f.Currency, f.Week }).IsUnique();
            e.Property(f => f.Currency).HasMaxLength(3);
        });
        builder.Entity<AgingSnapshotEntry>(e =>
        {
            e.ToTable("aging_snapshots");
            e.HasIndex(s => new { s.MonthEnd, s.Basis, s.UpperBounds }).IsUnique();
            e.Property(s => s.Basis).HasMaxLength(16);
            e.Property(s => s.UpperBounds).HasMaxLength(200);
            e.HasMany(s => s.Cells).WithOne().HasForeignKey(c => c.SnapshotId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AgingSnapshotCell>(e =>
        {
            e.ToTable("aging_snapshot_cells");
            e.HasIndex(c => c.SnapshotId);
            e.Property(c => c.Currency).HasMaxLength(3);
        });
    }
}
