using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>How one call to one bureau provider ended.</summary>
internal enum BureauPullOutcome
{
    Report,
    NoMatch,
    Failed,
}

/// <summary>
/// One call to a bureau provider (or one report an analyst entered by hand), with what it cost. Append-only: it is
/// both the report cache (a fresh <see cref="BureauPullOutcome.Report"/> row is reused instead of paying again) and the
/// audit of every pull. Money fields are minor units next to their currency.
/// </summary>
internal sealed class BureauPull
{
    public long Id { get; set; }

    /// <summary>The provider's configured name (manual, local, or an HTTP provider's name).</summary>
    public required string Provider { get; set; }

    /// <summary>What was looked up: "tax:" + the normalised tax id, or "customer:" + the customer id.</summary>
    public required string SubjectKey { get; set; }

    public long? ApplicationId { get; set; }

    public long? CustomerId { get; set; }

    public DateTime PulledAtUtc { get; set; }

    public required string RequestedBy { get; set; }

    public BureauPullOutcome Outcome { get; set; }

    /// <summary>0..100, higher is better; null when the bureau gave none.</summary>
    public int? Score { get; set; }

    public long? SuggestedLimitMinor { get; set; }

    public string? SuggestedLimitCurrency { get; set; }

    public bool? Bankruptcy { get; set; }

    public int? Judgments { get; set; }

    /// <summary>The provider's answer as it came (or the analyst's figures), for the record.</summary>
    public string RawJson { get; set; } = "{}";

    /// <summary>Why there is no report (no match, error, timeout).</summary>
    public string? Detail { get; set; }

    public long CostMinor { get; set; }

    public required string CostCurrency { get; set; }
}

/// <summary>Where a financial statement's figures came from.</summary>
internal enum StatementSource
{
    Entered,
    Uploaded,
}

/// <summary>
/// A balance sheet and income figures for one period, for an application or a customer. Ratios and Altman Z'' are
/// computed from these figures when read (Credo.Domain.Creditworthiness.AltmanZ), never stored.
/// </summary>
internal sealed class FinancialStatement
{
    public long Id { get; set; }

    public long? ApplicationId { get; set; }

    public long? CustomerId { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public required string Currency { get; set; }

    public long TotalAssetsMinor { get; set; }

    public long TotalLiabilitiesMinor { get; set; }

    public long CurrentAssetsMinor { get; set; }

    public long CurrentLiabilitiesMinor { get; set; }

    public long RetainedEarningsMinor { get; set; }

    public long EbitMinor { get; set; }

    public long BookEquityMinor { get; set; }

    public long? InventoryMinor { get; set; }

    public long? RevenueMinor { get; set; }

    public long? NetIncomeMinor { get; set; }

    public StatementSource Source { get; set; }

    public required string EnteredBy { get; set; }

    public DateTime EnteredAtUtc { get; set; }
}

internal enum ReferenceKind
{
    Trade,
    Bank,
}

/// <summary>How a referee says the applicant pays.</summary>
internal enum PaymentExperience
{
    Prompt,
    Slow,
    Loss,
}

/// <summary>
/// A trade or bank reference asked for an application, and its answer. The referee answers through a secret link;
/// only the SHA-256 of the link's token is stored. An analyst may also record an answer given by phone.
/// </summary>
internal sealed class ReferenceRequest
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    public ReferenceKind Kind { get; set; }

    /// <summary>The referee's company (supplier or bank).</summary>
    public required string Company { get; set; }

    public string? ContactName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? TokenHash { get; set; }

    public DateTime RequestedAtUtc { get; set; }

    public DateTime? TokenExpiresAtUtc { get; set; }

    public DateTime? AnsweredAtUtc { get; set; }

    /// <summary>"referee" when answered through the link, otherwise the analyst who recorded it.</summary>
    public string? AnsweredBy { get; set; }

    public PaymentExperience? Experience { get; set; }

    public long? HighestCreditMinor { get; set; }

    public string? HighestCreditCurrency { get; set; }

    public string? Terms { get; set; }

    public int? YearsKnown { get; set; }

    public string? Comment { get; set; }

    public int Version { get; set; }
}

/// <summary>An identifier an application gave (tax id, phone, bank account, address, email domain), normalised, for the shared-identifier check.</summary>
internal sealed class ApplicationIdentifier
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    public required string Kind { get; set; }

    public required string Value { get; set; }

    /// <summary>The name the application gave, as given.</summary>
    public required string Name { get; set; }
}

internal static class EvidenceModel
{
    public static void Configure(ModelBuilder builder)
    {
        // The fraud checks' customer book probes MAX("UpdatedAtUtc") before each use (see Features/Evidence/CustomerBook).
        builder.Entity<Customer>().HasIndex(c => c.UpdatedAtUtc);

        builder.Entity<BureauPull>(e =>
        {
            e.ToTable("bureau_pulls");
            e.HasIndex(p => new { p.SubjectKey, p.Provider, p.PulledAtUtc });
            e.HasIndex(p => p.ApplicationId);
            e.HasIndex(p => p.CustomerId);
            e.Property(p => p.Provider).HasMaxLength(64);
            e.Property(p => p.SubjectKey).HasMaxLength(100);
            e.Property(p => p.RequestedBy).HasMaxLength(200);
            e.Property(p => p.Outcome).HasConversion<string>().HasMaxLength(16);
            e.Property(p => p.SuggestedLimitCurrency).HasMaxLength(3);
            e.Property(p => p.CostCurrency).HasMaxLength(3);
            e.Property(p => p.Detail).HasMaxLength(1000);
            e.HasOne<CreditApplication>().WithMany().HasForeignKey(p => p.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<FinancialStatement>(e =>
        {
            e.ToTable("financial_statements");
            e.HasIndex(s => new { s.ApplicationId, s.PeriodEnd });
            e.HasIndex(s => new { s.CustomerId, s.PeriodEnd });
            e.Property(s => s.Currency).HasMaxLength(3);
            e.Property(s => s.Source).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.EnteredBy).HasMaxLength(200);
            e.HasOne<CreditApplication>().WithMany().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ReferenceRequest>(e =>
        {
            e.ToTable("reference_requests");
            e.HasIndex(r => r.ApplicationId);
            e.HasIndex(r => r.TokenHash).IsUnique();
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Experience).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Company).HasMaxLength(200);
            e.Property(r => r.ContactName).HasMaxLength(200);
            e.Property(r => r.Email).HasMaxLength(254);
            e.Property(r => r.Phone).HasMaxLength(64);
            e.Property(r => r.TokenHash).HasMaxLength(64);
            e.Property(r => r.AnsweredBy).HasMaxLength(200);
            e.Property(r => r.HighestCreditCurrency).HasMaxLength(3);
            e.Property(r => r.Terms).HasMaxLength(100);
            e.Property(r => r.Comment).HasMaxLength(2000);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasOne<CreditApplication>().WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ApplicationIdentifier>(e =>
        {
            e.ToTable("application_identifiers");
            e.HasIndex(i => new { i.Kind, i.Value });
            e.HasIndex(i => i.ApplicationId);
            e.Property(i => i.Kind).HasMaxLength(32);
            e.Property(i => i.Value).HasMaxLength(300);
            e.Property(i => i.Name).HasMaxLength(200);
            e.HasOne<CreditApplication>().WithMany().HasForeignKey(i => i.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
