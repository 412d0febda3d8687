using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

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

    // ---- tamper evidence (issue 12 §2, ADR 0020): the row's place in the chain and its SHA-256 link ----
    public long? Seq { get; set; }

    public string? Hash { get; set; }
}

/// <summary>The model of the audit trail's rows (written by CreditDb.SaveChangesAsync through AuditTrail).</summary>
internal static class AuditModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasIndex(a => new { a.Entity, a.EntityId });
            e.HasIndex(a => a.AtUtc);
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Entity).HasMaxLength(64);
            e.Property(a => a.EntityId).HasMaxLength(200);
            e.HasIndex(a => a.Seq).IsUnique(); // issue 12 §2: one row per link; a fork fails instead of branching
            e.Property(a => a.Hash).HasMaxLength(64);
        });
    }
}
