using Credo.Domain.Applications;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>Why the application exists: a new applicant, an existing customer asking for more, or a periodic review.</summary>
internal enum ApplicationKind
{
    New,
    LimitIncrease,
    Review,
}

/// <summary>
/// A versioned application template: its sections and fields as JSON (see <c>Credo.Domain.Applications</c>).
/// A published version is never edited; a change is a new version with the same <see cref="Key"/>.
/// </summary>
internal sealed class ApplicationTemplate
{
    public long Id { get; set; }

    /// <summary>Stable name shared by all versions, used in the public link (/apply/{key}).</summary>
    public required string Key { get; set; }

    public int Version { get; set; }

    public required string Name { get; set; }

    public required string DefinitionJson { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>Set once when the version goes live; the newest published version of a key is the one the public link serves.</summary>
    public DateTime? PublishedAtUtc { get; set; }
}

/// <summary>
/// A credit application: a new applicant's, or an existing customer's limit increase or periodic review. The columns
/// the workflow, fraud checks and queues query are typed; the remaining answers are JSON keyed by template field.
/// Personal data of owners and guarantors is never in <see cref="AnswersJson"/>: it is encrypted in
/// <see cref="ProtectedAnswers"/>.
/// </summary>
internal sealed class CreditApplication
{
    public long Id { get; set; }

    /// <summary>Human reference, unique, used in URLs and emails (e.g. APP-2026-000123).</summary>
    public required string Reference { get; set; }

    public ApplicationKind Kind { get; set; }

    public ApplicationStatus Status { get; set; }

    public long TemplateId { get; set; }

    /// <summary>The customer this is about (limit increase, review), or the one approval created.</summary>
    public long? CustomerId { get; set; }

    public required string ApplicantEmail { get; set; }

    public DateTime? EmailVerifiedAtUtc { get; set; }

    public string? LegalName { get; set; }

    public string? TradingName { get; set; }

    public string? TaxId { get; set; }

    public string? Website { get; set; }

    public string? Phone { get; set; }

    /// <summary>ISO 3166 alpha-2 of the registered address.</summary>
    public string? Country { get; set; }

    public required string Currency { get; set; }

    public long? RequestedLimitMinor { get; set; }

    public string? RequestedTermsCode { get; set; }

    /// <summary>Non-sensitive answers by template field key.</summary>
    public string AnswersJson { get; set; } = "{}";

    /// <summary>Owners' and guarantors' personal data, encrypted; null when there is none.</summary>
    public string? ProtectedAnswers { get; set; }

    public string? SignedName { get; set; }

    public DateTime? SignedAtUtc { get; set; }

    public string? SignedIp { get; set; }

    /// <summary>SHA-256 of the terms and consent text the applicant agreed to.</summary>
    public string? ConsentSha256 { get; set; }

    public string? SubmitterIp { get; set; }

    public string? DeviceId { get; set; }

    /// <summary>SHA-256 of the secret in the applicant's resume link; the secret itself is only in the link.</summary>
    public string? ResumeTokenHash { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? SubmittedAtUtc { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    /// <summary>The analyst the case is assigned to, when referred.</summary>
    public string? AssignedTo { get; set; }

    /// <summary>The latest stored policy decision for this application.</summary>
    public long? LatestDecisionId { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every update.</summary>
    public int Version { get; set; }
}

/// <summary>An uploaded file: checked by content, stored under a server-made name, never served from its own name.</summary>
internal sealed class ApplicationDocument
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    /// <summary>The template field it answers (e.g. financialStatements).</summary>
    public required string FieldKey { get; set; }

    /// <summary>The applicant's file name, sanitised, for display only.</summary>
    public required string OriginalName { get; set; }

    public required string StoredName { get; set; }

    /// <summary>The type detected from the content, not the one the browser claimed.</summary>
    public required string ContentType { get; set; }

    public long SizeBytes { get; set; }

    public required string Sha256 { get; set; }

    public DateTime UploadedAtUtc { get; set; }
}

/// <summary>The application's history: every status change, note, request for information and override. Append-only.</summary>
internal sealed class ApplicationEvent
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    public DateTime AtUtc { get; set; }

    public required string Actor { get; set; }

    /// <summary>status-changed, note, info-requested, info-provided, override, assigned, email-verified, ...</summary>
    public required string Kind { get; set; }

    public ApplicationStatus? FromStatus { get; set; }

    public ApplicationStatus? ToStatus { get; set; }

    public string? Text { get; set; }
}

internal static class ApplicationModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ApplicationTemplate>(e =>
        {
            e.ToTable("application_templates");
            e.HasIndex(t => new { t.Key, t.Version }).IsUnique();
            e.Property(t => t.Key).HasMaxLength(64);
            e.Property(t => t.Name).HasMaxLength(200);
            e.Property(t => t.CreatedBy).HasMaxLength(200);
        });

        builder.Entity<CreditApplication>(e =>
        {
            e.ToTable("credit_applications");
            e.HasIndex(a => a.Reference).IsUnique();
            e.HasIndex(a => new { a.Status, a.SubmittedAtUtc });
            e.HasIndex(a => a.CustomerId);
            e.HasIndex(a => a.ApplicantEmail);
            e.HasIndex(a => a.TaxId);
            e.HasIndex(a => a.SubmitterIp);
            e.HasIndex(a => a.DeviceId);
            e.HasIndex(a => a.ResumeTokenHash).IsUnique();
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Reference).HasMaxLength(32);
            e.Property(a => a.ApplicantEmail).HasMaxLength(254);
            e.Property(a => a.LegalName).HasMaxLength(200);
            e.Property(a => a.TradingName).HasMaxLength(200);
            e.Property(a => a.TaxId).HasMaxLength(64);
            e.Property(a => a.Website).HasMaxLength(200);
            e.Property(a => a.Phone).HasMaxLength(64);
            e.Property(a => a.Country).HasMaxLength(2);
            e.Property(a => a.Currency).HasMaxLength(3);
            e.Property(a => a.RequestedTermsCode).HasMaxLength(32);
            e.Property(a => a.SignedName).HasMaxLength(200);
            e.Property(a => a.SignedIp).HasMaxLength(64);
            e.Property(a => a.ConsentSha256).HasMaxLength(64);
            e.Property(a => a.SubmitterIp).HasMaxLength(64);
            e.Property(a => a.DeviceId).HasMaxLength(128);
            e.Property(a => a.ResumeTokenHash).HasMaxLength(64);
            e.Property(a => a.AssignedTo).HasMaxLength(200);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasOne<ApplicationTemplate>().WithMany().HasForeignKey(a => a.TemplateId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ApplicationDocument>(e =>
        {
            e.ToTable("application_documents");
            e.HasIndex(d => d.ApplicationId);
            e.HasIndex(d => d.StoredName).IsUnique();
            e.Property(d => d.FieldKey).HasMaxLength(64);
            e.Property(d => d.OriginalName).HasMaxLength(260);
            e.Property(d => d.StoredName).HasMaxLength(100);
            e.Property(d => d.ContentType).HasMaxLength(100);
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.HasOne<CreditApplication>().WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ApplicationEvent>(e =>
        {
            e.ToTable("application_events");
            e.HasIndex(x => new { x.ApplicationId, x.Id });
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Text).HasMaxLength(4000);
            e.HasOne<CreditApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
