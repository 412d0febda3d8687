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
    }
}
