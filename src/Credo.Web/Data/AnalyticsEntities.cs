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

internal static class AnalyticsModel
{
    public static void Configure(ModelBuilder builder) =>
        builder.Entity<AgingBucketSetEntry>(e =>
        {
            e.ToTable("aging_bucket_sets");
            e.HasIndex(s => s.Name).IsUnique();
            e.Property(s => s.Name).HasMaxLength(64);
            e.Property(s => s.UpperBounds).HasMaxLength(200);
            e.Property(s => s.SavedBy).HasMaxLength(200);
        });
}
