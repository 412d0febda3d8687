using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

internal enum ImportKind
{
    Customers,
    Invoices,
    CreditNotes,
    Payments,

    /// <summary>Date-effective exchange rates (from, to, effectiveOn, rate, reason): appended, never overwritten.</summary>
    ExchangeRates,

    // cash application (issue 15 §1): a bank's CSV statement layout, saved as a mapping per bank; read by
    // Features/CashApplication/CsvStatements, never imported through the import slice itself.
    BankLines,
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

/// <summary>The model of CSV import batches and saved column mappings.</summary>
internal static class ImportModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ImportBatch>(e =>
        {
            e.ToTable("import_batches");
            e.HasIndex(b => b.FileSha256);
            e.Property(b => b.FileName).HasMaxLength(260);
            e.Property(b => b.FileSha256).HasMaxLength(64);
            e.Property(b => b.MappingName).HasMaxLength(100);
            e.Property(b => b.StartedBy).HasMaxLength(200);
        });

        builder.Entity<ImportMapping>(e =>
        {
            e.ToTable("import_mappings");
            e.HasIndex(m => m.Name).IsUnique();
            e.Property(m => m.Name).HasMaxLength(100);
        });
    }

    /// <summary>The area's enums, stored as strings.</summary>
    public static void Conventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<ImportKind>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<ImportStatus>().HaveConversion<string>().HaveMaxLength(16);
    }
}
