using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// What one assessment of an application found, as the workflow saw it: the decider's summary (outcome, limit,
/// terms, risk class, score, reasons, four-eyes flag) with the fraud signals, sources and facts the evidence carried.
/// The policy decision itself (version, rules fired) is stored by the policy engine under <see cref="DecisionId"/>.
/// Append-only: a re-assessment adds a row.
/// </summary>
internal sealed class ApplicationAssessment
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    public long DecisionId { get; set; }

    public int PolicyVersion { get; set; }

    /// <summary>Approve, Refer or Decline.</summary>
    public required string Outcome { get; set; }

    public long? LimitMinor { get; set; }

    public required string Currency { get; set; }

    public string? TermsCode { get; set; }

    public string? RiskClass { get; set; }

    public decimal? Score { get; set; }

    public DateOnly? ReviewOn { get; set; }

    public bool NeedsSecondApprover { get; set; }

    /// <summary>JSON array of strings.</summary>
    public string ReasonsJson { get; set; } = "[]";

    /// <summary>JSON array of {code, outcome, evidence[]}.</summary>
    public string FraudSignalsJson { get; set; } = "[]";

    /// <summary>JSON array of strings: where each piece of evidence came from.</summary>
    public string SourcesJson { get; set; } = "[]";

    /// <summary>JSON object: fact name to value (numbers, flags, text); a missing fact is absent.</summary>
    public string FactsJson { get; set; } = "{}";

    public DateTime AtUtc { get; set; }
}

/// <summary>
/// A person's approval of an application with the limit and terms they approved. Under four-eyes the first row is
/// not final and the second (another person, a manager) is. Append-only.
/// </summary>
internal sealed class ApplicationApproval
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    /// <summary>The decision the approver saw (a re-assessment makes a pending first approval stale).</summary>
    public long? DecisionId { get; set; }

    public required string By { get; set; }

    public DateTime AtUtc { get; set; }

    public long LimitMinor { get; set; }

    public required string Currency { get; set; }

    public required string TermsCode { get; set; }

    public DateOnly? ReviewOn { get; set; }

    /// <summary>True when this approval approved the application (alone, or as the second of two).</summary>
    public bool Final { get; set; }

    /// <summary>Approved against the policy's outcome (a manager, with a reason).</summary>
    public bool Override { get; set; }

    public string? Reason { get; set; }
}

internal static class WorkflowModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ApplicationAssessment>(e =>
        {
            e.ToTable("application_assessments");
            e.HasIndex(x => new { x.ApplicationId, x.Id });
            e.HasIndex(x => x.DecisionId);
            e.Property(x => x.Outcome).HasMaxLength(16);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.TermsCode).HasMaxLength(32);
            e.Property(x => x.RiskClass).HasMaxLength(32);
            e.Property(x => x.Score).HasPrecision(9, 2);
            e.HasOne<CreditApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ApplicationApproval>(e =>
        {
            e.ToTable("application_approvals");
            e.HasIndex(x => new { x.ApplicationId, x.Id });
            e.Property(x => x.By).HasMaxLength(200);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.TermsCode).HasMaxLength(32);
            e.Property(x => x.Reason).HasMaxLength(2000);
            e.HasOne<CreditApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
