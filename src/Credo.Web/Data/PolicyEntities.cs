using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>Where a policy version is in its life: edited as a draft, published once (never edited again), retired when another is published.</summary>
internal enum PolicyStatus
{
    Draft,
    Published,
    Retired,
}

/// <summary>
/// A credit policy version: its definition as JSON (see <c>Credo.Domain.Policy.PolicyJson</c>). At most one version is
/// published (a filtered unique index); a published or retired version's definition never changes (a trigger refuses it).
/// </summary>
internal sealed class PolicyVersion
{
    public long Id { get; set; }

    /// <summary>1, 2, 3...: what decisions, screens and people call the version.</summary>
    public int Number { get; set; }

    public required string Name { get; set; }

    public PolicyStatus Status { get; set; }

    public required string DefinitionJson { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? PublishedAtUtc { get; set; }

    public string? PublishedBy { get; set; }

    public DateTime? RetiredAtUtc { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every update.</summary>
    public int Revision { get; set; }
}

/// <summary>
/// A stored policy decision. Append-only (triggers refuse UPDATE and DELETE): the version, the evidence facts as they
/// were, the scorecard result, the rules that fired and the outcome, so that a replay years later reproduces it.
/// </summary>
internal sealed class PolicyDecisionRecord
{
    public long Id { get; set; }

    public long? ApplicationId { get; set; }

    public long? CustomerId { get; set; }

    /// <summary>Null when no version was published (the decision is then a referral).</summary>
    public long? PolicyVersionId { get; set; }

    public int PolicyVersionNumber { get; set; }

    /// <summary>The date the policy evaluated as of (review dates count from it).</summary>
    public DateOnly AsOf { get; set; }

    public required string Currency { get; set; }

    /// <summary>The evidence facts given to the policy (before the computed ones), as a flat JSON object.</summary>
    public required string FactsJson { get; set; }

    /// <summary>Score, confidence, risk class, factor points, missing facts, reason codes and the recommended limit.</summary>
    public required string ScorecardJson { get; set; }

    /// <summary>The rules that fired or were undetermined, each with why.</summary>
    public required string RulesJson { get; set; }

    public required string Outcome { get; set; }

    public long? LimitMinor { get; set; }

    public string? TermsCode { get; set; }

    public DateOnly? ReviewOn { get; set; }

    public string? RiskClass { get; set; }

    public decimal? Score { get; set; }

    /// <summary>[{ code, text }].</summary>
    public required string ReasonsJson { get; set; }

    public bool NeedsSecondApprover { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>"automatic", or the person who decided.</summary>
    public required string By { get; set; }
}

internal static class PolicyModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<PolicyVersion>(e =>
        {
            e.ToTable("policy_versions");
            e.HasIndex(p => p.Number).IsUnique();
            e.HasIndex(p => p.Status).IsUnique().HasFilter("\"Status\" = 'Published'");
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.CreatedBy).HasMaxLength(200);
            e.Property(p => p.PublishedBy).HasMaxLength(200);
            e.Property(p => p.Revision).IsConcurrencyToken();
        });

        builder.Entity<PolicyDecisionRecord>(e =>
        {
            e.ToTable("policy_decisions");
            e.HasIndex(d => new { d.ApplicationId, d.Id });
            e.HasIndex(d => new { d.CustomerId, d.Id });
            e.HasIndex(d => d.PolicyVersionId);
            e.Property(d => d.Currency).HasMaxLength(3);
            e.Property(d => d.Outcome).HasMaxLength(16);
            e.Property(d => d.TermsCode).HasMaxLength(32);
            e.Property(d => d.RiskClass).HasMaxLength(64);
            e.Property(d => d.By).HasMaxLength(200);
            e.Property(d => d.Score).HasPrecision(9, 4);
            e.HasOne<PolicyVersion>().WithMany().HasForeignKey(d => d.PolicyVersionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<CreditApplication>().WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
